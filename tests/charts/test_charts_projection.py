"""The projection view and chart: the 3,500 kcal line stops, marked; the axis fits the model."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gluteus.charts.projection import projection_figure
from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.services.energy import RULE_STOP_NOTES, ProjectionRequest, project


def _view(change: float, days: int):  # type: ignore[no-untyped-def]
    return project(
        ProjectionRequest(
            sex="male",
            age=40,
            height_cm=180,
            weight_kg=120,
            pal=1.5,
            intake_change_kcal=change,
            days=days,
        )
    )


def test_axis_follows_the_dynamic_model_not_the_rule() -> None:
    view = _view(-300.0, 3650)  # the rule runs out of fat on day ~1125; the model settles
    rule = view.rule_3500
    assert rule.stop_day is not None and rule.stop_cause == "fat_mass"
    fig = projection_figure(
        view.dynamic.day,
        view.dynamic.weight_kg,
        rule.weight_kg,
        band_kg=(view.dynamic.weight_low_kg or [], view.dynamic.weight_high_kg or []),
        rule_stop_day=rule.stop_day,
        rule_stop_note=RULE_STOP_NOTES[rule.stop_cause],
    )
    ax = fig.axes[0]
    bottom, top = ax.get_ylim()
    low = min(view.dynamic.weight_low_kg or [])
    high = max(view.dynamic.weight_high_kg or [])
    margin = 0.08 * (high - low)
    assert bottom == pytest.approx(low - margin)
    assert top == pytest.approx(high + margin)
    assert min(rule.weight_kg) < bottom  # so the rule is clipped, not given the axis
    line = next(x for x in ax.get_lines() if str(x.get_label()).startswith("3,500"))
    assert max(line.get_xdata()) == rule.stop_day  # the line ends where the rule stops
    assert "leaves the chart below on day" in str(line.get_label())
    notes = [t.get_text() for t in ax.texts]
    assert f"rule stops (all fat used up), day {rule.stop_day}" in notes


def test_without_a_stop_nothing_is_marked() -> None:
    view = _view(-100.0, 365)
    fig = projection_figure(view.dynamic.day, view.dynamic.weight_kg, view.rule_3500.weight_kg)
    ax = fig.axes[0]
    assert view.rule_3500.stop_day is None
    assert len(ax.texts) == 0
    line = next(x for x in ax.get_lines() if str(x.get_label()).startswith("3,500"))
    assert max(line.get_xdata()) == 365


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["female", "male"]),
    st.floats(18, 100),
    st.floats(120, 230),
    st.floats(35, 300),
    st.floats(1.0, 2.5),
    st.floats(0.0, 1.0),
    st.integers(1, 3650),
)
def test_projection_view_never_shows_a_rule_weight_below_its_limit(
    sex: str, age: float, height: float, weight: float, pal: float, share: float, days: int
) -> None:
    baseline_intake = pal * (
        9.99 * weight + 6.25 * height - 4.92 * age + (5 if sex == "male" else -161)
    )
    # Above about 6,000 kcal/day of maintenance, near-zero intake makes the dynamic model's
    # one-day RK4 step unstable (its glycogen term); the rule alone is tested over the whole
    # range in tests/domain/test_rule_3500.py.
    assume(baseline_intake <= 6000)
    request = ProjectionRequest(
        sex=sex,  # type: ignore[arg-type]
        age=age,
        height_cm=height,
        weight_kg=weight,
        pal=pal,
        intake_change_kcal=-share * baseline_intake,
        days=days,
    )
    view = project(request)
    rule = view.rule_3500
    assert len(rule.weight_kg) == len(view.dynamic.weight_kg) == days + 1
    assert min(rule.weight_kg) > 0
    assert min(rule.weight_kg) >= min(weight, rule.floor_kg) - 1e-3
    assert rule.floor_kg == pytest.approx(minimum_goal_weight_kg(height), abs=1e-3)
    if rule.stop_day is not None:
        assert rule.stop_reason is not None and f"day {rule.stop_day}" in rule.stop_reason
        assert set(rule.weight_kg[rule.stop_day :]) == {rule.limit_kg}
