"""The plan's rules as named, sourced objects, and the validator that checks a plan.

Each :class:`Rule` inspects a finished :class:`~gluteus.domain.program.Program` and says
whether it holds, with a one-line detail; the seeds' checks live in
:mod:`~gluteus.domain.rules.seed`, the coach's in :mod:`~gluteus.domain.rules.coaching`. The
planner runs :func:`validate` on its own output; when a person's constraints make a rule
impossible, the planner passes the reason in ``constraints`` and the result is marked
``constrained``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from gluteus.domain.catalog import Catalog
from gluteus.domain.guidelines import (
    ABDUCTION_MIN_SETS,
    BACK_HINGE_REPS_MIN,
    BACK_HINGE_RIR,
    BACK_LOADED_HINGES_PER_WEEK,
    CARDIO_WEEKLY_MINUTES,
    GLUTE_SETS,
    GLUTE_SETS_MAINTENANCE_MAX,
    LOWER_BACK_CORE_SETS,
    MIN_CARDIO_BOUT,
    OTHER_GROUP_MIN_SETS,
    SHORT_DAY_MINUTES,
    STRENGTH_FLOOR_BUDGET,
    STRENGTH_FLOOR_MINUTES,
    is_older_adult,
    pelvic_signs,
)
from gluteus.domain.periodization import LOADED_KIT, heavy_phase
from gluteus.domain.profile import Limitation, Profile
from gluteus.domain.program import (
    Program,
    RuleResult,
)
from gluteus.domain.rules import coaching, seed

__all__ = [
    "RULES",
    "RULES_BY_ID",
    "Check",
    "Rule",
    "validate",
]

Check = Callable[[Program, Catalog], tuple[bool, str]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule with its source and a check over a whole program."""

    id: str
    title: str
    source: str
    check: Check
    applies: Callable[[Profile], bool] = lambda profile: True


