"""Timelines as inline SVG: plain shapes and escaped text, no scripts, fonts or links, the same every run.

Two pictures are drawn. ``timeline`` puts marks on a time axis in named lanes (a claim's status,
credibility, evidence and relations; or one lane per outlet with its publication dates). A date
known only to the month or year is drawn as a bar over that month or year, not as a guessed day,
and undated marks go to a separate "undated" column at the right. ``day_bars`` counts events per
day. Coordinates are printed with one decimal so that a report is byte-for-byte reproducible.
Colours come from CSS classes (``m-verified``, ``m-supports``…) that the HTML report styles.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from markupsafe import Markup

from workbench.textsafe import one_line

WIDTH = 760
#: Room for lane names on the left, and for the "undated" column on the right when needed.
GUTTER = 150
UNDATED = 96
LANE = 54
TOP = 24
AXIS = 30
#: Closest two marks of a lane may be drawn (pixels): nearer ones are nudged apart, in order.
SPACING = 30


@dataclass(frozen=True)
class Mark:
    """Something that happened (or was published) at a moment or over a period, in one lane."""

    lane: str
    #: ``None``: undated, drawn in the "undated" column.
    start: datetime | None
    #: The end of the period, for a date known only to the month or year.
    end: datetime | None = None
    #: Under the mark (a status, a source); above it (an event's seq); on hover (everything).
    label: str = ""
    tag: str = ""
    title: str = ""
    #: CSS class suffix: ``m-{style}``.
    style: str = ""


def _text(value: str, width: int | None = None) -> str:
    return html.escape(one_line(value, width), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class _Scale:
    start: datetime
    end: datetime
    left: float
    right: float

    def x(self, moment: datetime) -> float:
        span = (self.end - self.start).total_seconds()
        return self.left + (moment - self.start).total_seconds() / span * (self.right - self.left)


def _scale(marks: Sequence[Mark], left: float, right: float, min_span: timedelta) -> _Scale | None:
    moments = [m.start for m in marks if m.start] + [m.end for m in marks if m.end]
    if not moments:
        return None
    start, end = min(moments), max(moments)
    missing = min_span - (end - start)
    if missing > timedelta(0):
        start, end = start - missing / 2, end + missing / 2
    pad = (end - start) * 0.04
    return _Scale(start - pad, end + pad, left, right)


def _ticks(scale: _Scale) -> list[tuple[datetime, str]]:
    """Round moments along the axis, at most about six, labelled at the precision that tells them apart."""
    span = scale.end - scale.start
    if span >= timedelta(days=3 * 365):
        step = max(1, round(span.days / 365 / 6))
        years = range(scale.start.year + 1, scale.end.year + 1, step)
        return [(datetime(y, 1, 1), str(y)) for y in years]
    if span >= timedelta(days=75):
        step = next((s for s in (1, 2, 3, 6) if span.days / 30.4 / s <= 7), 12)  # months that divide a year
        found = []
        month = datetime(scale.start.year, scale.start.month, 1)
        while month <= scale.end:
            if month >= scale.start and (month.month - 1) % step == 0:
                found.append((month, month.strftime("%Y-%m")))
            month = datetime(month.year + month.month // 12, month.month % 12 + 1, 1)
        return found
    if span >= timedelta(days=3):
        # days of the month a reader counts by: every day, every other, the 1st/6th/11th…, the 1st/11th/21st
        step = next((s for s in (1, 2, 5, 10) if span.days / s <= 7), 10)
        day = datetime.combine(scale.start.date() + timedelta(days=1), datetime.min.time())
        found = []
        while day <= scale.end:
            if (day.day - 1) % step == 0 and day.day <= 28:
                found.append((day, day.strftime("%Y-%m-%d")))
            day += timedelta(days=1)
        return found
    hours = span.total_seconds() / 3600
    step = next((h for h in (1, 2, 3, 6, 12, 24) if hours / h <= 6), 24)
    moment = scale.start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    found = []
    while moment <= scale.end:
        if moment.hour % step == 0:
            # the first tick and each midnight say the day; the others only the hour
            label = moment.strftime("%Y-%m-%d" if moment.hour == 0 else "%H:%M")
            found.append((moment, label if found or moment.hour == 0 else moment.strftime("%Y-%m-%d %H:%M")))
        moment += timedelta(hours=1)
    return found


def _open(height: float, caption: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'width="{WIDTH}" height="{_num(height)}" role="img" aria-label="{_text(caption)}">',
        f"<title>{_text(caption)}</title>",
    ]


def timeline(
    marks: Sequence[Mark], *, lanes: Sequence[str], caption: str, min_span: timedelta = timedelta(hours=2)
) -> Markup:
    """Marks in lanes along a time axis, undated ones in a column of their own.

    ``min_span`` widens a short range (one day's events, one publication date) so that it is not
    stretched across the whole width as if it were years.
    """
    undated = any(m.start is None for m in marks)
    right = WIDTH - (UNDATED if undated else 0) - 16
    scale = _scale(marks, GUTTER + 8, right, min_span)
    height = TOP + LANE * max(len(lanes), 1) + AXIS
    out = _open(height, caption)
    bottom = TOP + LANE * len(lanes)
    for index, lane in enumerate(lanes):
        y = TOP + LANE * index
        out.append(f'<line class="lane" x1="{GUTTER}" y1="{_num(y + LANE)}" x2="{WIDTH}" y2="{_num(y + LANE)}"/>')
        out.append(f'<text class="lane-name" x="{GUTTER - 8}" y="{_num(y + LANE / 2 + 4)}">{_text(lane, 24)}</text>')
    if scale is not None:
        out.append(f'<line class="axis" x1="{GUTTER}" y1="{bottom}" x2="{_num(right)}" y2="{bottom}"/>')
        for moment, label in _ticks(scale):
            at = _num(scale.x(moment))
            out.append(f'<line class="tick" x1="{at}" y1="{TOP}" x2="{at}" y2="{bottom + 4}"/>')
            out.append(f'<text class="tick-label" x="{at}" y="{bottom + 18}">{_text(label)}</text>')
    elif marks:
        middle = _num((GUTTER + right) / 2)
        out.append(f'<text class="tick-label" x="{middle}" y="{bottom + 18}">nothing here is dated</text>')
    if undated:
        rule = WIDTH - UNDATED
        out.append(f'<line class="undated-rule" x1="{rule}" y1="{TOP - 8}" x2="{rule}" y2="{bottom}"/>')
        out.append(f'<text class="tick-label" x="{_num(rule + UNDATED / 2)}" y="{bottom + 18}">undated</text>')
    for index, lane in enumerate(lanes):
        out += _lane([m for m in marks if m.lane == lane], TOP + LANE * index + LANE / 2, scale, right)
    out.append("</svg>")
    return Markup("\n".join(out))


def _lane(marks: list[Mark], y: float, scale: _Scale | None, right: float) -> list[str]:
    """One lane's marks, nudged apart where they would overlap, labels alternating in height."""
    placed: list[tuple[float, Mark]] = []
    for mark in marks:
        if mark.start is None or scale is None:
            x = WIDTH - UNDATED / 2
        else:
            x = scale.x(mark.start) if mark.end is None else (scale.x(mark.start) + scale.x(mark.end)) / 2
        placed.append((x, mark))
    placed.sort(key=lambda p: (p[1].start is None, p[0]))
    out: list[str] = []
    last = -1e9
    low = False
    for x, mark in placed:
        crowded = x - last < SPACING * 2
        x = max(x, last + SPACING)
        low = crowded and not low
        last = x
        style = f"m-{mark.style}" if mark.style else "m"
        out.append(f"<g><title>{_text(mark.title or mark.label)}</title>")
        if mark.end is not None and mark.start is not None and scale is not None:
            x0, x1 = scale.x(mark.start), max(scale.x(mark.end), scale.x(mark.start) + 4)
            box = f'x="{_num(x0)}" y="{_num(y - 6)}" width="{_num(x1 - x0)}" height="12"'
            out.append(f'<rect class="mark {style}" {box} rx="3"/>')
        elif mark.start is None:
            out.append(f'<circle class="mark undated {style}" cx="{_num(x)}" cy="{_num(y)}" r="6"/>')
        else:
            out.append(f'<circle class="mark {style}" cx="{_num(x)}" cy="{_num(y)}" r="6"/>')
        if mark.tag:
            out.append(f'<text class="tag" x="{_num(x)}" y="{_num(y - 11)}">{_text(mark.tag, 12)}</text>')
        if mark.label:
            label_y = y + (29 if low else 19)
            # near the right edge a centred label would be cut off: end it at the mark instead
            anchor = "label label-end" if x > WIDTH - 48 else "label"
            out.append(f'<text class="{anchor}" x="{_num(x)}" y="{_num(label_y)}">{_text(mark.label, 18)}</text>')
        out.append("</g>")
    return out


def day_bars(counts: dict[str, int], *, caption: str) -> Markup:
    """Events per day: one bar per calendar day from the first to the last (empty days included)."""
    height = 150
    out = _open(height, caption)
    if not counts:
        out.append('<text class="tick-label" x="380" y="75">no events</text>')
        out.append("</svg>")
        return Markup("\n".join(out))
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    left, right, top, bottom = 40.0, WIDTH - 16.0, 20.0, height - AXIS
    slot = (right - left) / len(days)
    peak = max(counts.values())
    out.append(f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    every = max(1, round(len(days) / 8))
    for index, day in enumerate(days):
        count = counts.get(day.isoformat(), 0)
        x = left + slot * index
        bar = (bottom - top) * count / peak
        if count:
            out.append(f"<g><title>{day.isoformat()}: {count} event{'' if count == 1 else 's'}</title>")
            out.append(
                f'<rect class="bar" x="{_num(x + slot * 0.15)}" y="{_num(bottom - bar)}" '
                f'width="{_num(max(slot * 0.7, 1))}" height="{_num(bar)}"/>'
            )
            if len(days) <= 31:
                out.append(f'<text class="tag" x="{_num(x + slot / 2)}" y="{_num(bottom - bar - 4)}">{count}</text>')
            out.append("</g>")
        if index % every == 0 or (index == len(days) - 1 and index % every >= every / 2):
            out.append(f'<text class="tick-label" x="{_num(x + slot / 2)}" y="{bottom + 18}">{day.isoformat()}</text>')
    out.append("</svg>")
    return Markup("\n".join(out))
