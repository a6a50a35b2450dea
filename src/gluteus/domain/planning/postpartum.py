"""After birth: the pelvic-floor screen, impact work, and breastfeeding's energy and pace.

References:
    [1] ACOG Committee Opinion 804, 2020 (return gradually; pelvic-floor training early).
    [2] Goom T., Donnelly G., Brockwell E., Returning to running postnatal, 2019 (screen for
        leakage, heaviness and abdominal separation; running from about 12 weeks at the
        earliest).
    [3] Institute of Medicine, Dietary Reference Intakes for Energy, 2005 (+330 kcal a day
        in the first 6 months of breastfeeding, +400 in the next 6).
    [4] Lovelady C.A. et al., N. Engl. J. Med. 342(7), 2000 (about 0.5 kg a week does not
        harm milk supply).
"""

from __future__ import annotations

from gluteus.domain.guidelines import (
    BREASTFEEDING_MAX_PACE_KG,
    IMPACT_FROM_WEEKS,
    PELVIC_REFERRAL_PREFIX,
    SCREEN_PREFIX,
    SCREEN_WEEKS,
    pelvic_signs,
)
from gluteus.domain.profile import Profile

LACTATION_KCAL = (330.0, 400.0)
"""Extra energy a day while breastfeeding: first 6 months, then the next 6 (IOM 2005)."""
LACTATION_EARLY_WEEKS = 26
SCREEN_NOTE = (
    SCREEN_PREFIX + " before loaded core work, running or jumping, check three things: any "
    "leaking when you cough, laugh or lift; a heavy or dragging feeling low in the pelvis; a "
    "gap or doming along the middle of the tummy. A yes to any of them means seeing a "
    "pelvic-health physiotherapist first; until then keep to the gentle core moves."
)


SIGN_WORDS = {
    "leaking": "leaking",
    "heaviness": "a heavy or dragging feeling in the pelvis",
    "separation": "a gap or doming along the tummy",
}


def referral_note(profile: Profile) -> str | None:
    """The referral when any after-birth sign was answered yes, else None."""
    signs = pelvic_signs(profile)
    if not signs:
        return None
    named = ", ".join(SIGN_WORDS[s] for s in signs)
    return (
        f"{PELVIC_REFERRAL_PREFIX} you answered yes to {named}. Please see a pelvic-health "
        "physiotherapist (your doctor or midwife can refer you) before loaded core work, "
        "running or jumping; until then this plan keeps the core work gentle (dead bug, bird "
        "dog, Pallof press) and the cardio low-impact."
    )


def screens(profile: Profile) -> bool:
    """True within a year of birth: the plan carries the pelvic-floor screen."""
    weeks = profile.postpartum_weeks
    return weeks is not None and weeks < SCREEN_WEEKS


def impact_waits(profile: Profile) -> bool:
    """True in the first weeks after birth, when high-impact cardio waits."""
    weeks = profile.postpartum_weeks
    return weeks is not None and weeks < IMPACT_FROM_WEEKS


def lactation_kcal(profile: Profile) -> float:
    """Breastfeeding's extra energy a day (0 when not breastfeeding). [kcal/day]"""
    if not profile.breastfeeding:
        return 0.0
    weeks = profile.postpartum_weeks
    early = weeks is None or weeks <= LACTATION_EARLY_WEEKS
    return LACTATION_KCAL[0] if early else LACTATION_KCAL[1]


def safe_pace_profile(profile: Profile) -> Profile:
    """The profile with its pace capped while breastfeeding."""
    if profile.breastfeeding and profile.pace_kg_per_week > BREASTFEEDING_MAX_PACE_KG:
        return profile.model_copy(update={"pace_kg_per_week": BREASTFEEDING_MAX_PACE_KG})
    return profile
