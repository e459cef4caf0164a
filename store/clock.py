"""Timestamps as the store writes them: ISO 8601, UTC, microseconds, a ``Z`` suffix."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """The current UTC time as stored in every ``*_at`` column."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
