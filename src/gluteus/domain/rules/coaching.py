"""The coach's rules (issue 8) as checks over a finished plan; :mod:`.rules` names them.

Each check returns (holds, detail). They judge what a strength coach would sign: the session
skeleton and order, weekly volume per muscle group, the strength floor and cardio minutes,
phases with effort targets and deloads, interval cardio, limitations, owned kit and notes
that tell the truth. The targets they check come from :mod:`gluteus.domain.guidelines`,
where the planner reads them too. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gluteus.domain.activity import (
    activity_days,
    busy_day_count,
    no_lifting_days,
    regular_minutes,
)
from gluteus.domain.catalog import Catalog, Exercise, Impact, Kind, Load
from gluteus.domain.guidelines import (
    ABDUCTION_MIN_SETS,
    BACK_HINGE_REPS_MIN,
    BACK_HINGE_RIR,
    BACK_LOADED_HINGES_PER_WEEK,
    BODYWEIGHT_HINGE_CUE,
    BREASTFEEDING_MAX_PACE_KG,
    CARDIO_DAYS_MAX,
    CARDIO_WEEKLY_MINUTES,
    FLOOR_TRANSFER_IDS,
    FOUR_STRENGTH_DAYS,
    GENTLE_CORE_IDS,
    IMPACT_FROM_WEEKS,
    KNEE_DOMINANT_PATTERNS,
    KNEE_DOMINANT_PER_SESSION,
    LOWER_BACK_CORE_SETS,
    MIN_CARDIO_BOUT,
    OTHER_GROUP_MIN_SETS,
    PAD_CUE,
    PELVIC_REFERRAL_PREFIX,
    PHASE_MAX_WEEKS,
    PREGNANCY_RIR,
    SCREEN_PREFIX,
    SCREEN_WEEKS,
    SHORT_DAY_MINUTES,
    STRENGTH_FLOOR_BUDGET,
    STRENGTH_FLOOR_MINUTES,
    TRAINED_STRENGTH_DAYS,
    floor_transfer_guarded,
    free_weight_stand_in,
    glute_set_range,
    is_kneeling,
    kit_stimulus,
    loaded_hinge,
    pelvic_signs,
    wants_four_days,
)
from gluteus.domain.patterns import (
    BRIDGE_PATTERNS,
    CORE_PATTERNS,
    MAJOR_OTHER_GROUPS,
    Group,
    abduction_sets,
    coach_weekly_sets,
    exercise_order_class,
    pair_up,
    region,
    weekly_sets,
)
from gluteus.domain.periodization import HEAVY_REPS, heavy_phase, is_main_lift
from gluteus.domain.periodization import LOADED_KIT as LOADED_KIT
from gluteus.domain.profile import WEEK, Equipment, Goal, Level, Limitation, Sex
from gluteus.domain.program import (
    Day,
    Program,
    Role,
    Session,
    SessionKind,
    Week,
    strength_sessions_of,
)
from gluteus.domain.quantities import Mass, message
from gluteus.domain.timing import superset_minutes
from gluteus.domain.tips import DEFICIT_TIPS
from gluteus.domain.tips import WOMEN_ONLY as WOMEN_ONLY_TIPS

EFFORT_NOTE = re.compile(r"about (\d+) reps? (?:left )?in reserve")
MAINTENANCE_MODE = "toning_at_maintenance"
"""The calorie plan's mode when it sets no deficit."""
HEAVY_BILATERAL_PATTERNS = frozenset({"squat", "hinge"})
"""Two-legged squats and hinges: the heavy leg lifts a back-to-back day leaves to its eve.

References:
    [1] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3), 2009 (about 48 h between hard
        sessions for the same muscles; split the emphasis when days are consecutive).
"""
KIT_SHOWN = (
    Equipment.STABILITY_BALL,
    Equipment.MINI_BAND,
    Equipment.STATIONARY_BIKE,
    Equipment.ELLIPTICAL,
)
"""Owned kit that must appear in the week when a suitable move for it exists."""
CARDIO_MACHINES = frozenset({Equipment.STATIONARY_BIKE, Equipment.ELLIPTICAL})

COULD_NOT_MEET = re.compile(r"Could not meet '([a-z0-9-]+)'")

Result = tuple[bool, str]


def lead_patterns(pregnant: bool) -> frozenset[str]:
    """Patterns that may lead a session: a bridge or hip thrust.

    In pregnancy the supported hip extension too (ACOG Committee Opinion 804, 2020: avoid
    long spells lying on the back).
    """
    return BRIDGE_PATTERNS | ({"hip extension"} if pregnant else frozenset())


def _where(week: Week, day: Day) -> str:
    """Where a failure is, as a detail names it (made only for a failure)."""
    return f"week {week.number} {day.weekday.value}"


def _main(session: Session, catalog: Catalog) -> list[Exercise]:
    return [catalog.get(ex.id) for ex in session.exercises if ex.role is Role.MAIN]


