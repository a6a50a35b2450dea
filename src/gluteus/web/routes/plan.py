"""The plan: its week grid, rebuilding it, the calendar file and the printable plan.

The API side: ``plan`` (build it, read it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from gluteus.charts.body_map import plan_map
from gluteus.domain.patterns import weekly_sets
from gluteus.domain.profile import EQUIPMENT_LABELS, Equipment, Limitation, Weekday
from gluteus.domain.program import Program, Week
from gluteus.domain.tips import SPOT_REDUCTION
from gluteus.domain.units import format_count
from gluteus.exports import program_html, program_ics
from gluteus.services import plans
from gluteus.services.errors import NotFoundError
from gluteus.web.deps import ApiUser, page_use_case, use_case
from gluteus.web.pages import redirect, render
from gluteus.web.schemas import PlanForm

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


def week_days(program: Program, number: int) -> list[dict[str, Any]]:
    """The seven calendar days of week ``number``, each with its planned day or None."""
    week = program.weeks[number - 1]
    start = program.start_date or dt.date.min
    first = start + dt.timedelta(days=7 * (number - 1))
    days = []
    for offset in range(7):
        date = first + dt.timedelta(days=offset)
        weekday = Weekday.from_index(date.weekday())
        days.append({"date": date, "weekday": weekday, "day": week.day(weekday)})
    return days


# --- "what we adjusted for you and why" -------------------------------------------------------

LIMITATION_WORDS: dict[Limitation, str] = {
    Limitation.KNEES: "your knees",
    Limitation.LOWER_BACK: "your lower back",
    Limitation.PREGNANCY: "your pregnancy",
    Limitation.BALANCE: "your balance",
}
"""How the summary names each declared limitation."""

EXCLUSIONS_NAMED = 3
"""How many left-out exercises the summary names before saying "and N more"."""

RULE_CAUSES: dict[str, str] = {
    "cardio-5x30": "cardio",
    "cardio-150": "cardio",
    "no-empty-day": "cardio",
    "combined-approach": "cardio",
    "strength-minimum": "strength-days",
    "strength-3-4-days": "strength-days",
    "full-body-two-days": "strength-days",
    "band-finisher": "short-sessions",
    "strength-floor": "short-sessions",
    "session-skeleton": "short-sessions",
    "fits-minutes": "short-sessions",
    "glute-volume": "short-sessions",
    "group-volume": "short-sessions",
    "all-major-muscles": "short-sessions",
    "glutes-max-med-min": "short-sessions",
    "owned-kit-used": "short-sessions",
    "older-adults": "short-sessions",
    "limitation-care": "limitations",
}
"""Unmet rules that share one cause, so the summary says it once (one notice per cause)."""


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One thing the plan changed for this person, said once, in plain words."""

    cause: str
    text: str


def _week_cardio_minutes(week: Week) -> int:
    return round(sum(day.cardio_minutes for day in week.days))


def _strength_days(week: Week) -> int:
    return sum(1 for day in week.days if day.strength_sessions())


def _cardio_words(program: Program, week: Week) -> str:
    profile = program.profile
    minutes = _week_cardio_minutes(week)
    days = f"{format_count(len(profile.available_days), 'day')} of {profile.minutes_per_session}"
    one = len(profile.available_days) == 1
    held = (
        f"{'holds' if one else 'hold'} about {minutes} minutes of cardio a week"
        if minutes
        else f"{'leaves' if one else 'leave'} no room for cardio next to the lifting"
    )
    return (
        f"Less cardio than the usual advice: {days} minutes {held}, short of the 150 minutes "
        "most guidelines suggest. We kept enough time for lifting, because firm glutes need it; "
        "brisk walks on other days close the gap."
    )


def _strength_days_words(program: Program, week: Week) -> str:
    days = _strength_days(week)
    return (
        f"{format_count(days, 'strength session').capitalize()} a week rather than the 3 to 4 "
        "that suit toning best: your free days allow no more with a rest day between them, so "
        "each session works every major muscle."
    )