RULES: tuple[Rule, ...] = (
    Rule(
        "combined-approach",
        "Fat loss and strength together; spot reduction explained",
        "seeds 000, 001, 002 (spot reduction does not work)",
        seed._both_halves,
    ),
    Rule(
        "cardio-5x30",
        "Cardio ≥ 30 min on ≥ 5 days a week",
        "seeds 000, 001, 002; American Heart Association; ACSM 2011 (Garber et al.)",
        seed._cardio_days,
    ),
    Rule(
        "cardio-free-days", "At least two days a week without cardio", "seed 001", seed._cardio_free
    ),
    Rule(
        "strength-minimum",
        "Strength training on at least 2 days a week",
        "seed 000; US Physical Activity Guidelines 2018",
        seed._strength_minimum,
    ),
    Rule(
        "strength-3-4-days",
        "Strength training 3-4 days a week for toning",
        "seeds 001, 003",
        seed._strength_toning,
    ),
    Rule(
        "all-major-muscles",
        "Work all major muscle groups, not only the glutes",
        "seed 000",
        seed._all_major_groups,
    ),
    Rule(
        "glutes-max-med-min",
        "Gluteus maximus, medius and minimus every week",
        "seed 003",
        seed._glutes_weekly,
    ),
    Rule(
        "muscle-recovery",
        "Same muscles not loaded hard on consecutive days",
        "ACSM guidance: ~48 h between sessions for a muscle group (facts.md §3.1)",
        seed._spacing,
    ),
    Rule(
        "sets-and-reps",
        "At least 2 sets of 8-15 reps (8-12; 12-15 floor/band; 10-15 band)",
        "seeds 001, 002, 004",
        seed._sets_reps,
    ),
    Rule("rest-between-sets", "Rest between sets", "seed 001", seed._rest_between_sets),
    Rule(
        "effort-last-two-reps",
        "Last two reps hard but doable with good form",
        "seed 001",
        seed._effort_cue,
    ),
    Rule(
        "warmup-and-stretch",
        "Warm up before and stretch after every strength session",
        "seed 003",
        seed._warmup_cooldown,
    ),
    Rule(
        "own-equipment",
        "Only equipment the person has, or a household stand-in",
        "SPEC §4; seed 003 (cans of soup for dumbbells)",
        seed._equipment,
    ),
    Rule(
        "limitations",
        "Declared limitations exclude unsuitable exercises",
        "SPEC §2; seed 002 (bridges suit bad knees; squats and lunges may not)",
        seed._limitations,
    ),
    Rule("fits-minutes", "Each day fits the minutes available", "SPEC §4", seed._fits_minutes),
    Rule(
        "available-days",
        "Training only on days the person is free",
        "SPEC §4",
        seed._available_days,
    ),
    Rule(
        "calorie-floor",
        "Intake never below 1,200 kcal (women) / 1,500 kcal (men)",
        "seed 002; Harvard Health Publishing 2009",
        seed._calorie_floor,
    ),
    Rule(
        "safe-pace",
        "Weight loss at most ~1 % of body weight (≤ 1 kg) a week, planned workouts counted",
        "Helms et al. JISSN 2014; NHLBI 1998",
        seed._safe_pace,
    ),
    Rule(
        "healthy-goal",
        "No weight-loss goal below BMI 18.5",
        "SPEC §2; WHO TRS 894",
        seed._healthy_goal,
    ),
    Rule(
        "pregnancy",
        "Pregnancy: no deficit, professional clearance first",
        "SPEC §2; PAR-Q+ (delay if pregnant)",
        seed._pregnancy,
    ),
    Rule(
        "screening",
        "Readiness screening travels with the plan",
        "seed 001; PAR-Q+",
        seed._screening,
    ),
    Rule(
        "progression",
        "Work progresses week over week",
        "seed 001 (raise distance or speed step by step); ACSM 2009 (Ratamess et al.)",
        seed._progression,
    ),
    Rule(
        "band-finisher",
        "Mini-band finisher of 2-3 moves after other workouts",
        "seed 004",
        seed._band_finisher,
        seed._wants_finisher,
    ),
    Rule(
        "cardio-sandwich",
        "15 min cardio before and after strength work",
        "seed 003",
        seed._cardio_sandwich,
        lambda profile: profile.cardio_sandwich,
    ),
    Rule(
        "session-skeleton",
        "Each session: a bridge or hip thrust, one move per pattern, compounds first, core last",
        "Contreras, Strong Curves, 2013; NSCA Essentials of Strength Training, 4th ed., 2016",
        coaching.session_skeleton,
    ),
    Rule(
        "glute-volume",
        f"Glutes {GLUTE_SETS[0]}-{GLUTE_SETS[1]} sets a week (up to "
        f"{GLUTE_SETS_MAINTENANCE_MAX} past beginner at maintenance), counted fractionally "
        "with finishers",
        "Schoenfeld, Ogborn & Krieger, J Sports Sci 35(11), 2017; Pelland et al. 2024; "
        "Helms et al., JISSN 11:20, 2014",
        coaching.glute_volume,
    ),
    Rule(
        "abduction-volume",
        f"Glute med/min ≥ {ABDUCTION_MIN_SETS} direct abduction sets a week, finishers included",
        "seed 003; Schoenfeld, Ogborn & Krieger, J Sports Sci 35(11), 2017",
        coaching.abduction_volume,
    ),
    Rule(
        "floor-transfer-guard",
        "No inverted row, full push-up or pigeon stretch over ~110 kg, from 65 or for "
        "beginners: the supported variant instead",
        "ACSM Guidelines, 11th ed., 2021; US Physical Activity Guidelines 2018",
        coaching.floor_transfer_guard,
    ),
    Rule(
        "trained-strength-days",
        "Intermediate and advanced lifters with 4+ free days lift on 3+ days a week, on 4 "
        "when toning or building glutes",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009",
        coaching.trained_strength_days,
    ),
    Rule(
        "postpartum-care",
        "After birth: pelvic-floor screen, no impact before 12 weeks; breastfeeding energy "
        "added and loss ≤ 0.5 kg a week",
        "ACOG Committee Opinion 804, 2020; Goom, Donnelly & Brockwell 2019; IOM 2005; "
        "Lovelady et al., NEJM 342(7), 2000",
        coaching.postpartum_care,
        lambda profile: profile.postpartum_weeks is not None or profile.breastfeeding,
    ),
    Rule(
        "owned-kit-text",
        "Exercise text mentions only kit the person owns (no band placement without a band)",
        "SPEC §4 (only equipment the person has)",
        coaching.owned_kit_text,
    ),
    Rule(
        "knee-care",
        "Sore knees: at most one knee-dominant main move a session; a pad under kneeling moves",
        "Kolasinski et al., ACR/AF guideline, Arthritis Care Res 72(2), 2020; seed 002",
        coaching.knee_care,
        lambda profile: Limitation.KNEES in profile.limitations,
    ),
    Rule(
        "goal-followed",
        "Calories, cardio reasons and tips follow the goal; no deficit talk without a deficit",
        "Helms et al., JISSN 11:20, 2014; Iraki et al., Sports 7(7):154, 2019",
        coaching.goal_followed,
    ),
    Rule(
        "pregnancy-effort",
        "Pregnancy: every set ends with 3 or more reps in reserve, in every phase",
        "ACOG Committee Opinion 804, 2020",
        coaching.pregnancy_effort,
        lambda profile: Limitation.PREGNANCY in profile.limitations,
    ),
    Rule(
        "glute-lead-first",
        "Each strength session opens with the main glute lift, in every phase",
        "Contreras, Strong Curves, 2013; NSCA Essentials of Strength Training, 4th ed., 2016",
        coaching.glute_lead_first,
    ),
    Rule(
        "lead-keeps-stimulus",
        "A new phase never swaps the loaded glute lift for a lighter one",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009 (progressive overload)",
        coaching.lead_keeps_stimulus,
    ),
    Rule(
        "new-block",
        "Each 4-week phase brings its own main moves (weeks 9-12 do not repeat 1-4)",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009 (vary the stimulus by phase)",
        coaching.new_block,
    ),
    Rule(
        "finisher-is-new",
        "A finisher never repeats a main move of its session",
        "seed 004 (finisher: different band moves after the workout)",
        coaching.finisher_is_new,
    ),
    Rule(
        "group-volume",
        f"Every other major group ≥ {OTHER_GROUP_MIN_SETS} hard sets a week",
        "Schoenfeld, Ogborn & Krieger 2017 (≥ 4-6 sets maintain a muscle); seed 000",
        coaching.group_volume,
    ),
    Rule(
        "full-body-two-days",
        "Two strength days: full body A/B, never a split",
        "Schoenfeld, Ogborn & Krieger, Sports Med 46(11), 2016 (twice a week beats once)",
        coaching.full_body_when_two_days,
    ),
    Rule(
        "strength-floor",
        f"≥ {STRENGTH_FLOOR_MINUTES} min of strength work a session on days of "
        f"≥ {STRENGTH_FLOOR_BUDGET} min",
        "Contreras, Strong Curves, 2013; research/coaching.md",
        coaching.strength_floor,
    ),
    Rule(
        "cardio-150",
        f"≥ {CARDIO_WEEKLY_MINUTES} min of cardio a week in bouts of ≥ {MIN_CARDIO_BOUT} min",
        "US Physical Activity Guidelines, 2nd ed., HHS 2018",
        coaching.cardio_weekly,
    ),
    Rule(
        "everyday-walking",
        "Cardio short of 150 min a week is topped up with everyday walking, said plainly",
        "US Physical Activity Guidelines, 2nd ed., HHS 2018 (bouts of any length count)",
        coaching.everyday_walking,
    ),
    Rule(
        "regular-activity-counted",
        "What the person already does counts toward the weekly cardio; no duplicate cardio",
        "US Physical Activity Guidelines, 2nd ed., HHS 2018 (any moderate activity counts)",
        coaching.regular_activity_counted,
        lambda profile: bool(profile.regular_activity),
    ),
    Rule(
        "lifting-apart-from-long-sessions",
        "No lifting the day before a long or hard run, ride or game",
        "Wilson et al., J Strength Cond Res 26(8), 2012 (concurrent training interference)",
        coaching.lifting_apart_from_long_sessions,
        lambda profile: any(item.days for item in profile.regular_activity),
    ),
    Rule(
        "owned-kit-first",
        "No household stand-in for dumbbells, kettlebells or a barbell when a band or "
        "bodyweight variant of the move exists",
        "ACSM Guidelines, 11th ed., 2021 (progressive, measurable loading); seed 003",
        coaching.owned_kit_first,
    ),
    Rule(
        "back-hinge-once",
        f"Sore lower back: at most {BACK_LOADED_HINGES_PER_WEEK} loaded hinge a week, "
        f"at {BACK_HINGE_REPS_MIN}+ reps and {BACK_HINGE_RIR}+ in reserve",
        "McGill, Low Back Disorders, 3rd ed., 2016",
        coaching.back_hinge_once,
        lambda profile: Limitation.LOWER_BACK in profile.limitations,
    ),
    Rule(
        "split-back-to-back",
        "Back-to-back strength days split the emphasis: heavy squat and hinge on the first, "
        "single-leg and abduction work on the second",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009 (about 48 h between hard sessions "
        "for the same muscles)",
        coaching.split_back_to_back,
    ),
    Rule(
        "heavy-block",
        "Advanced lifters: one phase takes the main loaded lifts to 5-8 reps",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009 (periodized loading for advanced "
        "lifters)",
        coaching.heavy_block,
        lambda profile: (
            heavy_phase(profile.level, profile.weeks) is not None
            and bool(profile.equipment_set & LOADED_KIT)
        ),
    ),
    Rule(
        "short-day-supersets",
        f"Days of {SHORT_DAY_MINUTES} min or less run non-competing neighbours as "
        "supersets, timed as pairs",
        "Robbins et al., J Strength Cond Res 24(10), 2010; Contreras, Strong Curves, 2013",
        coaching.short_day_supersets,
        lambda profile: profile.minutes_per_session <= SHORT_DAY_MINUTES,
    ),
    Rule(
        "pelvic-floor-care",
        "After birth: any yes on the pelvic-floor / abdominal-separation screen brings a "
        "referral, gentle core only and no high-impact work",
        "ACOG Committee Opinion 804, 2020; Goom, Donnelly & Brockwell, Returning to running "
        "postnatal, 2019",
        coaching.pelvic_floor_care,
        lambda profile: bool(pelvic_signs(profile)),
    ),
    Rule(
        "no-empty-day",
        "No available day left empty while cardio falls short",
        "US Physical Activity Guidelines 2018; seed 001",
        coaching.no_empty_day,
    ),
    Rule(
        "phases-and-deloads",
        "4-week phases, effort targets, load guidance, deloads before new phases",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009; Bell et al., Sports Med Open 9:87, "
        "2023",
        coaching.phases_and_deloads,
    ),
    Rule(
        "intervals-stay-intervals",
        "Interval cardio stays work/rest sets",
        "research/coaching.md (catalog dose); ACSM Guidelines, 11th ed., 2021",
        coaching.intervals_stay_intervals,
    ),
    Rule(
        "hard-cardio-spacing",
        "No hard or high-impact cardio the day after a lower-body day",
        "ACSM Guidelines, 11th ed., 2021 (recovery between hard sessions)",
        coaching.hard_cardio_spacing,
    ),
    Rule(
        "limitation-care",
        f"Limitations applied as a coach would (pregnancy, back: ≥ {LOWER_BACK_CORE_SETS} core "
        "sets, balance support, knees)",
        "ACOG Committee Opinion 804, 2020; McGill, Low Back Disorders, 3rd ed., 2016",
        coaching.limitation_care,
        lambda profile: bool(profile.limitations),
    ),
    Rule(
        "owned-kit-used",
        "Owned kit (stability ball, bike, elliptical, mini band) is put to use",
        "SPEC §4 (owned kit put to use); research/coaching.md",
        coaching.owned_kit_used,
    ),
    Rule(
        "honest-notes",
        "Notes name only unmet rules; tips fit the person",
        "SPEC §4 (a plan says which rule it cannot satisfy and why)",
        coaching.honest_notes,
    ),
    Rule(
        "older-adults",
        "From 65: balance practice and sit-to-stand work every week",
        "US Physical Activity Guidelines 2018 (multicomponent activity for older adults)",
        coaching.older_adults,
        lambda profile: is_older_adult(profile.age),
    ),
)

RULES_BY_ID: Mapping[str, Rule] = {rule.id: rule for rule in RULES}


def validate(
    program: Program,
    catalog: Catalog,
    constraints: Mapping[str, str] | None = None,
    only: frozenset[str] | None = None,
) -> tuple[RuleResult, ...]:
    """Check every applicable rule against a program.

    Args:
        program: The plan to check (its own ``rules`` field is ignored).
        catalog: The catalog the plan's exercise ids refer to.
        constraints: Rule id → why the person's constraints make it impossible; an unmet
            rule listed here is reported with that reason and ``constrained=True``.
        only: Check just these rule ids (all when None).

    Returns:
        One result per applicable rule, in :data:`RULES` order.
    """
    constraints = constraints or {}
    results = []
    for rule in RULES:
        if not rule.applies(program.profile) or (only is not None and rule.id not in only):
            continue
        satisfied, detail = rule.check(program, catalog)
        reason = constraints.get(rule.id)
        if not satisfied and reason:
            detail = f"{reason} ({detail})"
        results.append(
            RuleResult(
                id=rule.id,
                title=rule.title,
                source=rule.source,
                satisfied=satisfied,
                detail=detail,
                constrained=not satisfied and bool(reason),
            )
        )
    return tuple(results)
