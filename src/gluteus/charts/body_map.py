"""A body map drawn as inline SVG: front and back outlines with one region per muscle group.

The exercise page tints an exercise's main and supporting muscles; the plan and progress pages
tint the week's hard sets per muscle as a heat map, with the numbers beside it. The geometry is
data (``data/body_map.toml``, checked on load); nothing here draws with a third-party library.
Colours come from CSS classes inside the SVG, with their own dark-mode values, so the map reads
on a light and a dark page and needs no JavaScript.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from importlib import resources
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gluteus.domain.catalog import Exercise, Muscle
from gluteus.domain.memo import memo
from gluteus.domain.patterns import Group


class Region(StrEnum):
    """The regions the body map draws, each a recognisable patch of the outline."""

    GLUTE_MAX = "glute_max"
    GLUTE_MED = "glute_med"
    QUADS = "quads"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    CALVES = "calves"
    CORE = "core"
    LOWER_BACK = "lower_back"
    UPPER_BACK = "upper_back"
    CHEST = "chest"
    SHOULDERS = "shoulders"
    ARMS = "arms"


REGION_LABELS: dict[Region, str] = {
    Region.GLUTE_MAX: "Glute max",
    Region.GLUTE_MED: "Glute med and min",
    Region.QUADS: "Quads",
    Region.HAMSTRINGS: "Hamstrings",
    Region.ADDUCTORS: "Adductors",
    Region.CALVES: "Calves",
    Region.CORE: "Core",
    Region.LOWER_BACK: "Lower back",
    Region.UPPER_BACK: "Upper back",
    Region.CHEST: "Chest",
    Region.SHOULDERS: "Shoulders",
    Region.ARMS: "Arms",
}

MUSCLE_REGIONS: dict[Muscle, tuple[Region, ...]] = {
    Muscle.GLUTE_MAX: (Region.GLUTE_MAX,),
    Muscle.GLUTE_MED: (Region.GLUTE_MED,),
    Muscle.GLUTE_MIN: (Region.GLUTE_MED,),
    Muscle.QUADS: (Region.QUADS,),
    Muscle.HAMSTRINGS: (Region.HAMSTRINGS,),
    Muscle.ADDUCTORS: (Region.ADDUCTORS,),
    Muscle.CALVES: (Region.CALVES,),
    Muscle.CORE: (Region.CORE,),
    Muscle.CHEST: (Region.CHEST,),
    Muscle.SHOULDERS: (Region.SHOULDERS,),
    Muscle.BACK: (Region.UPPER_BACK, Region.LOWER_BACK),
    Muscle.ARMS: (Region.ARMS,),
}
"""Where each catalog muscle is drawn. Glute min lies under glute med, so they share a region;
the catalog's one ``back`` covers both the upper and the lower back."""

GROUP_REGIONS: dict[Group, tuple[Region, ...]] = {
    Group.GLUTES: (Region.GLUTE_MAX, Region.GLUTE_MED),
    Group.QUADS: (Region.QUADS,),
    Group.HAMSTRINGS: (Region.HAMSTRINGS,),
    Group.BACK: (Region.UPPER_BACK,),
    Group.CHEST_SHOULDERS: (Region.CHEST, Region.SHOULDERS),
    Group.CORE: (Region.CORE,),
    Group.ADDUCTORS: (Region.ADDUCTORS,),
    Group.CALVES: (Region.CALVES,),
    Group.ARMS: (Region.ARMS,),
    Group.LOWER_BACK: (Region.LOWER_BACK,),
}
"""Where each group of the plan's weekly ``volume`` is drawn (a pull set is an upper-back set,
a back-extension set a lower-back one, as :mod:`gluteus.domain.patterns` counts them)."""

GROUP_LABELS: dict[Group, str] = {
    Group.GLUTES: "Glutes",
    Group.QUADS: "Quads",
    Group.HAMSTRINGS: "Hamstrings",
    Group.BACK: "Upper back",
    Group.CHEST_SHOULDERS: "Chest, shoulders",
    Group.CORE: "Core",
    Group.ADDUCTORS: "Adductors",
    Group.CALVES: "Calves",
    Group.ARMS: "Arms",
    Group.LOWER_BACK: "Lower back",
}

MUSCLE_LABELS: dict[Muscle, str] = {
    Muscle.GLUTE_MAX: "Glute max",
    Muscle.GLUTE_MED: "Glute med",
    Muscle.GLUTE_MIN: "Glute min",
    Muscle.QUADS: "Quads",
    Muscle.HAMSTRINGS: "Hamstrings",
    Muscle.ADDUCTORS: "Adductors",
    Muscle.CALVES: "Calves",
    Muscle.CORE: "Core",
    Muscle.CHEST: "Chest",
    Muscle.SHOULDERS: "Shoulders",
    Muscle.BACK: "Back",
    Muscle.ARMS: "Arms",
}

