"""Rich renderings of domain objects for the terminal (tables and panels, no logic)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gluteus.cli.formats import format_load, localize
from gluteus.domain.catalog import Exercise
from gluteus.domain.profile import WEEK
from gluteus.domain.program import Day, PlannedExercise, Program, Session, SessionKind, Week
from gluteus.domain.screening import Clearance
from gluteus.domain.units import UnitSystem, format_mass, format_speed

if TYPE_CHECKING:
    from gluteus.services.energy import CaloriesView
    from gluteus.services.today import TodayView

KIND_STYLE = {
    SessionKind.WARMUP: "yellow",
    SessionKind.STRENGTH: "magenta",
    SessionKind.CARDIO: "cyan",
    SessionKind.COOLDOWN: "green",
}


def energy_text(net_kcal: float | None, gross_kcal: float) -> str:
    """``~120 kcal above rest`` (what the budget counts), or the gross figure labelled so."""
    if net_kcal is None:
        return f"~{gross_kcal:.0f} kcal incl. rest"
    return f"~{net_kcal:.0f} kcal above rest"


def dose_text(ex: PlannedExercise) -> str:
    """``3 × 10-15 reps/side · rest 60 s`` or ``30 min`` for timed work."""
    if ex.unit.value == "seconds":
        if ex.reps_max >= 120:
            return f"{ex.reps_max / 60:.0f} min"
        return f"{ex.sets} × {ex.reps_max} s" if ex.sets > 1 else f"{ex.reps_max} s"
    reps = f"{ex.reps_min}-{ex.reps_max}" if ex.reps_min != ex.reps_max else f"{ex.reps_max}"
    side = "/side" if ex.unilateral else ""
    rest = f" · rest {ex.rest_seconds} s" if ex.sets > 1 else ""
    return f"{ex.sets} × {reps} reps{side}{rest}"


def screening_panel(clearance: Clearance) -> Panel:
    """Green when cleared, red with reasons otherwise."""
    lines = [Text(f"Screening: {clearance.status}", style="bold")]
    lines += [Text(f"• {reason}") for reason in clearance.reasons]
    lines += [Text(advice, style="italic") for advice in clearance.advice]
    style = "green" if clearance.cleared else "red"
    return Panel(Group(*lines), border_style=style, title="Readiness")


def session_table(session: Session, units: UnitSystem = UnitSystem.METRIC) -> Table:
    """One session as a table of exercises (masses in notes in the person's units)."""
    title = f"[{KIND_STYLE[session.kind]}]{session.title}[/] · {session.minutes:.0f} min"
    title += f" · {energy_text(session.net_kcal, session.kcal)}"
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    # Ids are typed back into commands: the column is as wide as the longest, never cut.
    table.add_column("Exercise", min_width=max((len(e.id) for e in session.exercises), default=8))
    table.add_column("Dose")
    table.add_column("Why / note", overflow="fold", max_width=60)
    for ex in session.exercises:
        note = ex.equipment_note or ex.why
        if ex.band_placement:
            note = f"band {ex.band_placement.value.replace('_', ' ')}; {note}"
        table.add_row(f"{ex.name}\n[dim]{ex.id}[/]", dose_text(ex), localize(note, units))
    return table


def day_renderable(day: Day, heading: str, units: UnitSystem = UnitSystem.METRIC) -> RenderableType:
    """A day's sessions with notes."""
    parts: list[RenderableType] = [
        Text(
            f"{heading} — {day.minutes:.0f} min, {energy_text(day.net_kcal, day.kcal)}",
            style="bold underline",
        )
    ]
    for session in day.sessions:
        parts.append(session_table(session, units))
        for note in session.notes:
            parts.append(Text(f"  {localize(note, units)}", style="dim"))
    return Group(*parts)


def week_overview(week: Week) -> Table:
    """One line per training day of a week."""
    table = Table(title=f"Week {week.number} ({week.phase})", title_justify="left")
    table.add_column("Day")
    table.add_column("Sessions")
    table.add_column("Min", justify="right")
    table.add_column("kcal above rest", justify="right")
    for day in week.days:
        sessions = ", ".join(
            f"[{KIND_STYLE[s.kind]}]{s.title}[/] {s.minutes:.0f}′" for s in day.sessions
        )
        table.add_row(day.weekday.value, sessions, f"{day.minutes:.0f}", f"{day.net_kcal:.0f}")
    return table


def _day_code(day: Day | None) -> str:
    if day is None:
        return "·"
    kinds = {s.kind for s in day.sessions}
    code = "S" if SessionKind.STRENGTH in kinds else ""
    code += "C" if SessionKind.CARDIO in kinds else ""
    return f"{code or '·'} {day.minutes:.0f}′"


def week_grid(program: Program) -> Table:
    """Every week on one line: phase and, per weekday, strength (S) / cardio (C) minutes."""
    table = Table(title="Your weeks (S strength, C cardio, minutes)", title_justify="left")
    table.add_column("Week", justify="right")
    table.add_column("Phase")
    for weekday in WEEK:
        table.add_column(weekday.value.capitalize())
    for week in program.weeks:
        days = {d.weekday: d for d in week.days}
        table.add_row(str(week.number), week.phase, *(_day_code(days.get(n)) for n in WEEK))
    return table


def energy_panel(program: Program, units: UnitSystem) -> Panel:
    """The calorie target, how it was made, pace, protein and steps in the person's units."""
    cal = program.calories
    energy = Table.grid(padding=(0, 2))
    energy.add_row("Mode", cal.mode.replace("_", " "))
    energy.add_row("Resting (BMR)", f"{cal.bmr_kcal:.0f} kcal/day ({cal.bmr_method})")
    energy.add_row("Everyday (TDEE)", f"{cal.tdee_kcal:.0f} kcal/day, without the workouts")
    energy.add_row(
        "Plan's workouts", f"+{cal.exercise_kcal_per_day:.0f} kcal/day (above rest, plan average)"
    )
    if cal.pregnancy_kcal:
        energy.add_row("Pregnancy", f"+{cal.pregnancy_kcal:.0f} kcal/day")
    energy.add_row("To hold weight", f"{cal.maintenance_kcal:.0f} kcal/day")
    energy.add_row("Eat about", f"[bold]{cal.target_kcal:.0f} kcal/day[/]")
    energy.add_row("Never below", f"{cal.floor_kcal:.0f} kcal/day")
    energy.add_row(
        "Expected pace",
        f"{format_mass(cal.pace_kg_per_week, units)}/week, workouts counted "
        f"(safe cap {format_mass(cal.safe_pace_kg_per_week, units)})",
    )
    if cal.protein_g is not None:
        energy.add_row("Protein", f"about {cal.protein_g:.0f} g/day")
    if cal.steps_per_day is not None and cal.steps_per_day_upper is not None:
        energy.add_row("Steps", f"{cal.steps_per_day:,}-{cal.steps_per_day_upper:,} a day")
    parts: list[RenderableType] = [energy]
    if cal.method:
        parts.append(Text("How: " + localize(cal.method, units)))
    parts += [Text(localize(n, units), style="dim") for n in cal.notes]
    return Panel(Group(*parts), title="Energy")


def unmet_rules(program: Program, units: UnitSystem) -> list[RenderableType]:
    """One line per rule the plan could not meet, with the reason."""
    return [
        Text(f"✗ {rule.title}: {localize(rule.detail, units)}", style="yellow")
        for rule in program.unmet_rules()
    ]


def plan_summary(
    program: Program, week_numbers: list[int], units: UnitSystem, *, show_rules: bool = False
) -> RenderableType:
    """A short plan: readiness, energy, the week grid, unmet rules, then weeks in detail."""
    parts: list[RenderableType] = [
        screening_panel(program.screening),
        energy_panel(program, units),
        week_grid(program),
    ]
    unmet = unmet_rules(program, units)
    if unmet:
        parts.append(Text("Not met this time:", style="bold"))
        parts += unmet
    for number in week_numbers:
        week = program.weeks[number - 1]
        parts.append(week_overview(week))
        parts += [Text(localize(note, units), style="dim") for note in week.notes]
        for day in week.days:
            parts.append(day_renderable(day, f"Week {week.number}, {day.weekday.value}", units))
    if show_rules:
        parts.append(rules_table(program, units))
    if program.exclusions:
        excl = Table(title="Left out for your limitations", title_justify="left")
        excl.add_column("Exercise")
        excl.add_column("Why")
        for item in program.exclusions:
            excl.add_row(item.name, "; ".join(localize(r, units) for r in item.reasons))
        parts.append(excl)
    tips = Table(title="Tips", title_justify="left", show_header=False)
    tips.add_column("Tip", overflow="fold")
    for tip in program.tips:
        tips.add_row(f"[bold]{tip.category}[/] {localize(tip.text, units)}")
    parts.append(tips)
    for note in program.notes:
        parts.append(Text(localize(note, units), style="yellow"))
    more = "--week N or --all for other weeks; --rules for every rule and its source"
    parts.append(Text(more, style="dim"))
    return Group(*parts)


def calories_lines(view: CaloriesView, units: UnitSystem) -> list[str]:
    """The calorie report in a few lines, in the person's units."""
    pace = (
        f"for {format_mass(view.pace_kg_per_week, units)}/week with the plan's workouts counted"
        if view.pace_kg_per_week > 0
        else "to hold your weight, no deficit"
    )
    lines = [
        f"Eat about [bold]{view.target_kcal:.0f}[/] kcal/day {pace} (never below "
        f"{view.floor_kcal:.0f}); protein about [bold]{view.protein_g:.0f} g[/] a day; "
        f"{view.steps_per_day:,}-{view.steps_per_day_upper:,} steps a day.",
        f"How: {localize(view.method, units)}",
        *(f"[yellow]{localize(note, units)}[/]" for note in view.notes),
    ]
    if view.exercise is not None:
        ex = view.exercise
        lines.append(
            f"{ex.name} ({ex.id}): {ex.minutes:.0f} min ≈ {ex.net_kcal:.0f} kcal above rest "
            f"({ex.kcal:.0f} with rest)"
        )
    if view.routine is not None:
        est = view.routine
        lines.append(
            f"{est['name']}: {est['minutes']:.0f} min ≈ [bold]{est['kcal']:.0f} kcal[/] with "
            f"rest, {est['net_kcal']:.0f} above it "
            f"({est['strength_minutes']:.0f} min strength, {est['cardio_minutes']:.0f} min cardio)"
        )
    return lines


def rules_table(program: Program, units: UnitSystem = UnitSystem.METRIC) -> Table:
    """Every rule with ✓/✗, its detail and source."""
    table = Table(title="Rules checked", title_justify="left")
    table.add_column("")
    table.add_column("Rule")
    table.add_column("Detail", overflow="fold", max_width=60)
    table.add_column("Source", overflow="fold", max_width=30, style="dim")
    for rule in program.rules:
        mark = "[green]✓[/]" if rule.satisfied else "[red]✗[/]"
        table.add_row(mark, rule.title, localize(rule.detail, units), rule.source)
    return table


def exercise_table(exercises: list[Exercise]) -> Table:
    """A compact catalog listing that fits 80 columns without cutting an id."""
    table = Table(title=f"{len(exercises)} exercises", title_justify="left")
    table.add_column("id", no_wrap=True, min_width=max((len(e.id) for e in exercises), default=2))
    table.add_column("Name · works", overflow="fold")
    table.add_column("Kit · level · knees", overflow="fold")
    for ex in exercises:
        muscles = ", ".join(m.value.replace("_", " ") for m in ex.primary_muscles)
        kit = " or ".join(e.value.replace("_", " ") for e in ex.equipment)
        table.add_row(
            ex.id,
            f"{ex.name}\n[dim]{muscles}[/]",
            f"{kit} · {ex.level.value} · knees {ex.knee_load.value}",
        )
    return table


def exercise_panel(ex: Exercise) -> Panel:
    """Everything about one exercise."""
    rx = ex.prescription
    lines: list[RenderableType] = [Text(ex.summary, style="italic")]
    grid = Table.grid(padding=(0, 2))
    grid.add_row("Primary", ", ".join(m.value for m in ex.primary_muscles))
    grid.add_row("Secondary", ", ".join(m.value for m in ex.secondary_muscles) or "—")
    grid.add_row("Equipment", " or ".join(e.value for e in ex.equipment))
    if ex.also_requires:
        grid.add_row("Also needs", ", ".join(e.value for e in ex.also_requires))
    for item, stand_in in ex.household_substitutes.items():
        grid.add_row(f"No {item.value}?", stand_in)
    if ex.band_placement:
        grid.add_row("Band", ex.band_placement.value.replace("_", " "))
    grid.add_row("Level", ex.level.value)
    grid.add_row("Knee load", ex.knee_load.value)
    grid.add_row("Impact", "plyometric" if ex.plyometric else "low")
    grid.add_row("Both sides", "yes" if ex.unilateral else "no")
    grid.add_row("MET", f"{ex.met} ({ex.met_source})")
    grid.add_row(
        "Default",
        f"{rx.sets} × {rx.reps_min}-{rx.reps_max} {rx.unit.value}, rest {rx.rest_seconds} s",
    )
    if ex.regressions:
        grid.add_row("Easier", ", ".join(ex.regressions))
    if ex.progressions:
        grid.add_row("Harder", ", ".join(ex.progressions))
    lines.append(grid)
    lines.append(Text("How", style="bold"))
    lines += [Text(f"{i}. {step}") for i, step in enumerate(ex.steps, 1)]
    lines.append(Text("Cues", style="bold"))
    lines += [Text(f"• {cue}") for cue in ex.cues]
    return Panel(Group(*lines), title=f"{ex.name} ({ex.id})")


def targets_table(view: TodayView, units: UnitSystem) -> RenderableType:
    """Today's progressed targets, with the reason for each and any safety notes."""
    table = Table(title="Today's targets", title_justify="left")
    ids = [r.exercise_id for r in view.targets] + [c.activity_id for c in view.cardio]
    table.add_column("Exercise", no_wrap=True, min_width=max(map(len, ids), default=8))
    table.add_column("Target")
    table.add_column("Load")
    table.add_column("Why", overflow="fold", max_width=50)
    for rec in view.targets:
        target = f"{rec.dose.sets} × {rec.target_reps}"
        load = format_load(rec.load_kg, rec.band, units)
        if rec.load_kg is not None and rec.load_per is not None:
            load += f" {rec.load_per.words}"
        reason = localize(rec.reason, units)
        table.add_row(rec.exercise_id, target, load, f"[bold]{rec.action.value}[/] {reason}")
    for cardio in view.cardio:
        speed = f" at {format_speed(cardio.speed_kmh, units)}" if cardio.speed_kmh else ""
        table.add_row(
            cardio.activity_id,
            f"{cardio.minutes:.0f} min{speed}",
            "—",
            localize(cardio.reason, units),
        )
    parts: list[RenderableType] = [table]
    if view.deload:
        parts.append(
            Text(f"Deload week: {localize(view.deload_reason or '', units)}", style="yellow")
        )
    if view.see_professional:
        parts.append(
            Text("Pain keeps coming back: please see a health professional.", style="bold red")
        )
    parts += [Text(localize(note, units), style="dim") for note in view.notes]
    return Group(*parts)