def session_skeleton(program: Program, catalog: Catalog) -> Result:
    """A bridge or hip thrust every session, one exercise per pattern, compounds first."""
    pregnant = Limitation.PREGNANCY in program.profile.limitations
    lead = BRIDGE_PATTERNS | ({"hip extension"} if pregnant else set())
    for week, day, session in strength_sessions_of(program):
        main = _main(session, catalog)
        if not any(ex.pattern in lead for ex in main):
            return False, f"{_where(week, day)}: no bridge or hip thrust"
        patterns = [ex.pattern for ex in main]
        if len(set(patterns)) < len(patterns):
            twice = sorted({p for p in patterns if patterns.count(p) > 1})
            return False, f"{_where(week, day)}: two {', '.join(twice)} exercises in one session"
        rest = main[1:] if main and main[0].pattern in lead else main
        classes = [exercise_order_class(ex) for ex in rest]
        if classes != sorted(classes):
            return (
                False,
                f"{_where(week, day)}: order is not compounds → unilateral → isolation → core",
            )
    return True, (
        "every session has a bridge or hip thrust, one exercise per movement pattern, "
        "compounds first and core last"
    )


def _phases(program: Program) -> list[list[Week]]:
    """The plan's weeks grouped by phase, in order."""
    groups: list[list[Week]] = []
    for week in program.weeks:
        if groups and groups[-1][0].phase == week.phase:
            groups[-1].append(week)
        else:
            groups.append([week])
    return groups


def _lead_entries(week: Week, catalog: Catalog) -> list[Exercise]:
    return [
        main[0]
        for day in week.days
        for session in day.strength_sessions()
        if (main := _main(session, catalog))
    ]


def glute_lead_first(program: Program, catalog: Catalog) -> Result:
    """Every strength session opens with the main glute lift, in every phase."""
    lead = lead_patterns(Limitation.PREGNANCY in program.profile.limitations)
    for week, day, session in strength_sessions_of(program):
        first = next((ex for ex in session.exercises if ex.role is Role.MAIN), None)
        if first is not None and catalog.get(first.id).pattern not in lead:
            return False, (
                f"week {week.number} {day.weekday.value}: opens with {first.id}, not the glute lift"
            )
    return True, "every strength session opens with the main glute lift"


def lead_keeps_stimulus(program: Program, catalog: Catalog) -> Result:
    """With owned load, a phase's glute lift never loads the glutes less than the last phase's."""
    owned = program.profile.equipment_set
    if not owned & LOADED_KIT:
        return True, "no weights owned: the glute lift progresses by variation"
    before: int | None = None
    for weeks in _phases(program):
        values = [kit_stimulus(ex, owned) for ex in _lead_entries(weeks[0], catalog)]
        if not values:
            continue
        low = min(values)
        if before is not None and low < before:
            return False, f"week {weeks[0].number}: the glute lift loads less than last phase"
        before = low
    return True, "each phase's glute lift loads the glutes at least as much as the last"


def _main_ids(weeks: list[Week]) -> frozenset[str]:
    return frozenset(
        ex.id
        for day in weeks[0].days
        for session in day.strength_sessions()
        for ex in session.exercises
        if ex.role is Role.MAIN
    )


def new_block(program: Program, catalog: Catalog) -> Result:
    """Each phase is a new block: its main moves are not the same set as any earlier phase's."""
    seen: list[frozenset[str]] = []
    for weeks in _phases(program):
        ids = _main_ids(weeks)
        if ids and ids in seen:
            return False, f"weeks {weeks[0].number}-{weeks[-1].number} repeat an earlier phase"
        seen.append(ids)
    return True, "every phase brings its own set of main moves"


def finisher_is_new(program: Program, catalog: Catalog) -> Result:
    """A finisher never repeats a main move of its session."""
    for week, day, session in strength_sessions_of(program):
        main = {ex.id for ex in session.exercises if ex.role is Role.MAIN}
        twice = [ex.id for ex in session.exercises if ex.role is Role.FINISHER and ex.id in main]
        if twice:
            return False, f"week {week.number} {day.weekday.value}: {twice[0]} twice"
    return True, "no finisher repeats a main move of its session"


WALK_NOTE = "Everyday walking"


def everyday_walking(program: Program, catalog: Catalog) -> Result:
    """Cardio short of 150 min a week is topped up with everyday walking, said in a note.

    Each week also reports its planned cardio minutes.
    """
    for week in program.weeks:
        cardio = sum(day.cardio_minutes for day in week.days)
        where = f"week {week.number}"
        if abs(cardio - week.cardio_minutes) > 0.5:
            return False, f"{where}: reports {week.cardio_minutes:g} cardio min, holds {cardio:g}"
        own = regular_minutes(program.profile)
        if cardio + own + week.everyday_walk_minutes + 1e-6 < CARDIO_WEEKLY_MINUTES:
            return False, f"{where}: cardio and everyday walking fall short of 150 min"
        noted = any(note.startswith(WALK_NOTE) for note in week.notes)
        if week.everyday_walk_minutes > 0 and not noted:
            return False, f"{where}: everyday walking is not explained"
    return True, "every week reaches 150 min with the sessions and everyday walking, said plainly"


