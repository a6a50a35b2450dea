"""Habit, food, styling and understanding tips that sit beside every plan.

Facts come from the seed articles and research notes; the wording is Gluteus's own.
"""

from __future__ import annotations

from gluteus.domain.profile import Limitation, Profile, Sex
from gluteus.domain.program import Tip

SPOT_REDUCTION = Tip(
    id="spot-reduction",
    category="understanding",
    text=(
        "Exercising one body part does not burn the fat lying over it. Your body draws on "
        "fat stores everywhere as a whole, so the rear slims down only as total body fat "
        "falls: that is the job of cardio and a modest calorie deficit. The glute work does "
        "the other half: firmer, stronger muscle underneath gives a lifted shape as the fat "
        "layer shrinks."
    ),
    source="seeds 000 and 001; Vispute S.S. et al., J Strength Cond Res 25(9), 2011",
)

SPOT_REDUCTION_AT_MAINTENANCE = Tip(
    id="spot-reduction",
    category="understanding",
    text=(
        "Exercising one body part does not burn the fat lying over it: fat comes off the "
        "whole body at once, and only with a calorie deficit, which your goal does not ask "
        "for. What the glute work changes is the muscle underneath: stronger, fuller glutes "
        "give a firmer, lifted shape at the same weight."
    ),
    source="seeds 000 and 001; Vispute S.S. et al., J Strength Cond Res 25(9), 2011",
)
DEFICIT_TIPS = frozenset({"junk-food", "no-crash-diet"})
"""Tips about eating less: only beside a calorie deficit."""

TIPS: tuple[Tip, ...] = (
    SPOT_REDUCTION,
    Tip(
        id="muscle-density",
        category="understanding",
        text=(
            "Muscle is denser than fat, so a kilogram of it fills less room: as you trade one "
            "for the other, your hips and thighs can measure smaller even before the scale "
            "moves much. Track circumferences as well as weight."
        ),
        source="seed 000",
    ),
    Tip(
        id="take-the-stairs",
        category="habit",
        text=(
            "Skip lifts and escalators whenever you can. Every flight climbed is a short bout "
            "of glute work and adds to the day's energy use."
        ),
        source="seed 002; Compendium 2011 code 17133 (stair climbing, 4.0 MET)",
    ),
    Tip(
        id="junk-food",
        category="food",
        text=(
            "Cut down on the snacks that sneak in between meals: pastries at breakfast, "
            "biscuits mid-afternoon, crisps late at night. Swapping them is often the easiest "
            "few hundred calories of a deficit."
        ),
        source="seeds 000 and 002",
    ),
    Tip(
        id="portions",
        category="food",
        text=(
            "Watch portion sizes: serve a plate in the kitchen rather than eating from the "
            "pan or packet, and fill half of it with vegetables."
        ),
        source="seed 002",
    ),
    Tip(
        id="no-crash-diet",
        category="food",
        text=(
            "Do not slash food too hard: very low intakes make you tired, cost muscle and make "
            "the diet hard to keep. Gluteus never sets a target under 1,200 kcal a day for "
            "women or 1,500 for men."
        ),
        source="seed 002; Harvard Health Publishing 2009",
    ),
    Tip(
        id="pain-stop",
        category="safety",
        text=(
            "Working hard should feel tough, never painful. Sharp pain or pain in a joint "
            "means stop, log it, and ask a health professional if it returns."
        ),
        source="seed 001",
    ),
    Tip(
        id="style-trousers",
        category="style",
        text=(
            "While you work toward your goal, trousers with a wide or boot-cut leg balance "
            "the hips against the lower leg."
        ),
        source="seed 000",
    ),
    Tip(
        id="style-skirts",
        category="style",
        text="Skirts in a heavier, structured fabric hold their own shape and flatter the rear.",
        source="seed 000",
    ),
    Tip(
        id="style-avoid",
        category="style",
        text=(
            "Big patch pockets on the seat and boxy, oversized jackets add bulk where you want "
            "less; a fitted jacket that flares a little at the waist does the opposite."
        ),
        source="seed 000",
    ),
)

PREGNANCY_TIP = Tip(
    id="pregnancy",
    category="safety",
    text=(
        "In pregnancy the goal is staying strong, not losing weight: no deficit, no jumping, "
        "and nothing lying flat on your back later on. Follow your midwife's or doctor's advice."
    ),
    source="PAR-Q+ (delay more activity when pregnant, see a practitioner); SPEC §2",
)


WOMEN_ONLY = frozenset({"style-skirts"})
"""Tips about clothes most men do not wear."""


def tips_for(profile: Profile, *, deficit: bool = True) -> tuple[Tip, ...]:
    """The tips that fit this person (diet tips are replaced in pregnancy; skirts for women).

    Without a calorie deficit there are no eat-less tips, and the spot-reduction tip does
    not argue for one.
    """
    tips = TIPS
    if not deficit:
        tips = tuple(
            SPOT_REDUCTION_AT_MAINTENANCE if tip.id == SPOT_REDUCTION.id else tip
            for tip in tips
            if tip.id not in DEFICIT_TIPS
        )
    if profile.sex is Sex.MALE:
        tips = tuple(tip for tip in tips if tip.id not in WOMEN_ONLY)
    if Limitation.PREGNANCY in profile.limitations:
        return (PREGNANCY_TIP, *(tip for tip in tips if tip.category not in ("food",)))
    return tips
