"""Matching claims: normalisation (``normalize``), value rules (``rules``), blocking and scoring (``engine``).

No database here: texts and parsed values in, suggestions out. Import the submodules; this
package imports nothing, so that reading values (``rules``) does not load numpy and the
scoring machinery that only ``engine`` needs.
"""

#: Default text score (token_set_ratio on normalised text, 0–100) for a suggestion. Chosen on
#: the development data (see README): on MRPC train, duplicate suggestions at 80 have
#: precision 0.79 and recall 0.70 (F1 0.74; 75 gives 0.76/0.80, 85 gives 0.83/0.58); on the
#: news clusters, 95 % of cross-outlet suggestions at 80 stay within one event (92 % at 75).
#: A reviewer should mostly accept what is suggested, so precision wins.
DEFAULT_THRESHOLD = 80
