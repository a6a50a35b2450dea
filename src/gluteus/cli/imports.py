"""`gluteus import data|strong|hevy|weights|intake|health|names`: load data and history.

`import data` loads a Gluteus export (`gluteus export data`). Strong, Hevy and scale files:
in a terminal a missing unit is asked for, and names that match no catalog exercise are
offered for mapping one by one; otherwise ``--unit`` and ``--map FILE`` say it, and rows of
unmatched names are skipped and listed. ``--dry-run`` shows what would happen and saves
nothing; importing the same file again adds nothing. Names mapped once (by ``--map`` or
at the keyboard) are remembered for later imports; ``import names`` lists and forgets them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.files import ReplaceOpt, read_json
from gluteus.cli.progress_bar import progress_bar
from gluteus.cli.prompts import ask
from gluteus.cli.runtime import is_terminal, use_case
from gluteus.domain.units import UnitSystem, format_mass
from gluteus.imports.intake import INTAKE_FORMATS
from gluteus.services import backup, imports
from gluteus.services.errors import InputError

import_app = typer.Typer(
    help="Load data: a Gluteus export, Strong, Hevy or scale files.", no_args_is_help=True
)
app.add_typer(import_app, name="import")

FLAGS = {
    "unit": "--unit",
    "date_format": "--date-format",
    "format": "--format",
    "map": "--map",
    "skip_bad": "--skip-bad",
    "forget": "--forget",
    "file": "FILE",
}
REASONS = {
    "warmup": "warm-up sets",
    "unmatched": "unmatched names",
    "ignored": "mapped to skip",
    "not_in_catalog": "not in Gluteus's catalog",
    "rest_timer": "rest timers",
    "empty": "empty",
    "bad": "bad rows",
    "already_imported": "already in your journal",
    "day_has_intake": "days you already logged differently (kept as they are)",
    "steps": "step counts (not kept)",
    "active_energy": "active energy (not kept)",
    "other_health_records": "other health records",
    "other_fitbit_files": "other Fitbit files (not read)",
    "other_fit_messages": "other FIT records (laps, samples …)",
    "sport_not_in_catalog": "sessions of a sport Gluteus has no activity for",
}

FileArg = Annotated[Path, typer.Argument(help="The exported CSV file.")]
UnitOpt = Annotated[
    str | None,
    typer.Option("--unit", help="kg or lb, for a file whose header names no unit."),
]
MapOpt = Annotated[
    Path | None,
    typer.Option("--map", help='TOML or JSON: app name → catalog id or "skip".'),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Show counts, dates, unmatched names; save nothing.")
]
SkipBadOpt = Annotated[
    bool, typer.Option("--skip-bad", help="Leave out implausible rows instead of refusing.")
]
WarmupsOpt = Annotated[
    bool, typer.Option("--warmups", help="Also log warm-up sets (skipped by default).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


@import_app.command("data")
def import_data(
    file: Annotated[Path, typer.Argument(help="A JSON file from `gluteus export data`.")],
    replace: ReplaceOpt = False,
) -> None:
    """Import your data from a JSON export (into an empty account, or --replace yours).

    Example: gluteus import data gluteus-backup.json
    """
    data = read_json(file)
    with progress_bar("Importing") as progress, use_case() as (session, actor):
        result = backup.import_user(session, actor, data, replace=replace, progress=progress)
    summary = ", ".join(f"{n} {kind}" for kind, n in result.counts.items() if n)
    console.print(f"Imported {summary or 'nothing'}.")


@import_app.command("strong")
def import_strong(
    file: FileArg,
    unit: UnitOpt = None,
    map_file: MapOpt = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    warmups: WarmupsOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Import workouts from a Strong CSV export (one row per set).

    Example: gluteus import strong strong_workouts.csv --unit kg --dry-run
    """
    _run("strong", file, unit, None, map_file, dry_run, skip_bad, warmups, json_out)


