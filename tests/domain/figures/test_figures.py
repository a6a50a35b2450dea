"""Exercise figures: every catalog entry posed, checked by kinematics, drawn within budget."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.charts.figure import MAX_BYTES, exercise_figure, render_figure
from gluteus.domain.catalog import default_catalog
from gluteus.domain.figures.model import (
    FIGURE_HEIGHT_CM,
    JOINTS,
    LENGTH_TOLERANCE_CM,
    SEGMENTS,
    Keyframe,
    PoseError,
    check_lengths,
    forward,
    measured_lengths,
    segment_length,
)
from gluteus.domain.figures.poses import (
    BAND_PLACES,
    build_figure,
    default_poses,
    figure_view,
    parse_poses,
)

CATALOG = list(default_catalog())
SVG = "{http://www.w3.org/2000/svg}"


def test_every_catalog_entry_has_poses_and_no_pose_is_orphaned() -> None:
    poses = default_poses()
    ids = {e.id for e in CATALOG}
    assert ids <= set(poses.pose), sorted(ids - set(poses.pose))
    assert set(poses.pose) <= ids, sorted(set(poses.pose) - ids)


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda e: e.id)
def test_each_entry_poses_pass_the_kinematics_and_render_within_budget(exercise) -> None:  # type: ignore[no-untyped-def]
    figure = exercise_figure(exercise)
    assert len(figure.keyframes) >= 2
    view = figure_view(figure)
    assert view.view in {"side", "front", "back", "top"}
    for pose in view.poses:
        assert set(pose) == set(JOINTS)
        assert all(y >= -1.0 for _, y in pose.values())
    assert view.poses[0] != view.poses[-1], "start and end must differ"
    for mode in ("animated", "pair"):
        svg = render_figure(figure, exercise, mode)
        assert len(svg.encode()) <= MAX_BYTES, f"{mode} figure is {len(svg.encode())} bytes"
        root = ET.fromstring(svg)
        assert root.find(f"{SVG}title").text == exercise.name
        desc = root.find(f"{SVG}desc").text
        assert desc and desc.startswith(exercise.steps[0][:20])
    if exercise.band_placement is not None:
        bands = [p for p in figure.props if p.kind == "mini_band"]
        assert [b.place for b in bands] == [exercise.band_placement.value]


def test_the_animation_moves_slowly_and_shows_both_poses_when_motion_is_reduced() -> None:
    exercise = default_catalog().get("glute-bridge")
    svg = render_figure(exercise_figure(exercise), exercise)
    seconds = float(re.search(r"animation:([\d.]+)s", svg).group(1))  # type: ignore[union-attr]
    assert seconds >= 4, "one repetition shown in under 4 s is too fast to follow"
    reduced = svg[svg.index("prefers-reduced-motion") :]
    assert "animation:none" in reduced and "scale(.5)" in reduced
    assert "<script" not in svg


def test_glute_max_and_glute_med_are_tinted_in_distinct_colours() -> None:
    from gluteus.charts.figure import GLUTE_MAX_COLOUR, GLUTE_MED_COLOUR

    assert GLUTE_MAX_COLOUR != GLUTE_MED_COLOUR
    bridge = default_catalog().get("glute-bridge")  # glute max only
    clam = default_catalog().get("clamshell")  # glute med first
    bridge_svg = render_figure(exercise_figure(bridge), bridge, "pair")
    clam_svg = render_figure(exercise_figure(clam), clam, "pair")
    assert GLUTE_MAX_COLOUR in bridge_svg and GLUTE_MED_COLOUR not in bridge_svg
    assert GLUTE_MED_COLOUR in clam_svg


def test_segment_lengths_follow_winter() -> None:
    # Winter 2009 table 4.1: thigh 0.245 H, shank 0.246 H, upper arm 0.186 H, forearm 0.146 H.
    assert segment_length("thigh_l") == pytest.approx(0.245 * FIGURE_HEIGHT_CM)
    assert segment_length("shank_r") == pytest.approx(0.246 * FIGURE_HEIGHT_CM)
    assert segment_length("upper_arm_l") == pytest.approx(0.186 * FIGURE_HEIGHT_CM)
    assert segment_length("forearm_r") == pytest.approx(0.146 * FIGURE_HEIGHT_CM)
    stand = forward(
        Keyframe(
            hip=(0.0, 0.0),
            angles={s: (90.0 if s in ("trunk", "head") else -90.0) for s in SEGMENTS},
        )
    )
    # Standing straight, the hip sits at Winter's 0.530 H less the ankle height above the sole.
    assert stand["hip"][1] - stand["ankle_l"][1] == pytest.approx((0.530 - 0.039) * 170, abs=0.5)


angle = st.floats(min_value=-360, max_value=360, allow_nan=False)
tilt = st.floats(min_value=-89, max_value=89, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    frames=st.lists(
        st.tuples(
            st.tuples(st.floats(-200, 200), st.floats(0, 200)),
            st.fixed_dictionaries(dict.fromkeys(SEGMENTS, angle)),
            st.fixed_dictionaries(dict.fromkeys(SEGMENTS, tilt)),
        ),
        min_size=2,
        max_size=4,
    ),
    view=st.sampled_from(["side", "front", "back", "top"]),
)
def test_random_joint_angles_never_drift_segment_lengths(frames, view) -> None:  # type: ignore[no-untyped-def]
    solved = [forward(Keyframe(hip=h, angles=a, depth=d), view) for h, a, d in frames]
    for joints in solved:
        for name, length in measured_lengths(joints).items():
            assert length == pytest.approx(segment_length(name), abs=1e-6)
    check_lengths("random", solved)  # raises if any segment drifted


def test_a_stretched_segment_is_an_error_naming_the_entry_and_segment() -> None:
    good = forward(Keyframe(hip=(0, 90), angles=dict.fromkeys(SEGMENTS, -90.0)))
    bad = dict(good)
    x, y, z = bad["knee_l"]
    bad["knee_l"] = (x, y - 3 * LENGTH_TOLERANCE_CM, z)
    with pytest.raises(PoseError, match=r"demo: keyframe 2, segment (thigh|shank)_l"):
        check_lengths("demo", [good, bad])


START = (
    '{{ trunk = 178, head = 176, leg = [50, -55, -19], pin = "toe_l", pin_x = 70, '
    'on = {{ toe_l = "floor", neck = "floor" }} }}'
)
END = (
    '{{ trunk = 205, head = 172, leg = {top}, pin = "toe_l", pin_x = 70, '
    'on = {{ toe_l = "floor", neck = "{surface}" }} }}'
)
POSE_FILE = f"""
[base.lying]
frames = [
  {START},
  {END},
]
[pose.demo]
base = "lying"
"""


def _demo(top: str = "[25, -72, -19]", surface: str = "floor", band: str | None = None) -> Any:
    return build_figure("demo", parse_poses(POSE_FILE.format(top=top, surface=surface)), band)


def test_the_demo_pose_is_valid() -> None:
    assert len(_demo().keyframes) == 2


def test_a_contact_off_its_surface_names_the_entry_and_joint() -> None:
    # Hips lifted with the thigh steep: the shoulders would leave the floor.
    with pytest.raises(PoseError, match=r"demo: keyframe 2, joint neck: .* off the floor"):
        _demo(top="[70, -40, -19]")


def test_a_contact_on_a_missing_prop_is_an_error() -> None:
    with pytest.raises(PoseError, match=r"demo: joint neck rests on 'bench'"):
        _demo(surface="bench")


def test_a_joint_below_the_floor_is_an_error() -> None:
    text = POSE_FILE.format(top="[25, -72, -19]", surface="floor").replace(
        START.format().split("leg = [50, -55, -19], ")[1].rsplit(" }", 1)[0], "hip = [0, 5]"
    )
    with pytest.raises(PoseError, match=r"demo: keyframe 1, joint \w+: .* below the floor"):
        build_figure("demo", parse_poses(text))


def test_a_band_is_drawn_between_its_landmarks_and_an_overstretched_one_is_refused() -> None:
    figure = _demo(band="below_knees")
    start, end, share = BAND_PLACES["below_knees"]
    joints = figure.joints(0)
    band = next(p for p in figure.placed(joints) if p.kind == "mini_band")
    knee, ankle = joints[f"{start}_l"], joints[f"{end}_l"]
    expected = (knee[0] + share * (ankle[0] - knee[0]), knee[1] + share * (ankle[1] - knee[1]))
    assert math.dist(band.points[0], expected) < 1e-6
    wide = POSE_FILE.format(top="[25, -72, -19]", surface="floor").replace(
        "leg = [50, -55, -19]",
        "leg_l = [50, -55, -19], leg_r = [[50, -60], [-55, -60], [-19, -60]]",
    )
    with pytest.raises(PoseError, match=r"demo: keyframe 1, joint ankle_l: the band spans"):
        build_figure("demo", parse_poses(wide), "ankles")


def test_a_malformed_file_names_the_field() -> None:
    with pytest.raises(PoseError, match=r"poses.toml, pose.demo.base"):
        parse_poses('[base]\n[pose.demo]\nview = "side"\n')
    with pytest.raises(PoseError, match=r"demo: unknown base pose 'nope'"):
        build_figure("demo", parse_poses('[base]\n[pose.demo]\nbase = "nope"\n'))
