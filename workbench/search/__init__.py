"""Retrieval across every source: the full-text index, the query language, and what is found with them.

``terms`` says how text is read (folded, stemmed, web clutter out), ``query`` reads what a user
types, ``index`` keeps the index in step with the store, and ``find`` asks it: passages for a
query or for a claim, claims for a passage. Search, suggestions and "other sources for this
claim" all stand on it; nothing compares every pair.
"""
