"""Small inline-SVG charts for pages: a dated line, point and bar chart, and a calendar strip.

Sized for a phone: a fixed viewBox width drawn at 100 % of its box, so text stays legible at
390 px. Values arrive in the units they are shown in; nothing here converts or imports
matplotlib (the file exports in :mod:`gluteus.charts.progress` still use it).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

VIEW_WIDTH = 360.0
"""Width of every chart's viewBox. [viewBox units]"""
FONT_SIZE = 14.0
"""Font size of all chart text. [viewBox units]"""
PHONE_WIDTH_PX = 324.0
"""Width a chart is drawn at on a 390 px phone: less the page's and the card's padding. [px]"""
CHAR_WIDTH = 0.62
"""Average glyph advance of the sans-serif font, as a share of the font size. [-]"""
MAX_DATE_TICKS = 5
LEGEND_ROW = 18.0
PLOT_TOP = 30.0
TICK_GAP = 10.0
"""Smallest space between two axis labels. [viewBox units]"""
MIN_CELL = 12.0
"""Smallest calendar cell; longer plans wrap into more strips. [viewBox units]"""
SINGLE_DAY_PAD = 2
"""Days shown either side of a lone date, so one reading sits mid-chart. [days]"""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_STEPS = (1, 2, 7, 14)
_MONTH_STEPS = (1, 2, 3, 6, 12)

Kind = Literal["line", "dashed", "points", "bars"]


@dataclass(frozen=True)
class Series:
    """One series of a chart, in display units.

    Attributes:
        label: Legend text.
        dates: One date per value.
        values: The values, as shown (kg or lb, cm or in, sets).
        kind: ``line``, ``dashed``, ``points`` or ``bars``.
        colour: A CSS colour.
        fit: The y-axis fits this series; when False, the series is cut where it first
            leaves the axis and its legend says where.
    """

    label: str
    dates: Sequence[dt.date]
    values: Sequence[float]
    kind: Kind = "line"
    colour: str = "currentColor"
    fit: bool = True


@dataclass(frozen=True)
class Band:
    """A shaded range between two series of values (the axis fits both)."""

    label: str
    dates: Sequence[dt.date]
    low: Sequence[float]
    high: Sequence[float]
    colour: str = "#1f77b4"


@dataclass(frozen=True)
class Mark:
    """A dotted vertical line on one date."""

    date: dt.date
    colour: str = "#d62728"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width of ``text`` set at ``size``. [viewBox units]"""
    return len(text) * CHAR_WIDTH * size


def rendered_font_px(width_px: float = PHONE_WIDTH_PX) -> float:
    """The chart font's size on screen when a chart is drawn ``width_px`` wide. [px]"""
    return FONT_SIZE * width_px / VIEW_WIDTH