def regular_activity_counted(program: Program, catalog: Catalog) -> Result:
    """The person's own activity counts toward the cardio, and the plan adds no duplicate.

    Each week reports it; no stand-alone cardio session falls on a day they already train;
    when their own minutes reach 150 a week, the plan adds no stand-alone cardio at all.
    """
    profile = program.profile
    own = regular_minutes(profile)
    days = activity_days(profile)
    for week in program.weeks:
        where = f"week {week.number}"
        if abs(week.regular_activity_minutes - own) > 0.5:
            return False, f"{where}: reports {week.regular_activity_minutes:g} own min, not {own}"
        for day in week.days:
            alone = day.sessions and all(s.kind is SessionKind.CARDIO for s in day.sessions)
            if alone and day.weekday in days:
                return False, f"{where} {day.weekday.value}: plan cardio on their own day"
            if alone and own >= CARDIO_WEEKLY_MINUTES:
                return False, f"{where} {day.weekday.value}: cardio beyond their own {own} min"
    return True, f"their own {own} min a week count; no duplicate cardio"


def lifting_apart_from_long_sessions(program: Program, catalog: Catalog) -> Result:
    """No strength session the day before the person's long or hard run, ride or game."""
    blocked = no_lifting_days(program.profile)
    for week in program.weeks:
        for day in week.days:
            if day.weekday in blocked and day.strength_sessions():
                return False, (
                    f"week {week.number}: lifting on {day.weekday.value}, the day before a long "
                    "or hard session"
                )
    return True, "no lifting the day before a long or hard session"


def owned_kit_first(program: Program, catalog: Catalog) -> Result:
    """No household stand-in for a free weight when an owned-kit variant of the move exists."""
    profile = program.profile
    owned = profile.equipment_set
    with_owned_kit: set[str] | None = None  # patterns an owned-kit variant exists for
    seen: set[str] = set()  # each move is judged at its first row
    for week, day, session in strength_sessions_of(program):
        for ex in session.exercises:
            if ex.id in seen:
                continue
            seen.add(ex.id)
            entry = catalog.get(ex.id)
            if not free_weight_stand_in(entry, owned):
                continue
            if with_owned_kit is None:
                guarded = floor_transfer_guarded(profile.weight_kg, profile.age, profile.level)
                with_owned_kit = {
                    other.pattern
                    for other in catalog.filter(
                        kind=Kind.STRENGTH, equipment=owned, limitations=profile.limitations
                    )
                    if other.equipment_note(owned) is None
                    and other.level.rank <= profile.level.rank + 1
                    and not (profile.level is Level.BEGINNER and other.plyometric)
                    and not (other.id in FLOOR_TRANSFER_IDS and guarded)
                }
            if entry.pattern in with_owned_kit:
                return False, (
                    f"week {week.number} {day.weekday.value}: {ex.id} with a household stand-in "
                    f"while an owned-kit {entry.pattern} exists"
                )
    return True, "free-weight moves come with owned kit, or have no owned-kit variant"


def back_hinge_once(program: Program, catalog: Catalog) -> Result:
    """A sore lower back: at most one loaded hinge a week, dosed lighter."""
    owned = program.profile.equipment_set
    for week in program.weeks:
        hinges = [
            (day, ex)
            for day in week.days
            for session in day.strength_sessions()
            for ex in session.exercises
            if loaded_hinge(catalog.get(ex.id), owned) and BODYWEIGHT_HINGE_CUE not in ex.why
        ]
        if len(hinges) > BACK_LOADED_HINGES_PER_WEEK:
            names = ", ".join(f"{day.weekday.value} {ex.id}" for day, ex in hinges)
            return False, f"week {week.number}: {len(hinges)} loaded hinges ({names})"
        for day, ex in hinges:
            if ex.reps_min < BACK_HINGE_REPS_MIN or (ex.rir or 0) < BACK_HINGE_RIR:
                return False, (
                    f"week {week.number} {day.weekday.value}: {ex.id} at {ex.reps_min}+ reps, "
                    f"{ex.rir} in reserve, not lighter"
                )
    return True, f"at most {BACK_LOADED_HINGES_PER_WEEK} loaded hinge a week, dosed lighter"


