"""`gluteus log …`: record, correct and undo what was done.

Numbers may carry a unit (``8kg``, ``18lb``, ``3km``, ``2mi``, ``100cm``, ``39in``); a bare
number is read in your units, set once with ``gluteus config units imperial`` or per command
with ``--units``. Everything is stored metric. Each command writes in one transaction; bad
input exits 2 with one line naming the flag, and nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer
from rich.markup import escape

from gluteus.cli.app import app, console, fail
from gluteus.cli.formats import entry_text, format_load
from gluteus.cli.runtime import is_terminal, parse_date, use_case
from gluteus.domain.units import UnitSystem, format_count
from gluteus.services import journal
from gluteus.services import quantities as parse
from gluteus.services.errors import InputError

log_app = typer.Typer(
    help="Record sets, cardio, body weight, circumferences, pain, intake and period starts.",
    no_args_is_help=True,
)
app.add_typer(log_app, name="log")

UNITS_HELP = "metric or imperial: how bare numbers are read (default: `gluteus config units`)."
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Day it happened, YYYY-MM-DD (default: today).")
]
UnitsOpt = Annotated[UnitSystem | None, typer.Option("--units", help=UNITS_HELP)]
# A negative number after a positional argument must reach our own check, not the parser.
NUMBER_ARG = {"ignore_unknown_options": True}


@log_app.command("set")
def log_set(
    exercise_id: Annotated[str, typer.Argument(metavar="EXERCISE", help="Catalog id.")],
    reps: Annotated[
        list[int],
        typer.Option(
            "--reps",
            "-r",
            help=f"Reps (seconds for holds) of one set; repeat it (up to "
            f"{journal.MAX_SETS_PER_CALL} sets per command).",
        ),
    ],
    hard: Annotated[
        bool | None,
        typer.Option("--hard/--easy", help="Were the last two reps hard but doable with form?"),
    ] = None,
    load: Annotated[
        str | None, typer.Option(help="External load per set: 8kg or 18lb (bare: your units).")
    ] = None,
    band: Annotated[
        str | None, typer.Option(help="Band level: extra_light, light, medium, heavy.")
    ] = None,
    bad_form: Annotated[
        bool, typer.Option("--form-broke", help="Form broke down on a set.")
    ] = False,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log sets of one exercise (repeat --reps for each set).

    Example: gluteus log set glute-bridge --reps 15 --reps 14 --band medium --hard
    """
    if hard is None:
        fail("--hard/--easy: say whether the last two reps of each set were hard")
    with use_case(units) as (session, actor):
        logged = journal.log_sets(
            session,
            actor,
            journal.SetsInput(
                exercise_id=exercise_id,
                reps=reps,
                last_two_hard=hard,
                date=parse_date(date) or actor.today,
                load_kg=parse.mass_kg(load, actor.units, "load_kg") if load else None,
                band=band,
                good_form=not bad_form,
            ),
        )
    first = logged[0]
    assert isinstance(first, journal.SetView)
    load_text = format_load(first.load_kg, first.band, actor.units)
    dose = f" with {load_text}" if load_text != "bodyweight" else ""
    console.print(
        f"Logged {format_count(len(logged), 'set')} of "
        f"{first.exercise_name or first.exercise_id} on "
        f"{first.date}: {', '.join(str(getattr(s, 'reps', '')) for s in logged)}{dose} "
        f"[dim]({', '.join(s.id for s in logged)})[/]."
    )


