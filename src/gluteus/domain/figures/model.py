"""A 2D human figure with Winter's proportions, posed by segment angles (forward kinematics).

Every segment hangs from its parent joint; a keyframe gives the hip position and, for each
segment, its direction in the picture plane (degrees, 0 = towards +x, 90 = straight up) and
optionally how far it tilts towards or away from the viewer (``depth``, degrees), which
shortens its drawn length. Joint positions come out in centimetres for a figure
:data:`FIGURE_HEIGHT_CM` tall, floor at y = 0, y up. Nothing here reads files or clocks.

References:
    [1] Winter DA. Biomechanics and Motor Control of Human Movement, 4th ed. Wiley, 2009,
        table 4.1 and figure 4.1 (segment lengths as fractions of body height H).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

View = Literal["side", "front", "back", "top"]
Vec3 = tuple[float, float, float]

FIGURE_HEIGHT_CM = 170.0
"""Height of the drawn person; the contract's joint positions use it. [cm]"""

SEGMENT_FRACTIONS: Mapping[str, float] = {
    "trunk": 0.818 - 0.530,  # greater trochanter 0.530 H to glenohumeral joint 0.818 H
    "head": 0.935 - 0.818,  # shoulder to the middle of the head (chin 0.870 H, vertex 1.0 H)
    "upper_arm": 0.186,
    "forearm": 0.146,
    "thigh": 0.245,
    "shank": 0.246,
    "foot": math.hypot(0.039, 0.152 * 0.75),  # ankle height 0.039 H; ankle over the rear quarter
}
"""Segment lengths as fractions of height, Winter 2009 table 4.1 / figure 4.1 [1]. [-]"""

HAND_FRACTION = 0.108
"""Hand length (wrist to fingertip), Winter 2009 table 4.1 [1]. [-]"""
HEAD_RADIUS_FRACTION = 0.065
"""Half the head's height (chin 0.870 H to vertex 1.0 H), Winter 2009 figure 4.1 [1]. [-]"""
SHOULDER_WIDTH_FRACTION = 0.259
"""Shoulder (biacromial) width, Winter 2009 figure 4.1 [1]. [-]"""
HIP_WIDTH_FRACTION = 0.191
"""Hip width, Winter 2009 figure 4.1 [1]; the hip joints sit a little inside it. [-]"""
ANKLE_HEIGHT_FRACTION = 0.039
"""Ankle joint height over the sole, Winter 2009 figure 4.1 [1]. [-]"""

LENGTH_TOLERANCE_CM = 0.5
"""How far a segment may drift in length between keyframes before the pose is rejected. [cm]"""
CONTACT_TOLERANCE_CM = 5.0
"""How far a declared contact may sit from its surface (skin and padding vary). [cm]"""
FLOOR_TOLERANCE_CM = 1.0
"""How far below the floor a joint may dip (rounding), beyond which the pose is rejected. [cm]"""

CONTACT_CLEARANCE_CM: Mapping[str, float] = {
    "toe": 1.0,
    "ankle": ANKLE_HEIGHT_FRACTION * FIGURE_HEIGHT_CM,
    "knee": 5.0,
    "hip": 9.0,
    "neck": 7.0,
    "shoulder": 7.0,
    "head": HEAD_RADIUS_FRACTION * FIGURE_HEIGHT_CM,
    "elbow": 4.0,
    "wrist": 3.0,
}
"""How far a joint centre sits above a surface it rests on (soft tissue under it). [cm]"""

SIDES = ("l", "r")
LIMB_SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("upper_arm", "shoulder", "elbow"),
    ("forearm", "elbow", "wrist"),
    ("thigh", "hip", "knee"),
    ("shank", "knee", "ankle"),
    ("foot", "ankle", "toe"),
)
"""Each limb segment with its parent and child joint (side suffix added per side)."""

SEGMENTS: tuple[str, ...] = (
    "trunk",
    "head",
    *(f"{name}_{side}" for name, _, _ in LIMB_SEGMENTS for side in SIDES),
)
"""Every segment a keyframe gives an angle for."""

JOINTS: tuple[str, ...] = (
    "head",
    "neck",
    "hip",
    *(f"{joint}_{side}" for joint in ("shoulder", "elbow", "wrist") for side in SIDES),
    *(f"{joint}_{side}" for joint in ("knee", "ankle", "toe") for side in SIDES),
)
"""The contract's joint names, in output order."""


def segment_length(segment: str, height_cm: float = FIGURE_HEIGHT_CM) -> float:
    """Length of ``segment`` (``thigh_l`` or ``trunk``) in cm, from Winter's fractions [1]."""
    base = segment[:-2] if segment[-2:] in ("_l", "_r") else segment
    return SEGMENT_FRACTIONS[base] * height_cm


class PoseError(ValueError):
    """A pose breaks the figure's rules; the message names the entry, keyframe and joint."""