def split_back_to_back(program: Program, catalog: Catalog) -> Result:
    """A strength day that follows another holds no heavy two-legged squat or hinge."""
    for week in program.weeks:
        lifting = {day.weekday for day in week.days if day.strength_sessions()}
        for day in week.days:
            if WEEK[(day.weekday.ordinal - 1) % 7] not in lifting or len(lifting) < 2:
                continue
            for session in day.strength_sessions():
                for ex in session.exercises:
                    heavy = ex.pattern in HEAVY_BILATERAL_PATTERNS and not ex.unilateral
                    if ex.role is Role.MAIN and heavy:
                        return False, (
                            f"week {week.number} {day.weekday.value}: {ex.id} the day after "
                            "a strength day"
                        )
    return True, "a day after a strength day takes single-leg and abduction work"


def heavy_block(program: Program, catalog: Catalog) -> Result:
    """Advanced lifters: one phase takes the main loaded lifts to 5-8 reps."""
    profile = program.profile
    phase = heavy_phase(profile.level, profile.weeks)
    if phase is None:
        return True, "no heavier phase for this plan"
    owned = profile.equipment_set
    back = Limitation.LOWER_BACK in profile.limitations
    low, high = HEAVY_REPS
    found = 0
    for week, day, session in strength_sessions_of(program):
        if (week.number - 1) // PHASE_MAX_WEEKS != phase:
            continue
        for ex in session.exercises:
            entry = catalog.get(ex.id)
            if ex.role is not Role.MAIN or not is_main_lift(entry, owned):
                continue
            if back and loaded_hinge(entry, owned):
                continue  # a sore back's hinge stays lighter (rule back-hinge-once)
            if not low <= ex.reps_min <= ex.reps_max <= high:
                return False, (
                    f"week {week.number} {day.weekday.value}: {ex.id} at "
                    f"{ex.reps_min}-{ex.reps_max} reps in the heavier phase"
                )
            found += 1
    if not found:
        return True, "no main loaded lift in the heavier phase to make heavier"
    return True, f"phase {phase + 1} takes {found} main-lift entries to {low}-{high} reps"


def short_day_supersets(program: Program, catalog: Catalog) -> Result:
    """Short days pair neighbouring non-competing moves, and time each pair honestly."""
    if program.profile.minutes_per_session > SHORT_DAY_MINUTES:
        return True, "not a short day"
    for week, day, session in strength_sessions_of(program):
        where = _where(week, day)
        main = [ex for ex in session.exercises if ex.role is Role.MAIN]
        entries = [catalog.get(ex.id) for ex in main]
        expected = pair_up([region(e.pattern, e.primary_muscles) for e in entries])
        labelled = [i for i, ex in enumerate(main) if ex.superset and ex.superset.endswith("1")]
        if [a for a, _ in expected] != labelled:
            return False, f"{where}: supersets {labelled} where non-competing pairs are {expected}"
        for a, b in expected:
            first, second = main[a], main[b]
            if second.superset != first.superset[:-1] + "2":  # type: ignore[index]
                return False, f"{where}: {first.id} and {second.id} are not labelled a pair"
            planned = superset_minutes(
                (entries[a], first.sets, first.reps_max, first.rest_seconds),
                (entries[b], second.sets, second.reps_max, second.rest_seconds),
            )
            if abs(first.minutes + second.minutes - planned) > 0.05:
                return False, (
                    f"{where}: {first.id} + {second.id} take {planned:.1f} min as a superset, "
                    f"the plan counts {first.minutes + second.minutes:.1f}"
                )
    return True, "short days run non-competing neighbours as supersets, timed as pairs"


def goal_followed(program: Program, catalog: Catalog) -> Result:
    """The plan follows the goal, and talks of a deficit only when it sets one.

    Tone and build_glutes eat at maintenance; without a deficit there are no eat-less tips
    and no fat-loss reasons.
    """
    if program.profile.goal is not Goal.LOSE_FAT and in_deficit(program):
        return False, f"goal {program.profile.goal.value} with a calorie deficit"
    if program.calories.mode != MAINTENANCE_MODE:
        return True, "a fat-loss plan"
    tips = [tip.id for tip in program.tips if tip.id in DEFICIT_TIPS]
    if tips:
        return False, f"tip {tips[0]!r} argues for a deficit the plan does not set"
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                texts = [*session.notes, *(ex.why for ex in session.exercises)]
                if any("fat loss" in text.lower() for text in texts):
                    return False, f"week {week.number} {day.weekday.value}: a fat-loss reason"
    return True, "no deficit, no eat-less tips and no fat-loss reasons"


def pregnancy_effort(program: Program, catalog: Catalog) -> Result:
    """In pregnancy every set ends with 3 or more reps in reserve, and the notes say so."""
    if Limitation.PREGNANCY not in program.profile.limitations:
        return True, "not pregnant"
    for week, day, session in strength_sessions_of(program):
        where = _where(week, day)
        for ex in session.exercises:
            if ex.role is Role.MAIN and (ex.rir is None or ex.rir < PREGNANCY_RIR):
                return False, f"{where}: {ex.id} ends {ex.rir} reps from failure"
        for note in session.notes:
            for match in EFFORT_NOTE.finditer(note):
                if int(match.group(1)) < PREGNANCY_RIR:
                    return False, f"{where}: a note asks for {match.group(1)} in reserve"
    return True, f"every set ends {PREGNANCY_RIR} or more reps from failure"


