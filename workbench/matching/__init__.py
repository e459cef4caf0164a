"""Matching claims: normalisation (``normalize``), value rules (``rules``), blocking and scoring (``engine``).

No database here: texts and parsed values in, suggestions out. Import the submodules; this
package imports nothing, so that reading values (``rules``) does not load numpy and the
scoring machinery that only ``engine`` needs.
"""
