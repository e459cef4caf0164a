"""The workbench's error family: every failure a user can cause or meet, as one base type.

Interfaces catch ``WorkbenchError`` alone: the CLI turns it into a one-line message and exit
status 1, the TUI into a notification. Anything else escaping is a bug.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base class for errors shown to the user as a single line."""


class InvalidInput(WorkbenchError):
    """An argument is out of range or malformed (credibility 9, span 40:10, empty claim text)."""


class NotFound(WorkbenchError):
    """An id or name refers to nothing in the store."""


class Conflict(WorkbenchError):
    """The change was based on an outdated version of a claim that someone else changed meanwhile."""


class Rejected(WorkbenchError):
    """A file cannot be imported; ``path`` says which, the message says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreFailure(WorkbenchError):
    """The store itself failed (damaged, busy, read-only, full, unreachable); wraps a ``StoreError``.

    Raised only by ``workbench.access``, the one way into the store.
    """


class SemanticOff(WorkbenchError):
    """The semantic tier cannot run: the extra is not installed, turned off, or its model is damaged."""
