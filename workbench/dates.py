"""Publication dates, kept at the precision the source gives (``2022``, ``2022-03``, ``2022-03-31``)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from workbench.errors import InvalidInput

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_PARTIAL = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2}))?$")
_NUMERIC_DMY = re.compile(r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2,4})$")


@cache
def _parser() -> DateDataParser:
    # Deferred import: dateparser takes a few hundred ms to load and most commands never need it.
    from dateparser.date import DateDataParser

    return DateDataParser(
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            # A publication date names its year; "March" or "5" would silently become this year's.
            "REQUIRE_PARTS": ["year"],
            # No "yesterday" or "2 days ago": they would be resolved against the day of import.
            "PARSERS": ["custom-formats", "absolute-time"],
        }
    )


def parse_published(value: Any) -> str | None:
    """Normalise a publication date to ISO 8601 at its own precision; ``None`` when absent.

    Accepts a year (``2022``), ISO dates and timestamps, ``date``/``datetime`` objects (as YAML
    front matter yields them) and free text that dateparser reads ("31 March 2022", "March 2022").
    Refuses what it would have to guess: no year, relative dates, numeric dates whose day and
    month could be swapped (``03/04/2022``), and dates in the future.

    Raises:
        InvalidInput: the value is not a date, or not one that can be read without guessing.
    """
    result = _parse(value)
    if result is not None and result[:10] > (date.today() + timedelta(days=1)).isoformat():
        raise InvalidInput(f"publication date {result} is in the future")
    return result


def _parse(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidInput(f"not a date: {value!r}")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(f"not a date: {value!r}")
    text = value.strip()
    numeric = _NUMERIC_DMY.match(text)
    if numeric and numeric["a"] != numeric["b"] and int(numeric["a"]) <= 12 and int(numeric["b"]) <= 12:
        raise InvalidInput(f"ambiguous date {text!r}: day and month could be either way; write it as YYYY-MM-DD")
    partial = _PARTIAL.match(text)
    if partial:
        if partial["m"] is not None and not 1 <= int(partial["m"]) <= 12:
            raise InvalidInput(f"not a date: {text!r}")
        return text
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return parsed.date().isoformat() if len(text) == 10 else parsed.isoformat()
    data = _parser().get_date_data(text)
    if data.date_obj is None:
        raise InvalidInput(f"not a date: {text!r}")
    moment: datetime = data.date_obj
    precision: dict[str, str] = {
        "year": f"{moment.year:04d}",
        "month": f"{moment.year:04d}-{moment.month:02d}",
        "day": moment.date().isoformat(),
        "week": moment.date().isoformat(),
    }
    return precision.get(data.period or "time", moment.isoformat())
