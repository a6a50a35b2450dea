"""One test per rule: break the rule in a valid plan and the validator must notice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gluteus.domain.catalog import BandPlacement, default_catalog
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Goal, Limitation, Profile, Weekday
from gluteus.domain.program import Day, PlannedExercise, Program, Role, Session, SessionKind
from gluteus.domain.rules.registry import RULES, RULES_BY_ID, validate

CATALOG = default_catalog()
BASE = Profile(
    sex="female",
    age=34,
    height_cm=165,
    weight_kg=72,
    goal_weight_kg=65,
    equipment=["mini_band", "dumbbells", "bench"],
    parq={f"q{i}": False for i in range(1, 8)},
)
PROGRAM = build_program(BASE, CATALOG)
SANDWICH = build_program(
    Profile.model_validate(
        {**BASE.model_dump(), "cardio_sandwich": True, "minutes_per_session": 90}
    ),
    CATALOG,
)


def variant(**update: object) -> Profile:
    return Profile.model_validate({**BASE.model_dump(), **update})


LIFTER = build_program(variant(**{"level": "intermediate", "weeks": 8}), CATALOG)
OLDER = build_program(variant(**{"age": 70}), CATALOG)
CARE = build_program(variant(**{"limitations": ["lower_back", "balance", "pregnancy"]}), CATALOG)
BALL = build_program(
    variant(**{"equipment": ["stability_ball", "stationary_bike", "mini_band"]}),
    CATALOG,
)


def map_days(program: Program, fn: Callable[[Day], Day | None], weeks: int = 1) -> Program:
    new_weeks = []
    for index, week in enumerate(program.weeks):
        if index < weeks:
            days = tuple(d for d in (fn(day) for day in week.days) if d is not None)
            week = week.model_copy(update={"days": days})
        new_weeks.append(week)
    return program.model_copy(update={"weeks": tuple(new_weeks)})


def map_sessions(program: Program, fn: Callable[[Session], Session | None]) -> Program:
    def day_fn(day: Day) -> Day:
        sessions = tuple(s for s in (fn(s) for s in day.sessions) if s is not None)
        return day.model_copy(update={"sessions": sessions})

    return map_days(program, day_fn, weeks=len(program.weeks))


def map_main(program: Program, fn: Callable[[PlannedExercise], PlannedExercise]) -> Program:
    def session_fn(session: Session) -> Session:
        if session.kind is not SessionKind.STRENGTH:
            return session
        exercises = tuple(fn(ex) if ex.role is Role.MAIN else ex for ex in session.exercises)
        return session.model_copy(update={"exercises": exercises})

    return map_sessions(program, session_fn)


def first_main(program: Program, fn: Callable[[PlannedExercise], PlannedExercise]) -> Program:
    done = False

    def once(ex: PlannedExercise) -> PlannedExercise:
        nonlocal done
        if done:
            return ex
        done = True
        return fn(ex)

    return map_main(program, once)


def with_profile(program: Program, **update: object) -> Program:
    return program.model_copy(update={"profile": program.profile.model_copy(update=update)})


def with_calories(program: Program, **update: object) -> Program:
    return program.model_copy(update={"calories": program.calories.model_copy(update=update)})


def drop_kind(kind: SessionKind) -> Callable[[Session], Session | None]:
    return lambda s: None if s.kind is kind else s


def cardio_every_day(program: Program) -> Program:
    cardio = next(s for d in program.weeks[0].days for s in d.sessions if s.kind.value == "cardio")
    days = tuple(Day(weekday=w, sessions=(cardio,)) for w in Weekday)
    week = program.weeks[0].model_copy(update={"days": days})
    return program.model_copy(update={"weeks": (week, *program.weeks[1:])})


def keep_one_strength_day(program: Program) -> Program:
    seen = False

    def fn(day: Day) -> Day:
        nonlocal seen
        if not day.strength_sessions():
            return day
        if not seen:
            seen = True
            return day
        return day.model_copy(
            update={"sessions": tuple(s for s in day.sessions if s.kind is SessionKind.CARDIO)}
        )

    return map_days(program, fn)


def back_to_back(program: Program) -> Program:
    strength_day = next(d for d in program.weeks[0].days if d.strength_sessions())
    nxt = Weekday.from_index(strength_day.weekday.ordinal + 1)
    clone = strength_day.model_copy(update={"weekday": nxt})
    days = (*tuple(d for d in program.weeks[0].days if d.weekday is not nxt), clone)
    week = program.weeks[0].model_copy(update={"days": days})
    return program.model_copy(update={"weeks": (week, *program.weeks[1:])})


def only(exercise_id: str) -> Callable[[Program], Program]:
    entry = CATALOG.get(exercise_id)

    def fn(program: Program) -> Program:
        def swap(session: Session) -> Session:
            if session.kind is not SessionKind.STRENGTH:
                return session
            exercises = tuple(
                ex.model_copy(update={"id": entry.id, "primary_muscles": entry.primary_muscles})
                for ex in session.exercises
            )
            return session.model_copy(update={"exercises": exercises})

        return map_sessions(program, swap)

    return fn


def swap_main(old_pattern: str, new_id: str) -> Callable[[Program], Program]:
    """Replace the first main exercise of a pattern in every session with another entry."""
    entry = CATALOG.get(new_id)

    def fn(program: Program) -> Program:
        def swap(session: Session) -> Session:
            done = False
            rows = []
            for ex in session.exercises:
                if not done and ex.role is Role.MAIN and ex.pattern == old_pattern:
                    done = True
                    ex = ex.model_copy(
                        update={"id": entry.id, "pattern": entry.pattern, "name": entry.name}
                    )
                rows.append(ex)
            return session.model_copy(update={"exercises": tuple(rows)})

        return map_sessions(program, swap)

    return fn


def drop_main(patterns: set[str]) -> Callable[[Program], Program]:
    def fn(program: Program) -> Program:
        def keep(session: Session) -> Session:
            rows = tuple(
                ex
                for ex in session.exercises
                if not (ex.role is Role.MAIN and ex.pattern in patterns)
            )
            return session.model_copy(update={"exercises": rows})

        return map_sessions(program, keep)

    return fn


def reverse_main(program: Program) -> Program:
    def fn(session: Session) -> Session:
        if session.kind is not SessionKind.STRENGTH:
            return session
        main = [ex for ex in session.exercises if ex.role is Role.MAIN]
        rest = [ex for ex in session.exercises if ex.role is not Role.MAIN]
        return session.model_copy(update={"exercises": (*reversed(main), *rest)})

    return map_sessions(program, fn)


def set_sets(count: int) -> Callable[[Program], Program]:
    return lambda p: map_main(p, lambda e: e.model_copy(update={"sets": count}))


def halve_strength(program: Program) -> Program:
    def fn(session: Session) -> Session:
        if session.kind is not SessionKind.STRENGTH:
            return session
        return session.model_copy(update={"minutes": 10.0})

    return map_sessions(program, fn)


def jump_rope_continuous(program: Program) -> Program:
    rope = CATALOG.get("jump-rope")

    def fn(session: Session) -> Session:
        if session.kind is not SessionKind.CARDIO:
            return session
        rows = tuple(
            ex.model_copy(update={"id": rope.id, "sets": 1, "reps_max": 1800, "rest_seconds": 0})
            for ex in session.exercises
        )
        return session.model_copy(update={"exercises": rows})

    return map_sessions(program, fn)


def hard_cardio_after_strength(program: Program) -> Program:
    week = program.weeks[0]
    lifted = {d.weekday for d in week.days if d.strength_sessions()}

    def fn(day: Day) -> Day:
        if Weekday.from_index(day.weekday.ordinal - 1) not in lifted:
            return day
        sessions = tuple(
            s.model_copy(update={"intensity": "intervals"}) if s.kind is SessionKind.CARDIO else s
            for s in day.sessions
        )
        return day.model_copy(update={"sessions": sessions})

    return map_days(program, fn)


def empty_a_cardio_day(program: Program) -> Program:
    shortened = map_days(
        program,
        lambda d: None if [s.kind for s in d.sessions] == [SessionKind.CARDIO] else d,
    )
    return shortened


def no_deload(program: Program) -> Program:
    weeks = tuple(w.model_copy(update={"deload": False}) for w in program.weeks)
    return program.model_copy(update={"weeks": weeks})


def drop_balance_cue(program: Program) -> Program:
    def fn(session: Session) -> Session:
        rows = tuple(
            e if e.role is Role.CARDIO else e.model_copy(update={"why": "no cue"})
            for e in session.exercises
        )
        return session.model_copy(update={"exercises": rows})

    return map_sessions(program, fn)


def drop_kit(kit: str) -> Callable[[Program], Program]:
    def fn(program: Program) -> Program:
        def keep(session: Session) -> Session | None:
            rows = tuple(
                ex
                for ex in session.exercises
                if kit not in {e.value for e in CATALOG.get(ex.id).equipment}
            )
            return session.model_copy(update={"exercises": rows}) if rows else None

        return map_sessions(program, keep)

    return fn


def drop_pattern(pattern: str) -> Callable[[Program], Program]:
    def fn(program: Program) -> Program:
        def keep(session: Session) -> Session:
            rows = tuple(ex for ex in session.exercises if ex.pattern != pattern)
            return session.model_copy(update={"exercises": rows})

        return map_sessions(program, keep)

    return fn


def false_note(program: Program) -> Program:
    return program.model_copy(
        update={"notes": (*program.notes, "Could not meet 'rest-between-sets': no reason.")}
    )


def drop_first_sandwich_half(program: Program) -> Program:
    def fn(day: Day) -> Day:
        kinds = [s.kind for s in day.sessions]
        if SessionKind.STRENGTH in kinds and kinds[0] is SessionKind.CARDIO:
            return day.model_copy(update={"sessions": day.sessions[1:]})
        return day

    return map_days(program, fn)


def lighter_lead_later(program: Program) -> Program:
    """From week 5 the loaded hip thrust becomes a bodyweight bridge."""
    light = swap_main("bridge", "glute-bridge")(program)
    return program.model_copy(update={"weeks": (*program.weeks[:4], *light.weeks[4:])})


def repeat_first_block(program: Program) -> Program:
    """Weeks 9-12 copy weeks 1-4 exercise for exercise."""
    copies = tuple(
        week.model_copy(update={"days": program.weeks[index - 8].days})
        for index, week in enumerate(program.weeks)
        if index >= 8
    )
    return program.model_copy(update={"weeks": (*program.weeks[:8], *copies)})


def finisher_repeats_main(program: Program) -> Program:
    def fn(session: Session) -> Session:
        main = [ex for ex in session.exercises if ex.role is Role.MAIN]
        rows = [
            ex.model_copy(update={"id": main[0].id}) if ex.role is Role.FINISHER else ex
            for ex in session.exercises
        ]
        return session.model_copy(update={"exercises": tuple(rows)})

    return map_sessions(program, fn)


def two_squats(program: Program) -> Program:
    """Two knee-dominant main moves in every strength session."""

    def fn(session: Session) -> Session:
        if session.kind is not SessionKind.STRENGTH:
            return session
        rows, count = [], 0
        for ex in session.exercises:
            if ex.role is Role.MAIN and count < 2 and ex.pattern != "bridge":
                ex = ex.model_copy(update={"pattern": "squat"})
                count += 1
            rows.append(ex)
        return session.model_copy(update={"exercises": tuple(rows)})

    return map_sessions(program, fn)


def place_a_band(row: PlannedExercise) -> PlannedExercise:
    return row.model_copy(update={"band_placement": BandPlacement.ABOVE_KNEES})


POSTPARTUM = build_program(
    variant(**{"postpartum_weeks": 8, "breastfeeding": True, "equipment": ["jump_rope"]}),
    CATALOG,
)
BANDLESS = build_program(variant(**{"equipment": ["dumbbells", "bench"]}), CATALOG)
KNEES = build_program(variant(**{"limitations": ["knees"]}), CATALOG)


RUNNER = build_program(
    variant(
        **{
            "available_days": ["tue", "thu", "sat"],
            "regular_activity": "run 3x40 mon,wed,fri; run 1x80 sun",
        }
    ),
    CATALOG,
)


def cardio_on_a_run_day(program: Program) -> Program:
    """A stand-alone cardio day put on Monday, a day the person already runs."""
    cardio = next(d for w in PROGRAM.weeks for d in w.days if d.sessions and all(
        s.kind is SessionKind.CARDIO for s in d.sessions))  # fmt: skip
    first = program.weeks[0]
    days = (cardio.model_copy(update={"weekday": Weekday.MON}), *first.days)
    return program.model_copy(
        update={"weeks": (first.model_copy(update={"days": days}), *program.weeks[1:])}
    )


def lift_on_the_eve_of_the_long_run(program: Program) -> Program:
    """The last strength day moved to Saturday, the day before Sunday's long run."""
    first = program.weeks[0]
    last = [d for d in first.days if d.strength_sessions()][-1]
    days = tuple(
        d.model_copy(update={"weekday": Weekday.SAT}) if d is last else d for d in first.days
    )
    return program.model_copy(
        update={"weeks": (first.model_copy(update={"days": days}), *program.weeks[1:])}
    )