HEAT_BANDS: tuple[float, ...] = (5.0, 10.0, 20.0)
"""Weekly hard sets where the tint steps up a level: under 5, 5 to 9, 10 to 19, 20 or more.

Schoenfeld B.J., Ogborn D., Krieger J.W., "Dose-response relationship between weekly resistance
training volume and increases in muscle mass", J Sports Sci 2017;35(11):1073-1082, compared
fewer than 5, 5 to 9 and 10 or more weekly sets per muscle; 20 marks the top of the range most
of those studies tested. Zero sets is its own level (untinted). [sets/week]"""

LEVELS = len(HEAT_BANDS) + 2
"""Tint levels: 0 (none) and one per band above zero."""

PRIMARY_LEVEL = LEVELS - 1
"""The tint of an exercise's main muscles (the darkest)."""
SECONDARY_LEVEL = 2
"""The tint of an exercise's supporting muscles."""

LIGHT_FILLS: tuple[str, ...] = ("#ebe5ee", "#eeaccb", "#d95595", "#9c2e67", "#5c173c")
"""Region fills on a light page, level 0 to 4: darker means more sets."""
DARK_FILLS: tuple[str, ...] = ("#2f2834", "#652c4c", "#a6437a", "#dc6fa6", "#fbc3de")
"""Region fills on a dark page, level 0 to 4: brighter means more sets."""
LIGHT_LINE = "#5f5866"
"""Outline colour on a light page (the site's muted ink)."""
DARK_LINE = "#b9b0c0"
"""Outline colour on a dark page."""
LIGHT_BACKGROUND = "#fbf9fc"
DARK_BACKGROUND = "#17131a"
"""The site's page backgrounds (style.css), for the contrast checks."""

GAP = 14.0
"""Space between the front and the back figure. [viewBox units]"""
LABEL_ROW = 19.0
"""Height of the "Front" / "Back" label row under the figures. [viewBox units]"""
LABEL_SIZE = 13.0

View = Literal["front", "back"]
VIEWS: tuple[View, ...] = ("front", "back")

Point = tuple[float, float]


# --- geometry (data/body_map.toml) -------------------------------------------------------------


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Circle(_Data):
    """The head."""

    cx: float
    cy: float
    r: float = Field(gt=0)


class Shape(_Data):
    """One patch of a region in one view: the left half, reflected unless ``mirror`` is off."""

    region: Region
    view: View
    points: tuple[Point, ...] = Field(min_length=3)
    mirror: bool = True


class Geometry(_Data):
    """The whole drawing, checked on load: every point inside the box, every region drawn."""

    width: float = Field(gt=0)
    height: float = Field(gt=0)
    centre: float
    head: Circle
    outline: tuple[Point, ...] = Field(min_length=3)
    shapes: tuple[Shape, ...]

    @model_validator(mode="after")
    def _inside_and_complete(self) -> Self:
        def check(where: str, points: Iterable[Point], half: bool) -> None:
            for x, y in points:
                if not (0 <= x <= self.width and 0 <= y <= self.height):
                    raise ValueError(
                        f"{where}: point ({x:g}, {y:g}) is outside the "
                        f"{self.width:g} x {self.height:g} box"
                    )
                if half and x > self.centre:
                    raise ValueError(
                        f"{where}: point ({x:g}, {y:g}) is right of the mid-line "
                        f"x = {self.centre:g}; give the left half only"
                    )

        check("outline", self.outline, True)
        for i, shape in enumerate(self.shapes):
            check(f"shape {i + 1} ({shape.region.value}, {shape.view})", shape.points, shape.mirror)
        missing = sorted(set(Region) - {s.region for s in self.shapes})
        if missing:
            raise ValueError(f"no shape draws these regions: {', '.join(missing)}")
        head = self.head
        if not (head.r <= head.cx <= self.width - head.r and head.r <= head.cy):
            raise ValueError("head: the circle leaves the box")
        return self


@memo(maxsize=None)
def geometry() -> Geometry:
    """The body map's geometry from ``data/body_map.toml``, validated (read once)."""
    text = resources.files("gluteus.data").joinpath("body_map.toml").read_text("utf-8")
    return parse_geometry(text)


def parse_geometry(text: str) -> Geometry:
    """Geometry from TOML text.

    Raises:
        pydantic.ValidationError: A point outside the box or past the mid-line, or a region
            with no shape, named in the message.
    """
    return Geometry.model_validate(tomllib.loads(text))