def floor_transfer_guard(program: Program, catalog: Catalog) -> Result:
    """No whole-body floor or under-furniture move for heavy, older or beginner lifters."""
    profile = program.profile
    if not floor_transfer_guarded(profile.weight_kg, profile.age, profile.level):
        return True, "no guard needed"
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    if ex.id in FLOOR_TRANSFER_IDS:
                        return False, f"week {week.number} {day.weekday.value}: {ex.id}"
    return True, "whole-body floor moves come in their supported variants"


def pelvic_floor_care(program: Program, catalog: Catalog) -> Result:
    """Any yes on the after-birth screen: a referral, gentle core only, no high impact."""
    signs = pelvic_signs(program.profile)
    if not signs:
        return True, "no after-birth sign answered yes"
    if not any(note.startswith(PELVIC_REFERRAL_PREFIX) for note in program.notes):
        return False, "signs answered yes without a referral"
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    entry = catalog.get(ex.id)
                    where = f"week {week.number} {day.weekday.value}: {ex.id}"
                    if entry.impact is Impact.HIGH:
                        return False, f"{where} is high impact"
                    core = entry.pattern in CORE_PATTERNS and entry.kind is Kind.STRENGTH
                    if core and ex.id not in GENTLE_CORE_IDS:
                        return False, f"{where} is loaded core work"
    return True, "referral given; core work gentle and cardio low-impact"


def postpartum_care(program: Program, catalog: Catalog) -> Result:
    """After birth: the screen, impact and breastfeeding handled as the sources say.

    The pelvic-floor screen in the first year, no high impact before 12 weeks; breastfeeding
    adds its energy and keeps loss at 0.5 kg a week or less.
    """
    profile = program.profile
    weeks = profile.postpartum_weeks
    screened = any(note.startswith(SCREEN_PREFIX) for note in program.notes)
    if weeks is not None and weeks < SCREEN_WEEKS and not screened:
        return False, "no pelvic-floor screen in the first year after birth"
    if weeks is not None and weeks < IMPACT_FROM_WEEKS:
        for week in program.weeks:
            for day in week.days:
                for session in day.sessions:
                    for ex in session.exercises:
                        if catalog.get(ex.id).impact is Impact.HIGH:
                            return False, f"week {week.number}: {ex.id} before 12 weeks"
    if profile.breastfeeding:
        if program.calories.lactation_kcal <= 0:
            return False, "breastfeeding's energy is not added"
        if program.calories.pace_kg_per_week > BREASTFEEDING_MAX_PACE_KG + 1e-6:
            return False, message(
                "{pace} a week while breastfeeding",
                pace=Mass(program.calories.pace_kg_per_week, ""),
            )
    return True, "screen, impact and breastfeeding energy handled after birth"


def trained_strength_days(program: Program, catalog: Catalog) -> Result:
    """Trained lifters with 4+ available days lift on 3+ days; 4 when toning or building."""
    profile = program.profile
    if profile.level is Level.BEGINNER or len(profile.available_days) < 4:
        return True, "beginner, or fewer than four days free"
    need = FOUR_STRENGTH_DAYS if wants_four_days(profile) else TRAINED_STRENGTH_DAYS
    for week in program.weeks:
        days = sum(1 for day in week.days if day.strength_sessions())
        if days < need:
            return False, f"week {week.number}: {days} strength days for a trained lifter"
    return True, f"{need}+ strength days a week for a trained lifter"


def owned_kit_text(program: Program, catalog: Catalog) -> Result:
    """Exercise text names only kit the person owns: no band placement without a mini band."""
    if Equipment.MINI_BAND in program.profile.equipment_set:
        return True, "a mini band is owned"
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    if ex.band_placement is not None:
                        return False, (
                            f"week {week.number} {day.weekday.value}: {ex.id} places a band "
                            "the person does not own"
                        )
    return True, "no band is placed for someone without one"


def knee_care(program: Program, catalog: Catalog) -> Result:
    """Sore knees: at most one knee-dominant main move a session, a pad cue when kneeling."""
    if Limitation.KNEES not in program.profile.limitations:
        return True, "no knee limitation"
    for week, day, session in strength_sessions_of(program):
        knee = [
            ex.id
            for ex in session.exercises
            if ex.role is Role.MAIN and ex.pattern in KNEE_DOMINANT_PATTERNS
        ]
        if len(knee) > KNEE_DOMINANT_PER_SESSION:
            return False, f"{_where(week, day)}: {', '.join(knee)} in one session"
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    kneeling = ex.role is not Role.CARDIO and is_kneeling(catalog.get(ex.id))
                    if kneeling and PAD_CUE not in ex.why:
                        return False, f"week {week.number} {day.weekday.value}: {ex.id} no pad"
    return True, "one knee-dominant move a session at most, and a pad under kneeling moves"


