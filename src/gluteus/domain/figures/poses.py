"""Poses as data: the schema of ``data/poses.toml`` and the posed, checked figure of an entry.

Shared base poses (one per movement pattern) keep the file short; an entry names its base
and overrides what differs (a frame's leg angles, the props, the view). Building a figure
runs forward kinematics on every keyframe and checks it: segment lengths constant, declared
contacts on their surface, nothing below the floor, a band between its landmarks. A bad
pose is a :class:`~gluteus.domain.figures.model.PoseError` naming the entry and the joint.
Reading the packaged file is the only I/O, done once by :func:`default_poses`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gluteus.domain.figures.model import (
    CONTACT_CLEARANCE_CM,
    CONTACT_TOLERANCE_CM,
    FLOOR_TOLERANCE_CM,
    SEGMENTS,
    Keyframe,
    PoseError,
    Vec3,
    View,
    check_floor,
    check_lengths,
    forward,
    joint_kind,
    planar,
)
from gluteus.domain.memo import memo

Angle = float | tuple[float, float]
"""A segment direction in degrees, or ``[direction, tilt towards the viewer]``."""
PropKind = Literal[
    "bench",
    "step",
    "chair",
    "ball",
    "medball",
    "wall",
    "dumbbell",
    "kettlebell",
    "barbell",
    "band",
    "mini_band",
    "rope",
    "wheel",
    "pole",
]
BOX_PROPS = frozenset({"bench", "step", "chair"})
"""Props with a flat top a body part can rest on."""
BAND_PLACES: Mapping[str, tuple[str, str, float]] = {
    "above_knees": ("hip", "knee", 0.85),
    "below_knees": ("knee", "ankle", 0.15),
    "ankles": ("knee", "ankle", 0.92),
    "feet": ("ankle", "toe", 0.5),
}
"""Where a mini band sits: between the left and right points this far along the segment."""
BAND_STRETCH_CM = (4.0, 75.0)
"""A mini band's span between its landmarks: shorter is slack, longer would snap it. [cm]"""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PropSpec(_Strict):
    """A prop: a box (``x`` left edge, ``w``, ``h`` top), a ball, a weight on a joint, a band."""

    kind: PropKind
    x: float | None = None
    w: float = Field(default=40.0, gt=0, le=300)
    h: float = Field(default=45.0, gt=0, le=200)
    at: tuple[float, float] | None = None
    on: str | None = None
    to: str | None = None
    offset: tuple[float, float] = (0.0, 0.0)
    r: float = Field(default=10.0, gt=0, le=60)
    place: str | None = None


class FrameSpec(_Strict):
    """One keyframe as written in the file; ``leg``/``arm`` set both sides, ``_l``/``_r`` one."""

    hip: tuple[float, float] | None = None
    pin: str | None = None
    pin_x: float | None = None
    trunk: Angle | None = None
    head: Angle | None = None
    arm: tuple[Angle, Angle] | None = None
    arm_l: tuple[Angle, Angle] | None = None
    arm_r: tuple[Angle, Angle] | None = None
    leg: tuple[Angle, Angle, Angle] | None = None
    leg_l: tuple[Angle, Angle, Angle] | None = None
    leg_r: tuple[Angle, Angle, Angle] | None = None
    on: dict[str, str] = Field(default_factory=dict)


class BaseSpec(_Strict):
    """A shared pose for one movement pattern."""

    view: View = "side"
    props: tuple[PropSpec, ...] = ()
    frames: tuple[FrameSpec, ...] = Field(min_length=2)


class EntrySpec(_Strict):
    """One catalog entry's poses: a base, plus what differs."""

    base: str
    view: View | None = None
    props: tuple[PropSpec, ...] | None = None
    add_props: tuple[PropSpec, ...] = ()
    frames: tuple[FrameSpec, ...] = ()


class PoseFile(_Strict):
    """The whole ``poses.toml``."""

    base: dict[str, BaseSpec]
    pose: dict[str, EntrySpec]


@dataclass(frozen=True)
class PlacedProp:
    """A prop in one keyframe: its kind, its points in cm, and its size."""

    kind: str
    points: tuple[tuple[float, float], ...]
    radius: float = 0.0


