"""The targets the planner aims at and the rules check, each once, with its unit and source.

The planner (:mod:`gluteus.domain.planning`) builds toward these numbers and the rules
(:mod:`gluteus.domain.rules`) judge a finished plan against the same ones, so a target can
never drift between the two. Like pvlib's ``temperature`` parameter tables, every value
carries its unit in brackets and the publication it comes from; ``seed 00N`` is one of the
five source articles (:data:`gluteus.domain.sources.SEED_PUBLICATIONS`), ``SPEC`` the
product spec.

Sections: weekly cardio and strength days; sets, reps and effort; time in a session;
limitations; after birth; who a target applies to; how an exercise counts; the words a
plan carries that the rules look for. Checks over a whole plan live in ``rules``. Pure: no I/O.
"""

from __future__ import annotations

from gluteus.domain.catalog import Exercise
from gluteus.domain.memo import memo
from gluteus.domain.periodization import LOADED_KIT
from gluteus.domain.profile import Equipment, Goal, Level, Limitation, Profile

# --- Weekly cardio and strength days ------------------------------------------------------

CARDIO_WEEKLY_MINUTES = 150
"""Moderate cardio a week, the person's own activity included. [min/week]

References:
    [1] US Physical Activity Guidelines, 2nd ed., HHS 2018.
"""
MIN_CARDIO_BOUT = 10
"""Shortest cardio bout counted toward :data:`CARDIO_WEEKLY_MINUTES`. [min]

References:
    [1] US Physical Activity Guidelines, 2nd ed., HHS 2018.
"""
CARDIO_MIN_MINUTES = 30
"""A cardio day holds at least this much cardio. [min/day]

References:
    [1] Seeds 000, 001, 002; American Heart Association; Garber et al., ACSM 2011.
"""
CARDIO_MIN_DAYS = 5
"""Days a week with :data:`CARDIO_MIN_MINUTES` of cardio. [days/week]

References:
    [1] Seeds 000, 001, 002; American Heart Association; Garber et al., ACSM 2011.
"""
CARDIO_FREE_DAYS = 2
"""Days a week left without cardio. [days/week]

References:
    [1] Seed 001.
"""
CARDIO_DAYS_MAX = 5
"""Most cardio days a week before an empty day may stay empty. [days/week]

References:
    [1] US Physical Activity Guidelines 2018; seed 001 (two days without cardio).
"""
STRENGTH_MIN_DAYS = 2
"""Fewest strength days a week. [days/week]

References:
    [1] Seed 000; US Physical Activity Guidelines 2018.
"""
STRENGTH_TOWARD = (3, 4)
"""Strength days a week the toning plans work toward. [days/week]

References:
    [1] Seeds 001, 003.
"""
TRAINED_STRENGTH_DAYS = 3
"""Strength days a week for intermediate and advanced lifters with four or more days free.
[days/week]

References:
    [1] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3), 2009 (intermediate 3-4,
        advanced 4-6).
"""
FOUR_DAY_GOALS = frozenset({Goal.TONE, Goal.BUILD_GLUTES})
"""Goals at maintenance whose trained lifters get :data:`FOUR_STRENGTH_DAYS` (A/B/A/B)."""
FOUR_STRENGTH_DAYS = 4
"""Strength days for intermediate and advanced lifters toning or building with 4+ days.
[days/week]

References:
    [1] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3), 2009 (intermediate 3-4 days,
        advanced 4-6 days a week).
    [2] Contreras B., Strong Curves, 2013 (4-day full-body glute programs).
"""
PHASE_MAX_WEEKS = 4
"""Longest run of weeks in one phase before the moves change. [weeks]

References:
    [1] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3), 2009 (periodized blocks).
"""

# --- Sets, reps and effort ----------------------------------------------------------------

