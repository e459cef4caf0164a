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
    if value is None or math.isnan(value):
        return missing
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if abs(value) >= 1e6:
        value = round(value)  # a fraction of a unit means nothing beside millions
    for size, word in _SCALES:
        if abs(value) >= size:
            scaled = round(value / size, 2)
            # only a figure that really is a round number of millions (to two decimals) says so:
            # 1,000,000,009 is not "1 billion"
            if math.isclose(scaled * size, value, rel_tol=1e-12):
                return f"{_plain(scaled)} {word}"
            break
    return _plain(value)


def _plain(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", "0"} else text
