"""Numbers as people write them, in every message, reason and report: never ``1.43e+08``.

Whole numbers get thousands separators (``50,000``); from a million up, a figure that is a
round number of millions, billions or trillions to two decimals is written with the word
(``143 million``, ``145.5 million``, ``1.25 billion``), anything finer in full
(``143,250,017``); fractions keep up to six decimals, trailing zeros dropped (``2.5``).
"""

from __future__ import annotations

import math

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def figure(value: float | None, *, missing: str = "?") -> str:
    """``value`` as people write it (``missing`` for none, ``∞`` for an open bound)."""
    if value is None:
        return missing
    if math.isnan(value):
        return missing
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    for size, word in _SCALES:
        if abs(value) >= size:
            scaled = value / size
            if abs(scaled * 100 - round(scaled * 100)) < 1e-6:
                return f"{_plain(round(scaled, 2))} {word}"
            break
    return _plain(value)


def _plain(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")
