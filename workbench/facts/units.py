"""Units made comparable: each unit's dimension and its size in that dimension's base unit, from pint.

"180 mph" and "290 km/h", "400-pound" and "181-kg" are compared in one unit. The factors come
from pint's unit registry (the definitions physicists keep, not a table of ours), worked out once
per unit name and cached: the registry takes most of a second to load, so it is loaded only when
a fact needs converting. Currencies are never converted into one another: a figure in dollars and
one in euros are different facts. A speed in Mach ("mach") is its own dimension: how fast Mach 2.8
is depends on the air it is flown in.
"""

from __future__ import annotations

from functools import cache
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


@cache
def _registry() -> object:
    import pint  # deferred: only matching needs it, and it is slow to load

    return pint.UnitRegistry()


@cache
def base(unit: str | None) -> tuple[str, float]:
    """(dimension, size in the dimension's base unit) of a unit name; a count is ``("count", 1)``.

    Currencies and units pint does not know are their own dimension, of size 1.
    """
    if unit is None:
        return "count", 1.0
    if unit == "%":
        return "percent", 1.0
    if unit in CURRENCIES or unit not in PINT_NAMES:
        return unit, 1.0
    registry = _registry()
    quantity = registry(PINT_NAMES[unit]).to_base_units()  # type: ignore[operator]
    return str(quantity.dimensionality), float(quantity.magnitude)
