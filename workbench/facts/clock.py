"""Clock times with their time zone: "11:36 a.m. PST" is 19:36 GMT, "0030 GMT" is 00:30 GMT.

A time with a zone is converted to minutes after midnight UTC; one without ("9 p.m. local
time", "21:00") keeps its local minutes and compares only with other local times. Zone
abbreviations are the ones news uses for North America and Europe; summer and winter time are
the abbreviation's own ("EST" is UTC−5, "EDT" UTC−4), as the text states it, and only in capitals:
"21:00 et 23:00" is French for "and", not Eastern Time.

Two times joined as the ends of one stretch ("between 5pm and 9pm", "from 9:30 to 11 a.m.",
"2pm-4pm") are one time range, not two times: the end of a period is not a moment something
happened at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

#: Hours from UTC of the zone abbreviations news uses.
ZONES: Final[dict[str, float]] = {
    "GMT": 0, "UTC": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "ET": -5, "CST": -6, "CDT": -5, "CT": -6, "MST": -7, "MDT": -6, "MT": -7,
    "PST": -8, "PDT": -7, "PT": -8, "AEDT": 11, "AEST": 10, "JST": 9, "KST": 9,
}  # fmt: skip
_ZONE = "|".join(sorted(ZONES, key=len, reverse=True))
_PATTERN = re.compile(
    rf"""
    (?<![\w:.,])
    (?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ap>[ap])\.?\s?m\b\.?
      |(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])
      |(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)(?=\s?(?-i:{_ZONE})\b))
    (?:\s?\(?(?P<zone>(?-i:{_ZONE}))\b\)?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A time of day: minutes after midnight, in UTC if the text gave a zone."""

    start: int
    end: int
    text: str
    minutes: int
    utc: bool
    #: The time as written, before its zone was applied: "11:36 a.m. PST" is 11:36 on a Los
    #: Angeles clock, which is what another report saying "11:36 a.m." agrees with.
    local: int | None = None
    #: The end of a range ("between 5pm and 9pm"), read like ``minutes`` and ``local``.
    until: int | None = None
    local_until: int | None = None


#: What joins the two ends of a time range: "between 5pm and 9pm", "from 9:30 to 11 a.m.", "2pm-4pm";
#: in French "entre 21:00 et 23:00", "de 9:30 à 11:00"; in Russian "между 21:00 и 23:00", "с 9:00 до 11:00".
_BETWEEN = re.compile(r"(?<!\w)(?:between|from|entre|de|du|между|с)\s+$", re.IGNORECASE)
_AND = re.compile(r"\s*(?:and|to|until|till|et|à|au|jusqu'à|и|до)\s+|\s*[-–—]\s*", re.IGNORECASE)
_TO = re.compile(r"\s*(?:to|until|till|à|au|jusqu'à|до)\s+|\s*[-–—]\s*", re.IGNORECASE)
#: Longest gap between a range's two ends ("  and  "): beyond it, the two times are not joined.
_GAP = 12
#: A time moved is two times, not a stretch: "the curfew was moved from 10 p.m. to 8 p.m.".
_MOVED = re.compile(
    r"\b(?:mov|chang|push|brought|shift|reschedul|postpon|delay|advanc|extend|cut)\w*\b[^.;]{0,20}$", re.IGNORECASE
)
#: Longest stretch of the day a range may be (minutes): an overnight curfew, "from 6 p.m. to 6 a.m.".
LONGEST = 12 * 60


def find(text: str) -> list[ClockTime]:
    """Every clock time in ``text``, in order; two ends of one stretch as one range."""
    return _ranges(text, _times(text))


def _offset(time: ClockTime) -> int | None:
    """Minutes the time's zone adds to reach UTC, ``None`` for a time given without a zone."""
    if not time.utc:
        return None
    return 0 if time.local is None else (time.minutes - time.local) % (24 * 60)


def _ranges(text: str, times: list[ClockTime]) -> list[ClockTime]:
    """Times joined as the two ends of a stretch, made one time range.

    "between 5pm and 9pm", "from 9:30 to 11 a.m." and "2pm-4pm" are joined; "at 9 a.m. and at 5
    p.m." is two times, and so is a time moved ("from 10 p.m. to 8 p.m.") or a stretch longer
    than ``LONGEST``. The ends must be in one zone; a zone given after the second end only
    ("between 5 p.m. and 9 p.m. GMT") is the first end's too.
    """
    found: list[ClockTime] = []
    skip = False
    for first, second in zip(times, [*times[1:], None], strict=False):  # each with the next
        if skip:
            skip = False
            continue
        joined = _joined(text, first, second) if second is not None else None
        if joined is not None:
            found.append(joined)
            skip = True
        else:
            found.append(first)
    return found


def _joined(text: str, first: ClockTime, second: ClockTime) -> ClockTime | None:
    """The range ``first`` to ``second``, or ``None`` when they are two times."""
    gap = text[first.end : second.start]
    if len(gap) > _GAP:
        return None
    opened = _BETWEEN.search(text, max(0, first.start - 10), first.start)
    if (_AND if opened else _TO).fullmatch(gap) is None:
        return None
    start = opened.start() if opened is not None else first.start  # "between 5pm and 9pm", whole
    if _MOVED.search(text, max(0, start - 30), start):
        return None
    zone_first, zone_second = _offset(first), _offset(second)
    if zone_first is None and zone_second is not None:  # "between 5 p.m. and 9 p.m. GMT"
        utc = (first.minutes + zone_second) % (24 * 60)
        first = ClockTime(first.start, first.end, first.text, utc, True, first.minutes if zone_second else None)
    elif zone_first != zone_second:
        return None  # two clocks ("9 a.m. EST and 5 p.m. PST"), or one moment written twice
    if (second.minutes - first.minutes) % (24 * 60) > LONGEST:
        return None
    return ClockTime(
        start,
        second.end,
        text[start : second.end],
        first.minutes,
        first.utc,
        first.local,
        until=second.minutes,
        local_until=second.local if first.local is not None else None,
    )


def _times(text: str) -> list[ClockTime]:
    found = []
    for match in _PATTERN.finditer(text):
        if match["ap"]:
            hour = int(match["h"]) % 12 + (12 if match["ap"].lower() == "p" else 0)
            minute = int(match["m"] or 0)
        elif match["h24"]:
            hour, minute = int(match["h24"]), int(match["m24"])
        else:
            hour, minute = int(match["hhmm"][:2]), int(match["hhmm"][2:])
        zone = match["zone"]
        if zone and zone.upper() not in ZONES:
            zone = None
        minutes = local = hour * 60 + minute
        if zone:
            minutes = int(minutes - ZONES[zone.upper()] * 60) % (24 * 60)
        written = match.group().rstrip()
        if written.endswith(")") and "(" not in written:
            written = written[:-1]
        end = match.start() + len(written)
        shifted = bool(zone) and ZONES[str(zone).upper()] != 0
        found.append(
            ClockTime(match.start(), end, text[match.start() : end], minutes, bool(zone), local if shifted else None)
        )
    return found