BANDS_ONLY = build_program(variant(**{"equipment": ["resistance_band", "mini_band"]}), CATALOG)
BAD_BACK = build_program(
    variant(**{"limitations": ["lower_back"], "equipment": ["dumbbells", "kettlebell"]}), CATALOG
)


def hinge_with_a_backpack(program: Program) -> Program:
    """The first hinge becomes a kettlebell deadlift, loaded with a backpack."""
    done = False

    def swap(ex: PlannedExercise) -> PlannedExercise:
        nonlocal done
        if done or ex.pattern != "hinge":
            return ex
        done = True
        return ex.model_copy(update={"id": "kettlebell-deadlift"})

    return map_main(program, swap)


def every_hinge_loaded(program: Program) -> Program:
    """The bodyweight-only cue dropped: every hinge of the week is a loaded one."""
    return map_main(
        program,
        lambda ex: (
            ex.model_copy(update={"why": ex.why.split(";")[0]}) if ex.pattern == "hinge" else ex
        ),
    )


WEEKENDS = build_program(
    variant(**{"level": "intermediate", "available_days": ["sat", "sun"]}), CATALOG
)


def heavy_both_days(program: Program) -> Program:
    """Sunday's single-leg work marked two-legged again: two heavy leg days in a row."""
    return map_main(
        program,
        lambda ex: (
            ex.model_copy(update={"unilateral": False})
            if ex.pattern in {"squat", "hinge", "lunge"}
            else ex
        ),
    )


