"""Publication dates: kept at their precision, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.dates import parse_published
from workbench.errors import InvalidInput


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (2022, "2022"),
        ("2022", "2022"),
        ("2022-03", "2022-03"),
        ("2022-03-31", "2022-03-31"),
        (date(2022, 3, 31), "2022-03-31"),
        ("2017-12-30 08:15:00", "2017-12-30T08:15:00"),
        ("2022-03-31T18:05:00Z", "2022-03-31T18:05:00+00:00"),
        ("31 March 2022", "2022-03-31"),
        ("Mar 31, 2022", "2022-03-31"),
        ("March 2022", "2022-03"),
        ("13/04/2022", "2022-04-13"),
        ("04/04/2022", "2022-04-04"),
    ],
)
def test_dates_keep_their_precision(value: object, expected: str | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("March", "not a date"),
        ("5", "not a date"),
        ("1e3", "not a date"),
        ("yesterday", "not a date"),
        ("in 2 days", "not a date"),
        ("someday soon", "not a date"),
        ("03/04/2022", "ambiguous date"),
        ("2099-01-01", "in the future"),
        ("2022-13", "not a date"),
        (True, "not a date"),
        ([2022], "not a date"),
    ],
)
def test_what_would_be_a_guess_is_refused(value: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_published(value)