MIN_SETS = 2
"""Fewest sets of a main move. [sets]

References:
    [1] Seeds 001, 002, 004.
"""
REPS_RANGE = (8, 15)
"""Reps a set: 8-12 for loaded moves, 12-15 floor and band, 10-15 band. [reps]

References:
    [1] Seeds 001, 002, 004.
"""
BAND_FINISHER_SIZE = (2, 3)
"""Moves in the mini-band finisher after other work. [moves]

References:
    [1] Seed 004.
"""
GLUTE_SETS = (10, 20)
"""Weekly glute sets, counted fractionally, for beginners and anyone in a deficit. [sets/week]

References:
    [1] Schoenfeld B.J., Ogborn D., Krieger J.W., J. Sports Sci. 35(11), 2017.
    [2] Helms E.R. et al., JISSN 11:20, 2014 (in a deficit, the lower part of the range).
"""
GLUTE_SETS_MAINTENANCE_MAX = 24
"""Upper weekly glute sets for intermediate and advanced lifters eating at maintenance.
[sets/week]

References:
    [1] Schoenfeld B.J., Ogborn D., Krieger J.W., J. Sports Sci. 35(11), 2017.
    [2] Pelland J.C. et al., SportRxiv 2024 / Sports Med. 2025 (fractional counting).
    [3] Helms E.R. et al., JISSN 11:20, 2014 (in a deficit, the lower part of the range).
"""
ABDUCTION_MIN_SETS = 4
"""Direct hip-abduction sets a week for gluteus medius and minimus (finishers count).
[sets/week]

References:
    [1] Seed 003 (maximus, medius and minimus every week); research/coaching.md, Volume.
    [2] Schoenfeld, Ogborn & Krieger, J Sports Sci 35(11), 2017.
"""
OTHER_GROUP_MIN_SETS = 4
"""Hard sets a week for every other major group (quads, hamstrings, back, chest/shoulders,
core). [sets/week]

References:
    [1] Schoenfeld, Ogborn & Krieger 2017 (4-6 sets a week maintain a muscle); seed 000.
"""
PREGNANCY_RIR = 3
"""Fewest reps in reserve on any set in pregnancy, in every phase: no straining. [reps]

References:
    [1] ACOG Committee Opinion 804, 2020 (avoid straining and holding the breath; moderate
        effort); research/coaching.md, Limitations.
"""

# --- Time in a session --------------------------------------------------------------------

STRENGTH_FLOOR_BUDGET = 30
"""Session length from which :data:`STRENGTH_FLOOR_MINUTES` applies. [min]

References:
    [1] Contreras B., Strong Curves, 2013; research/coaching.md.
"""
STRENGTH_FLOOR_MINUTES = 15
"""Strength work a session holds on days of :data:`STRENGTH_FLOOR_BUDGET` or more. [min]

References:
    [1] Contreras B., Strong Curves, 2013; research/coaching.md.
"""
SANDWICH_MINUTES = 15
"""Cardio before and after the strength work when the person asks for a sandwich. [min]

References:
    [1] Seed 003.
"""
SHORT_DAY_MINUTES = 25
"""Days this short run neighbouring non-competing moves as supersets (see timing). [min]

References:
    [1] Robbins D.W. et al., J Strength Cond Res 24(10), 2010; Contreras, Strong Curves, 2013.
"""

# --- Limitations --------------------------------------------------------------------------