def nice_step(span: float, count: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``count`` ticks."""
    raw = max(span, 1e-9) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * power) for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def value_axis(
    values: Sequence[float], min_span: float, *, zero: bool = False
) -> tuple[float, float, list[float]]:
    """Axis limits that fit ``values`` with a margin, on round ticks.

    A lone value (or values closer than ``min_span``) gets a range of ``min_span`` around
    it, never a range set by anything else; ``zero`` keeps 0 on the axis (for bars).

    Returns:
        (bottom, top, ticks), in the values' units.
    """
    finite = [v for v in values if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if zero:
        low = min(low, 0.0)
    margin = 0.08 * (high - low)
    low, high = low - margin, high + margin
    if high - low < min_span:
        middle = (low + high) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    if zero and min(finite or [0.0]) >= 0:
        low = 0.0
    step = nice_step(high - low, 4)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [bottom + i * step for i in range(round((top - bottom) / step) + 1)]
    return bottom, top, ticks


def date_span(dates: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    """First and last date shown: the data's own, widened around a lone date."""
    first, last = min(dates), max(dates)
    if first == last:
        pad = dt.timedelta(days=SINGLE_DAY_PAD)
        return first - pad, last + pad
    return first, last


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _ticks_every(first: dt.date, last: dt.date, days: int, months: int) -> list[dt.date]:
    if days:
        start = first if days < 7 else first + dt.timedelta(days=-first.weekday() % 7)
        count = (last - start).days // days + 1
        return [start + dt.timedelta(days=days * i) for i in range(max(count, 0))]
    date = _add_months(first, 0 if first.day == 1 else 1)
    date = _add_months(date, -(date.month - 1) % months)  # months on a multiple of the step
    ticks = []
    while date <= last:
        if date >= first:
            ticks.append(date)
        date = _add_months(date, months)
    return ticks


def _date_label(date: dt.date, months: int, first: bool) -> str:
    if not months:
        return f"{date.day} {_MONTHS[date.month - 1]}"
    if date.month == 1 or first:
        return f"{_MONTHS[date.month - 1]} {date.year}" if months < 12 else str(date.year)
    return _MONTHS[date.month - 1]


def date_ticks(first: dt.date, last: dt.date, width: float) -> list[tuple[dt.date, str]]:
    """At most :data:`MAX_DATE_TICKS` dated ticks whose labels do not overlap.

    Steps of days, weeks, then months; labels are short ("3 Mar", "Mar", "Jan 2026").

    Args:
        first: First date on the axis.
        last: Last date on the axis.
        width: Width of the plot area. [viewBox units]

    Returns:
        (date, label) pairs in date order.
    """
    span = max((last - first).days, 1)
    steps = [(d, 0) for d in _DAY_STEPS] + [(0, m) for m in _MONTH_STEPS]
    chosen: list[tuple[dt.date, str]] = []
    for days, months in steps:
        ticks = _ticks_every(first, last, days, months)
        if len(ticks) > MAX_DATE_TICKS:
            continue
        labels = [_date_label(t, months, i == 0) for i, t in enumerate(ticks)]
        fits = all(
            width * (b - a).days / span >= (text_width(p) + text_width(q)) / 2 + TICK_GAP
            for (a, p), (b, q) in itertools.pairwise(zip(ticks, labels, strict=True))
        )
        if fits:
            return list(zip(ticks, labels, strict=True))
        chosen = chosen or [(ticks[0], labels[0])] if ticks else chosen
    years = _ticks_every(first, last, 0, 12)
    return [(t, str(t.year)) for t in years[:MAX_DATE_TICKS]] or chosen


def number_label(value: float, step: float) -> str:
    """A tick value with just the decimals its step needs."""
    digits = 0
    while digits < 3 and abs(step * 10**digits - round(step * 10**digits)) > 1e-6:
        digits += 1
    return f"{value:.{digits}f}"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(label: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(VIEW_WIDTH)} '
        f'{_fmt(height)}" width="100%" role="img" aria-label="{escape(label)}" '
        f'font-family="system-ui, sans-serif" font-size="{_fmt(FONT_SIZE)}" fill="currentColor">',
        f"<title>{escape(label)}</title>",
    ]


def _legend(items: Sequence[tuple[str, str, str]], top: float) -> tuple[list[str], float]:
    """Legend entries flowed into rows across the width; the parts and the height used.

    ``items`` are (label, colour, swatch) with swatch ``line``, ``dashed``, ``points``,
    ``box`` or ``band``. A label too long for one row wraps onto rows of its own.
    """
    parts: list[str] = []
    x, y = 4.0, top + LEGEND_ROW / 2
    rows = 1 if items else 0
    room = int((VIEW_WIDTH - 4 - 22) // (CHAR_WIDTH * FONT_SIZE))
    for label, colour, swatch in items:
        lines = textwrap.wrap(label, room) or [""]
        width = 22 + max(text_width(line) for line in lines) + 12
        if x > 4.0 and x + width > VIEW_WIDTH:
            x, y, rows = 4.0, y + LEGEND_ROW, rows + 1
        if swatch in ("line", "dashed"):
            dash = ' stroke-dasharray="5 3"' if swatch == "dashed" else ""
            parts.append(
                f'<line x1="{_fmt(x)}" y1="{_fmt(y)}" x2="{_fmt(x + 16)}" y2="{_fmt(y)}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
            )
        elif swatch == "points":
            parts.append(f'<circle cx="{_fmt(x + 8)}" cy="{_fmt(y)}" r="3" fill="{colour}"/>')
        else:
            opacity = ' fill-opacity="0.2"' if swatch == "band" else ""
            parts.append(
                f'<rect x="{_fmt(x + 2)}" y="{_fmt(y - 6)}" width="12" height="12" '
                f'fill="{colour}"{opacity} stroke="#999" stroke-width="0.5"/>'
            )
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{_fmt(x + 22)}" y="{_fmt(y + number * LEGEND_ROW)}" '
                f'dominant-baseline="central">{escape(line)}</text>'
            )
        x += width
        if len(lines) > 1:
            x, y, rows = VIEW_WIDTH, y + (len(lines) - 1) * LEGEND_ROW, rows + len(lines) - 1
    return parts, rows * LEGEND_ROW


def _cut(series: Series, bottom: float, top: float) -> tuple[int, str]:
    """How many leading points of a not-fitted series stay on the axis, and the note."""
    for index, value in enumerate(series.values):
        if not bottom <= value <= top:
            side = "below" if value < bottom else "above"
            when = series.dates[index]
            return index, (
                f"; leaves the chart {side} on {when.day} {_MONTHS[when.month - 1]} {when.year}"
            )
    return len(series.values), ""


