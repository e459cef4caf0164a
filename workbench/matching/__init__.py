"""Matching claims: normalisation, blocking, scoring and the value rules (no database)."""

from workbench.matching.engine import DEFAULT_THRESHOLD, ClaimText, Match, Prepared, find_matches
from workbench.matching.rules import Values, Verdict, classify

__all__ = ["DEFAULT_THRESHOLD", "ClaimText", "Match", "Prepared", "Values", "Verdict", "classify", "find_matches"]
