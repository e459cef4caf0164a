"""The ``workbench`` command line: parse arguments, call core services, print results."""

from workbench.cli import (  # noqa: F401  (registers the commands)
    anchors,
    audit,
    candidates,
    claims,
    contradictions,
    desk,
    export,
    matching,
    outlets,
    report,
    search,
    semantic,
    sources,
    stories,
    tui,
)
from workbench.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
