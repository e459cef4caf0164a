"""Units made comparable: each unit's dimension and its size in that dimension's base unit, as pint gives them.

"180 mph" and "290 km/h", "400-pound" and "181-kg" are compared in one unit. The factors are
pint's (the definitions physicists keep, not figures of ours): the extractor gives a fixed set of
unit names (``PINT_NAMES``), and ``FACTORS`` holds what pint's registry says of each, exactly as
it says it (``0.30479999999999996`` for a foot: stored keys hash these very floats). The tests
work every one out again with pint and fail if the two ever differ, so the table cannot drift
from the registry; reading it costs nothing, where loading pint took half a second of every
command that compared a measure (a ``match`` after a few new claims, ``suggest``, the reader).
Currencies are never converted into one another: a figure in dollars and one in euros are
different facts. A speed in Mach ("mach") is its own dimension: how fast Mach 2.8 is depends on
the air it is flown in.
"""

from __future__ import annotations

from typing import Final

#: The extractor's unit names (``workbench.extract.quantities``) as pint spells them.
PINT_NAMES: Final[dict[str, str]] = {
    "km/h": "kilometer / hour",
    "mph": "mile / hour",
    "kn": "knot",
    "mm": "millimeter",
    "cm": "centimeter",
    "km": "kilometer",
    "m": "meter",
    "mi": "mile",
    "nmi": "nautical_mile",
    "ft": "foot",
    "in": "inch",
    "yd": "yard",
    "kg": "kilogram",
    "lb": "pound",
    "t": "metric_ton",
    "l": "liter",
    "gal": "gallon",
    "bbl": "oil_barrel",
    "ha": "hectare",
    "km2": "kilometer ** 2",
    "year": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "hour": "hour",
    "minute": "minute",
    "second": "second",
}
#: Currency codes the extractors give; kept apart from one another (no exchange rates).
CURRENCIES: Final[frozenset[str]] = frozenset({"USD", "EUR", "GBP", "XOF", "JPY", "RUB", "CNY", "UAH"})


#: Each of ``PINT_NAMES``: its dimension and its size in the dimension's base unit, as
#: ``pint.UnitRegistry()(name).to_base_units()`` gives them (checked by the tests).
FACTORS: Final[dict[str, tuple[str, float]]] = {
    "km/h": ("[length] / [time]", 0.2777777777777778),
    "mph": ("[length] / [time]", 0.44704),
    "kn": ("[length] / [time]", 0.5144444444444445),
    "mm": ("[length]", 0.001),
    "cm": ("[length]", 0.01),
    "km": ("[length]", 1000.0),
    "m": ("[length]", 1.0),
    "mi": ("[length]", 1609.344),
    "nmi": ("[length]", 1852.0),
    "ft": ("[length]", 0.30479999999999996),
    "in": ("[length]", 0.0254),
    "yd": ("[length]", 0.9144),
    "kg": ("[mass]", 1.0),
    "lb": ("[mass]", 0.4535923700000001),
    "t": ("[mass]", 1000.0),
    "l": ("[length] ** 3", 0.0010000000000000002),
    "gal": ("[length] ** 3", 0.0037854117839999993),
    "bbl": ("[length] ** 3", 0.15898729492799996),
    "ha": ("[length] ** 2", 10000.0),
    "km2": ("[length] ** 2", 1000000.0),
    "year": ("[time]", 31557600.0),
    "month": ("[time]", 2629800.0),
    "week": ("[time]", 604800.0),
    "day": ("[time]", 86400.0),
    "hour": ("[time]", 3600.0),
    "minute": ("[time]", 60.0),
    "second": ("[time]", 1.0),
}


def base(unit: str | None) -> tuple[str, float]:
    """(dimension, size in the dimension's base unit) of a unit name; a count is ``("count", 1)``.

    Currencies and units pint does not know are their own dimension, of size 1.
    """
    if unit is None:
        return "count", 1.0
    if unit == "%":
        return "percent", 1.0
    return FACTORS.get(unit, (unit, 1.0))