@import_app.command("hevy")
def import_hevy(
    file: FileArg,
    unit: UnitOpt = None,
    map_file: MapOpt = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    warmups: WarmupsOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Import workouts from a Hevy CSV export (units come from its header).

    Example: gluteus import hevy workout_data.csv --map my-names.toml
    """
    _run("hevy", file, unit, None, map_file, dry_run, skip_bad, warmups, json_out)


@import_app.command("weights")
def import_weights(
    file: FileArg,
    unit: UnitOpt = None,
    date_format: Annotated[
        str | None,
        typer.Option("--date-format", help="Day/month order of dates like 05/06/2026: dmy or mdy."),
    ] = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Import body weights: Withings, Renpho, Garmin, Google Fit, Samsung Health or date,weight.

    Example: gluteus import weights renpho.csv --date-format dmy
    """
    _run("weights", file, unit, date_format, None, dry_run, skip_bad, False, json_out)


@import_app.command("names")
def import_names(
    forget: Annotated[
        list[str] | None,
        typer.Option("--forget", help="Forget this remembered name (repeat for several)."),
    ] = None,
    forget_all: Annotated[
        bool, typer.Option("--forget-all", help="Forget every remembered name.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """List the exercise names you mapped in earlier imports, or forget some of them.

    Example: gluteus import names --forget "Lat Pulldown (Cable)"
    """
    with use_case(flags=FLAGS) as (session, actor):
        forgotten = None
        if forget_all:
            forgotten = imports.forget_names(session, actor)
        elif forget:
            forgotten = imports.forget_names(session, actor, forget)
        names = imports.remembered_names(session, actor)
    if json_out:
        print_json({"forgotten": forgotten, "names": [n.model_dump() for n in names]})
        return
    if forgotten is not None:
        console.print(f"Forgot {_count(forgotten, 'name')}.")
    if not names:
        console.print("No remembered names: imports match names by the catalog alone.")
        return
    table = Table(title="Remembered names (next imports use them)", title_justify="left")
    table.add_column("name in the app")
    table.add_column("catalog id")
    for name in names:
        table.add_row(name.name, name.exercise_id)
    console.print(table)


@import_app.command("intake")
def import_intake(
    file: FileArg,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="myfitnesspal, cronometer, loseit, macrofactor or csv (else from the header).",
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option("--date-format", help="Day/month order of dates like 05/06/2026: dmy or mdy."),
    ] = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Import daily food totals: MyFitnessPal, Cronometer, Lose It!, MacroFactor or date,kcal.

    Example: gluteus import intake cronometer-dailysummary.csv --dry-run
    """
    if format is not None and format not in INTAKE_FORMATS:
        fail(f"--format: one of {', '.join(INTAKE_FORMATS)}; got {format!r}")
    _run("intake", file, None, date_format, None, dry_run, skip_bad, False, json_out, format)


@import_app.command("health")
def import_health(
    file: Annotated[
        Path,
        typer.Argument(
            help="Apple Health's export.zip or export.xml; Fitbit's export (ZIP, folder or"
            " a weight-/food_logs-*.json); a Garmin .fit file (or a ZIP or folder of them)."
        ),
    ],
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="Fitbit weights: kg or lb (Fitbit files do not say; lb)."),
    ] = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Import weigh-ins, food and cardio from Apple Health, Fitbit or Garmin FIT files.

    Example: gluteus import health export.zip --dry-run
    """
    chosen = _unit(unit)
    if file.is_dir():
        members = _folder(file)
        with progress_bar("Reading", json_out=json_out) as progress:
            with use_case(flags=FLAGS) as (session, actor):
                view = imports.import_health(
                    session,
                    actor,
                    members,
                    dry_run=dry_run,
                    skip_bad=skip_bad,
                    unit=chosen,
                    progress=progress,
                )
            units = actor.units
    else:
        try:
            stream = file.open("rb")
        except OSError as exc:
            fail(f"FILE: cannot read {file} ({exc.strerror})")
        bar = progress_bar("Reading", json_out=json_out)
        with stream, bar as progress, use_case(flags=FLAGS) as (session, actor):
            view = imports.import_health(
                session,
                actor,
                stream,
                dry_run=dry_run,
                skip_bad=skip_bad,
                unit=chosen,
                progress=progress,
            )
            units = actor.units
    if json_out:
        print_json(view)
        return
    _render(view, units, "health")


def _run(
    source: imports.Source,
    file: Path,
    unit: str | None,
    date_format: str | None,
    map_file: Path | None,
    dry_run: bool,
    skip_bad: bool,
    warmups: bool,
    json_out: bool,
    format: str | None = None,
) -> None:
    given = imports.ImportInput(
        source=source,
        text=_read_text(file, "FILE"),
        unit=_unit(unit),
        date_format=date_format,
        format=format,
        mapping_text=_read_text(map_file, "--map") if map_file is not None else None,
        dry_run=dry_run,
        skip_bad=skip_bad,
        warmups=warmups,
    )
    if is_terminal() and not json_out:
        given = _settled(given)
    bar = progress_bar("Reading", json_out=json_out)
    with bar as progress, use_case(flags=FLAGS) as (session, actor):
        view = imports.import_file(session, actor, given, progress=progress)
        units = actor.units
    if json_out:
        print_json(view)
        return
    _render(view, units, source)


def _folder(folder: Path) -> list[tuple[str, Any]]:
    """The files of an unpacked export, by their path inside ``folder``, each with an opener."""
    found = sorted(p for p in folder.rglob("*") if p.is_file())
    if not found:
        fail(f"FILE: the folder {folder} holds no files")
    return [(p.relative_to(folder).as_posix(), _opener(p)) for p in found]


def _opener(path: Path) -> Any:
    return lambda: path.open("rb")


def _unit(text: str | None) -> Any:
    if text is None:
        return None
    unit = text.strip().lower().rstrip("s").replace("pound", "lb")
    if unit not in ("kg", "lb"):
        fail(f"--unit: kg or lb; got {text!r}")
    return unit


def _read_text(file: Path, option: str) -> str:
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"{option}: cannot read {file} ({exc.strerror})")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # not text: the importer names what kind of file it is (latin-1 decodes any bytes)
    return data.decode("latin-1")


def _preview(given: imports.ImportInput) -> imports.ImportView | None:
    """A dry run of ``given``; None when the file needs a unit it does not name."""
    with use_case(flags=FLAGS) as (session, actor):
        try:
            return imports.import_file(session, actor, given.model_copy(update={"dry_run": True}))
        except InputError as exc:
            if exc.field != "unit":
                raise
    return None


def _settled(given: imports.ImportInput) -> imports.ImportInput:
    """``given`` with the unit and the unmatched names a person at the keyboard supplied."""
    preview = _preview(given)
    if preview is None:
        console.print("This file does not say whether its weights are in kg or lb.")
        unit = ask("Unit of the weights (kg or lb)", _unit_answer)
        given = given.model_copy(update={"unit": unit})
        preview = _preview(given)
    if preview is None or given.dry_run or not preview.unmatched:
        return given
    if preview.bad_rows and not given.skip_bad:
        return given  # the import will be refused, naming the rows; ask nothing in vain
    console.print(
        f"{len(preview.unmatched)} exercise name(s) match nothing in the catalog. Type a "
        "catalog id (see `gluteus exercises`), `skip` to leave a name out for good, or "
        "press Enter to leave it unmatched for now."
    )
    answers: dict[str, str] = {}
    for match in preview.matches:
        if match.exercise_id is not None:
            continue
        nearest = f"; nearest: {', '.join(match.candidates)}" if match.candidates else ""
        console.print(f"[bold]{match.name}[/] ({_count(match.rows, 'row')}{nearest})")
        target = ask("  catalog id", _target_answer, default="")
        if target:
            answers[match.name] = target
    return given.model_copy(update={"mapping": {**given.mapping, **answers}})


def _unit_answer(text: str) -> str:
    unit = text.strip().lower().rstrip("s")
    if unit not in ("kg", "lb"):
        raise ValueError("answer kg or lb")
    return unit


def _target_answer(text: str) -> str:
    return imports.check_target(text) if text.strip() else ""


def _render(view: imports.ImportView, units: UnitSystem, source: str) -> None:
    counts = view.imported
    what = (
        f"{_count(counts.sets, 'set')}, {_count(counts.cardio, 'cardio bout')}"
        f" and {_count(counts.weights, 'body weight')}"
    )
    if source == "intake":
        what = _count(counts.intake, "daily food total")
    elif source == "health":
        bouts = f", {_count(counts.cardio, 'cardio bout')}" if counts.cardio else ""
        what = (
            f"{_count(counts.weights, 'body weight')}{bouts}"
            f" and {_count(counts.intake, 'daily food total')}"
        )
    span = f", {view.first_date} to {view.last_date}" if view.first_date else ""
    console.print(f"{view.format.title()} file: {_count(view.rows, 'row')}{span}.")
    if view.dry_run:
        console.print(f"Would import {what}; nothing was saved (dry run).")
    else:
        console.print(f"Imported {what}.")
    if view.skipped:
        parts = ", ".join(f"{REASONS.get(r, r)} {n}" for r, n in view.skipped_by_reason.items())
        console.print(f"Skipped {_count(view.skipped, 'row')} ({parts}).")
    for bad in view.bad_rows:
        console.print(f"  [red]line {bad.line}[/]: {bad.reason}")
    _notes(view)
    if view.unmatched:
        console.print("Names matching no catalog exercise (their rows were skipped):")
        for match in view.matches:
            if match.exercise_id is None:
                nearest = f"; nearest: {', '.join(match.candidates)}" if match.candidates else ""
                console.print(f"  {match.name} ({_count(match.rows, 'row')}{nearest})")
        console.print(
            'Map them in a file (TOML: "Name (Equipment)" = "catalog-id" or "skip") and run '
            f"`gluteus import {source} FILE --map names.toml`: only the new rows are added."
        )
    if view.dry_run and view.samples:
        _samples(view, units)


def _notes(view: imports.ImportView) -> None:
    """What happens to names whose rows are left out or whose loads do not carry over."""
    noted = [m for m in view.matches if m.note]
    if not noted:
        return
    console.print("Worth knowing:")
    for match in noted:
        target = f" → {match.exercise_id}" if match.how != "known" else ""
        console.print(f"  {match.name}{target} ({_count(match.rows, 'row')}): {match.note}.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _samples(view: imports.ImportView, units: UnitSystem) -> None:
    table = Table(title="First rows", title_justify="left")
    for column in ("line", "date", "kind", "what"):
        table.add_column(column)
    for row in view.samples:
        if row.kind == "set":
            load = f" × {format_mass(row.load_kg, units)}" if row.load_kg else ""
            text = f"{row.exercise_id}: {row.reps}{load}"
        elif row.kind == "cardio":
            distance = f", {row.distance_km:g} km" if row.distance_km else ""
            text = f"{row.exercise_id}: {row.minutes:g} min{distance}"
        elif row.kind == "intake":
            text = f"{row.kcal:g} kcal"
        else:
            text = format_mass(row.weight_kg or 0.0, units)
        table.add_row(str(row.line), str(row.date), row.kind, text)
    console.print(table)
