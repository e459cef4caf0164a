"""Timestamps as the store writes them: ISO 8601, UTC, microseconds, a ``Z`` suffix.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention: seconds since 1970) fixes the clock,
so that a session replayed with it set writes the same store, exports and reports, byte for
byte: what golden tests and screen snapshots need.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now_iso() -> str:
    """The current UTC time (or ``SOURCE_DATE_EPOCH``) as stored in every ``*_at`` column."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(fixed), UTC) if fixed and fixed.isdecimal() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