def _short_sessions_words(program: Program, week: Week) -> str:
    minutes = program.profile.minutes_per_session
    return (
        f"Shorter strength sessions: {minutes} minutes holds the main lifts but not every extra "
        "move, so we kept the glute and whole-body exercises that matter most and dropped the "
        "rest (such as a band finisher). More minutes a day would bring them back."
    )


def _limitations_words(program: Program, week: Week) -> str:
    names = [LIMITATION_WORDS[limit] for limit in program.profile.limitations]
    whom = " and ".join(names) if names else "what you told us"
    them = "them" if len(names) > 1 else "it"
    left_out = [e.name for e in program.exclusions]
    if not left_out:
        words = f"Chosen with {whom} in mind: every exercise suits {them}."
    else:
        shown = ", ".join(left_out[:EXCLUSIONS_NAMED])
        more = len(left_out) - EXCLUSIONS_NAMED
        rest = f" and {more} more" if more > 0 else ""
        words = (
            f"Chosen with {whom} in mind: we left out "
            f"{format_count(len(left_out), 'exercise')} that do not suit {them} ({shown}{rest}) "
            "and used gentler ones in their place."
        )
    if Limitation.PREGNANCY in program.profile.limitations:
        extra = round(program.calories.pregnancy_kcal)
        baby = f", plus about {extra} kcal a day for the baby" if extra else ""
        words += (
            f" You eat to hold your weight, not to lose it: no calorie deficit in pregnancy{baby}."
        )
    return words


CAUSE_WORDS: dict[str, Callable[[Program, Week], str]] = {
    "cardio": _cardio_words,
    "strength-days": _strength_days_words,
    "short-sessions": _short_sessions_words,
    "limitations": _limitations_words,
}
"""The plain sentence for each cause, made from the plan's own numbers."""


def _kit_words(program: Program) -> str | None:
    kit = [e for e in program.profile.equipment if e is not Equipment.NONE]
    if not kit:
        return "No equipment needed: every exercise uses your body weight."
    names = [EQUIPMENT_LABELS[e].split(" (")[0] for e in kit]
    return f"Built around your own kit: {', '.join(names)} and your body weight."


def adjustments(program: Program, week: Week) -> list[Adjustment]:
    """What the plan changed for this person and why: one plain sentence per cause.

    Made from the plan's unmet rules (grouped by :data:`RULE_CAUSES`, so two rules with one
    cause give one sentence), its limitations and left-out exercises, and the person's kit.
    No rule ids, validator wording or source lists: those stay in the rule details.
    """
    found: list[Adjustment] = []
    causes: list[str] = []
    if program.profile.limitations:
        causes.append("limitations")
    for rule in program.unmet_rules():
        cause = RULE_CAUSES.get(rule.id, rule.id)
        if cause not in causes:
            causes.append(cause)
    for cause in causes:
        words = CAUSE_WORDS.get(cause)
        if words is not None:
            found.append(Adjustment(cause, words(program, week)))
        else:
            title = next(r.title for r in program.unmet_rules() if r.id == cause)
            found.append(Adjustment(cause, f"One guideline could not be fully met: {title}."))
    kit = _kit_words(program)
    if kit:
        found.append(Adjustment("kit", kit))
    return found


def plan_why(program: Program, week: Week, *, current: bool = True) -> str:
    """The plan's "why" in one sentence: strength, cardio and eating, for the shown week."""
    strength = _strength_days(week)
    cardio = _week_cardio_minutes(week)
    kcal = round(program.calories.target_kcal)
    parts = []
    if strength:
        parts.append(f"{format_count(strength, 'strength session')} to firm and shape your glutes")
    if cardio:
        parts.append(f"about {cardio} minutes of cardio")
    when = "This week" if current else f"Week {week.number}"
    work = f"{' and '.join(parts)}, with " if parts else ""
    return (
        f"{when}: {work}about {kcal:,} kcal a day of eating. Fat loss shows the muscle; the "
        "lifting builds it. Neither works alone."
    )