ADVANCED = build_program(
    variant(**{"level": "advanced", "equipment": ["barbell", "dumbbells", "bench"]}), CATALOG
)


def no_heavy_block(program: Program) -> Program:
    """Every main lift back at 8-12 reps: no heavier phase."""
    return map_main(
        program,
        lambda ex: (
            ex.model_copy(update={"reps_min": 8, "reps_max": 12}) if ex.reps_max <= 8 else ex
        ),
    )


SHORT = build_program(
    variant(**{"minutes_per_session": 20, "equipment": ["dumbbells", "mini_band"]}), CATALOG
)


def supersets_timed_as_singles(program: Program) -> Program:
    """Each superset's second move counted as if done alone: the time model lies."""
    weeks = []
    for week in program.weeks:
        days = []
        for day in week.days:
            sessions = []
            for session in day.sessions:
                rows = tuple(
                    ex.model_copy(update={"minutes": ex.minutes + 2.0})
                    if ex.superset and ex.superset.endswith("2")
                    else ex
                    for ex in session.exercises
                )
                sessions.append(session.model_copy(update={"exercises": rows}))
            days.append(day.model_copy(update={"sessions": tuple(sessions)}))
        weeks.append(week.model_copy(update={"days": tuple(days)}))
    return program.model_copy(update={"weeks": tuple(weeks)})


