"""Pre-exercise readiness screening modelled on the PAR-Q+ general questions.

It turns seven yes/no answers plus declared limitations into a clearance that travels with
every plan. It is a screen, not a diagnosis: any "yes" sends the person to a professional
first, and the plan stays viewable with that notice on top.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from gluteus.domain.profile import Limitation, ParqAnswers, Profile

PARQ_SOURCE = (
    "PAR-Q+ Collaboration, Physical Activity Readiness Questionnaire for Everyone "
    "(eparmedx.com), general health questions 1-7; Warburton D.E.R. et al., Health Fit J "
    "Can 4(2):3-23, 2011"
)

PARQ_QUESTIONS: dict[str, str] = {
    "q1": "Has a doctor ever told you that you have a heart condition or high blood pressure?",
    "q2": "Do you get chest pain when resting, during everyday tasks or when you exercise?",
    "q3": (
        "In the past 12 months, have you lost your balance because of dizziness or passed out? "
        "(Answer no if the dizziness only came from breathing hard during exercise.)"
    ),
    "q4": "Apart from heart trouble or high blood pressure, do you have a diagnosed long-term "
    "medical condition?",
    "q5": "Do you take prescription medicine for a long-term medical condition?",
    "q6": (
        "Do you have, or have you had in the past 12 months, a problem with a bone, joint, "
        "muscle, ligament or tendon that more activity could make worse? (Answer no if an old "
        "problem no longer limits you.)"
    ),
    "q7": "Has a doctor said you should only be active under medical supervision?",
}
"""The seven general questions, in Gluteus's words (PAR-Q+ structure, facts.md §5.1)."""

_REASONS: dict[str, str] = {
    "q1": "a heart condition or high blood pressure was reported",
    "q2": "chest pain was reported",
    "q3": "dizziness with loss of balance, or fainting, in the past year was reported",
    "q4": "a long-term medical condition was reported",
    "q5": "prescription medicine for a long-term condition was reported",
    "q6": "a bone, joint or soft-tissue problem that activity could worsen was reported",
    "q7": "a doctor advised medically supervised activity only",
}

SEE_PROFESSIONAL = (
    "Talk to a doctor or qualified exercise professional before starting this plan. "
    "You can read the plan now; start training once you have their go-ahead."
)


class Clearance(BaseModel):
    """The outcome of screening, attached to every plan."""

    model_config = ConfigDict(frozen=True)

    cleared: bool
    answered: bool
    status: str
    reasons: tuple[str, ...]
    advice: tuple[str, ...]
    source: str = PARQ_SOURCE


def screen(
    answers: ParqAnswers | None,
    limitations: tuple[Limitation, ...] = (),
    age: int | None = None,
) -> Clearance:
    """Screen a person before a first plan.

    Args:
        answers: The seven answers, or None when the questionnaire was not answered.
        limitations: Declared limitations (pregnancy needs a professional's clearance).
        age: Age in years (over 45: extra advice before vigorous work).

    Returns:
        ``cleared`` is True only when every question was answered "no" and nothing declared
        needs a professional first. ``reasons`` lists why not.

    References:
        [1] PAR-Q+ 2021-2024: all "no" → cleared to start slowly; any "yes" → follow-up
            questions or see a qualified professional; pregnancy → talk to a health-care
            practitioner first (facts.md §5.1).
        [2] Seed 001: see a doctor before starting a diet and exercise programme.
    """
    reasons: list[str] = []
    advice: list[str] = []
    if answers is None:
        reasons.append("the readiness questionnaire has not been answered yet")
        advice.append("Answer the seven readiness questions before you start.")
    else:
        reasons.extend(_REASONS[q] for q in answers.yes_answers())
    if Limitation.PREGNANCY in limitations:
        reasons.append("pregnancy: get clearance from your midwife or doctor first")
        advice.append("During pregnancy Gluteus plans no calorie deficit and no impact work.")
    needs_professional = bool(answers is not None and answers.yes_answers()) or (
        Limitation.PREGNANCY in limitations
    )
    if needs_professional:
        advice.insert(0, SEE_PROFESSIONAL)
    cleared = not reasons
    if cleared:
        advice.append("Cleared to start: begin gently and build up week by week.")
        if age is not None and age > 45:
            advice.append(
                "Over 45 and not used to hard exercise? Check with a qualified exercise "
                "professional before going to vigorous intensity."
            )
    if cleared:
        status = "cleared"
    elif needs_professional:
        status = "see a professional first"
    else:
        status = "unanswered"
    return Clearance(
        cleared=cleared,
        answered=answers is not None,
        status=status,
        reasons=tuple(reasons),
        advice=tuple(advice),
    )


def screen_profile(profile: Profile) -> Clearance:
    """Screen using the answers and limitations stored on a profile."""
    return screen(profile.parq, profile.limitations, profile.age)