@dataclass(frozen=True)
class Figure:
    """An entry's checked poses: view, keyframes (with the pinned hip) and props."""

    entry: str
    view: View
    keyframes: tuple[Keyframe, ...]
    props: tuple[PropSpec, ...]

    def joints(self, index: int) -> dict[str, Vec3]:
        """Joint positions of keyframe ``index``."""
        return forward(self.keyframes[index], self.view)

    def between(self, index: int, t: float) -> dict[str, Vec3]:
        """Joint positions a share ``t`` of the way from keyframe ``index`` to the next.

        Angles are interpolated along the shorter arc, so segment lengths never change.
        """
        a, b = self.keyframes[index], self.keyframes[(index + 1) % len(self.keyframes)]
        angles = {k: a.angles[k] + t * _arc(a.angles[k], b.angles[k]) for k in a.angles}
        depth = {
            k: a.depth.get(k, 0.0) + t * (b.depth.get(k, 0.0) - a.depth.get(k, 0.0))
            for k in set(a.depth) | set(b.depth)
        }
        hip = (a.hip[0] + t * (b.hip[0] - a.hip[0]), a.hip[1] + t * (b.hip[1] - a.hip[1]))
        return forward(Keyframe(hip=hip, angles=angles, depth=depth), self.view)

    def placed(self, joints: Mapping[str, Vec3]) -> tuple[PlacedProp, ...]:
        """The props where they are when the body is at ``joints``."""
        return tuple(place_prop(p, joints) for p in self.props)


def _arc(a: float, b: float) -> float:
    return (b - a + 180.0) % 360.0 - 180.0


def _split(value: Angle) -> tuple[float, float]:
    if isinstance(value, tuple):
        return float(value[0]), float(value[1])
    return float(value), 0.0


def _point(joints: Mapping[str, Vec3], name: str, entry: str) -> tuple[float, float]:
    if name not in joints:
        raise PoseError(f"{entry}: unknown joint {name!r}")
    return joints[name][0], joints[name][1]


def place_prop(prop: PropSpec, joints: Mapping[str, Vec3], entry: str = "figure") -> PlacedProp:
    """Where ``prop`` is for this body position."""
    dx, dy = prop.offset
    if prop.kind in BOX_PROPS:
        x = prop.x if prop.x is not None else 0.0
        return PlacedProp(prop.kind, ((x, 0.0), (x + prop.w, prop.h)))
    if prop.kind == "wall":
        x = prop.x if prop.x is not None else 0.0
        return PlacedProp(prop.kind, ((x, 0.0), (x, prop.h)))
    if prop.kind == "mini_band":
        start, end, share = BAND_PLACES[prop.place or "above_knees"]
        pts = []
        for side in ("l", "r"):
            a, b = joints[f"{start}_{side}"], joints[f"{end}_{side}"]
            pts.append((a[0] + share * (b[0] - a[0]), a[1] + share * (b[1] - a[1])))
        return PlacedProp(prop.kind, tuple(pts))
    if prop.kind in ("band", "pole"):
        first = prop.at if prop.at is not None else _point(joints, prop.on or "hip", entry)
        second = _point(joints, prop.to or "wrist_r", entry)
        return PlacedProp(prop.kind, (first, second))
    if prop.kind == "rope":
        left, right = _point(joints, "wrist_l", entry), _point(joints, "wrist_r", entry)
        low = min(joints["toe_l"][1], joints["toe_r"][1]) - 2.0
        mid = ((left[0] + right[0]) / 2 + dx, low + dy)
        return PlacedProp(prop.kind, (left, mid, right))
    if prop.at is not None:
        centre = (prop.at[0] + dx, prop.at[1] + dy)
    else:
        x, y = _point(joints, prop.on or "wrist_r", entry)
        centre = (x + dx, y + dy)
    return PlacedProp(prop.kind, (centre,), prop.r)


def _surface_gap(
    entry: str, joint: str, where: str, pos: Vec3, props: Sequence[PlacedProp]
) -> float:
    """Signed distance from the joint's resting height over ``where`` to the joint."""
    clearance = CONTACT_CLEARANCE_CM.get(joint_kind(joint))
    if clearance is None:
        raise PoseError(f"{entry}: joint {joint!r} cannot be a contact")
    if where == "floor":
        return pos[1] - clearance
    for prop in props:
        if prop.kind != where:
            continue
        if prop.kind in BOX_PROPS:
            (x0, _), (x1, top) = prop.points
            if x0 - CONTACT_TOLERANCE_CM <= pos[0] <= x1 + CONTACT_TOLERANCE_CM:
                return pos[1] - top - clearance
        elif prop.kind in ("ball", "medball"):
            return math.dist(prop.points[0], pos[:2]) - prop.radius - clearance
        elif prop.kind == "wall":
            return abs(pos[0] - prop.points[0][0]) - clearance
    raise PoseError(f"{entry}: joint {joint} rests on {where!r}, which is not under it")