@log_app.command("cardio")
def log_cardio(
    activity_id: Annotated[str, typer.Argument(metavar="ACTIVITY", help="Cardio id.")],
    minutes: Annotated[float, typer.Option(help="Duration in minutes (1-600).")],
    distance: Annotated[
        str | None, typer.Option(help="Distance: 3km, 800m or 2mi (bare: your units).")
    ] = None,
    speed: Annotated[
        str | None, typer.Option(help="Average speed: 6kmh or 4mph (bare: your units).")
    ] = None,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log a cardio bout.

    Example: gluteus log cardio brisk-walk --minutes 30 --distance 3km
    """
    with use_case(units, {"exercise_id": "ACTIVITY"}) as (session, actor):
        entry = journal.log_cardio(
            session,
            actor,
            journal.CardioInput(
                exercise_id=activity_id,
                minutes=minutes,
                date=parse_date(date) or actor.today,
                distance_km=parse.distance_km(distance, actor.units) if distance else None,
                speed_kmh=parse.speed_kmh(speed, actor.units) if speed else None,
            ),
        )
    console.print(f"Logged {escape(entry_text(entry, actor.units))} [dim]({entry.id})[/].")


ConfirmOpt = Annotated[
    bool,
    typer.Option(
        "--confirm", help="Keep a weight that looks like a slip (far from your recent trend)."
    ),
]


@log_app.command("weight", context_settings=NUMBER_ARG)
def log_weight(
    weight: Annotated[str, typer.Argument(metavar="WEIGHT", help="Body weight: 72.4kg or 160lb.")],
    date: DateOpt = None,
    units: UnitsOpt = None,
    confirm: ConfirmOpt = False,
) -> None:
    """Log your body weight; one far from your recent weigh-ins is questioned first.

    Example: gluteus log weight 72.4kg
    """
    flags = {"weight_kg": "WEIGHT", "confirm": "--confirm"}
    with use_case(units, flags) as (session, actor):
        given = journal.WeightInput(
            weight_kg=parse.mass_kg(weight, actor.units, "weight_kg"),
            date=parse_date(date) or actor.today,
            confirm=confirm,
        )
        question = None
        if not confirm:
            question = journal.weigh_in_question(session, actor, given.weight_kg, given.date)
    if question is not None:  # asked outside the transaction
        if not is_terminal():
            fail(f"WEIGHT: {question} Nothing was logged; add --confirm to keep it.")
        console.print(escape(question))
        if not typer.confirm("Log it as typed?", default=False):
            console.print("Nothing was logged.")
            raise typer.Exit(1)
        given = given.model_copy(update={"confirm": True})
    with use_case(units, flags) as (session, actor):
        entry = journal.log_weight(session, actor, given)
    console.print(f"Logged {escape(entry_text(entry, actor.units))} [dim]({entry.id})[/].")


@log_app.command("measure")
def log_measure(
    hips: Annotated[str | None, typer.Option(help="Hips: 100cm or 39in.")] = None,
    waist: Annotated[str | None, typer.Option(help="Waist: 80cm or 31.5in.")] = None,
    thigh: Annotated[str | None, typer.Option(help="Thigh: 58cm or 23in.")] = None,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log circumferences of hips, waist and/or thigh.

    Example: gluteus log measure --hips 100cm --waist 80cm --thigh 58cm
    """
    if hips is None and waist is None and thigh is None:
        fail("--hips/--waist/--thigh: give at least one circumference")
    with use_case(units) as (session, actor):

        def cm(text: str | None, field: str) -> float | None:
            return parse.length_cm(text, actor.units, field) if text is not None else None

        entry = journal.log_measurement(
            session,
            actor,
            journal.MeasureInput(
                date=parse_date(date) or actor.today,
                hips_cm=cm(hips, "hips_cm"),
                waist_cm=cm(waist, "waist_cm"),
                thigh_cm=cm(thigh, "thigh_cm"),
            ),
        )
    console.print(f"Logged {escape(entry_text(entry, actor.units))} [dim]({entry.id})[/].")


@log_app.command("pain")
def log_pain(
    exercise_id: Annotated[str, typer.Argument(metavar="EXERCISE", help="Id of what hurt.")],
    severity: Annotated[int, typer.Option(help="1 (barely) to 10 (worst imaginable).")],
    region: Annotated[
        str, typer.Option(help="Where it hurt: knee, lower_back, hip, shoulder or other.")
    ] = "other",
    note: Annotated[str, typer.Option(help="Where and when it hurt (up to 500 characters).")] = "",
    date: DateOpt = None,
) -> None:
    """Log pain on an exercise and where; upcoming sessions load that region less.

    Example: gluteus log pain forward-lunge --severity 4 --region knee --note "left knee"
    """
    with use_case() as (session, actor):
        entry = journal.log_pain(
            session,
            actor,
            journal.PainInput(
                exercise_id=exercise_id,
                severity=severity,
                region=region,
                note=note,
                date=parse_date(date) or actor.today,
            ),
        )
    console.print(f"Logged {escape(entry_text(entry, actor.units))}. Pain is a stop sign.")
    if severity >= 7:
        console.print("Severe pain: stop that movement and see a health professional.")


@log_app.command("intake", context_settings=NUMBER_ARG)
def log_intake(
    kcal: Annotated[
        str, typer.Argument(metavar="KCAL", help="Energy eaten that day in kcal (0-10000).")
    ],
    date: DateOpt = None,
    meal: Annotated[
        str | None, typer.Option(help="Optional label: breakfast, lunch, dinner, snack …")
    ] = None,
    protein: Annotated[
        float | None, typer.Option(help="Optional protein eaten, in grams (0-1000).")
    ] = None,
) -> None:
    """Log what you ate, in kcal: a meal or the whole day (a day's entries add up).

    Example: gluteus log intake 650 --meal lunch
    """
    try:
        value = float(kcal.strip().lower().removesuffix("kcal"))
    except ValueError:
        fail(f"KCAL: expected a number of kcal, got {kcal!r}")
    with use_case(flags={"kcal": "KCAL", "protein_g": "--protein"}) as (session, actor):
        entry = journal.log_intake(
            session,
            actor,
            journal.IntakeInput(
                kcal=value, date=parse_date(date) or actor.today, meal=meal, protein_g=protein
            ),
        )
    console.print(f"Logged {escape(entry_text(entry, actor.units))} [dim]({entry.id})[/].")


@log_app.command("period")
def log_period(date: DateOpt = None) -> None:
    """Log the day a period started (one per day); the check-in then knows the cycle.

    Weigh-ins in the days before a period and on its first days carry extra water; the
    weekly check-in leaves them out of the trend once it knows when periods start.

    Example: gluteus log period --date 2026-12-01
    """
    with use_case() as (session, actor):
        entry = journal.log_period(
            session, actor, journal.PeriodInput(date=parse_date(date) or actor.today)
        )
    console.print(f"Logged {escape(entry_text(entry, actor.units))} [dim]({entry.id})[/].")


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not is_terminal():
        fail("--yes: not a terminal, so nothing was asked; add --yes to go ahead")
    if not typer.confirm(question, default=False):
        console.print("Nothing was deleted.")
        raise typer.Exit(0)


YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


@log_app.command("delete")
def log_delete(
    entry_ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help="Entry ids from `gluteus history`.")
    ],
    yes: YesOpt = False,
) -> None:
    """Delete logged entries by id (asks first in a terminal).

    Example: gluteus log delete set-12 set-13
    """
    with use_case() as (session, actor):
        found = [journal.get_entry(session, actor, text) for text in entry_ids]
    for entry in found:
        console.print(f"  {entry.id}: {escape(entry_text(entry, actor.units))}")
    _confirm(f"Delete {len(found)} entr{'y' if len(found) == 1 else 'ies'}?", yes)
    with use_case() as (session, actor):
        gone = journal.delete_entries(session, actor, entry_ids)
    console.print(f"Deleted {len(gone)} entr{'y' if len(gone) == 1 else 'ies'}.")