# --- tints ------------------------------------------------------------------------------------


def heat_level(sets: float) -> int:
    """The tint level for a weekly number of hard sets (see :data:`HEAT_BANDS`).

    0 for no sets (or a negative or not-a-number value), then one level per band; more sets
    never give a lower level.
    """
    if not (sets > 0):  # also catches NaN
        return 0
    return 1 + sum(1 for edge in HEAT_BANDS if sets >= edge)


def exercise_tints(exercise: Exercise) -> dict[Region, int]:
    """Main muscles at :data:`PRIMARY_LEVEL`, supporting ones at :data:`SECONDARY_LEVEL`."""
    tints: dict[Region, int] = {}
    for muscle in exercise.secondary_muscles:
        for region in MUSCLE_REGIONS[muscle]:
            tints[region] = SECONDARY_LEVEL
    for muscle in exercise.primary_muscles:
        for region in MUSCLE_REGIONS[muscle]:
            tints[region] = PRIMARY_LEVEL
    return tints


@dataclass(frozen=True)
class HeatRow:
    """One line of the numbers beside a heat map."""

    label: str
    sets: float
    level: int
    regions: tuple[Region, ...]

    @property
    def sets_text(self) -> str:
        """The sets as shown: whole numbers plain, halves (secondary sets) with one decimal."""
        return f"{self.sets:.0f}" if float(self.sets).is_integer() else f"{self.sets:.1f}"


def group_rows(sets: Mapping[str, int | float]) -> list[HeatRow]:
    """Rows for the plan's weekly ``volume`` (group name to hard sets), in group order."""
    rows = []
    for group in Group:
        value = float(sets.get(group.value, 0))
        rows.append(HeatRow(GROUP_LABELS[group], value, heat_level(value), GROUP_REGIONS[group]))
    return rows


def muscle_rows(sets: Mapping[Muscle, float]) -> list[HeatRow]:
    """Rows for a logged week's sets per muscle (progress), in catalog muscle order."""
    return [
        HeatRow(MUSCLE_LABELS[m], float(sets.get(m, 0.0)), heat_level(sets.get(m, 0.0)),
                MUSCLE_REGIONS[m])
        for m in Muscle
    ]  # fmt: skip


def region_levels(rows: Iterable[HeatRow]) -> dict[Region, int]:
    """Each region's tint: the highest level of the rows drawn on it."""
    levels: dict[Region, int] = {}
    for row in rows:
        for region in row.regions:
            levels[region] = max(levels.get(region, 0), row.level)
    return levels


# --- drawing ----------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(points: Sequence[Point], dx: float) -> str:
    return "M" + "L".join(f"{_num(x + dx)} {_num(y)}" for x, y in points) + "Z"


def _mirrored(points: Sequence[Point], centre: float) -> list[Point]:
    return [(2 * centre - x, y) for x, y in points]


def _style(prefix: str) -> str:
    light = "".join(
        f".{prefix} .l{i}{{fill:{c}}}.{prefix}-swatch-{i}{{background:{c}}}"
        for i, c in enumerate(LIGHT_FILLS)
    )
    dark = "".join(
        f".{prefix} .l{i}{{fill:{c}}}.{prefix}-swatch-{i}{{background:{c}}}"
        for i, c in enumerate(DARK_FILLS)
    )
    return (
        f".{prefix} .o{{fill:{LIGHT_FILLS[0]};stroke:{LIGHT_LINE};stroke-width:1.2;"
        f"stroke-linejoin:round}}.{prefix} .r{{stroke:{LIGHT_LINE};stroke-width:.5;"
        f"stroke-linejoin:round}}.{prefix} text{{fill:{LIGHT_LINE};font:{_num(LABEL_SIZE)}px "
        f"system-ui,sans-serif;text-anchor:middle}}{light}"
        f"@media (prefers-color-scheme:dark){{.{prefix} .o{{fill:{DARK_FILLS[0]};"
        f"stroke:{DARK_LINE}}}.{prefix} .r{{stroke:{DARK_LINE}}}.{prefix} text{{fill:{DARK_LINE}}}"
        f"{dark}}}"
    )