PELVIC = build_program(
    variant(
        **{
            "postpartum_weeks": 20,
            "equipment": ["jump_rope", "mini_band"],
            "pelvic_floor_screen": {"leaking": False, "heaviness": False, "separation": True},
        }
    ),
    CATALOG,
)


def plank_instead_of_gentle_core(program: Program) -> Program:
    """Every core move becomes a plank: loaded core work despite the sign."""
    return map_main(
        program,
        lambda ex: (
            ex.model_copy(update={"id": "plank", "pattern": "anti-extension"})
            if ex.pattern in {"anti-extension", "anti-rotation", "anti-lateral-flexion"}
            else ex
        ),
    )


def drop_abduction(program: Program) -> Program:
    return drop_pattern("hip abduction")(program)


BREAKERS: dict[str, tuple[Program, Callable[[Program], Program]]] = {
    "combined-approach": (PROGRAM, lambda p: p.model_copy(update={"tips": ()})),
    "cardio-5x30": (PROGRAM, lambda p: map_sessions(p, drop_kind(SessionKind.CARDIO))),
    "cardio-free-days": (PROGRAM, cardio_every_day),
    "strength-minimum": (PROGRAM, keep_one_strength_day),
    "strength-3-4-days": (PROGRAM, keep_one_strength_day),
    "all-major-muscles": (PROGRAM, only("glute-bridge")),
    "glutes-max-med-min": (PROGRAM, only("push-up")),
    "muscle-recovery": (PROGRAM, back_to_back),
    "sets-and-reps": (PROGRAM, lambda p: first_main(p, lambda e: e.model_copy(update={"sets": 1}))),
    "rest-between-sets": (
        PROGRAM,
        lambda p: first_main(p, lambda e: e.model_copy(update={"rest_seconds": 0})),
    ),
    "effort-last-two-reps": (
        PROGRAM,
        lambda p: map_sessions(p, lambda s: s.model_copy(update={"notes": ()})),
    ),
    "warmup-and-stretch": (PROGRAM, lambda p: map_sessions(p, drop_kind(SessionKind.WARMUP))),
    "own-equipment": (
        PROGRAM,
        lambda p: first_main(p, lambda e: e.model_copy(update={"id": "leg-press"})),
    ),
    "limitations": (
        PROGRAM,
        lambda p: with_profile(
            first_main(p, lambda e: e.model_copy(update={"id": "squat-kickback"})),
            limitations=(Limitation.KNEES,),
        ),
    ),
    "fits-minutes": (PROGRAM, lambda p: with_profile(p, minutes_per_session=15)),
    "available-days": (PROGRAM, lambda p: with_profile(p, available_days=(Weekday.SUN,))),
    "calorie-floor": (PROGRAM, lambda p: with_calories(p, target_kcal=1000.0)),
    "safe-pace": (PROGRAM, lambda p: with_calories(p, pace_kg_per_week=2.0)),
    "healthy-goal": (PROGRAM, lambda p: with_profile(p, goal_weight_kg=40.0)),
    "pregnancy": (PROGRAM, lambda p: with_profile(p, limitations=(Limitation.PREGNANCY,))),
    "screening": (
        PROGRAM,
        lambda p: p.model_copy(
            update={"screening": p.screening.model_copy(update={"cleared": False, "reasons": ()})}
        ),
    ),
    "progression": (PROGRAM, lambda p: p.model_copy(update={"weeks": tuple(reversed(p.weeks))})),
    "band-finisher": (
        PROGRAM,
        lambda p: map_sessions(
            p,
            lambda s: s.model_copy(
                update={"exercises": tuple(e for e in s.exercises if e.role is not Role.FINISHER)}
            ),
        ),
    ),
    "cardio-sandwich": (SANDWICH, drop_first_sandwich_half),
    "session-skeleton": (PROGRAM, reverse_main),
    "glute-volume": (PROGRAM, set_sets(4)),
    "group-volume": (PROGRAM, drop_main({"pull"})),
    "abduction-volume": (PROGRAM, drop_abduction),
    "glute-lead-first": (PROGRAM, reverse_main),
    "floor-transfer-guard": (
        PROGRAM,
        lambda p: first_main(p, lambda e: e.model_copy(update={"id": "inverted-row"})),
    ),
    "knee-care": (KNEES, two_squats),
    "postpartum-care": (POSTPARTUM, lambda p: p.model_copy(update={"notes": ()})),
    "trained-strength-days": (LIFTER, keep_one_strength_day),
    "owned-kit-text": (
        BANDLESS,
        lambda p: first_main(
            p, lambda e: e.model_copy(update={"band_placement": BandPlacement.ABOVE_KNEES})
        ),
    ),
    "goal-followed": (PROGRAM, lambda p: with_profile(p, goal=Goal.TONE)),
    "regular-activity-counted": (RUNNER, cardio_on_a_run_day),
    "owned-kit-first": (BANDS_ONLY, hinge_with_a_backpack),
    "split-back-to-back": (WEEKENDS, heavy_both_days),
    "heavy-block": (ADVANCED, no_heavy_block),
    "short-day-supersets": (SHORT, supersets_timed_as_singles),
    "pelvic-floor-care": (PELVIC, plank_instead_of_gentle_core),
    "back-hinge-once": (BAD_BACK, every_hinge_loaded),
    "lifting-apart-from-long-sessions": (RUNNER, lift_on_the_eve_of_the_long_run),
    "everyday-walking": (
        build_program(variant(**{"available_days": ["mon", "thu"]}), CATALOG),
        lambda p: p.model_copy(
            update={"weeks": tuple(w.model_copy(update={"notes": ()}) for w in p.weeks)}
        ),
    ),
    "pregnancy-effort": (CARE, lambda p: map_main(p, lambda e: e.model_copy(update={"rir": 1}))),
    "lead-keeps-stimulus": (PROGRAM, lighter_lead_later),
    "new-block": (PROGRAM, repeat_first_block),
    "finisher-is-new": (PROGRAM, finisher_repeats_main),
    "full-body-two-days": (
        build_program(variant(**{"available_days": ["mon", "thu"]}), CATALOG),
        drop_main({"push", "pull", "vertical push"}),
    ),
    "strength-floor": (PROGRAM, halve_strength),
    "cardio-150": (PROGRAM, lambda p: map_sessions(p, drop_kind(SessionKind.CARDIO))),
    "no-empty-day": (PROGRAM, empty_a_cardio_day),
    "phases-and-deloads": (LIFTER, no_deload),
    "intervals-stay-intervals": (PROGRAM, jump_rope_continuous),
    "hard-cardio-spacing": (PROGRAM, hard_cardio_after_strength),
    "limitation-care": (CARE, drop_balance_cue),
    "owned-kit-used": (BALL, drop_kit("stability_ball")),
    "honest-notes": (PROGRAM, false_note),
    "older-adults": (OLDER, drop_pattern("balance")),
}


def test_every_rule_has_a_breaker_and_a_source() -> None:
    assert set(BREAKERS) == set(RULES_BY_ID)
    assert all(rule.source and rule.title for rule in RULES)


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
def test_rule_holds_on_the_planner_output(rule_id: str) -> None:
    program, _ = BREAKERS[rule_id]
    result = {r.id: r for r in validate(program, CATALOG)}[rule_id]
    assert result.satisfied, result.detail
    assert {r.id: r for r in program.rules}[rule_id].satisfied


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
def test_breaking_the_rule_is_caught(rule_id: str) -> None:
    program, breaker = BREAKERS[rule_id]
    broken = breaker(program)
    result = {r.id: r for r in validate(broken, CATALOG)}[rule_id]
    assert not result.satisfied
    assert result.detail


def test_constraint_reason_marks_result_constrained() -> None:
    broken = map_sessions(PROGRAM, drop_kind(SessionKind.CARDIO))
    result = {r.id: r for r in validate(broken, CATALOG, {"cardio-5x30": "only two days"})}
    assert result["cardio-5x30"].constrained
    assert result["cardio-5x30"].detail.startswith("only two days")