def line_chart(
    label: str,
    series: Sequence[Series],
    *,
    unit: str,
    min_span: float,
    bands: Sequence[Band] = (),
    marks: Sequence[Mark] = (),
    plot_height: float = 170.0,
) -> str:
    """A dated chart of lines, points and bars with a fitted y-axis and a legend below.

    Args:
        label: The accessible name (``aria-label`` and ``<title>``).
        series: What to draw, in display units, in drawing order.
        unit: Shown above the y-axis ("kg", "lb", "sets").
        min_span: Smallest y-range, so one reading does not fill the height. [unit]
        bands: Shaded ranges drawn under the series.
        marks: Dotted vertical lines.
        plot_height: Height of the plot area. [viewBox units]

    Returns:
        The ``<svg>`` element as text.
    """
    dates = [d for s in series for d in s.dates] + [d for b in bands for d in b.dates]
    fitted = [v for s in series if s.fit for v in s.values]
    fitted += [v for b in bands for v in (*b.low, *b.high)]
    bars = any(s.kind == "bars" for s in series)
    bottom, top, ticks = value_axis(fitted, min_span, zero=bars)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    tick_labels = [number_label(t, step) for t in ticks]
    left = max(text_width(t) for t in tick_labels) + 8
    right = VIEW_WIDTH - 8
    first, last = date_span(dates) if dates else (dt.date.min, dt.date.min)
    if bars:
        first, last = first - dt.timedelta(days=4), last + dt.timedelta(days=4)
    span = max((last - first).days, 1)
    plot_bottom = PLOT_TOP + plot_height

    def x_of(date: dt.date) -> float:
        return left + (right - left) * (date - first).days / span

    def y_of(value: float) -> float:
        return plot_bottom - plot_height * (value - bottom) / (top - bottom)

    legend: list[tuple[str, str, str]] = []
    body: list[str] = [
        f'<text x="4" y="{_fmt(PLOT_TOP - 16)}">{escape(unit)}</text>',
    ]
    for tick, text in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        body.append(
            f'<line x1="{_fmt(left)}" y1="{_fmt(y)}" x2="{_fmt(right)}" y2="{_fmt(y)}" '
            f'stroke="#ddd" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{_fmt(left - 4)}" y="{_fmt(y)}" text-anchor="end" '
            f'dominant-baseline="central">{text}</text>'
        )
    for date, text in date_ticks(first, last, right - left):
        x = x_of(date)
        body.append(
            f'<line x1="{_fmt(x)}" y1="{_fmt(plot_bottom)}" x2="{_fmt(x)}" '
            f'y2="{_fmt(plot_bottom + 4)}" stroke="#666"/>'
        )
        anchor = "start" if x - text_width(text) / 2 < 0 else "middle"
        anchor = "end" if x + text_width(text) / 2 > VIEW_WIDTH else anchor
        body.append(
            f'<text x="{_fmt(x)}" y="{_fmt(plot_bottom + 18)}" text-anchor="{anchor}">'
            f"{escape(text)}</text>"
        )
    for band in bands:
        upper = [
            f"{_fmt(x_of(d))},{_fmt(y_of(v))}" for d, v in zip(band.dates, band.high, strict=True)
        ]
        lower = [
            f"{_fmt(x_of(d))},{_fmt(y_of(v))}"
            for d, v in zip(reversed(band.dates), reversed(band.low), strict=True)
        ]
        if upper:
            body.append(
                f'<polygon points="{" ".join(upper + lower)}" fill="{band.colour}" '
                f'fill-opacity="0.18" stroke="none"/>'
            )
            legend.append((band.label, band.colour, "band"))
    for mark in marks:
        x = x_of(mark.date)
        body.append(
            f'<line x1="{_fmt(x)}" y1="{_fmt(PLOT_TOP)}" x2="{_fmt(x)}" y2="{_fmt(plot_bottom)}" '
            f'stroke="{mark.colour}" stroke-dasharray="2 3"/>'
        )
    for s in series:
        end, note = (len(s.values), "") if s.fit else _cut(s, bottom, top)
        points = list(zip(s.dates[:end], s.values[:end], strict=True))
        body.extend(_draw(s, points, x_of, y_of, span, right - left))
        legend.append((s.label + note, s.colour, "box" if s.kind == "bars" else s.kind))
    body.append(
        f'<line x1="{_fmt(left)}" y1="{_fmt(plot_bottom)}" x2="{_fmt(right)}" '
        f'y2="{_fmt(plot_bottom)}" stroke="#666"/>'
    )
    parts, legend_height = _legend(legend, plot_bottom + 28)
    height = plot_bottom + 30 + legend_height
    return "".join([*_open(label, height), *body, *parts, "</svg>"])


