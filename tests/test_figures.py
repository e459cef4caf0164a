"""Numbers in messages, reasons and reports are written as people write them, never in e-notation."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.figures import figure
from workbench.matching.rules import describe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (143_000_000.0, "143 million"),
        (145_500_000.0, "145.5 million"),
        (50_000_000, "50 million"),
        (1_250_000_000.0, "1.25 billion"),
        (143_250_017, "143,250,017"),
        (50_000, "50,000"),
        (57, "57"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),
        (99.5, "99.5"),
        (100.0, "100"),
        (-3, "-3"),
        (1_000_000_009, "1,000,000,009"),
        (1_000_000_005_000, "1,000,000,005,000"),
        (999_999_999.999, "1 billion"),
        (2_500_000.4, "2.5 million"),
        (-1e-7, "0"),
        (math.inf, "∞"),
        (None, "?"),
    ],
)
def test_numbers_read_as_people_write_them(value: float | None, written: str) -> None:
    assert figure(value) == written


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18))
def test_no_figure_is_ever_in_e_notation(value: float) -> None:
    assert "e" not in figure(value).lower()


def test_quantities_in_reasons_keep_their_scale() -> None:
    """What a contradiction or a report says about two budgets."""
    a = {"value": 143e6, "low": 143e6, "high": 143e6, "qualifier": "exact", "unit": "USD"}
    b = {"qualifier": "range", "low": 145.5e6, "high": 150e6, "unit": "USD"}
    assert describe(a) == "143 million USD"
    assert describe(b) == "145.5 million–150 million USD"