@log_app.command("undo")
def log_undo(yes: YesOpt = False) -> None:
    """Take back the last thing you logged (all sets of one command count as one).

    Example: gluteus log undo --yes
    """
    with use_case() as (session, actor):
        last = journal.last_action(session, actor)
    if not last:
        fail("undo: nothing logged yet")
    for entry in last:
        console.print(f"  {entry.id}: {escape(entry_text(entry, actor.units))}")
    _confirm("Undo this?", yes)
    with use_case() as (session, actor):
        gone = journal.delete_entries(session, actor, [e.id for e in last])
    console.print(f"Undone: {len(gone)} entr{'y' if len(gone) == 1 else 'ies'} removed.")


@log_app.command("edit")
def log_edit(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="Entry id from `gluteus history`.")],
    date: Annotated[str | None, typer.Option(help="Move it to this day, YYYY-MM-DD.")] = None,
    exercise: Annotated[str | None, typer.Option(help="Sets or pain: the exercise id.")] = None,
    activity: Annotated[str | None, typer.Option(help="Cardio: the activity id.")] = None,
    reps: Annotated[int | None, typer.Option(help="Set: reps (or seconds).")] = None,
    load: Annotated[str | None, typer.Option(help="Set: load, 8kg or 18lb; 0 for none.")] = None,
    band: Annotated[str | None, typer.Option(help="Set: band level.")] = None,
    hard: Annotated[
        bool | None, typer.Option("--hard/--easy", help="Set: were the last two reps hard?")
    ] = None,
    good_form: Annotated[
        bool | None,
        typer.Option("--good-form/--form-broke", help="Set: did form hold on the set?"),
    ] = None,
    minutes: Annotated[float | None, typer.Option(help="Cardio: minutes.")] = None,
    distance: Annotated[str | None, typer.Option(help="Cardio: distance, 3km or 2mi.")] = None,
    speed: Annotated[str | None, typer.Option(help="Cardio: speed, 6kmh or 4mph.")] = None,
    weight: Annotated[str | None, typer.Option(help="Weight: 72kg or 160lb.")] = None,
    hips: Annotated[str | None, typer.Option(help="Measure: hips.")] = None,
    waist: Annotated[str | None, typer.Option(help="Measure: waist.")] = None,
    thigh: Annotated[str | None, typer.Option(help="Measure: thigh.")] = None,
    severity: Annotated[int | None, typer.Option(help="Pain: 1-10.")] = None,
    region: Annotated[
        str | None, typer.Option(help="Pain: knee, lower_back, hip, shoulder or other.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Pain: note.")] = None,
    kcal: Annotated[float | None, typer.Option(help="Intake: kcal.")] = None,
    meal: Annotated[str | None, typer.Option(help="Intake: meal label.")] = None,
    protein: Annotated[float | None, typer.Option(help="Intake: protein in grams.")] = None,
    incomplete: Annotated[
        bool | None,
        typer.Option(
            "--incomplete/--complete",
            help="Intake: the day's log is partial (the check-in treats the day as missing).",
        ),
    ] = None,
    units: UnitsOpt = None,
) -> None:
    """Correct one logged entry; only the options you give change.

    Example: gluteus log edit set-12 --reps 14 --load 10kg
    """
    # The catalog id is `exercise_id` to the journal; a cardio entry takes it as --activity.
    cardio = entry_id.strip().lower().startswith("cardio-")
    catalog_flag = "--activity" if cardio else "--exercise"
    with use_case(units, {"exercise_id": catalog_flag}) as (session, actor):
        u = actor.units
        changes: dict[str, object] = {
            "date": parse_date(date),
            "exercise_id": activity if cardio else exercise,
            "reps": reps,
            "load_kg": parse.mass_kg(load, u, "load_kg") if load else None,
            "band": band,
            "last_two_hard": hard,
            "good_form": good_form,
            "minutes": minutes,
            "distance_km": parse.distance_km(distance, u) if distance else None,
            "speed_kmh": parse.speed_kmh(speed, u) if speed else None,
            "weight_kg": parse.mass_kg(weight, u, "weight_kg") if weight else None,
            "hips_cm": parse.length_cm(hips, u, "hips_cm") if hips else None,
            "waist_cm": parse.length_cm(waist, u, "waist_cm") if waist else None,
            "thigh_cm": parse.length_cm(thigh, u, "thigh_cm") if thigh else None,
            "severity": severity,
            "region": region.strip().lower() if region else None,
            "note": note,
            "kcal": kcal,
            "meal": meal,
            "incomplete": incomplete,
            "protein_g": protein,
        }
        given = {key: value for key, value in changes.items() if value is not None}
        if given.get("load_kg") == 0:
            given["load_kg"] = None
        try:
            if (exercise if cardio else activity) is not None:
                kind = journal.parse_entry_id(entry_id)[0]
                allowed = ", ".join(sorted(journal.KINDS[kind].editable))
                wrong = "--exercise" if cardio else "--activity"
                raise InputError(wrong, f"does not apply to a {kind} entry", allowed=allowed)
            entry = journal.edit_entry(
                session, actor, entry_id, journal.EntryEdit.model_validate(given)
            )
        except InputError as exc:
            raise _with_edit_flags(exc, catalog_flag) from None
    console.print(f"Corrected {entry.id}: {escape(entry_text(entry, actor.units))}.")


