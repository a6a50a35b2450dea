"""Exercise figures as SVG text: a filled silhouette, its props, tinted glutes, CSS motion.

The figure comes posed and checked from :mod:`gluteus.domain.figures`; this module only
draws. Limbs are thick round-capped strokes (filled limbs with rounded joints, one weight
per segment class), the far side a shade lighter. The animation steps through poses
computed between the keyframes by the same forward kinematics (no JavaScript); when the
viewer prefers reduced motion the first and last pose stand side by side instead.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Literal

from gluteus.domain.catalog import Exercise, Muscle
from gluteus.domain.figures.model import FIGURE_HEIGHT_CM, HEAD_RADIUS_FRACTION, Vec3
from gluteus.domain.figures.poses import BOX_PROPS, Figure, PlacedProp, figure_for
from gluteus.domain.memo import memo

Mode = Literal["animated", "pair"]

NEAR = "#3d5a80"
"""Near-side limbs, trunk and head."""
FAR = "#98a9c2"
"""Far-side limbs (a lighter shade reads as further away)."""
GLUTE_MAX_COLOUR = "#d62839"
"""Tint of gluteus maximus."""
GLUTE_MED_COLOUR = "#f4a261"
"""Tint of gluteus medius and minimus (one colour: they work together)."""
PROP_COLOUR = "#b08968"
BAND_COLOUR = "#2a9d8f"
FLOOR_COLOUR = "#6c757d"
WIDTH = {"leg": 12.0, "arm": 7.5, "trunk": 24.0, "neck": 8.0}
"""Stroke widths per segment class, in cm of the 170 cm figure (the consistent line weight)."""
HEAD_R = HEAD_RADIUS_FRACTION * FIGURE_HEIGHT_CM
STEPS_BETWEEN = 4
"""Drawn poses from one keyframe to the next (the last is the next keyframe)."""
SLOT_SECONDS = 0.55
"""How long each drawn pose shows: slow enough to follow. [s]"""
HOLD_SLOTS = 2
"""Extra slots each keyframe is held at a turn."""
MARGIN = 10.0
MAX_BYTES = 8192
"""The size every figure must stay within."""


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _pt(p: Sequence[float], ox: float, oy: float) -> str:
    return f"{_f(p[0] - ox)} {_f(oy - p[1])}"


def _stroke(
    points: Sequence[Sequence[float]], width: float, colour: str, ox: float, oy: float
) -> str:
    path = "M" + "L".join(_pt(p, ox, oy) for p in points)
    return f'<path d="{path}" stroke="{colour}" stroke-width="{_f(width)}"/>'


def _order(figure: Figure) -> tuple[str, str]:
    """(far side, near side): the left side faces the viewer in side and front views."""
    return ("r", "l") if figure.view in ("side", "front", "top") else ("l", "r")


def _glutes(figure: Figure, j: Mapping[str, Vec3], ex: Exercise, ox: float, oy: float) -> list[str]:
    weights: dict[str, float] = {}
    for muscles, weight in ((ex.secondary_muscles, 0.55), (ex.primary_muscles, 0.95)):
        for m in muscles:
            weights[m.value] = weight
    out: list[str] = []
    gmax = weights.get(Muscle.GLUTE_MAX.value)
    gmed = max(weights.get(Muscle.GLUTE_MED.value, 0.0), weights.get(Muscle.GLUTE_MIN.value, 0.0))
    hip, neck = j["hip"], j["neck"]
    up = math.atan2(neck[1] - hip[1], neck[0] - hip[0])
    if figure.view == "side":
        back = (math.cos(up + math.pi / 2), math.sin(up + math.pi / 2))
        along = (math.cos(up), math.sin(up))
        spots = []
        if gmax:
            spots.append((GLUTE_MAX_COLOUR, gmax, 7.5, 5.0, 1.0))
        if gmed:
            spots.append((GLUTE_MED_COLOUR, gmed, 5.0, 7.0, 7.0))
        for colour, opacity, r, b, a in spots:
            c = (hip[0] + back[0] * b + along[0] * a, hip[1] + back[1] * b + along[1] * a)
            out.append(
                f'<circle cx="{_f(c[0] - ox)}" cy="{_f(oy - c[1])}" r="{_f(r)}" '
                f'fill="{colour}" opacity="{opacity}"/>'
            )
        return out
    for side in ("l", "r"):
        h = j[f"hip_{side}"]
        lateral = (h[0] - hip[0], h[1] - hip[1])
        if gmax:
            c = (
                h[0] - math.cos(up) * 3 - lateral[0] * 0.1,
                h[1] - math.sin(up) * 3 - lateral[1] * 0.1,
            )
            out.append(
                f'<circle cx="{_f(c[0] - ox)}" cy="{_f(oy - c[1])}" r="7" '
                f'fill="{GLUTE_MAX_COLOUR}" '
                f'opacity="{gmax * (1 if figure.view == "back" else 0.5):.2f}"/>'
            )
        if gmed:
            c = (
                h[0] + lateral[0] * 0.35 + math.cos(up) * 5,
                h[1] + lateral[1] * 0.35 + math.sin(up) * 5,
            )
            out.append(
                f'<circle cx="{_f(c[0] - ox)}" cy="{_f(oy - c[1])}" r="5" '
                f'fill="{GLUTE_MED_COLOUR}" '
                f'opacity="{gmed}"/>'
            )
    return out


def _body(figure: Figure, j: Mapping[str, Vec3], ex: Exercise, ox: float, oy: float) -> str:
    far, near = _order(figure)
    parts: list[str] = []

    def limbs(side: str, colour: str) -> None:
        parts.append(
            _stroke(
                [j[f"hip_{side}"], j[f"knee_{side}"], j[f"ankle_{side}"], j[f"toe_{side}"]],
                WIDTH["leg"],
                colour,
                ox,
                oy,
            )
        )

    def arm(side: str, colour: str) -> None:
        parts.append(
            _stroke(
                [j[f"shoulder_{side}"], j[f"elbow_{side}"], j[f"wrist_{side}"]],
                WIDTH["arm"],
                colour,
                ox,
                oy,
            )
        )

    arm(far, FAR)
    limbs(far, FAR)
    if figure.view == "side":
        parts.append(_stroke([j["hip"], j["neck"]], WIDTH["trunk"], NEAR, ox, oy))
    else:
        quad = [j["hip_l"], j["shoulder_l"], j["shoulder_r"], j["hip_r"], j["hip_l"]]
        parts.append(_stroke(quad, WIDTH["arm"], NEAR, ox, oy).replace("/>", f' fill="{NEAR}"/>'))
    parts.append(_stroke([j["neck"], j["head"]], WIDTH["neck"], NEAR, ox, oy))
    parts.append(
        f'<circle cx="{_f(j["head"][0] - ox)}" cy="{_f(oy - j["head"][1])}" r="{_f(HEAD_R)}" '
        f'fill="{NEAR}" stroke="none"/>'
    )
    limbs(near, NEAR)
    parts.extend(_glutes(figure, j, ex, ox, oy))
    arm(near, NEAR)
    return "".join(parts)


def _prop(p: PlacedProp, ox: float, oy: float) -> str:
    if p.kind in BOX_PROPS:
        (x0, y0), (x1, y1) = p.points
        return (
            f'<rect x="{_f(x0 - ox)}" y="{_f(oy - y1)}" width="{_f(x1 - x0)}" '
            f'height="{_f(y1 - y0)}" rx="2" fill="{PROP_COLOUR}" stroke="none"/>'
        )
    if p.kind == "wall":
        return _stroke(p.points, 4, FLOOR_COLOUR, ox, oy)
    if p.kind == "pole":
        return _stroke(p.points, 3, FLOOR_COLOUR, ox, oy)
    if p.kind == "mini_band":
        rings = "".join(
            f'<circle cx="{_f(x - ox)}" cy="{_f(oy - y)}" r="7" stroke="{BAND_COLOUR}" '
            f'stroke-width="3" fill="none"/>'
            for x, y in p.points
        )
        return _stroke(p.points, 4, BAND_COLOUR, ox, oy) + rings
    if p.kind == "band":
        (ax, ay), _ = p.points
        return _stroke(p.points, 2.5, BAND_COLOUR, ox, oy) + (
            f'<rect x="{_f(ax - ox - 3)}" y="{_f(oy - ay - 3)}" width="6" height="6" '
            f'fill="{FLOOR_COLOUR}" stroke="none"/>'
        )
    if p.kind == "rope":
        a, m, b = p.points
        return (
            f'<path d="M{_pt(a, ox, oy)}Q{_pt(m, ox, oy)} {_pt(b, ox, oy)}" stroke="{PROP_COLOUR}"'
            ' stroke-width="1.5" fill="none"/>'
        )
    (cx, cy), r = p.points[0], p.radius
    x, y = _f(cx - ox), _f(oy - cy)
    if p.kind == "dumbbell":
        return (
            f'<rect x="{_f(cx - ox - 8)}" y="{_f(oy - cy - 4)}" width="16" height="8" rx="3" '
            f'fill="#495057" stroke="none"/>'
        )
    if p.kind == "kettlebell":
        return (
            f'<circle cx="{x}" cy="{_f(oy - cy + 4)}" r="7" fill="#495057" stroke="none"/>'
            f'<circle cx="{x}" cy="{_f(oy - cy - 3)}" r="4" stroke="#495057" '
            'stroke-width="2.5" fill="none"/>'
        )
    if p.kind == "barbell":
        return (
            f'<circle cx="{x}" cy="{y}" r="{_f(r)}" fill="#495057" stroke="none"/>'
            f'<circle cx="{x}" cy="{y}" r="2" fill="#fff" stroke="none"/>'
        )
    if p.kind == "wheel":
        return (
            f'<circle cx="{x}" cy="{y}" r="{_f(r)}" stroke="{FLOOR_COLOUR}" '
            'stroke-width="3" fill="none"/>'
        )
    fill = "#8ecae6" if p.kind == "ball" else "#6b4f3a"
    return f'<circle cx="{x}" cy="{y}" r="{_f(r)}" fill="{fill}" stroke="none"/>'


def _static(p: PlacedProp) -> bool:
    return p.kind in BOX_PROPS or p.kind in ("wall", "wheel")


def drawn_poses(figure: Figure) -> list[dict[str, Vec3]]:
    """Every pose the animation shows, keyframe to keyframe, first to last."""
    poses: list[dict[str, Vec3]] = []
    for index in range(len(figure.keyframes) - 1):
        for step in range(STEPS_BETWEEN):
            poses.append(figure.between(index, step / STEPS_BETWEEN))
    poses.append(figure.joints(len(figure.keyframes) - 1))
    return poses


def _bounds(
    poses: Iterable[Mapping[str, Vec3]], props: Iterable[PlacedProp]
) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = [0.0]
    for joints in poses:
        for name, (x, y, _) in joints.items():
            pad = HEAD_R if name == "head" else WIDTH["leg"] / 2
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    for p in props:
        for x, y in p.points:
            xs += [x - p.radius - 8, x + p.radius + 8]
            ys += [y - p.radius - 4, y + p.radius + 4]
    return min(xs) - MARGIN, max(xs) + MARGIN, min(ys) - 4, max(ys) + MARGIN


def first_steps(exercise: Exercise, count: int = 2) -> str:
    """The description every figure carries: the exercise's first steps."""
    return " ".join(exercise.steps[:count])


