"""The ``workbench`` command line: parse arguments, call core services, print results."""

from workbench.cli import anchors, audit, candidates, claims, outlets, sources  # noqa: F401  (registers the commands)
from workbench.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