EDIT_FLAGS: dict[str, str] = {
    "date": "--date",
    "exercise_id": "--exercise",
    "reps": "--reps",
    "load_kg": "--load",
    "band": "--band",
    "last_two_hard": "--hard/--easy",
    "good_form": "--good-form/--form-broke",
    "minutes": "--minutes",
    "distance_km": "--distance",
    "speed_kmh": "--speed",
    "weight_kg": "--weight",
    "hips_cm": "--hips",
    "waist_cm": "--waist",
    "thigh_cm": "--thigh",
    "severity": "--severity",
    "region": "--region",
    "note": "--note",
    "kcal": "--kcal",
    "meal": "--meal",
    "incomplete": "--incomplete/--complete",
    "protein_g": "--protein",
}
"""`log edit` options by the entry field they change."""


def _with_edit_flags(exc: InputError, catalog_flag: str = "--exercise") -> InputError:
    """The same error with the fields an entry allows named by `log edit` options."""
    flags = {**EDIT_FLAGS, "exercise_id": catalog_flag}
    problems = []
    for problem in exc.problems:
        allowed = problem.allowed
        if allowed and problem.reason.startswith("does not apply"):
            names = [flags.get(n.strip(), n.strip()) for n in allowed.split(",")]
            allowed = "options for it: " + ", ".join(n for n in names if n.startswith("--"))
        problems.append(replace(problem, allowed=allowed))
    return InputError.of(problems)