def render_figure(figure: Figure, exercise: Exercise, mode: Mode = "animated") -> str:
    """The figure as standalone SVG text (``animated``, or the ``pair`` of start and end)."""
    poses = drawn_poses(figure)
    placed = [figure.placed(p) for p in poses]
    x0, x1, y0, y1 = _bounds(poses, [q for ps in placed for q in ps])
    width, height = x1 - x0, y1 - y0
    ox, oy = x0, y1
    static = "".join(_prop(p, ox, oy) for p in placed[0] if _static(p))
    floor = f'<path d="M0 {_f(oy)}H{_f(width)}" stroke="{FLOOR_COLOUR}" stroke-width="2"/>'

    def frame(i: int, extra: str = "") -> str:
        moving = "".join(_prop(p, ox, oy) for p in placed[i] if not _static(p))
        return f"<g{extra}>{_body(figure, poses[i], exercise, ox, oy)}{moving}</g>"

    head = f"<title>{escape(exercise.name)}</title><desc>{escape(first_steps(exercise))}</desc>"
    attrs = 'stroke-linecap="round" stroke-linejoin="round" fill="none"'
    last = len(poses) - 1
    if mode == "pair":
        w2 = width * 2 + 10
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(w2)} {_f(height)}" '
            f'width="{round(w2 * 1.6)}" height="{round(height * 1.6)}" role="img" {attrs}>{head}'
            f"<g>{floor}{static}{frame(0)}</g>"
            f'<g transform="translate({_f(width + 10)} 0)">{floor}{static}{frame(last)}</g></svg>'
        )
    order = list(range(last + 1)) + list(range(last - 1, 0, -1))
    slots: list[int] = []
    for index in order:
        slots += [index] * (1 + (HOLD_SLOTS if index in (0, last) else 0))
    total = len(slots)
    css = [
        f".f{{opacity:0;animation:{_f(total * SLOT_SECONDS)}s step-end infinite}}",
        ".r{display:none}",
    ]
    for index in range(last + 1):
        shown = [s == index for s in slots] + [slots[0] == index]
        keys = []
        for k, visible in enumerate(shown):
            if k == 0 or visible != shown[k - 1]:
                keys.append(f"{_f(100 * k / total)}%{{opacity:{int(visible)}}}")
        css.append(f".f{index}{{animation-name:a{index}}}@keyframes a{index}{{{''.join(keys)}}}")
    css.append(
        "@media (prefers-reduced-motion:reduce){.f{animation:none}.m{display:none}"
        ".r{display:inline}"
        f".f0,.f{last}{{opacity:1}}"
        f".f0{{transform:translate(0px,{_f(height / 4)}px) scale(.5)}}"
        f".f{last}{{transform:translate({_f(width / 2)}px,{_f(height / 4)}px) scale(.5)}}}}"
    )
    frames = "".join(
        frame(i, f' class="f f{i}"')
        if i not in (0, last)
        else frame(i, f' class="f f{i}"').replace(">", f'><g class="r">{floor}{static}</g>', 1)
        for i in range(last + 1)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="{round(width * 2)}" height="{round(height * 2)}" role="img" {attrs}>{head}'
        f'<style>{"".join(css)}</style><g class="m">{floor}{static}</g>{frames}</svg>'
    )


def exercise_figure(exercise: Exercise) -> Figure:
    """The checked figure of a catalog exercise, its mini band where the catalog puts it."""
    placement = exercise.band_placement.value if exercise.band_placement else None
    return figure_for(exercise.id, placement)


def _figure_key(exercise: Exercise, mode: Mode) -> tuple[str, str, str]:
    return (exercise.id, exercise.name, mode)


@memo(maxsize=None, key=_figure_key)
def _svg(exercise: Exercise, mode: Mode) -> tuple[str, str]:
    text = render_figure(exercise_figure(exercise), exercise, mode)
    return text, hashlib.sha256(text.encode()).hexdigest()[:20]


def exercise_svg(exercise: Exercise, mode: Mode = "animated") -> str:
    """The exercise's figure as SVG text (cached)."""
    return _svg(exercise, mode)[0]


def exercise_svg_tag(exercise: Exercise, mode: Mode = "animated") -> str:
    """A short content hash of the figure: its ETag and cache-busting version."""
    return _svg(exercise, mode)[1]