def abduction_volume(program: Program, catalog: Catalog) -> Result:
    """At least 4 direct hip-abduction sets a week (deload weeks aside), finishers included."""
    for week in program.weeks:
        if week.deload:
            continue
        count = abduction_sets(week)
        if count < ABDUCTION_MIN_SETS:
            return False, (
                f"week {week.number}: {count} abduction sets, {ABDUCTION_MIN_SETS} needed"
            )
    return True, f"glute med/min get ≥ {ABDUCTION_MIN_SETS} direct abduction sets every week"


def _weeks_of_work(program: Program) -> Iterator[tuple[Week, dict[str, float]]]:
    for week in program.weeks:
        if not week.deload:
            yield week, coach_weekly_sets(week)


def in_deficit(program: Program) -> bool:
    """True when the plan's calorie target sits below maintenance."""
    return program.calories.deficit_kcal > 0.5


def glute_volume(program: Program, catalog: Catalog) -> Result:
    """Glute sets, counted fractionally with finishers, within the range for level and deficit."""
    low, high = glute_set_range(program.profile.level, in_deficit(program))
    for week, sets in _weeks_of_work(program):
        glutes = sets[Group.GLUTES.value]
        if not low - 1e-9 <= glutes <= high + 1e-9:
            return False, f"week {week.number}: {glutes:g} glute sets, {low}-{high} wanted"
    return True, f"every training week gives the glutes {low}-{high} sets, counted as a coach does"


def group_volume(program: Program, catalog: Catalog) -> Result:
    """Every other major group at least 4 hard sets a week (deload weeks aside)."""
    for week, sets in _weeks_of_work(program):
        for group in MAJOR_OTHER_GROUPS:
            if sets[group.value] < OTHER_GROUP_MIN_SETS:
                return False, (
                    f"week {week.number}: {sets[group.value]:g} {group.value} sets, "
                    f"{OTHER_GROUP_MIN_SETS} needed"
                )
    return True, "quads, hamstrings, back, chest/shoulders and core get 4+ hard sets a week"


def full_body_when_two_days(program: Program, catalog: Catalog) -> Result:
    """Two strength days or fewer: every session is full body, never a split."""
    for week in program.weeks:
        days = [d for d in week.days if d.strength_sessions()]
        if len(days) > 2:
            continue
        for day in days:
            for session in day.strength_sessions():
                kinds = {catalog.get(ex.id).kind for ex in session.exercises}
                muscles = {m for ex in _main(session, catalog) for m in ex.primary_muscles}
                upper = {"chest", "back", "shoulders"} & {m.value for m in muscles}
                if session.focus != "full" or not upper or Kind.STRENGTH not in kinds:
                    return False, f"week {week.number} {day.weekday.value}: not a full-body session"
    return True, "with two strength days each session is full body (A/B)"


def strength_floor(program: Program, catalog: Catalog) -> Result:
    """≥ 15 min of strength work per session when the day has ≥ 30 min (deloads aside)."""
    if program.profile.minutes_per_session < STRENGTH_FLOOR_BUDGET:
        return True, "days under 30 min: the floor does not apply"
    for week, day, session in strength_sessions_of(program):
        if not week.deload and session.minutes + 1e-9 < STRENGTH_FLOOR_MINUTES:
            return False, (
                f"week {week.number} {day.weekday.value}: {session.minutes:.0f} min of strength"
            )
    return True, f"every strength session holds ≥ {STRENGTH_FLOOR_MINUTES} min of strength work"


def _bout_minutes(day: Day) -> float:
    return sum(
        s.minutes
        for s in day.sessions
        if s.kind is SessionKind.CARDIO and s.minutes + 1e-9 >= MIN_CARDIO_BOUT
    )


def cardio_weekly(program: Program, catalog: Catalog) -> Result:
    """≥ 150 min of cardio a week in bouts of ≥ 10 min; the person's own activity counts."""
    own = regular_minutes(program.profile)
    for week in program.weeks:
        total = sum(_bout_minutes(day) for day in week.days) + own
        if total + 1e-6 < CARDIO_WEEKLY_MINUTES:
            return False, f"week {week.number}: {total:.0f} min of cardio in 10+ min bouts"
    return True, f"every week holds ≥ {CARDIO_WEEKLY_MINUTES} min of cardio in 10+ min bouts"