@dataclass(frozen=True)
class Keyframe:
    """One pose: the hip position and each segment's direction (and tilt towards the viewer).

    Attributes:
        hip: Hip centre ``(x, y)`` in cm.
        angles: Segment name → direction in the picture plane, degrees (0 = +x, 90 = up).
        depth: Segment name → tilt out of the picture plane, degrees (0 = flat in it).
    """

    hip: tuple[float, float]
    angles: Mapping[str, float]
    depth: Mapping[str, float] = field(default_factory=dict)


def _step(start: Vec3, angle: float, depth: float, length: float) -> Vec3:
    a, d = math.radians(angle), math.radians(depth)
    return (
        start[0] + length * math.cos(d) * math.cos(a),
        start[1] + length * math.cos(d) * math.sin(a),
        start[2] + length * math.sin(d),
    )


def _lateral(view: View, trunk_angle: float, half_width: float, side: str) -> Vec3:
    """Offset of a left/right hip or shoulder from the midline, in the figure's space."""
    sign = 1.0 if side == "l" else -1.0
    if view == "side":
        return (0.0, 0.0, sign * half_width)  # across the picture plane, left side nearer
    if view == "back":
        sign = -sign
    a = math.radians(trunk_angle - 90.0)
    return (sign * half_width * math.cos(a), sign * half_width * math.sin(a), 0.0)


def forward(
    frame: Keyframe, view: View = "side", height_cm: float = FIGURE_HEIGHT_CM
) -> dict[str, Vec3]:
    """Joint positions (x, y, z) in cm for one keyframe, plus the side hips ``hip_l``/``hip_r``.

    Missing segment angles raise :class:`KeyError`; the loader fills every one.
    """

    def seg(name: str) -> tuple[float, float]:
        return frame.angles[name], frame.depth.get(name, 0.0)

    hip: Vec3 = (frame.hip[0], frame.hip[1], 0.0)
    joints: dict[str, Vec3] = {"hip": hip}
    trunk_angle, trunk_depth = seg("trunk")
    neck = _step(hip, trunk_angle, trunk_depth, segment_length("trunk", height_cm))
    joints["neck"] = neck
    joints["head"] = _step(neck, *seg("head"), segment_length("head", height_cm))
    for side in SIDES:
        for root, fraction, base in (
            ("shoulder", SHOULDER_WIDTH_FRACTION * 0.8, neck),
            ("hip", HIP_WIDTH_FRACTION * 0.8, hip),
        ):
            off = _lateral(view, trunk_angle, fraction * height_cm / 2, side)
            joints[f"{root}_{side}"] = (base[0] + off[0], base[1] + off[1], base[2] + off[2])
        for name, parent, child in LIMB_SEGMENTS:
            key = f"{name}_{side}"
            joints[f"{child}_{side}"] = _step(
                joints[f"{parent}_{side}"], *seg(key), segment_length(key, height_cm)
            )
    return joints


def planar(joints: Mapping[str, Vec3]) -> dict[str, tuple[float, float]]:
    """The contract's joints as ``[x, y]`` pairs in cm, rounded to 0.1 cm."""
    return {name: (round(joints[name][0], 1), round(joints[name][1], 1)) for name in JOINTS}


def measured_lengths(joints: Mapping[str, Vec3]) -> dict[str, float]:
    """Each segment's length as the distance between its two joints. [cm]"""
    out = {
        "trunk": math.dist(joints["hip"], joints["neck"]),
        "head": math.dist(joints["neck"], joints["head"]),
    }
    for side in SIDES:
        for name, parent, child in LIMB_SEGMENTS:
            out[f"{name}_{side}"] = math.dist(joints[f"{parent}_{side}"], joints[f"{child}_{side}"])
    return out


def check_lengths(entry: str, frames: Sequence[Mapping[str, Vec3]]) -> None:
    """Raise :class:`PoseError` if a segment's length drifts between keyframes.

    The rule: a rigid segment keeps its length, within :data:`LENGTH_TOLERANCE_CM`.
    """
    first = measured_lengths(frames[0])
    for index, joints in enumerate(frames[1:], start=1):
        for name, length in measured_lengths(joints).items():
            if abs(length - first[name]) > LENGTH_TOLERANCE_CM:
                raise PoseError(
                    f"{entry}: keyframe {index + 1}, segment {name}: length {length:.1f} cm "
                    f"differs from {first[name]:.1f} cm in keyframe 1"
                )


def joint_kind(joint: str) -> str:
    """``knee_l`` → ``knee``."""
    return joint[:-2] if joint[-2:] in ("_l", "_r") else joint


def check_floor(entry: str, index: int, joints: Mapping[str, Vec3], floor: float = 0.0) -> None:
    """Raise :class:`PoseError` if a joint (or the head's crown) is below the floor."""
    for name, (_, y, _) in joints.items():
        low = y - (CONTACT_CLEARANCE_CM["head"] if name == "head" else 0.0)
        if low < floor - FLOOR_TOLERANCE_CM:
            raise PoseError(
                f"{entry}: keyframe {index + 1}, joint {name}: {-low:.1f} cm below the floor"
            )