def _angles(
    spec: Mapping[str, Any], entry: str, index: int
) -> tuple[dict[str, float], dict[str, float]]:
    angles: dict[str, float] = {}
    depth: dict[str, float] = {}

    def put(segment: str, value: Angle) -> None:
        angles[segment], tilt = _split(value)
        if tilt:
            depth[segment] = tilt

    if "trunk" not in spec or ("leg" not in spec and not ("leg_l" in spec and "leg_r" in spec)):
        raise PoseError(f"{entry}: keyframe {index + 1} needs trunk and leg angles")
    put("trunk", spec["trunk"])
    put("head", spec.get("head", spec["trunk"]))
    trunk_down = _split(spec["trunk"])[0] + 180.0
    for side in ("l", "r"):
        arm = spec.get(f"arm_{side}", spec.get("arm", (trunk_down, trunk_down)))
        leg = spec.get(f"leg_{side}", spec.get("leg"))
        for name, value in zip(("upper_arm", "forearm"), arm, strict=True):
            put(f"{name}_{side}", value)
        for name, value in zip(("thigh", "shank", "foot"), leg, strict=True):
            put(f"{name}_{side}", value)
    missing = [s for s in SEGMENTS if s not in angles]
    if missing:
        raise PoseError(f"{entry}: keyframe {index + 1} lacks angles for {missing}")
    return angles, depth


def _props(entry: str, spec: EntrySpec, base: BaseSpec, band: str | None) -> list[PropSpec]:
    props = list(spec.props if spec.props is not None else base.props) + list(spec.add_props)
    if band and not any(p.kind == "mini_band" for p in props):
        props.append(PropSpec(kind="mini_band", place=band))
    for prop in props:
        if prop.kind == "mini_band" and (prop.place or "") not in BAND_PLACES:
            raise PoseError(
                f"{entry}: mini band placement {prop.place!r} is not one of {list(BAND_PLACES)}"
            )
    return props


def _merged(frame: FrameSpec, override: FrameSpec | None) -> dict[str, Any]:
    """A base keyframe with the entry's override on top (``"none"`` drops a contact)."""
    merged: dict[str, Any] = frame.model_dump(exclude_none=True)
    if override is None:
        return merged
    extra = override.model_dump(exclude_none=True)
    for limb in ("leg", "arm"):
        if limb in extra:  # both sides given anew: the base's one-side values go
            merged.pop(f"{limb}_l", None)
            merged.pop(f"{limb}_r", None)
    contacts = {**merged.get("on", {}), **extra.pop("on", {})}
    merged.update(extra)
    merged["on"] = {j: s for j, s in contacts.items() if s != "none"}
    return merged


def _pinned(
    entry: str, index: int, merged: Mapping[str, Any], view: View, props: Sequence[PropSpec]
) -> Keyframe:
    """The keyframe with its hip moved so the pinned joint rests on its surface."""
    angles, depth = _angles(merged, entry, index)
    hip = tuple(merged.get("hip", (0.0, 0.0)))
    frame = Keyframe(hip=(hip[0], hip[1]), angles=angles, depth=depth)
    pin = merged.get("pin")
    if pin is None or pin == "none":
        return frame
    joints = forward(frame, view)
    where = merged["on"].get(pin)
    if where is None or pin not in joints:
        raise PoseError(f"{entry}: keyframe {index + 1} pins {pin}, which has no contact")
    if "pin_x" in merged:
        frame = Keyframe((hip[0] + merged["pin_x"] - joints[pin][0], hip[1]), angles, depth)
        joints = forward(frame, view)
    placed = tuple(place_prop(p, joints, entry) for p in props)
    lift = -_surface_gap(entry, pin, where, joints[pin], placed)
    return Keyframe((frame.hip[0], frame.hip[1] + lift), angles, depth)


def _check_frame(
    entry: str,
    index: int,
    contacts: Mapping[str, str],
    joints: Mapping[str, Vec3],
    props: Sequence[PropSpec],
) -> None:
    """Contacts on their surfaces, nothing below the floor, each band between its landmarks."""
    placed = tuple(place_prop(p, joints, entry) for p in props)
    for joint, where in contacts.items():
        if joint not in joints:
            raise PoseError(f"{entry}: keyframe {index + 1}: unknown joint {joint!r}")
        gap = _surface_gap(entry, joint, where, joints[joint], placed)
        if abs(gap) > CONTACT_TOLERANCE_CM:
            raise PoseError(
                f"{entry}: keyframe {index + 1}, joint {joint}: {gap:+.1f} cm off the {where}"
            )
    check_floor(entry, index, joints)
    for prop, where_drawn in zip(props, placed, strict=True):
        if prop.kind == "mini_band":
            span = math.dist(_band_end(prop, joints, "l"), _band_end(prop, joints, "r"))
            if not BAND_STRETCH_CM[0] <= span <= BAND_STRETCH_CM[1]:
                joint = BAND_PLACES[prop.place or ""][1]
                raise PoseError(
                    f"{entry}: keyframe {index + 1}, joint {joint}_l: the band spans"
                    f" {span:.0f} cm between its landmarks"
                )
        if any(y < -FLOOR_TOLERANCE_CM for _, y in where_drawn.points):
            raise PoseError(f"{entry}: keyframe {index + 1}, prop {prop.kind} below the floor")