OLDER_ADULT_AGE = 65
"""Age from which balance and sit-to-stand work come every week. [years]

References:
    [1] US Physical Activity Guidelines 2018 (multicomponent activity for older adults).
"""
FLOOR_TRANSFER_IDS = frozenset({"inverted-row", "push-up", "pike-push-up", "pigeon-stretch"})
"""Moves that lift or lower the whole body from the floor or under furniture; their
supported variants (band or dumbbell row, push-up against a bench or counter, the figure-four
stretch on the back or in a chair) stay open to everyone.

References:
    [1] ACSM's Guidelines for Exercise Testing and Prescription, 11th ed., 2021.
"""
FLOOR_TRANSFER_MAX_KG = 110.0
"""Body weight above which whole-body floor moves wait for a supported variant. [kg]

References:
    [1] ACSM's Guidelines for Exercise Testing and Prescription, 11th ed., 2021 (obesity and
        older adults: begin with supported, lower-load variations).
    [2] US Physical Activity Guidelines 2018 (older adults: adapt to fitness and balance).
"""
KNEE_DOMINANT_PATTERNS = frozenset({"squat", "lunge", "step-up", "sit-to-stand"})
"""Movement patterns led by the knee, counted against :data:`KNEE_DOMINANT_PER_SESSION`."""
KNEE_DOMINANT_PER_SESSION = 1
"""Knee-dominant main moves a session holds for sore knees. [moves/session]

References:
    [1] Kolasinski S.L. et al., ACR/Arthritis Foundation guideline, Arthritis Care Res
        72(2), 2020 (exercise for the knee, dosed to symptoms); seed 002 (bridges suit bad
        knees; squats and lunges may not).
"""
BACK_LOADED_HINGES_PER_WEEK = 1
"""Loaded hinges (deadlift, Romanian deadlift) a week for a sore lower back. [moves/week]

References:
    [1] McGill S., Low Back Disorders, 3rd ed., Human Kinetics, 2016 (spare the spine its
        repeated loaded flexion moments; build tolerance gradually, core endurance first).
"""
BACK_HINGE_REPS_MIN = 12
"""The one loaded hinge of a sore back is dosed lighter: 12 or more reps a set. [reps]

References:
    [1] McGill S., Low Back Disorders, 3rd ed., 2016.
"""
BACK_HINGE_RIR = 3
"""…and 3 or more reps in reserve on it (well short of fatigue). [reps]

References:
    [1] McGill S., Low Back Disorders, 3rd ed., 2016.
"""
LOWER_BACK_CORE_SETS = 4
"""Core sets a week for a sore lower back (deload weeks aside). [sets/week]

References:
    [1] McGill S., Low Back Disorders, 3rd ed., 2016 (core endurance first);
        ACOG Committee Opinion 804, 2020.
"""
FREE_WEIGHTS = frozenset(
    {Equipment.DUMBBELLS, Equipment.KETTLEBELL, Equipment.BARBELL, Equipment.BODY_BAR}
)
"""Free weights: a household stand-in (a backpack, water jugs) loads them poorly and
awkwardly, so a band or bodyweight variant of the same move comes first.

References:
    [1] ACSM's Guidelines for Exercise Testing and Prescription, 11th ed., 2021 (progressive,
        measurable loading); seed 003 (household stand-ins only when nothing else is there).
"""

# --- After birth --------------------------------------------------------------------------

SCREEN_WEEKS = 52
"""Weeks after birth during which the plan carries the pelvic-floor screen. [weeks]

References:
    [1] Goom T., Donnelly G., Brockwell E., Returning to running postnatal, 2019.
"""
IMPACT_FROM_WEEKS = 12
"""Weeks after birth before high-impact cardio returns. [weeks]

References:
    [1] Goom T., Donnelly G., Brockwell E., Returning to running postnatal, 2019.
"""
BREASTFEEDING_MAX_PACE_KG = 0.5
"""Fastest weekly loss while breastfeeding. [kg/week]

References:
    [1] Lovelady C.A. et al., NEJM 342(7), 2000.
"""
GENTLE_CORE_IDS = frozenset({"dead-bug", "ball-dead-bug", "bird-dog", "pallof-press"})
"""Core moves kept while a pelvic-floor or abdominal-separation sign is unresolved: slow,
low-pressure work, no planks or hollow holds.

References:
    [1] Goom, Donnelly & Brockwell 2019; ACOG Committee Opinion 804, 2020.
"""

# --- Who a target applies to --------------------------------------------------------------


def is_older_adult(age: int) -> bool:
    """True from :data:`OLDER_ADULT_AGE` (65). [years]"""
    return age >= OLDER_ADULT_AGE


