"""Claim provenance workbench: sources, claims, evidence spans, and an audit trail.

The core services live in the modules of this package and import neither Textual nor Typer;
``workbench.cli`` and ``workbench.tui`` are the interfaces built on them.
"""

__version__ = "0.1.0"
