"""`gluteus log today` in a terminal: today's session, one question at a time.

Every answer defaults to today's progressed target, so pressing Enter logs the plan;
``skip`` passes over an exercise and ``stop`` ends early and keeps what was entered.
"""

from __future__ import annotations

import datetime as dt

from gluteus.cli.app import console
from gluteus.cli.formats import format_load, number
from gluteus.cli.prompts import StopAsking, ask, yes_no
from gluteus.cli.runtime import use_case
from gluteus.domain.catalog import RepUnit
from gluteus.domain.program import PlannedExercise
from gluteus.domain.progression.strength import Recommendation
from gluteus.domain.units import UnitSystem, format_count
from gluteus.services import journal
from gluteus.services import quantities as parse
from gluteus.services import today as today_service
from gluteus.services.errors import InputError


def _load(text: str, units: UnitSystem) -> tuple[float | None, str | None]:
    answer = text.strip().lower()
    if answer in {"", "bodyweight", "bw", "none", "-"}:
        return None, None
    words = answer.replace("-", " ").replace("_", " ").split()
    if "band" in words:  # "band heavy", "heavy band", "extra light band", "band"
        level = " ".join(word for word in words if word != "band") or "medium"
        band = journal.parse_band(level, "load")
        assert band is not None
        return None, band.value
    return parse.mass_kg(answer, units, "load"), None


def _count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InputError("reps", "expected a whole number", allowed="0–200") from None
    if not 0 <= value <= 200:
        raise InputError("reps", "out of range", allowed="0–200", value=value)
    return value


def _ask_sets(
    exercise: PlannedExercise, rec: Recommendation | None, day: dt.date, units: UnitSystem
) -> journal.SetsInput | None:
    unit = "seconds" if exercise.unit is RepUnit.SECONDS else "reps"
    sets = rec.dose.sets if rec else exercise.sets
    target = rec.target_reps if rec else exercise.reps_max
    load_text = format_load(rec.load_kg if rec else None, rec.band if rec else None, units)
    planned: tuple[float | None, str | None] = (
        (rec.load_kg, rec.band.value if rec.band else None) if rec else (None, None)
    )
    console.print(
        f"\n[bold]{exercise.name}[/] ({exercise.id}): {sets} × {target} {unit}, {load_text}"
    )
    done = ask(
        "  Did you do it? (y/n/skip/stop)",
        lambda t: _choice(t, {"y", "yes", "n", "no", "skip"}),
        "y",
        allow_stop=True,
    )
    if done in {"n", "no", "skip"}:
        return None
    load_kg, band = ask(
        "  Load (8kg, 18lb, band medium, or bodyweight)",
        # Enter keeps the exact target (its text is rounded for display).
        lambda t: planned if t.strip() == load_text else _load(t, units),
        load_text,
        allow_stop=True,
    )
    counts: list[int] = []

    def entered(hard: bool) -> journal.SetsInput | None:
        reps = [c for c in counts if c > 0]
        if not reps:  # every set 0: not done after all
            return None
        return journal.SetsInput(
            exercise_id=exercise.id,
            reps=reps,
            last_two_hard=hard,
            date=day,
            load_kg=load_kg,
            band=band,
        )

    try:
        for n in range(1, sets + 1):
            counts.append(ask(f"  Set {n} {unit}", _count, str(target), allow_stop=True))
    except StopAsking:
        # Keep the sets entered before `stop` (hard, the question's default).
        raise StopAsking(entered(hard=True)) from None
    if entered(hard=True) is None:
        return None
    return entered(yes_no("  Were the last two reps of each set hard but doable?", True))


def _choice(text: str, allowed: set[str]) -> str:
    answer = text.strip().lower()
    if answer not in allowed:
        raise InputError("answer", "not one of the choices", allowed=", ".join(sorted(allowed)))
    return answer


def _minutes(text: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise InputError("minutes", "expected a number", allowed="0–600") from None
    if not 0 <= value <= 600:
        raise InputError("minutes", "out of range", allowed="0–600", value=value)
    return value


def guided_session(date: dt.date | None, units: UnitSystem | None) -> None:
    """Ask through the day's session, then log the answers in one transaction."""
    with use_case(units) as (session, actor):
        view = today_service.today_view(session, actor, date)
    day = view.date
    if view.day is None:
        console.print(f"{day}: nothing planned (a rest day or outside the plan).")
        return
    console.print(
        f"[bold]{day}[/], week {view.week}. Enter keeps the target; "
        "type skip to leave an exercise out, stop to finish early and keep what you entered."
    )
    targets = {rec.exercise_id: rec for rec in view.targets}
    request = journal.SessionInput(date=day)
    try:
        for kind, exercise in today_service.planned_items(view.day):
            if today_service.is_cardio(kind, exercise):
                minutes = ask(
                    f"\n{exercise.name}: minutes done (0 to skip)",
                    _minutes,
                    number(exercise.minutes, 0),
                    allow_stop=True,
                )
                if minutes > 0:
                    request.cardio.append(
                        journal.CardioInput(exercise_id=exercise.id, minutes=minutes, date=day)
                    )
                continue
            answered = _ask_sets(exercise, targets.get(exercise.id), day, actor.units)
            if answered is not None:
                request.sets.append(answered)
    except StopAsking as stop:
        if stop.sets is not None:
            request.sets.append(stop.sets)
        console.print("Stopping here; keeping what you entered.")
    if not request.sets and not request.cardio:
        console.print("Nothing to log.")
        return
    with use_case(units) as (session, actor):
        result = journal.log_session(session, actor, request)
    sets = sum(1 for e in result.entries if e.kind == "set")
    bouts = len(result.entries) - sets
    console.print(
        f"Logged {format_count(sets, 'set')} and {format_count(bouts, 'cardio bout')} "
        f"for {day}. Well done."
    )