def floor_transfer_guarded(weight_kg: float, age: int, level: Level) -> bool:
    """True for people who get the supported variants of whole-body floor moves.

    Over about 110 kg, aged 65 or more, or beginners (see :data:`FLOOR_TRANSFER_MAX_KG`).
    """
    return weight_kg > FLOOR_TRANSFER_MAX_KG or is_older_adult(age) or level is Level.BEGINNER


def glute_set_range(level: Level, deficit: bool) -> tuple[int, int]:
    """Weekly glute sets (fractional): 10-20, up to 24 at maintenance past beginner. [sets]"""
    if deficit or level is Level.BEGINNER:
        return GLUTE_SETS
    return GLUTE_SETS[0], GLUTE_SETS_MAINTENANCE_MAX


def wants_four_days(profile: Profile) -> bool:
    """True for a trained lifter toning or building glutes with four or more days free."""
    return (
        profile.level is not Level.BEGINNER
        and len(profile.available_days) >= FOUR_STRENGTH_DAYS
        and profile.goal in FOUR_DAY_GOALS
        and Limitation.PREGNANCY not in profile.limitations
    )


def pelvic_signs(profile: Profile) -> list[str]:
    """The after-birth signs answered yes (empty when none or not answered)."""
    screen = profile.pelvic_floor_screen
    return screen.yes_answers() if screen is not None else []


# --- How an exercise counts ---------------------------------------------------------------

KNEELING_WORDS = ("kneel", "hands and knees", "all fours")
"""Words in a catalog entry's summary or steps that mark a kneeling move."""


def _exercise_id(exercise: Exercise) -> str:
    return exercise.id


@memo(maxsize=None, key=_exercise_id)
def is_kneeling(exercise: Exercise) -> bool:
    """True when the move is done kneeling or on hands and knees (from its catalog text)."""
    text = " ".join((exercise.summary, *exercise.steps)).lower()
    return any(word in text for word in KNEELING_WORDS)


def free_weight_stand_in(exercise: Exercise, owned: frozenset[Equipment]) -> bool:
    """True when the move needs a free weight the person does not own (a stand-in loads it)."""
    return exercise.equipment_note(owned) is not None and bool(
        set(exercise.equipment) & FREE_WEIGHTS
    )


def loaded_hinge(exercise: Exercise, owned: frozenset[Equipment]) -> bool:
    """A hip hinge done with external weight: owned load, or a household stand-in."""
    if exercise.pattern != "hinge":
        return False
    return bool(set(exercise.equipment) & LOADED_KIT & owned) or free_weight_stand_in(
        exercise, owned
    )


def kit_stimulus(exercise: Exercise, owned: frozenset[Equipment]) -> int:
    """How well the move loads its target with this kit: catalog stimulus, less for stand-ins.

    References:
        [1] Contreras B. et al., J. Appl. Biomech. 31(6), 2015 (hip thrust vs squat EMG).
        [2] Seed 003: household stand-ins (cans of soup for dumbbells) load less.
    """
    value = exercise.stimulus
    if exercise.equipment_note(owned) is not None:
        value -= 1
    loads = set(exercise.equipment) & LOADED_KIT
    if Equipment.NONE in exercise.equipment and loads and not loads & owned:
        value -= 1
    return value


# --- Words a plan carries that the rules look for -----------------------------------------

PAD_CUE = "kneel on a folded towel or pad"
"""Printed on every kneeling move for sore knees (rule knee-care)."""
BODYWEIGHT_HINGE_CUE = "body weight only, to spare your back"
"""Printed on a sore back's hinge after the week's one loaded hinge (rule back-hinge-once)."""
SCREEN_PREFIX = "After birth:"
"""Opens the plan note that carries the pelvic-floor screen (rule postpartum-care)."""
PELVIC_REFERRAL_PREFIX = "Pelvic health:"
"""Opens the referral note when a screen sign is answered yes (rule pelvic-floor-care)."""