def _draw(
    s: Series,
    points: Sequence[tuple[dt.date, float]],
    x_of: Callable[[dt.date], float],
    y_of: Callable[[float], float],
    span_days: int,
    width: float,
) -> list[str]:
    if not points:
        return []
    if s.kind == "points":
        return [
            f'<circle cx="{_fmt(x_of(d))}" cy="{_fmt(y_of(v))}" r="2.5" fill="{s.colour}"/>'
            for d, v in points
        ]
    if s.kind == "bars":
        bar = max(width * 5 / span_days, 1.0)
        base = y_of(0.0)
        return [
            f'<rect x="{_fmt(x_of(d) - bar / 2)}" y="{_fmt(min(y_of(v), base))}" '
            f'width="{_fmt(bar)}" height="{_fmt(abs(base - y_of(v)))}" fill="{s.colour}"/>'
            for d, v in points
        ]
    path = "M" + " L".join(f"{_fmt(x_of(d))},{_fmt(y_of(v))}" for d, v in points)
    dash = ' stroke-dasharray="6 4"' if s.kind == "dashed" else ""
    parts = [
        f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="2"{dash} '
        f'stroke-linejoin="round"/>'
    ]
    if len(points) == 1:
        d, v = points[0]
        parts.append(f'<circle cx="{_fmt(x_of(d))}" cy="{_fmt(y_of(v))}" r="3" fill="{s.colour}"/>')
    return parts


def calendar_strip(
    label: str,
    days: Sequence[tuple[dt.date, str]],
    palette: Mapping[str, tuple[str, str]],
) -> str:
    """A calendar heat strip: weeks across, Monday to Sunday down, one coloured cell a day.

    Weeks that do not fit the width at :data:`MIN_CELL` wrap into further strips below.

    Args:
        label: The accessible name.
        days: (date, key) per day, any order; the key picks the colour.
        palette: Key → (CSS colour, legend label), in legend order.

    Returns:
        The ``<svg>`` element as text.
    """
    first = min(d for d, _ in days)
    origin = first - dt.timedelta(days=first.weekday())
    columns = (max(d for d, _ in days) - origin).days // 7 + 1
    left = text_width("Mon") + 6
    per_strip = max(1, int((VIEW_WIDTH - left - 4) // MIN_CELL))
    strips = -(-columns // per_strip)
    cell = min(18.0, (VIEW_WIDTH - left - 4) / min(columns, per_strip))
    strip_height = 7 * cell + PLOT_TOP
    body: list[str] = []
    for strip in range(strips):
        top = PLOT_TOP + strip * strip_height
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
            y = top + cell * (row + 0.5)
            body.append(f'<text x="2" y="{_fmt(y)}" dominant-baseline="central">{name}</text>')
        last_label_end = -1.0
        for column in range(strip * per_strip, min(columns, (strip + 1) * per_strip)):
            monday = origin + dt.timedelta(weeks=column)
            sunday = monday + dt.timedelta(days=6)
            if column % per_strip and sunday.day > 7:
                continue
            month = monday if column % per_strip == 0 else sunday
            text = _MONTHS[month.month - 1]
            if month.month == 1 or column == 0:
                text += f" {month.year}"
            x = left + (column % per_strip) * cell
            if x >= last_label_end + TICK_GAP / 2 and x + text_width(text) <= VIEW_WIDTH:
                body.append(f'<text x="{_fmt(x)}" y="{_fmt(top - 6)}">{text}</text>')
                last_label_end = x + text_width(text)
    for date, key in days:
        column, row = divmod((date - origin).days, 7)
        strip, column = divmod(column, per_strip)
        y = PLOT_TOP + strip * strip_height + row * cell
        body.append(
            f'<rect x="{_fmt(left + column * cell + 0.5)}" y="{_fmt(y + 0.5)}" '
            f'width="{_fmt(cell - 1)}" height="{_fmt(cell - 1)}" fill="{palette[key][0]}" '
            f'stroke="#aaa" stroke-width="0.5"/>'
        )
    bottom = PLOT_TOP + (strips - 1) * strip_height + 7 * cell
    items = [(text, colour, "box") for colour, text in palette.values()]
    parts, legend_height = _legend(items, bottom + 8)
    height = bottom + 12 + legend_height
    return "".join([*_open(label, height), *body, *parts, "</svg>"])
