"""Coach rules person by person: named personas whose plans a strength coach would sign."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Iterator
from importlib import resources

import pytest

from gluteus.domain.catalog import Exercise, Impact, Load, default_catalog
from gluteus.domain.patterns import Group, exercise_order_class
from gluteus.domain.planning import build_program
from gluteus.domain.planning import minutes as minutes_module
from gluteus.domain.profile import Limitation, Profile, Weekday
from gluteus.domain.program import PlannedExercise, Program, Role, Session, SessionKind, Week
from gluteus.domain.progression.strength import CALIBRATION

CATALOG = default_catalog()
PARQ = {f"q{i}": False for i in range(1, 8)}
BASE: dict[str, object] = {
    "sex": "female",
    "age": 34,
    "height_cm": 165,
    "weight_kg": 72,
    "parq": PARQ,
}


def plan(**update: object) -> Program:
    return build_program(Profile.model_validate({**BASE, **update}), CATALOG)


def rows(program: Program, *, week: int | None = None) -> Iterator[PlannedExercise]:
    for w in program.weeks:
        if week is not None and w.number != week:
            continue
        for day in w.days:
            for session in day.sessions:
                yield from session.exercises


def strength(week: Week) -> Iterator[Session]:
    for day in week.days:
        yield from day.strength_sessions()


def entries(program: Program, **kw: int) -> list[Exercise]:
    return [CATALOG.get(ex.id) for ex in rows(program, **kw)]


def rule(program: Program, rule_id: str) -> tuple[bool, bool, str]:
    found = {r.id: r for r in program.rules}[rule_id]
    return found.satisfied, found.constrained, found.detail


def holds(program: Program, *rule_ids: str) -> None:
    for rule_id in rule_ids:
        satisfied, _, detail = rule(program, rule_id)
        assert satisfied, (rule_id, detail)


def honest(program: Program) -> None:
    """Every rule holds or is reported with its reason, and notes name exactly the unmet."""
    unmet = {r.id for r in program.rules if not r.satisfied}
    for r in program.rules:
        assert r.satisfied or (r.constrained and r.detail), (r.id, r.detail)
    noted = {n.split("'")[1] for n in program.notes if n.startswith("Could not meet")}
    assert noted == unmet


def every_session_has_a_bridge(program: Program) -> None:
    for week in program.weeks:
        for session in strength(week):
            patterns = [CATALOG.get(e.id).pattern for e in session.exercises if e.role is Role.MAIN]
            assert patterns[0] in ("bridge", "hip extension")  # the glute lift leads
            assert len(patterns) == len(set(patterns))
            classes = [
                exercise_order_class(CATALOG.get(e.id))
                for e in session.exercises
                if e.role is Role.MAIN
            ][1:]
            assert classes == sorted(classes)


def beginner_with_a_band(program: Program) -> None:
    every_session_has_a_bridge(program)
    assert any("mini_band" in [q.value for q in e.equipment] for e in entries(program, week=1))
    assert all(e.level.value != "advanced" for e in entries(program))
    holds(program, "glute-volume", "group-volume", "session-skeleton", "owned-kit-used")
    glutes = program.volume[0].sets[Group.GLUTES.value]
    assert 10 <= glutes <= 20  # counted fractionally with finishers: a beginner's range


def knees_at_55(program: Program) -> None:
    used = entries(program)
    assert all(e.knee_load is not Load.HIGH and e.impact is not Impact.HIGH for e in used)
    assert "pigeon-stretch" not in {e.id for e in used}
    assert "figure-four-stretch" in {e.id for e in used}
    holds(program, "limitation-care", "limitations", "session-skeleton")


def advanced_full_gym(program: Program) -> None:
    first = [e for s in strength(program.weeks[0]) for e in s.exercises if e.role is Role.MAIN]
    assert all(e.sets >= 3 for e in first if exercise_order_class(CATALOG.get(e.id)) <= 1), first
    leads = {e.id for e in first if e.pattern == "bridge"}
    assert "hip-thrust" in leads
    assert "squat-jump" not in {e.id for e in first}
    assert [w.number for w in program.weeks if w.deload] == [4, 8]
    assert {w.phase for w in program.weeks} == {"foundation", "build", "peak"}
    holds(program, "phases-and-deloads", "glute-volume", "group-volume", "progression")


def man_with_a_bad_back(program: Program) -> None:
    ids = {e.id for e in entries(program)}
    assert not ids & {"kettlebell-swing", "loaded-squat", "superman", "good-morning", "jump-rope"}
    for week in program.weeks:
        if not week.deload:
            core = sum(
                e.sets
                for s in strength(week)
                for e in s.exercises
                if e.role is Role.MAIN and e.pattern in {"anti-extension", "anti-rotation"}
            )
            assert core >= 4
    assert "style-skirts" not in {t.id for t in program.tips}
    holds(program, "limitation-care", "honest-notes", "back-hinge-once")
    for week in program.weeks:
        loaded = [
            e
            for s in strength(week)
            for e in s.exercises
            if e.pattern == "hinge" and "body weight only" not in e.why
        ]
        assert len(loaded) <= 1  # one loaded hinge a week, lighter
        assert all(e.reps_min >= 12 and (e.rir or 0) >= 3 for e in loaded)


def pregnancy(program: Program) -> None:
    used = entries(program)
    assert all(e.pregnancy_ok and e.impact is not Impact.HIGH for e in used)
    assert program.calories.deficit_kcal == 0
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                if session.kind is SessionKind.CARDIO:
                    assert session.intensity == "moderate"
                    assert session.minutes <= 30
                    assert "fat loss" not in session.exercises[0].why
                for ex in session.exercises:
                    assert ex.role is not Role.MAIN or (ex.rir or 0) >= 3, (week.number, ex.id)
    assert "fat loss" not in plan_text(program)
    holds(program, "limitation-care", "pregnancy", "pregnancy-effort")


def plan_text(program: Program) -> str:
    """Every sentence the person reads in the plan, lower-cased."""
    parts = [*program.notes, *program.calories.notes, *(t.text for t in program.tips)]
    for week in program.weeks:
        parts.extend(week.notes)
        for day in week.days:
            for session in day.sessions:
                parts.extend(session.notes)
                parts.extend(e.why for e in session.exercises)
    return " ".join(parts).lower()


def twenty_minutes_every_day(program: Program) -> None:
    for week in program.weeks:
        assert len(week.days) == 7  # no day left empty
        assert sum(1 for d in week.days if d.cardio_minutes) >= 4
        assert sum(1 for d in week.days if not d.cardio_minutes) >= 2
    satisfied, constrained, detail = rule(program, "cardio-150")
    assert not satisfied and constrained and "strength" in detail
    assert any(n.startswith("Cardio trade-off") for n in program.notes)
    holds(program, "no-empty-day", "fits-minutes", "cardio-free-days", "short-day-supersets")
    labels = [e.superset for s in strength(program.weeks[0]) for e in s.exercises if e.superset]
    assert "A1" in labels and "A2" in labels  # 20-minute days pair non-competing moves


def weekends_only(program: Program) -> None:
    for session in strength(program.weeks[0]):
        assert session.focus == "full"
        patterns = {e.pattern for e in session.exercises if e.role is Role.MAIN}
        assert "bridge" in patterns and patterns & {"pull", "push", "vertical push"}
    _, constrained, detail = rule(program, "muscle-recovery")
    assert constrained and "back to back" in detail
    holds(program, "full-body-two-days", "session-skeleton", "glute-volume")


def older_with_poor_balance(program: Program) -> None:
    for week in program.weeks:
        patterns = {CATALOG.get(e.id).pattern for d in week.days for s in d.sessions
                    for e in s.exercises}  # fmt: skip
        assert {"balance", "sit-to-stand"} <= patterns
    for ex in rows(program):
        entry = CATALOG.get(ex.id)
        assert entry.balance_demand is not Load.HIGH
        if ex.role is Role.MAIN and entry.balance_demand is not Load.LOW:
            assert "support" in ex.why
    holds(program, "older-adults", "limitation-care")


def heavy_man_knees_and_back(program: Program) -> None:
    cardio = [e for e in entries(program) if e.kind.value == "cardio"]
    assert cardio and all(e.impact is not Impact.HIGH for e in cardio)
    assert "stationary-bike" in {e.id for e in cardio}
    holds(program, "limitation-care", "owned-kit-used", "hard-cardio-spacing")


def stability_ball_only(program: Program) -> None:
    for week in program.weeks:
        ids = {e.id for d in week.days for s in d.sessions for e in s.exercises}
        assert ids & {"stability-ball-reverse-extension", "hamstring-ball-curl"}
    holds(program, "owned-kit-used", "session-skeleton")


def two_days_apart(program: Program) -> None:
    assert len([d for d in program.weeks[0].days if d.strength_sessions()]) == 2
    holds(program, "full-body-two-days", "muscle-recovery", "glute-volume", "group-volume")


def jump_rope_owner(program: Program) -> None:
    lifted: set[Weekday] = set()
    for week in program.weeks:
        lifted = {d.weekday for d in week.days if d.strength_sessions()}
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    if ex.id == "jump-rope":
                        assert ex.sets >= 2 and ex.rest_seconds > 0 and ex.reps_max <= 60
                        assert Weekday.from_index(day.weekday.ordinal - 1) not in lifted
    assert "jump-rope" in {e.id for e in rows(program)}
    holds(program, "intervals-stay-intervals", "hard-cardio-spacing")


def man_with_dumbbells(program: Program) -> None:
    assert "style-skirts" not in {t.id for t in program.tips}
    for week in program.weeks:
        pulls = [e for s in strength(week) for e in s.exercises if e.pattern == "pull"]
        assert pulls
    superman = [e for e in rows(program) if e.id == "superman"]
    assert all(e.pattern == "back extension" for e in superman)
    holds(program, "group-volume", "honest-notes")


def bodyweight_beginner(program: Program) -> None:
    every_session_has_a_bridge(program)
    hinges = [e for e in rows(program, week=1) if e.pattern in {"hinge", "reverse extension"}]
    assert hinges
    holds(program, "group-volume", "glute-volume", "strength-floor", "cardio-150")


def short_sessions_say_why(program: Program) -> None:
    for r in program.rules:
        if not r.satisfied:
            assert r.constrained and ("min" in r.detail or "day" in r.detail), r
    # Too short for cardio beside lifting: one day becomes a cardio day, so both halves stay.
    holds(program, "combined-approach", "strength-minimum")
    assert "cardio day" in rule(program, "strength-3-4-days")[2]


def intermediate_lifter(program: Program) -> None:
    for week in program.weeks:
        rirs = {e.rir for s in strength(week) for e in s.exercises if e.role is Role.MAIN}
        assert len(rirs) == 1
        load = [n for s in strength(week) for n in s.notes if n.startswith("Load")]
        assert load
        if week.number in (1, 5, 9):
            assert CALIBRATION in load[0]  # the same sentence today shows
    assert program.weeks[0].days[0].strength_sessions()[0].exercises[0].rir == 3
    assert any(e.rir == 1 for e in rows(program, week=3) if e.role is Role.MAIN)
    assert program.weeks[3].deload
    first = {e.id for s in strength(program.weeks[0]) for e in s.exercises}
    later = {e.id for s in strength(program.weeks[4]) for e in s.exercises}
    assert first != later  # new variations each phase
    holds(program, "phases-and-deloads", "progression")


def knee_oa_with_a_bike(program: Program) -> None:
    cardio = [e.id for e in rows(program, week=1) if e.role is Role.CARDIO]
    assert cardio and any("bike" in i or "cycl" in i for i in cardio), cardio
    holds(program, "knee-care", "limitation-care", "glute-lead-first", "floor-transfer-guard")


def glute_growth_at_maintenance(program: Program) -> None:
    assert program.calories.deficit_kcal == 0
    assert "fat loss" not in plan_text(program)
    holds(program, "goal-followed", "glute-volume", "glute-lead-first", "lead-keeps-stimulus")
    assert all(v.sets[Group.GLUTES.value] <= 24 for v in program.volume)


def heavy_older_back_bands(program: Program) -> None:
    assert not {e.id for e in rows(program)} & {"inverted-row", "push-up", "pigeon-stretch"}
    holds(program, "floor-transfer-guard", "limitation-care", "glute-lead-first")


def toning_new_mother(program: Program) -> None:
    assert program.calories.deficit_kcal == 0
    assert not {"junk-food", "no-crash-diet"} & {t.id for t in program.tips}
    holds(program, "goal-followed", "glute-lead-first", "everyday-walking")


def bands_only_beginner(program: Program) -> None:
    stand_ins = {"kettlebell-deadlift", "romanian-deadlift", "dumbbell-row", "goblet-squat"}
    assert not stand_ins & {e.id for e in entries(program)}  # no backpack for a kettlebell
    for ex in rows(program):
        assert "household stand-in" not in ex.why or ex.pattern not in {"hinge", "pull"}
    holds(program, "owned-kit-first", "glute-lead-first", "session-skeleton", "group-volume")


def weekends_intermediate(program: Program) -> None:
    for week in program.weeks:
        sat, sun = (d for d in week.days if d.strength_sessions())
        sun_main = [e for s in sun.strength_sessions() for e in s.exercises if e.role is Role.MAIN]
        sat_main = [e for s in sat.strength_sessions() for e in s.exercises if e.role is Role.MAIN]
        assert not [e for e in sun_main if e.pattern in {"squat", "hinge"} and not e.unilateral]
        assert any(e.pattern == "hinge" and not e.unilateral for e in sat_main)  # heavy Saturday
        assert any(e.pattern == "hip abduction" for e in sun_main)
    holds(program, "split-back-to-back", "glute-lead-first", "full-body-two-days")


def mother_with_a_separation_sign(program: Program) -> None:
    referral = [n for n in program.notes if n.startswith("Pelvic health:")]
    assert referral and "physiotherapist" in referral[0] and "a gap or doming" in referral[0]
    for entry in entries(program):
        assert entry.impact is not Impact.HIGH, entry.id  # no jump rope, no jogging
        if entry.pattern in {"anti-extension", "anti-rotation", "anti-lateral-flexion"}:
            assert entry.id in {"dead-bug", "ball-dead-bug", "bird-dog", "pallof-press"}
    holds(program, "pelvic-floor-care", "postpartum-care", "glute-lead-first")


def runner_four_days(program: Program) -> None:
    holds(program, "glute-lead-first", "finisher-is-new", "everyday-walking", "goal-followed")
    holds(program, "regular-activity-counted", "lifting-apart-from-long-sessions", "cardio-150")
    for week in program.weeks:
        assert week.regular_activity_minutes == 3 * 40 + 80
        assert week.cardio_minutes == 0 and week.everyday_walk_minutes == 0  # no duplicate
        lifting = {d.weekday for d in week.days if d.strength_sessions()}
        assert lifting == {Weekday.TUE, Weekday.THU}  # not sat, the eve of the long run
    assert any(n.startswith("Your own activity") for n in program.weeks[0].notes)
    assert program.calories.exercise_kcal_per_day > 200  # her runs are in the budget


def short_days_keep_the_walk(program: Program) -> None:
    for week in program.weeks:
        assert week.everyday_walk_minutes == max(0, math.ceil(150 - week.cardio_minutes - 1e-6))
    holds(program, "everyday-walking", "glute-lead-first")


def pregnant_beginner_two_days(program: Program) -> None:
    pregnancy(program)
    holds(program, "pregnancy-effort", "glute-lead-first")


def advanced_at_maintenance(program: Program) -> None:
    holds(program, "glute-volume", "abduction-volume", "new-block", "lead-keeps-stimulus")
    assert program.calories.deficit_kcal == 0
    holds(program, "trained-strength-days", "split-back-to-back", "heavy-block")
    for week in program.weeks:
        assert sum(1 for d in week.days if d.strength_sessions()) == 4  # A/B/A/B
        leads = [next(iter(s.exercises)) for s in strength(week)]
        heavy = all(lead.reps_max <= 8 for lead in leads)
        assert heavy == (week.phase == "peak")  # the heavier block: weeks 9-12 only
    _, constrained, detail = rule(program, "muscle-recovery")
    assert constrained and "lighter single-leg" in detail


PERSONAS: dict[str, tuple[dict[str, object], Callable[[Program], None]]] = {
    "beginner with only a mini band": ({"equipment": ["mini_band"]}, beginner_with_a_band),
    "55-year-old with bad knees": (
        {"age": 55, "limitations": ["knees"], "equipment": ["dumbbells"]},
        knees_at_55,
    ),
    "advanced lifter, full gym": (
        {
            "level": "advanced",
            "minutes_per_session": 75,
            "equipment": [
                "barbell",
                "dumbbells",
                "bench",
                "cable_machine",
                "leg_press",
                "kettlebell",
                "mini_band",
            ],
        },
        advanced_full_gym,
    ),
    "man with a bad back": (
        {
            "sex": "male",
            "age": 45,
            "height_cm": 180,
            "weight_kg": 92,
            "limitations": ["lower_back"],
            "equipment": ["dumbbells", "kettlebell", "jump_rope"],
        },
        man_with_a_bad_back,
    ),
    "pregnancy": (
        {"limitations": ["pregnancy"], "equipment": ["mini_band", "dumbbells"]},
        pregnancy,
    ),
    "20 min a day, 7 days": (
        {"minutes_per_session": 20, "available_days": [d.value for d in Weekday]},
        twenty_minutes_every_day,
    ),
    "weekends only": (
        {"available_days": ["sat", "sun"], "equipment": ["dumbbells"]},
        weekends_only,
    ),
    "72-year-old with poor balance": (
        {"age": 72, "limitations": ["balance"], "weight_kg": 68},
        older_with_poor_balance,
    ),
    "130 kg man with knees and back": (
        {
            "sex": "male",
            "height_cm": 180,
            "weight_kg": 130,
            "limitations": ["knees", "lower_back"],
            "equipment": ["stationary_bike"],
        },
        heavy_man_knees_and_back,
    ),
    "stability ball only": ({"equipment": ["stability_ball"]}, stability_ball_only),
    "two days, Monday and Thursday": (
        {"available_days": ["mon", "thu"], "equipment": ["dumbbells", "mini_band"]},
        two_days_apart,
    ),
    "intermediate with a jump rope": (
        {
            "level": "intermediate",
            "equipment": ["jump_rope", "dumbbells"],
            "available_days": [d.value for d in Weekday],
        },
        jump_rope_owner,
    ),
    "man with dumbbells": (
        {"sex": "male", "height_cm": 182, "weight_kg": 85, "equipment": ["dumbbells"]},
        man_with_dumbbells,
    ),
    "beginner, bodyweight only": ({"equipment": []}, bodyweight_beginner),
    "15 minutes, three days": (
        {"minutes_per_session": 15, "available_days": ["mon", "wed", "fri"]},
        short_sessions_say_why,
    ),
    "knee osteoarthritis with a bike": (
        {
            "age": 63,
            "limitations": ["knees"],
            "equipment": ["stationary_bike", "mini_band", "dumbbells"],
        },
        knee_oa_with_a_bike,
    ),
    "glute growth at maintenance, barbell": (
        {
            "level": "intermediate",
            "goal": "build_glutes",
            "equipment": ["barbell", "bench", "dumbbells", "mini_band"],
            "minutes_per_session": 75,
        },
        glute_growth_at_maintenance,
    ),
    "heavy 60-year-old, sore back, bands only": (
        {
            "age": 60,
            "weight_kg": 118,
            "limitations": ["lower_back"],
            "equipment": ["resistance_band", "mini_band"],
        },
        heavy_older_back_bands,
    ),
    "mother six months after birth, toning": (
        {"age": 31, "goal": "tone", "equipment": ["mini_band", "dumbbells"]},
        toning_new_mother,
    ),
    "beginner with long and mini bands only": (
        {"equipment": ["resistance_band", "mini_band"]},
        bands_only_beginner,
    ),
    "weekends only, intermediate with dumbbells": (
        {
            "level": "intermediate",
            "available_days": ["sat", "sun"],
            "equipment": ["dumbbells", "bench", "mini_band"],
        },
        weekends_intermediate,
    ),
    "mother 20 weeks after birth with a tummy gap": (
        {
            "age": 32,
            "postpartum_weeks": 20,
            "breastfeeding": True,
            "equipment": ["jump_rope", "mini_band", "dumbbells"],
            "pelvic_floor_screen": {"leaking": False, "heaviness": False, "separation": True},
        },
        mother_with_a_separation_sign,
    ),
    "runner, four mornings a week": (
        {
            "level": "intermediate",
            "activity": "light",
            "available_days": ["tue", "thu", "sat"],
            "minutes_per_session": 50,
            "equipment": ["dumbbells", "mini_band"],
            "regular_activity": [
                {
                    "kind": "run",
                    "sessions_per_week": 3,
                    "minutes": 40,
                    "days": ["mon", "wed", "fri"],
                },
                {"kind": "run", "sessions_per_week": 1, "minutes": 80, "days": ["sun"]},
            ],
        },
        runner_four_days,
    ),
    "weekends only, 30 minutes": (
        {"available_days": ["sat", "sun"], "minutes_per_session": 30},
        short_days_keep_the_walk,
    ),
    "pregnant beginner, two days": (
        {
            "limitations": ["pregnancy"],
            "available_days": ["mon", "thu"],
            "equipment": ["mini_band", "dumbbells"],
        },
        pregnant_beginner_two_days,
    ),
    "advanced lifter toning at maintenance": (
        {
            "level": "advanced",
            "goal": "tone",
            "equipment": ["barbell", "dumbbells", "bench", "mini_band"],
            "minutes_per_session": 75,
        },
        advanced_at_maintenance,
    ),
    "intermediate lifter, 12 weeks": (
        {"level": "intermediate", "equipment": ["dumbbells", "bench", "mini_band"]},
        intermediate_lifter,
    ),
}


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_plan_is_one_a_coach_would_sign(name: str) -> None:
    update, check = PERSONAS[name]
    program = plan(**update)
    honest(program)
    check(program)


def test_example_plan_meets_every_rule() -> None:
    text = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    program = build_program(Profile.model_validate(tomllib.loads(text)), CATALOG)
    assert not program.unmet_rules(), [(r.id, r.detail) for r in program.unmet_rules()]
    assert not [n for n in program.notes if n.startswith("Could not meet")]
    assert len(program.volume) == len(program.weeks)


def test_limitations_never_contradict_the_plan_text() -> None:
    program = plan(limitations=list(Limitation), equipment=["mini_band", "dumbbells"])
    text = " ".join(program.notes + tuple(t.text for t in program.tips)).lower()
    assert "jump" not in {e.pattern for e in entries(program)}
    assert "no jumping" in text  # the pregnancy tip says so, and the plan obeys
    honest(program)


def _glute_sets_by_hand(week: Week) -> float:
    """Fractional glute count, written out: 1.0 direct, 0.5 for a glute-primary compound."""
    direct = {"bridge", "hip extension", "reverse extension", "hip abduction"}
    half = {"squat", "lunge", "step-up", "sit-to-stand", "hinge"}
    total = 0.0
    for session in strength(week):
        for e in session.exercises:
            if e.role not in (Role.MAIN, Role.FINISHER):
                continue
            glute = any(m.value.startswith("glute") for m in e.primary_muscles)
            if e.pattern in direct:
                total += e.sets
            elif e.pattern in half and glute:
                total += 0.5 * e.sets
    return total


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_glute_lift_leads_and_volume_is_counted_as_a_coach_counts(name: str) -> None:
    update, _ = PERSONAS[name]
    program = plan(**update)
    pregnant = Limitation.PREGNANCY in program.profile.limitations
    lead = {"bridge", "hip extension"} if pregnant else {"bridge"}
    for week in program.weeks:
        for session in strength(week):
            main = [e for e in session.exercises if e.role is Role.MAIN]
            finisher = {e.id for e in session.exercises if e.role is Role.FINISHER}
            assert main[0].pattern in lead, (week.number, main[0].id)
            assert not finisher & {e.id for e in main}
        glutes = program.volume[week.number - 1].sets[Group.GLUTES.value]
        assert glutes == pytest.approx(_glute_sets_by_hand(week))
        deficit = program.calories.deficit_kcal > 0.5
        high = 20 if deficit or program.profile.level.value == "beginner" else 24
        satisfied, constrained, _ = rule(program, "glute-volume")
        assert week.deload or glutes <= high or (not satisfied and constrained)
    holds(program, "glute-lead-first", "finisher-is-new")
    satisfied, constrained, _ = rule(program, "lead-keeps-stimulus")
    assert satisfied or constrained


def test_loaded_lead_keeps_its_stimulus_and_weeks_9_to_12_are_new() -> None:
    program = plan(equipment=["dumbbells", "bench", "mini_band"], weeks=12)
    leads = {
        w.number: [next(e for e in s.exercises if e.role is Role.MAIN).id for s in strength(w)]
        for w in program.weeks
    }
    values = {n: min(CATALOG.get(i).stimulus for i in ids) for n, ids in leads.items()}
    assert values[5] >= values[1] and values[9] >= values[5], leads
    holds(program, "lead-keeps-stimulus", "new-block", "abduction-volume")

    def main_ids(number: int) -> set[str]:
        week = program.weeks[number - 1]
        return {e.id for s in strength(week) for e in s.exercises if e.role is Role.MAIN}

    assert main_ids(9) != main_ids(1)


PREGNANT_WEEKS = [
    (["mon", "wed", "fri"], 45),
    (["mon", "tue", "wed", "thu", "fri"], 40),
    (["mon", "wed", "fri", "sat"], 60),
]


def _cardio(program: Program) -> float:
    return sum(d.cardio_minutes for d in program.weeks[0].days)


def test_pregnancy_gives_cardio_the_time_first(monkeypatch: pytest.MonkeyPatch) -> None:
    kit = ["dumbbells", "mini_band"]
    first = []
    for days, minutes in PREGNANT_WEEKS:
        expecting = plan(
            limitations=["pregnancy"],
            available_days=days,
            minutes_per_session=minutes,
            equipment=kit,
        )
        pregnancy(expecting)
        first.append(_cardio(expecting))
    monkeypatch.setattr(minutes_module, "PREGNANCY_KEEP_SHARE", 1.0)
    for (days, minutes), cardio in zip(PREGNANT_WEEKS, first, strict=True):
        strength_first = plan(
            limitations=["pregnancy"],
            available_days=days,
            minutes_per_session=minutes,
            equipment=kit,
        )
        assert cardio > _cardio(strength_first), (days, minutes)


@pytest.mark.parametrize(
    "update",
    [
        {"available_days": ["sat", "sun"], "minutes_per_session": 45},
        {"available_days": ["mon", "wed", "fri"], "minutes_per_session": 30},
        {"minutes_per_session": 90},
    ],
)
def test_weeks_report_cardio_and_the_everyday_walk_that_reaches_150(
    update: dict[str, object],
) -> None:
    program = plan(**update)
    for week in program.weeks:
        cardio = sum(d.cardio_minutes for d in week.days)
        assert week.cardio_minutes == pytest.approx(cardio, abs=0.1)
        assert week.cardio_minutes + week.everyday_walk_minutes >= 150 - 1e-6
        walk_notes = [n for n in week.notes if n.startswith("Everyday walking")]
        if cardio >= 150:
            assert week.everyday_walk_minutes == 0 and not walk_notes
        else:
            assert week.everyday_walk_minutes > 0
            assert walk_notes and f"{week.everyday_walk_minutes:.0f} min more" in walk_notes[0]
    holds(program, "everyday-walking")
    dumped = program.model_dump(mode="json")["weeks"][0]
    assert {"cardio_minutes", "everyday_walk_minutes"} <= set(dumped)


BARBELL_LIFTER = {
    "level": "intermediate",
    "equipment": ["barbell", "bench", "dumbbells", "mini_band"],
    "available_days": ["mon", "tue", "thu", "fri", "sat"],
    "minutes_per_session": 75,
}


def test_build_glutes_at_maintenance_gets_more_glute_work_and_no_deficit_talk() -> None:
    building = plan(goal="build_glutes", **BARBELL_LIFTER)
    losing = plan(goal="lose_fat", goal_weight_kg=65, **BARBELL_LIFTER)
    assert building.calories.deficit_kcal == 0 and losing.calories.deficit_kcal > 0
    assert building.calories.mode == "toning_at_maintenance"
    glutes = [v.sets[Group.GLUTES.value] for v in building.volume]
    assert max(glutes) <= 24
    assert sum(glutes) >= sum(v.sets[Group.GLUTES.value] for v in losing.volume)
    text = plan_text(building)
    assert "fat loss" not in text and "goal: build the glutes" in text
    assert not {"junk-food", "no-crash-diet"} & {t.id for t in building.tips}
    holds(building, "goal-followed", "glute-lead-first")
    holds(losing, "goal-followed")
    assert {"junk-food", "no-crash-diet"} <= {t.id for t in losing.tips}


@pytest.mark.parametrize(
    "update",
    [
        {"goal": "tone"},
        {"goal": "lose_fat", "goal_weight_kg": 45},  # under BMI 18.5: refused, tones instead
    ],
)
def test_no_deficit_means_no_deficit_tips_or_fat_loss_reasons(update: dict[str, object]) -> None:
    program = plan(**update)
    assert program.calories.deficit_kcal == 0
    text = plan_text(program)
    assert "fat loss" not in text and "deficit of" not in text
    assert not {"junk-food", "no-crash-diet"} & {t.id for t in program.tips}
    spot = next(t for t in program.tips if t.id == "spot-reduction")
    assert "your goal does not ask" in spot.text
    holds(program, "goal-followed", "combined-approach")


FLOOR_MOVES = {"inverted-row", "push-up", "pike-push-up", "pigeon-stretch"}


@pytest.mark.parametrize(
    "update",
    [
        {"sex": "male", "weight_kg": 130, "height_cm": 180, "level": "intermediate"},
        {"age": 72, "level": "intermediate"},
        {"level": "beginner"},
    ],
    ids=["130 kg man", "72-year-old", "beginner"],
)
def test_whole_body_floor_moves_come_supported(update: dict[str, object]) -> None:
    program = plan(equipment=["none"], **update)
    used = {e.id for e in rows(program)}
    assert not used & FLOOR_MOVES, used & FLOOR_MOVES
    patterns = {e.pattern for e in rows(program) if e.role is Role.MAIN}
    assert {"push", "pull"} <= patterns  # the supported variants keep push and pull
    holds(program, "floor-transfer-guard")


def test_floor_moves_stay_open_to_a_fit_intermediate() -> None:
    program = plan(equipment=["none"], level="intermediate", age=30)
    holds(program, "floor-transfer-guard")


def test_bad_knees_get_one_knee_move_a_session_and_a_pad_when_kneeling() -> None:
    program = plan(
        age=55,
        limitations=["knees"],
        equipment=["dumbbells", "mini_band", "step"],
        level="beginner",
    )
    for week in program.weeks:
        for session in strength(week):
            knee = [
                e.id
                for e in session.exercises
                if e.role is Role.MAIN
                and e.pattern in ("squat", "lunge", "step-up", "sit-to-stand")
            ]
            assert len(knee) <= 1, knee
    kneeling = [e for e in rows(program) if "kneel" in " ".join(CATALOG.get(e.id).steps).lower()]
    assert kneeling and all("pad" in e.why for e in kneeling if e.role is not Role.CARDIO)
    holds(program, "knee-care", "limitation-care")


def test_no_band_placement_is_printed_to_someone_without_a_band() -> None:
    bandless = plan(equipment=["dumbbells", "bench"])
    assert all(e.band_placement is None for e in rows(bandless))
    holds(bandless, "owned-kit-text")
    banded = plan(equipment=["dumbbells", "bench", "mini_band"])
    assert any(e.band_placement is not None for e in rows(banded))


@pytest.mark.parametrize("level", ["intermediate", "advanced"])
def test_trained_lifter_with_four_days_in_a_row_gets_three_strength_days(level: str) -> None:
    program = plan(level=level, available_days=["mon", "tue", "wed", "thu"], minutes_per_session=60)
    for week in program.weeks:
        assert sum(1 for d in week.days if d.strength_sessions()) >= 3
    holds(program, "trained-strength-days")
    satisfied, constrained, detail = rule(program, "muscle-recovery")
    assert satisfied or (constrained and "back to back" in detail)
    beginner = plan(available_days=["mon", "tue", "wed", "thu"], minutes_per_session=60)
    assert sum(1 for d in beginner.weeks[0].days if d.strength_sessions()) == 2


def test_six_months_after_birth_breastfeeding() -> None:
    base = {"equipment": ["mini_band", "jump_rope"], "pace_kg_per_week": 1.0}
    nursing = plan(postpartum_weeks=26, breastfeeding=True, **base)
    other = plan(**base)
    cal = nursing.calories
    assert cal.lactation_kcal == 330
    assert cal.pace_kg_per_week <= 0.5 + 1e-9
    assert cal.maintenance_kcal == pytest.approx(
        cal.tdee_kcal + cal.exercise_kcal_per_day + cal.pregnancy_kcal + cal.lactation_kcal, abs=0.2
    )
    assert cal.target_kcal > other.calories.target_kcal
    assert any(n.startswith("After birth:") and "physiotherapist" in n for n in nursing.notes)
    holds(nursing, "postpartum-care", "calorie-floor", "safe-pace")
    later = plan(postpartum_weeks=40, breastfeeding=True, **base)
    assert later.calories.lactation_kcal == 400


def test_no_impact_in_the_first_weeks_after_birth() -> None:
    early = plan(postpartum_weeks=6, equipment=["jump_rope", "mini_band"], level="intermediate")
    assert all(CATALOG.get(e.id).impact is not Impact.HIGH for e in rows(early))
    holds(early, "postpartum-care")
    assert not any(n.startswith("After birth:") for n in plan().notes)