def no_empty_day(program: Program, catalog: Catalog) -> Result:
    """No available day left empty while the cardio target is unmet and cardio days remain."""
    own = regular_minutes(program.profile)
    for week in program.weeks:
        total = sum(_bout_minutes(day) for day in week.days) + own
        busy = sum(1 for day in week.days if day.cardio_minutes > 0)
        busy += busy_day_count(program.profile)
        if total + 1e-6 >= CARDIO_WEEKLY_MINUTES or busy >= CARDIO_DAYS_MAX:
            continue
        planned = {day.weekday for day in week.days if day.sessions}
        planned |= activity_days(program.profile)  # their own run or ride fills the day
        empty = [d.value for d in program.profile.available_days if d not in planned]
        if empty:
            return False, f"week {week.number}: {', '.join(empty)} left empty, cardio short"
    return True, "no available day is left empty while cardio falls short"


def _lighter(week: Week, before: Week) -> bool:
    """Fewer hard sets, or more reps left in reserve, than the week before."""

    def reserve(w: Week) -> int:
        return min(
            (e.rir or 0 for d in w.days for s in d.strength_sessions() for e in s.exercises
             if e.role is Role.MAIN),
            default=0,
        )  # fmt: skip

    fewer = sum(weekly_sets(week).values()) < sum(weekly_sets(before).values())
    return fewer or reserve(week) > reserve(before)


def phases_and_deloads(program: Program, catalog: Catalog) -> Result:
    """Phases of ≤ 4 weeks; deloads before new phases (intermediate+); load guidance shown."""
    level = program.profile.level
    run = 0
    for index, week in enumerate(program.weeks):
        previous = program.weeks[index - 1] if index else None
        run = run + 1 if previous is not None and previous.phase == week.phase else 1
        if run > PHASE_MAX_WEEKS:
            return False, f"week {week.number}: phase {week.phase} runs past 4 weeks"
        new_phase = previous is not None and previous.phase != week.phase
        if new_phase and level is not Level.BEGINNER and previous and not previous.deload:
            return False, f"week {week.number}: new phase without a deload week before it"
        if week.deload and previous is not None and not _lighter(week, previous):
            return False, f"week {week.number}: the deload week is no lighter than the week before"
    for week, day, session in strength_sessions_of(program):
        if not any(note.startswith("Load") for note in session.notes):
            return False, f"{_where(week, day)}: no load guidance"
        for ex in session.exercises:
            if ex.role is Role.MAIN and ex.rir is None:
                return False, f"{_where(week, day)}: {ex.id} has no effort target"
            first = week.number == 1 and level is Level.ADVANCED and ex.role is Role.MAIN
            if first and ex.sets < 3 and exercise_order_class(catalog.get(ex.id)) <= 1:
                return False, f"week 1: {ex.id} has {ex.sets} sets; advanced start at 3"
    return True, "4-week phases with effort targets, load guidance and deloads where due"


def _interval_entry(exercise: Exercise) -> bool:
    rx = exercise.prescription
    return exercise.kind is Kind.CARDIO and rx.rest_seconds > 0 and rx.sets > 1


def intervals_stay_intervals(program: Program, catalog: Catalog) -> Result:
    """Interval modes are planned as work/rest sets within their catalog dose."""
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                if session.kind is not SessionKind.CARDIO:
                    continue
                for ex in session.exercises:
                    entry = catalog.get(ex.id)
                    if not _interval_entry(entry):
                        continue
                    rx = entry.prescription
                    if ex.sets < 2 or ex.rest_seconds <= 0 or ex.reps_max > rx.reps_max:
                        return False, (
                            f"week {week.number} {day.weekday.value}: {ex.id} done continuously"
                        )
    return True, "jump rope, run intervals and stair bouts stay work/rest sets"


def _hard_session(session: Session, catalog: Catalog) -> bool:
    if session.kind is not SessionKind.CARDIO:
        return False
    if session.intensity == "intervals":
        return True
    return any(catalog.get(ex.id).impact is Impact.HIGH for ex in session.exercises)


def hard_cardio_spacing(program: Program, catalog: Catalog) -> Result:
    """No hard or high-impact cardio the day after a (full-body, so lower-body) strength day."""
    for week in program.weeks:
        lifted = {d.weekday for d in week.days if d.strength_sessions()}
        for day in week.days:
            if WEEK[(day.weekday.ordinal - 1) % 7] not in lifted:
                continue
            if any(_hard_session(s, catalog) for s in day.sessions):
                return False, (
                    f"week {week.number} {day.weekday.value}: hard cardio the day after legs"
                )
    return True, "hard or high-impact cardio never follows a lower-body day"


def _exercise_failures(
    where: str, session: Session, catalog: Catalog, limits: tuple[Limitation, ...]
) -> Iterator[str]:
    for ex in session.exercises:
        entry = catalog.get(ex.id)
        if Limitation.PREGNANCY in limits and entry.impact is Impact.HIGH:
            yield f"{where}: {ex.id} is high impact in pregnancy"
        balance = Limitation.BALANCE in limits and entry.balance_demand is not Load.LOW
        if balance and ex.role is not Role.CARDIO and "support" not in ex.why:
            yield f"{where}: {ex.id} has no 'hold a support' cue"
    talk = session.kind is not SessionKind.CARDIO or session.intensity in ("easy", "moderate")
    if Limitation.PREGNANCY in limits and not talk:
        yield f"{where}: {session.intensity} cardio in pregnancy (talk test)"