def build_figure(entry: str, poses: PoseFile, band_placement: str | None = None) -> Figure:
    """Resolve ``entry``'s poses against its base, run the kinematics and check every rule.

    ``band_placement`` (the catalog's mini-band placement) adds a mini band between its
    landmarks when the poses do not draw one.
    """
    if entry not in poses.pose:
        raise PoseError(f"{entry}: no poses in poses.toml")
    spec = poses.pose[entry]
    if spec.base not in poses.base:
        raise PoseError(f"{entry}: unknown base pose {spec.base!r}")
    base = poses.base[spec.base]
    view: View = spec.view or base.view
    props = _props(entry, spec, base, band_placement)
    if len(spec.frames) > len(base.frames):
        raise PoseError(f"{entry}: {len(spec.frames)} frame overrides, base has {len(base.frames)}")
    keyframes: list[Keyframe] = []
    solved: list[dict[str, Vec3]] = []
    for index, frame in enumerate(base.frames):
        merged = _merged(frame, spec.frames[index] if index < len(spec.frames) else None)
        merged.setdefault("on", {})
        keyframe = _pinned(entry, index, merged, view, props)
        joints = forward(keyframe, view)
        _check_frame(entry, index, merged["on"], joints, props)
        keyframes.append(keyframe)
        solved.append(joints)
    check_lengths(entry, solved)
    return Figure(entry=entry, view=view, keyframes=tuple(keyframes), props=tuple(props))


def _band_end(prop: PropSpec, joints: Mapping[str, Vec3], side: str) -> Vec3:
    start, end, share = BAND_PLACES[prop.place or ""]
    a, b = joints[f"{start}_{side}"], joints[f"{end}_{side}"]
    return (
        a[0] + share * (b[0] - a[0]),
        a[1] + share * (b[1] - a[1]),
        a[2] + share * (b[2] - a[2]),
    )


def parse_poses(text: str) -> PoseFile:
    """Validate the text of a poses file; a bad entry fails naming the entry and the field."""
    try:
        return PoseFile.model_validate(tomllib.loads(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise PoseError(f"poses.toml, {where}: {first['msg']}") from None


@memo(maxsize=None)
def default_poses() -> PoseFile:
    """The packaged ``data/poses.toml``, read and validated once."""
    text = resources.files("gluteus.data").joinpath("poses.toml").read_text("utf-8")
    return parse_poses(text)


class PropView(BaseModel):
    """A prop in the API: its kind and, per keyframe, its points ``[x, y]`` in cm."""

    model_config = ConfigDict(frozen=True)

    kind: str
    radius_cm: float | None = None
    positions: list[list[tuple[float, float]]]


class FigureView(BaseModel):
    """The figure part of an exercise in the API and ``--json``: view, poses and props.

    ``poses`` holds one object per keyframe mapping each joint name to ``[x, y]`` in cm
    for a figure 170 cm tall, the floor at y = 0 and y up.
    """

    model_config = ConfigDict(frozen=True)

    view: View
    poses: list[dict[str, tuple[float, float]]] = Field(min_length=2)
    props: list[PropView]


def figure_view(figure: Figure) -> FigureView:
    """The contract's view of ``figure``: joint positions and prop positions per keyframe."""
    frames = [figure.joints(i) for i in range(len(figure.keyframes))]
    placed = [figure.placed(joints) for joints in frames]
    props = [
        PropView(
            kind=spec.kind if spec.kind != "pole" else "support",
            radius_cm=placed[0][n].radius or None,
            positions=[
                [(round(x, 1), round(y, 1)) for x, y in frame[n].points] for frame in placed
            ],
        )
        for n, spec in enumerate(figure.props)
    ]
    return FigureView(view=figure.view, poses=[planar(j) for j in frames], props=props)


@memo(maxsize=None)
def figure_for(entry: str, band_placement: str | None = None) -> Figure:
    """The checked figure of a catalog entry from the packaged poses (cached)."""
    return build_figure(entry, default_poses(), band_placement)