@log_app.command("today")
def log_today(
    as_planned: Annotated[
        bool,
        typer.Option("--as-planned", help="Log today's targets as done, without questions."),
    ] = False,
    hard: Annotated[
        bool | None,
        typer.Option("--hard/--easy", help="With --as-planned: were the last two reps hard?"),
    ] = None,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Walk through today's session and log it (questions in a terminal).

    Answers default to today's targets; each is checked as you type it. Without a terminal,
    pass --as-planned with --hard or --easy (sets already logged that day are kept and not
    logged twice).

    Example: gluteus log today --as-planned --hard
    """
    from gluteus.cli.guided import guided_session
    from gluteus.services import today as today_service

    if not as_planned:
        if not is_terminal():
            fail("log today: not a terminal; pass --as-planned with --hard or --easy")
        guided_session(parse_date(date), units)
        return
    if hard is None:
        fail("--hard/--easy: with --as-planned, say whether the last two reps were hard")
    with use_case(units) as (session, actor):
        day = parse_date(date) or actor.today
        result = today_service.log_as_planned(session, actor, day, hard)
    sets = sum(1 for e in result.entries if e.kind == "set")
    bouts = sum(1 for e in result.entries if e.kind == "cardio")
    console.print(
        f"Logged {format_count(sets, 'set')} and {format_count(bouts, 'cardio bout')} "
        f"for {day}. Well done."
    )
    if result.already_logged:
        console.print(
            f"Already logged before, left as they were: {', '.join(result.already_logged)}"
        )