def shared_notes(week: Week) -> list[str]:
    """Session notes that repeat across the week's days, in order: the page says them once."""
    seen: dict[str, int] = {}
    for day in week.days:
        for session in day.sessions:
            for note in dict.fromkeys(session.notes):
                seen[note] = seen.get(note, 0) + 1
    return [note for note, count in seen.items() if count > 1]


def _week_volume(program: Program, number: int) -> Mapping[str, float]:
    """The plan's hard sets per group for week ``number`` (counted afresh for an older plan)."""
    for volume in program.volume:
        if volume.week == number:
            return volume.sets
    return weekly_sets(program.weeks[number - 1])


@pages.get("/plan")
def plan_page(request: Request, week: int = 0, new: str = "", rebuilt: str = "") -> Response:
    """The plan: this week's days, the why, what was adjusted, other weeks folded."""
    with page_use_case(request) as (session, actor):
        program = plans.active_program(session, actor)
        units = actor.units
        now = actor.today
    if program is None:
        return redirect("/onboarding")
    current = program.week_for(now)
    number = week or (current.number if current else 1)
    number = min(max(number, 1), len(program.weeks))
    week_shown = program.weeks[number - 1]
    context = {
        "title": "Your plan",
        "program": program,
        "week": week_shown,
        "days": week_days(program, number),
        "other_weeks": [
            (w, week_days(program, w.number)) for w in program.weeks if w.number != number
        ],
        "why": plan_why(program, week_shown, current=current is None or current.number == number),
        "shared_notes": shared_notes(week_shown),
        "adjustments": adjustments(program, week_shown),
        "new": bool(new),
        "rebuilt": bool(rebuilt),
        "units": units,
        "today_date": now,
        "spot": SPOT_REDUCTION,
        "other_tips": [t for t in program.tips if t.id != SPOT_REDUCTION.id],
        "body_map": plan_map(_week_volume(program, number), number),
    }
    return render(request, "plan.html", context)


@pages.post("/plan")
def rebuild_plan(request: Request) -> Response:
    """Build the plan again from the saved profile and the latest weight."""
    with page_use_case(request) as (session, actor):
        plans.make_plan(session, actor, plans.PlanRequest())
    return redirect("/plan?rebuilt=1")


def _program(request: Request) -> tuple[Any, Any]:
    with page_use_case(request) as (session, actor):
        program = plans.active_program(session, actor)
    if program is None:
        raise NotFoundError("plan", None, "no plan yet; build one first")
    return program, actor


@pages.get("/plan.ics")
def plan_calendar(request: Request) -> Response:
    """The plan's training days as an iCalendar file."""
    program, _actor = _program(request)
    return Response(
        program_ics(program),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gluteus-plan.ics"'},
    )


@pages.get("/plan/print")
def plan_print(request: Request) -> HTMLResponse:
    """The printable plan (a standalone page)."""
    program, actor = _program(request)
    return HTMLResponse(program_html(program, actor.units, figures=True))


# --- API -------------------------------------------------------------------------------------


@api.post("/plan", status_code=201, response_model=Program, tags=["plan"])
def post_plan(request: Request, user_id: ApiUser, form: PlanForm | None = None) -> Program:
    """Build the plan from the saved profile and make it the active one."""
    start = form.start_date if form else None
    with use_case(request, user_id) as (session, actor):
        return plans.make_plan(session, actor, plans.PlanRequest(start_date=start))


@api.get("/plan", response_model=Program, tags=["plan"])
def get_plan(request: Request, user_id: ApiUser) -> Program:
    """The active plan; 404 before one is built."""
    with use_case(request, user_id) as (session, actor):
        program = plans.active_program(session, actor)
    if program is None:
        raise NotFoundError("plan", None, "no plan yet; POST /api/v1/plan builds one")
    return program