def render(levels: Mapping[Region, int], title: str, description: str, ident: str) -> str:
    """The front and back figures side by side, each region filled at its level.

    Args:
        levels: Tint level per region (0 to ``LEVELS - 1``); a region left out is level 0.
        title: The SVG's ``<title>``.
        description: The SVG's ``<desc>``: the same facts in words.
        ident: A page-unique id (letters, digits, hyphens) for the title and description.

    Returns:
        An ``<svg>`` element.
    """
    geo = geometry()
    width = 2 * geo.width + GAP
    height = geo.height + LABEL_ROW
    outline = list(geo.outline) + _mirrored(list(reversed(geo.outline)), geo.centre)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="body-map bm" viewBox="0 0 '
        f'{_num(width)} {_num(height)}" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        f"<style>{_style('bm')}</style>",
    ]
    for index, view in enumerate(VIEWS):
        dx = index * (geo.width + GAP)
        head = geo.head
        parts.append(f'<g data-view="{view}">')
        parts.append(f'<path class="o" d="{_path(outline, dx)}"/>')
        parts.append(
            f'<circle class="o" cx="{_num(head.cx + dx)}" cy="{_num(head.cy)}" r="{_num(head.r)}"/>'
        )
        for shape in geo.shapes:
            if shape.view != view:
                continue
            level = min(max(int(levels.get(shape.region, 0)), 0), LEVELS - 1)
            d = _path(shape.points, dx)
            if shape.mirror:
                d += _path(_mirrored(shape.points, geo.centre), dx)
            parts.append(
                f'<path class="r l{level}" data-region="{shape.region.value}" '
                f'data-level="{level}" d="{d}"/>'
            )
        label = "Front" if view == "front" else "Back"
        parts.append(
            f'<text x="{_num(dx + geo.centre)}" y="{_num(geo.height + LABEL_ROW - 3)}">'
            f"{label}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class BodyMap:
    """What the ``_body_map.html`` include shows: the SVG and the numbers beside it."""

    svg: str
    caption: str
    rows: tuple[HeatRow, ...] = ()
    key: tuple[tuple[int, str], ...] = ()


def _names(muscles: Iterable[Muscle]) -> str:
    return ", ".join(MUSCLE_LABELS[m].lower() for m in muscles)


def exercise_map(exercise: Exercise) -> BodyMap:
    """The exercise page's map: its main muscles dark, its supporting muscles lighter."""
    words = f"Mainly {_names(exercise.primary_muscles)}"
    if exercise.secondary_muscles:
        words += f"; also {_names(exercise.secondary_muscles)}"
    words += "."
    svg = render(
        exercise_tints(exercise),
        f"Muscles {exercise.name} works",
        f"Front and back of a body. {words}",
        "bm-exercise",
    )
    key: tuple[tuple[int, str], ...] = ((PRIMARY_LEVEL, "Main muscles"),)
    if exercise.secondary_muscles:
        key += ((SECONDARY_LEVEL, "Also working"),)
    return BodyMap(svg=svg, caption="Muscles worked", key=key)


def heat_key() -> tuple[tuple[int, str], ...]:
    """The heat map's key: one swatch per level with the sets it stands for."""
    edges = [0.0, *HEAT_BANDS]
    key = [(0, "0 sets")]
    for level in range(1, LEVELS):
        low = edges[level - 1]
        if level < LEVELS - 1:
            high = edges[level] - 1
            low_text = "1" if low == 0 else _num(low)
            key.append((level, f"{low_text}–{_num(high)}"))
        else:
            key.append((level, f"{_num(low)}+"))
    return tuple(key)


def heat_map(rows: Sequence[HeatRow], title: str, ident: str) -> BodyMap:
    """A heat map of weekly hard sets, the numbers in ``rows`` beside it."""
    shown = [r for r in rows if r.sets > 0]
    if shown:
        words = "; ".join(f"{r.label} {r.sets_text}" for r in shown)
        description = f"Front and back of a body, shaded by hard sets this week: {words}."
    else:
        description = "Front and back of a body; no hard sets this week."
    svg = render(region_levels(rows), title, description, ident)
    return BodyMap(svg=svg, caption=title, rows=tuple(rows), key=heat_key())


def plan_map(volume: Mapping[str, int | float], week: int) -> BodyMap:
    """The plan page's heat map for one week's ``volume``."""
    return heat_map(group_rows(volume), f"Hard sets per muscle, week {week}", "bm-plan")


def progress_map(weekly_sets: Mapping[dt.date, Mapping[Muscle, float]]) -> BodyMap | None:
    """The progress page's heat map for the latest logged week, or None before any set."""
    if not weekly_sets:
        return None
    latest = max(weekly_sets)
    label = f"Hard sets per muscle, week of {latest.day} {latest:%b}"
    return heat_map(muscle_rows(weekly_sets[latest]), label, "bm-progress")


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour (0 black to 1 white)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else math.pow((c + 0.055) / 1.055, 2.4)

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
