"""`gluteus exercises list|show|search`: browse the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from gluteus.charts.figure import exercise_figure, exercise_svg
from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.render import exercise_panel, exercise_table
from gluteus.domain.catalog import Exercise, Kind, Muscle, corrected_search, default_catalog
from gluteus.domain.figures.poses import figure_view
from gluteus.domain.profile import Equipment, Level, Limitation

exercises_app = typer.Typer(help="Browse the exercise catalog.", no_args_is_help=True)
app.add_typer(exercises_app, name="exercises")

MuscleOpt = Annotated[Muscle | None, typer.Option(help="Works this muscle (primary or secondary).")]
EquipOpt = Annotated[
    str | None,
    typer.Option(help="Comma-separated kit you have; shows what you can do with it."),
]
KneeOpt = Annotated[bool, typer.Option("--knee-friendly", help="Only low knee load.")]
LevelOpt = Annotated[Level | None, typer.Option(help="Only this level.")]
KindOpt = Annotated[Kind | None, typer.Option(help="strength, cardio, warmup or stretch.")]
LimitOpt = Annotated[
    str | None, typer.Option(help="Hide what does not suit: knees, lower_back, pregnancy, balance.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


def _parse_list(text: str | None, enum: type[Equipment] | type[Limitation], option: str) -> list:  # type: ignore[type-arg]
    if text is None:
        return []
    values = [part.strip() for part in text.split(",") if part.strip()]
    try:
        return [enum(value) for value in values]
    except ValueError:
        fail(f"{option}: use any of {', '.join(member.value for member in enum)}")


def _query(
    text: str | None,
    muscle: Muscle | None,
    equipment: str | None,
    knee_friendly: bool,
    level: Level | None,
    kind: Kind | None,
    limitations: str | None,
) -> list[Exercise]:
    owned = _parse_list(equipment, Equipment, "--equipment") if equipment is not None else None
    return default_catalog().filter(
        kind=kind,
        muscle=muscle,
        equipment=owned,
        limitations=_parse_list(limitations, Limitation, "--limitations"),
        level=level,
        knee_friendly=True if knee_friendly else None,
        text=text,
    )


def _emit(found: list[Exercise], json_out: bool) -> None:
    if json_out:
        print_json([ex.model_dump(mode="json") for ex in found])
    else:
        console.print(exercise_table(found))


@exercises_app.command("list")
def list_exercises(
    muscle: MuscleOpt = None,
    equipment: EquipOpt = None,
    knee_friendly: KneeOpt = False,
    level: LevelOpt = None,
    kind: KindOpt = None,
    limitations: LimitOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List exercises, optionally filtered.

    Example: gluteus exercises list --muscle glute_med --equipment mini_band --knee-friendly
    """
    _emit(_query(None, muscle, equipment, knee_friendly, level, kind, limitations), json_out)


@exercises_app.command("search")
def search_exercises(
    text: Annotated[str, typer.Argument(help="Words to look for in names, summaries and cues.")],
    muscle: MuscleOpt = None,
    equipment: EquipOpt = None,
    knee_friendly: KneeOpt = False,
    level: LevelOpt = None,
    kind: KindOpt = None,
    limitations: LimitOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Search exercises by words, with the same filters as list.

    Example: gluteus exercises search bridge --knee-friendly
    """
    found = _query(text, muscle, equipment, knee_friendly, level, kind, limitations)
    if not found and not json_out:
        corrected = corrected_search(default_catalog(), text)
        if corrected is not None:
            found = _query(corrected, muscle, equipment, knee_friendly, level, kind, limitations)
            if found:
                console.print(f"Nothing matches {text!r}; showing {corrected!r}:", markup=False)
    _emit(found, json_out)


FigureOpt = Annotated[
    Path | None,
    typer.Option(
        "--figure",
        metavar="FILE.svg",
        help="Also write the exercise's drawn figure (animated SVG) to this file.",
    ),
]


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    """The exercise as JSON with its figure: ``view``, ``poses`` (joints in cm) and ``props``."""
    return {
        **exercise.model_dump(mode="json"),
        **figure_view(exercise_figure(exercise)).model_dump(mode="json"),
    }


def _write_figure(exercise: Exercise, target: Path) -> None:
    if target.suffix.lower() != ".svg":
        fail(f"--figure: give a file name ending in .svg, not {target.name!r}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(exercise_svg(exercise), encoding="utf-8")
    except OSError as exc:
        fail(f"--figure: cannot write {target} ({exc.strerror})")


@exercises_app.command("show")
def show_exercise(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Catalog id.")],
    json_out: JsonOpt = False,
    figure: FigureOpt = None,
) -> None:
    """Show one exercise: steps, cues, muscles, equipment, dose and variations.

    Example: gluteus exercises show band-side-lying-clamshell --figure clamshell.svg
    """
    try:
        exercise = default_catalog().get(exercise_id)
    except KeyError as exc:
        fail(str(exc.args[0]))
    if figure is not None:
        _write_figure(exercise, figure)
    if json_out:
        print_json(exercise_json(exercise))
    else:
        console.print(exercise_panel(exercise))
        if figure is not None:
            console.print(f"Wrote the figure to {escape(str(figure))}.")