def _core_sets(week: Week, catalog: Catalog) -> int:
    return sum(
        ex.sets
        for day in week.days
        for session in day.strength_sessions()
        for ex in session.exercises
        if ex.role is Role.MAIN and catalog.get(ex.id).pattern in CORE_PATTERNS
    )


def _limitation_failures(program: Program, catalog: Catalog) -> Iterator[str]:
    limits = program.profile.limitations
    per_exercise = Limitation.PREGNANCY in limits or Limitation.BALANCE in limits
    for week in program.weeks:
        for day in week.days:
            where = f"week {week.number} {day.weekday.value}"
            for session in day.sessions if per_exercise else ():
                yield from _exercise_failures(where, session, catalog, limits)
            stretched = any(s.kind is SessionKind.COOLDOWN for s in day.sessions)
            if Limitation.KNEES in limits and day.strength_sessions() and not stretched:
                yield f"{where}: no stretches after a strength session"
        back = Limitation.LOWER_BACK in limits and not week.deload
        core = _core_sets(week, catalog) if back else LOWER_BACK_CORE_SETS
        if back and core < LOWER_BACK_CORE_SETS:
            yield f"week {week.number}: {core} core sets for a sore back, 4 needed"
    if Limitation.PREGNANCY in limits and program.calories.deficit_kcal > 0.5:
        yield "a calorie deficit in pregnancy"


def limitation_care(program: Program, catalog: Catalog) -> Result:
    """Limitations applied as a coach applies them (beyond the catalog's exclusions)."""
    if not program.profile.limitations:
        return True, "no limitations declared"
    for failure in _limitation_failures(program, catalog):
        return False, failure
    return True, "pregnancy, back, balance and knee care applied as a coach applies them"


def _fits(entry: Exercise, program: Program) -> bool:
    profile = program.profile
    return (
        entry.kind in (Kind.STRENGTH, Kind.CARDIO)
        and entry.usable_with(profile.equipment_set)
        and not entry.unsuitable_for(profile.limitations)
        and entry.level.rank <= profile.level.rank + 1
    )


def owned_kit_used(program: Program, catalog: Catalog) -> Result:
    """A stability ball, a bike, an elliptical or a mini band the person owns gets used."""
    owned = [k for k in KIT_SHOWN if k in program.profile.equipment_set]
    if not owned:
        return True, "no stability ball, bike, elliptical or mini band owned"
    wanted = [
        item
        for item in owned
        if any(item in (*e.equipment, *e.also_requires) and _fits(e, program) for e in catalog)
    ]
    for week in program.weeks:
        used = {
            item
            for day in week.days
            for session in day.sessions
            for ex in session.exercises
            for item in (*catalog.get(ex.id).equipment, *catalog.get(ex.id).also_requires)
        }
        missing = [item.value for item in wanted if item not in used]
        machines = [item for item in wanted if item in CARDIO_MACHINES]
        if any(item in used for item in machines):
            # One cardio machine a week is enough: a week may hold a single cardio day.
            missing = [item for item in missing if Equipment(item) not in CARDIO_MACHINES]
        if missing:
            return False, f"week {week.number}: owned {', '.join(missing)} not used"
    return True, "owned kit that suits the person is put to use every week"


def honest_notes(program: Program, catalog: Catalog) -> Result:
    """A 'could not meet' note only for an unmet rule; tips that fit the person."""
    from gluteus.domain.rules.registry import RULES_BY_ID

    for note in program.notes:
        match = COULD_NOT_MEET.search(note)
        if match is None:
            continue
        rule = RULES_BY_ID.get(match.group(1))
        if rule is None:
            return False, f"a note names an unknown rule {match.group(1)!r}"
        if rule.check(program, catalog)[0]:
            return False, f"a note says '{rule.id}' is unmet, but it holds"
    if program.profile.sex is Sex.MALE:
        for tip in program.tips:
            if tip.id in WOMEN_ONLY_TIPS:
                return False, f"tip {tip.id!r} is for women"
    return True, "notes name only unmet rules; tips fit the person"


def older_adults(program: Program, catalog: Catalog) -> Result:
    """From 65: balance practice and sit-to-stand work every week."""
    for week in program.weeks:
        patterns = {
            catalog.get(ex.id).pattern
            for day in week.days
            for session in day.sessions
            for ex in session.exercises
        }
        missing = [p for p in ("balance", "sit-to-stand") if p not in patterns]
        if missing:
            return False, f"week {week.number}: no {' or '.join(missing)} work"
    return True, "every week has balance practice and sit-to-stand work"
