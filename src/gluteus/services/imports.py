"""Bring your history: import Strong and Hevy workouts, smart-scale body weights and food logs.

One call reads one file: it is parsed whole, app exercise names are matched to the catalog,
every row is checked, and then everything new is written in the caller's transaction (or,
for a dry run, nothing). Each imported entry remembers its source and a key made of what it
records (:mod:`gluteus.imports.identity`), and an entry the journal already holds with the
same meaning is not added again: a second import of the same file, a later and longer
export, the same history re-exported with ``;`` or in pounds, from another app, or after a
backup was restored adds only what is new, and counts the rest as ``duplicates``. Keys of
earlier imports (a digest of the row's text) are still recognised.

Decisions:
    Warm-up sets (Strong ``W``, Hevy ``warmup``) are skipped and counted unless ``warmups``
    is set; then they are logged with ``last_two_hard=False``. Other sets count as hard
    (``last_two_hard``) when the app marks them failure or drop sets or their RPE is 8 or
    more, and as not hard otherwise: an import never claims effort the file does not show.
    Names that match no catalog exercise well enough are listed, never guessed; their rows
    are skipped until a mapping names their exercise. A mapping used by an import (not a dry
    run) is remembered for the person and applied to later imports (``how`` is
    ``remembered``) until a new mapping replaces it or it is forgotten. Names Gluteus knows
    but has no catalog exercise for (a hip abductor machine) are skipped as
    ``not_in_catalog``. A file's load is kept only when the app's kit and the catalog move
    are both loaded in kg (:func:`~gluteus.imports.matching.load_carries`); otherwise the
    set is imported without its load — the repetitions were done, the kilograms would
    mislead — and the preview says so for each name (``loads_dropped`` and ``note``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.db.repository import Entry
from gluteus.db.tables import utcnow
from gluteus.domain.catalog import Catalog, Kind, RepUnit, default_catalog
from gluteus.domain.history import CardioLog, IntakeEntry, LoggedSet, WeightEntry
from gluteus.domain.memo import memo
from gluteus.imports.fitbit import Member
from gluteus.imports.health import parse_health_file, parse_health_members
from gluteus.imports.identity import (
    INTAKE_STEP_KCAL,
    Present,
    cardio_key,
    intake_key,
    set_key,
    weight_key,
)
from gluteus.imports.intake import parse_intake
from gluteus.imports.matching import (
    NOT_IN_CATALOG,
    SKIP,
    ExerciseMatcher,
    Match,
    name_key,
    parse_mapping,
    unknown_targets,
)
from gluteus.imports.records import (
    IntakeRecord,
    ParsedFile,
    SetType,
    WeightRecord,
    WorkoutRecord,
)
from gluteus.imports.scales import parse_weights
from gluteus.imports.table import ImportFileError, RowProblem
from gluteus.imports.workouts import parse_hevy, parse_strong
from gluteus.services.context import Actor
from gluteus.services.errors import FieldProblem, InputError, from_validation
from gluteus.services.journal import NUMBERING_ATTEMPTS, check_date

Source = Literal["strong", "hevy", "weights", "intake", "health"]
Progress = Callable[[int, int | None], None]
"""Told how far long work has come: ``(done, total)`` rows, ``total`` None while unknown.

Imports and restores call it with growing counts that end at the total; the terminal shows
it as a progress bar (no presentation here).
"""
PLAUSIBLE_BODY_WEIGHT_KG = (30.0, 350.0)
"""Body weights outside this range are taken for typing or unit errors."""
MAX_REPS = 100
"""More repetitions than this in one set is taken for an error (holds count seconds)."""
HARD_RPE = 8.0
"""RPE from which a set counts as hard: two or fewer repetitions left in reserve."""
SAMPLE_ROWS = 5
SHOWN_PROBLEMS = 10
IMPORT_MAX_BYTES = 10 * 1024 * 1024
"""Largest file an import takes (10 MB): years of daily logging fit several times over.

An import is parsed and checked in memory, and a person waits for it; the bound keeps one
upload from taking a worker's memory and time from everyone else (issue 25: a 10.5 MB,
250,000-row export held the database for a minute).
"""
IMPORT_MAX_ROWS = 50_000
"""Most rows one import takes: some 20 years of three 15-set sessions a week.

The bound also keeps the one step that makes a staged import visible short: it moves every
row at once, about 1–2 s for 50,000 rows on SQLite on a busy small machine (100,000 took up
to 4.3 s there, close to the 5 s others wait for the lock).
"""
_E = TypeVar("_E", LoggedSet, CardioLog, WeightEntry, IntakeEntry)


class _Model(BaseModel):
    model_config = ConfigDict(defer_build=True)


_VIEW = ConfigDict(frozen=True, defer_build=True)


class ImportInput(_Model):
    """One file to import and how to read it."""

    source: Source
    text: str
    unit: Literal["kg", "lb"] | None = None
    date_format: str | None = None
    format: str | None = None
    mapping_text: str | None = None
    mapping: dict[str, str] = {}
    dry_run: bool = False
    skip_bad: bool = False
    warmups: bool = False


class ImportedCounts(_Model):
    """Entries written (or, in a dry run, that would be) per kind."""

    model_config = _VIEW

    sets: int = 0
    cardio: int = 0
    weights: int = 0
    intake: int = 0


class NameMatch(_Model):
    """How one app exercise name was matched, and how many rows carry it."""

    model_config = _VIEW

    name: str
    exercise_id: str | None
    how: str
    score: float
    rows: int
    candidates: list[str] = []
    resistance: str | None = None
    keeps_load: bool = True
    loads_dropped: int = 0
    note: str | None = None


class BadRow(_Model):
    """A row refused for an unreadable or implausible value."""

    model_config = _VIEW

    line: int
    reason: str


class SampleRow(_Model):
    """One entry an import writes (or would write), for a preview."""

    model_config = _VIEW

    line: int
    kind: Literal["set", "cardio", "weight", "intake"]
    date: dt.date
    exercise_id: str | None = None
    reps: int | None = None
    load_kg: float | None = None
    minutes: float | None = None
    distance_km: float | None = None
    weight_kg: float | None = None
    kcal: float | None = None
    protein_g: float | None = None


class ImportView(_Model):
    """What an import found and did."""

    model_config = _VIEW

    format: str
    rows: int
    dry_run: bool
    imported: ImportedCounts
    skipped: int
    skipped_by_reason: dict[str, int]
    unmatched: list[str]
    matches: list[NameMatch] = []
    bad_rows: list[BadRow] = []
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    samples: list[SampleRow] = []
    duplicates: int = 0


@dataclass(frozen=True)
class _Planned:
    line: int
    key: str
    entry: Entry
    old_key: str | None = None


@dataclass
class _Plan:
    entries: list[_Planned]
    skipped: Counter[str]
    problems: list[RowProblem]
    loads_dropped: Counter[str] = field(default_factory=Counter)


def check_target(text: str) -> str:
    """A mapping target typed by a person: a catalog id or ``skip``.

    Raises:
        InputError: When it is neither.
    """
    target = text.strip()
    if unknown_targets([target], default_catalog()):
        raise InputError(
            "map", "not in the exercise catalog", allowed="a catalog id or skip", value=target
        )
    return target


def import_file(
    session: Session,
    actor: Actor,
    given: ImportInput,
    *,
    staged_on: Engine | None = None,
    progress: Progress | None = None,
) -> ImportView:
    """Import one exported file into the actor's journal (or preview it with ``dry_run``).

    Rows with unreadable or implausible values (a body weight outside 30–350 kg, more than
    100 repetitions, a date after today) refuse the whole file unless ``skip_bad``; a dry
    run lists them instead.

    With ``staged_on`` (a server) the rows are written in short transactions of their own
    on that engine (:func:`_store_staged`), never in ``session``, which then only reads.
    ``progress`` is told the entries written, :data:`IMPORT_CHUNK_ROWS` at a time.

    Raises:
        InputError: For a file that is not in the format, a missing unit or date order, a
            bad mapping, or bad rows without ``skip_bad``, or one over the size and row
            limits (:data:`IMPORT_MAX_BYTES`, :data:`IMPORT_MAX_ROWS`); nothing is written
            then.
    """
    check_import_size(len(given.text.encode("utf-8", "surrogatepass")))
    parsed = _parse(given)
    check_import_rows(parsed.rows)
    return _imported(session, actor, given, parsed, staged_on=staged_on, progress=progress)


def import_health(
    session: Session,
    actor: Actor,
    stream: IO[bytes] | Sequence[Member],
    *,
    dry_run: bool,
    skip_bad: bool = False,
    unit: str | None = None,
    progress: Progress | None = None,
) -> ImportView:
    """Import weigh-ins, daily food and cardio from a health app's export.

    ``stream`` is one file open for reading in binary, told apart by its content: Apple
    Health's ``export.zip`` or ``export.xml`` (read record by record, in bounded memory),
    Fitbit's data export ZIP or one of its ``weight-*.json`` / ``food_logs-*.json`` files,
    or a Garmin FIT file (or a ZIP of them); or the files of an unpacked export (name and
    opener each). ``unit`` is the unit of Fitbit weights (``kg`` or ``lb``, default lb).
    Entries already in the journal with the same meaning are not added again, as for
    every import.

    Raises:
        InputError: For a file that is none of those, or bad records without ``skip_bad``;
            nothing is written then.
    """
    try:
        if isinstance(stream, Sequence):
            parsed = parse_health_members(stream, unit, actor.tz)
        else:
            parsed = parse_health_file(stream, unit, actor.tz)
    except ImportFileError as exc:
        raise InputError(exc.field, exc.reason, allowed=exc.allowed) from None
    given = ImportInput(source="health", text="", dry_run=dry_run, skip_bad=skip_bad)
    return _imported(session, actor, given, parsed, progress=progress)


def _imported(
    session: Session,
    actor: Actor,
    given: ImportInput,
    parsed: ParsedFile,
    *,
    staged_on: Engine | None = None,
    progress: Progress | None = None,
) -> ImportView:
    catalog = default_catalog()
    mapping = _mapping(given, catalog)
    if given.source == "health":
        plan = _plan_weights(parsed.weights, actor)
        food = _plan_intake(session, parsed.intake, actor)
        # health exports name catalog activities already (see imports.fit.SPORTS)
        known = [_catalog_match(name, parsed.workouts) for name in _names(parsed.workouts)]
        bouts = _plan_workouts(parsed.workouts, known, catalog, actor, warmups=False)
        plan = _Plan(
            plan.entries + food.entries + bouts.entries,
            plan.skipped + food.skipped + bouts.skipped,
            plan.problems + food.problems + bouts.problems,
        )
        matches: list[NameMatch] = []
    elif given.source == "weights":
        plan = _plan_weights(parsed.weights, actor)
        matches = []
    elif given.source == "intake":
        plan = _plan_intake(session, parsed.intake, actor)
        matches = []
    else:
        remembered = repo.remembered_names(session, actor.user_id)
        matches = _matches(parsed.workouts, catalog, mapping, remembered)
        plan = _plan_workouts(parsed.workouts, matches, catalog, actor, warmups=given.warmups)
        matches = [_noted(m, plan.loads_dropped[m.name], catalog) for m in matches]
    problems = sorted([*parsed.problems, *plan.problems], key=lambda p: p.line)
    if problems and not (given.skip_bad or given.dry_run):
        raise _refused(problems)
    skipped = parsed.skipped + plan.skipped
    skipped["bad"] += len(problems)
    source = parsed.format
    if staged_on is not None and not given.dry_run:
        fresh = _store_staged(staged_on, actor, source, plan.entries, progress)
    else:
        write = not given.dry_run
        fresh = _store(session, actor, source, plan.entries, write=write, progress=progress)
    if mapping and not given.dry_run:
        if staged_on is None:
            _remember(session, actor, _folded(mapping))
        else:  # ``session`` only reads then
            with unit_of_work(staged_on) as writing:
                _remember(writing, actor, _folded(mapping))
    duplicates = len(plan.entries) - len(fresh)
    skipped["already_imported"] += duplicates
    dates = [p.entry.date for p in fresh]
    return ImportView(
        format=source,
        rows=parsed.rows,
        dry_run=given.dry_run,
        imported=ImportedCounts(
            sets=sum(isinstance(p.entry, LoggedSet) for p in fresh),
            cardio=sum(isinstance(p.entry, CardioLog) for p in fresh),
            weights=sum(isinstance(p.entry, WeightEntry) for p in fresh),
            intake=sum(isinstance(p.entry, IntakeEntry) for p in fresh),
        ),
        skipped=sum(skipped.values()),
        skipped_by_reason={reason: n for reason, n in sorted(skipped.items()) if n},
        unmatched=[m.name for m in matches if m.exercise_id is None],
        matches=matches,
        bad_rows=[BadRow(line=p.line, reason=p.reason) for p in problems],
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        samples=[_sample(p) for p in fresh[:SAMPLE_ROWS]],
        duplicates=duplicates,
    )


def check_import_size(size_bytes: int, field: str = "file") -> None:
    """Refuse a file larger than :data:`IMPORT_MAX_BYTES`, naming the limit.

    Raises:
        InputError: On ``field`` when the file is too large.
    """
    if size_bytes > IMPORT_MAX_BYTES:
        raise InputError(
            field,
            f"is too large ({size_bytes / 1024 / 1024:.1f} MB); nothing was imported",
            allowed=f"up to {IMPORT_MAX_BYTES // (1024 * 1024)} MB; split the export by date",
        )


def check_import_rows(rows: int, field: str = "file") -> None:
    """Refuse a file with more than :data:`IMPORT_MAX_ROWS` rows, naming the limit.

    Raises:
        InputError: On ``field`` when the file has too many rows.
    """
    if rows > IMPORT_MAX_ROWS:
        raise InputError(
            field,
            f"has {rows:,} rows; nothing was imported",
            allowed=f"up to {IMPORT_MAX_ROWS:,} rows; split the export by date",
        )


def _parse(given: ImportInput) -> ParsedFile:
    try:
        if given.source == "strong":
            return parse_strong(given.text, given.unit)
        if given.source == "hevy":
            return parse_hevy(given.text, given.unit)
        if given.source == "intake":
            return parse_intake(given.text, given.format, given.date_format)
        if given.source == "health":
            raise ImportFileError(
                "source",
                "an Apple Health export is read from its file, not as text",
                allowed="`gluteus import health export.zip`",
            )
        return parse_weights(given.text, given.unit, given.date_format)
    except ImportFileError as exc:
        raise InputError(exc.field, exc.reason, allowed=exc.allowed) from None


def _mapping(given: ImportInput, catalog: Catalog) -> dict[str, str]:
    mapping: dict[str, str] = {}
    if given.mapping_text is not None:
        try:
            mapping = parse_mapping(given.mapping_text)
        except ImportFileError as exc:
            raise InputError(exc.field, exc.reason, allowed=exc.allowed) from None
    mapping.update({name.strip(): target.strip() for name, target in given.mapping.items()})
    unknown = unknown_targets(mapping.values(), catalog)
    if unknown:
        raise InputError(
            "map",
            "maps names to ids not in the exercise catalog",
            allowed="catalog ids (see `gluteus exercises`) or skip",
            value=", ".join(unknown),
        )
    return mapping


class RememberedName(_Model):
    """An exercise name mapped in an earlier import, used again by the next ones."""

    model_config = _VIEW

    name: str
    exercise_id: str


def remembered_names(session: Session, actor: Actor) -> list[RememberedName]:
    """The exercise names the actor mapped in earlier imports (as compared: folded)."""
    stored = repo.remembered_names(session, actor.user_id)
    return [RememberedName(name=k, exercise_id=v) for k, v in sorted(stored.items())]


def forget_names(session: Session, actor: Actor, names: Sequence[str] | None = None) -> int:
    """Forget remembered names (all with None); the next import matches them afresh.

    Raises:
        InputError: Naming the names that are not remembered; nothing is forgotten then.
    """
    if names is None:
        return repo.forget_names(session, actor.user_id)
    stored = repo.remembered_names(session, actor.user_id)
    keys = {name_key(name): name for name in names}
    missing = [name for key, name in keys.items() if key not in stored]
    if missing:
        raise InputError(
            "forget",
            "not among your remembered names",
            allowed="a name listed by `gluteus import names`",
            value=", ".join(missing),
        )
    return repo.forget_names(session, actor.user_id, keys)


def _remember(session: Session, actor: Actor, names: dict[str, str]) -> None:
    # two imports at once may remember the same name; the unique index refuses one
    for attempt in range(NUMBERING_ATTEMPTS):
        try:
            with session.begin_nested():
                repo.remember_names(session, actor.user_id, names)
            return
        except IntegrityError:
            if attempt == NUMBERING_ATTEMPTS - 1:
                raise


def _folded(mapping: dict[str, str]) -> dict[str, str]:
    return {name_key(name): target for name, target in mapping.items()}


def _matches(
    records: Sequence[WorkoutRecord],
    catalog: Catalog,
    mapping: dict[str, str],
    remembered: dict[str, str] | None = None,
) -> list[NameMatch]:
    """How each name is matched, by the first that knows it.

    This import's mapping, then the person's remembered names (those still naming a catalog
    exercise), then the alias table and fuzzy matching.
    """
    matcher = _matcher(catalog)
    rows = Counter(record.exercise for record in records)
    given = _folded(mapping)
    kept = {k: v for k, v in (remembered or {}).items() if not unknown_targets([v], catalog)}
    found: list[Match] = []
    for name in rows:
        key = name_key(name)
        if key in given:
            found.append(matcher.mapped(name, given[key]))
        elif key in kept:
            found.append(matcher.mapped(name, kept[key], "remembered"))
        else:
            found.append(matcher.match(name))
    return [
        NameMatch(
            name=m.name,
            exercise_id=m.exercise_id,
            how=m.how,
            score=m.score,
            rows=rows[m.name],
            candidates=list(m.candidates),
            resistance=m.resistance.value if m.resistance else None,
            keeps_load=m.keeps_load,
        )
        for m in found
    ]


@memo(maxsize=8)
def _matcher(catalog: Catalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


def _noted(match: NameMatch, dropped: int, catalog: Catalog) -> NameMatch:
    """``match`` with the plain-words note a preview shows for it, if it needs one."""
    note: str | None = None
    if match.exercise_id == NOT_IN_CATALOG:
        note = (
            "Gluteus knows this exercise but its catalog has no equivalent loaded the same"
            " way, so these rows are left out (map the name yourself to include them)"
        )
    elif dropped:
        exercise = catalog.get(match.exercise_id or "")
        sets = "1 set is" if dropped == 1 else f"{dropped} sets are"
        if exercise.takes_load:
            why = f"a {match.resistance} set's kilograms are not a load of {exercise.name}"
        else:  # a body-weight or band move
            why = f"Gluteus's {exercise.name} is not loaded in kg, so the file's load has no place"
        note = f"{why}: {sets} imported without a load"
    return match.model_copy(update={"loads_dropped": dropped, "note": note})


def _plan_workouts(
    records: Sequence[WorkoutRecord],
    matches: Sequence[NameMatch],
    catalog: Catalog,
    actor: Actor,
    *,
    warmups: bool,
) -> _Plan:
    ids = {m.name: m.exercise_id for m in matches}
    keeps = {m.name: m.keeps_load for m in matches}
    plan = _Plan([], Counter(), [])
    for record in records:
        exercise_id = ids[record.exercise]
        if exercise_id is None:
            plan.skipped["unmatched"] += 1
        elif exercise_id == SKIP:
            plan.skipped["ignored"] += 1
        elif exercise_id == NOT_IN_CATALOG:
            plan.skipped["not_in_catalog"] += 1
        elif record.set_type is SetType.WARMUP and not warmups:
            plan.skipped["warmup"] += 1
        else:
            if record.weight_kg is not None and not keeps[record.exercise]:
                record = replace(record, weight_kg=None)
                plan.loads_dropped[record.exercise] += 1
            try:
                entry = _workout_entry(record, exercise_id, catalog, actor)
            except ValueError as exc:
                plan.problems.append(RowProblem(record.line, str(exc)))
                continue
            if entry is None:
                plan.skipped["empty"] += 1
            else:
                key = _meaning_key(record, entry)
                plan.entries.append(_Planned(record.line, key, entry, record.key))
    return plan


def _names(records: Sequence[WorkoutRecord]) -> list[str]:
    return sorted({record.exercise for record in records})


def _catalog_match(exercise_id: str, records: Sequence[WorkoutRecord]) -> NameMatch:
    """A name that is a catalog id already (a health export's mapped activity)."""
    rows = sum(record.exercise == exercise_id for record in records)
    return NameMatch(name=exercise_id, exercise_id=exercise_id, how="exact", score=1.0, rows=rows)


def _workout_entry(
    record: WorkoutRecord, exercise_id: str, catalog: Catalog, actor: Actor
) -> Entry | None:
    _check_date(record.date, actor)
    exercise = catalog.get(exercise_id)
    if exercise.kind is Kind.CARDIO:
        if record.seconds is None:
            raise ValueError(f"{record.exercise}: a cardio row without a duration")
        return _built(
            CardioLog,
            date=record.date,
            activity_id=exercise_id,
            minutes=round(record.seconds / 60.0, 2),
            distance_km=record.distance_km,
        )
    held = exercise.prescription.unit is RepUnit.SECONDS
    reps = round(record.seconds) if held and record.seconds else record.reps
    if reps is None:
        return None
    if not held and reps > MAX_REPS:
        raise ValueError(f"{reps} reps in one set is implausible (at most {MAX_REPS})")
    hard = record.set_type in (SetType.FAILURE, SetType.DROP) or (
        record.rpe is not None and record.rpe >= HARD_RPE
    )
    return _built(
        LoggedSet,
        date=record.date,
        exercise_id=exercise_id,
        set_number=1,
        reps=reps,
        load_kg=record.weight_kg,
        last_two_hard=hard and record.set_type is not SetType.WARMUP,
    )


def _plan_weights(records: Sequence[WeightRecord], actor: Actor) -> _Plan:
    plan = _Plan([], Counter(), [])
    occurrences: Counter[str] = Counter()
    low, high = PLAUSIBLE_BODY_WEIGHT_KG
    for record in records:
        try:
            _check_date(record.date, actor)
            if not low <= record.weight_kg <= high:
                raise ValueError(
                    f"body weight {record.weight_kg:g} kg is implausible"
                    f" (allowed {low:g}–{high:g} kg; is the unit right?)"
                )
            entry = _built(WeightEntry, date=record.date, weight_kg=record.weight_kg)
        except ValueError as exc:
            plan.problems.append(RowProblem(record.line, str(exc)))
            continue
        occurrences[weight_key(entry, 0)] += 1
        key = weight_key(entry, occurrences[weight_key(entry, 0)])
        plan.entries.append(_Planned(record.line, key, entry, record.key))
    return plan


def _meaning_key(record: WorkoutRecord, entry: Entry) -> str:
    if isinstance(entry, LoggedSet):
        return set_key(record.started, record.position, entry)
    assert isinstance(entry, CardioLog)
    return cardio_key(record.started, record.position, entry)


def _plan_intake(session: Session, records: Sequence[IntakeRecord], actor: Actor) -> _Plan:
    """Daily totals to add; a day already holding a different total is left as it is.

    Intake is one total a day here, so an import never overwrites what the person logged:
    such a day is skipped as ``day_has_intake`` (the same total counts as a duplicate).
    """
    plan = _Plan([], Counter(), [])
    if not records:
        return plan
    days = [r.date for r in records]
    stored = repo.list_entries(session, actor.user_id, ("intake",), min(days), max(days))
    logged = {e.date: e.kcal for _, _, e in stored if isinstance(e, IntakeEntry)}
    for record in records:
        try:
            _check_date(record.date, actor)
            entry = _built(
                IntakeEntry, date=record.date, kcal=record.kcal, protein_g=record.protein_g
            )
        except ValueError as exc:
            plan.problems.append(RowProblem(record.line, str(exc)))
            continue
        if record.date in logged and abs(logged[record.date] - record.kcal) > INTAKE_STEP_KCAL:
            plan.skipped["day_has_intake"] += 1
            continue
        plan.entries.append(_Planned(record.line, intake_key(entry), entry, record.key))
    return plan


def _check_date(date: dt.date, actor: Actor) -> None:
    try:
        check_date(date, actor)
    except InputError as exc:
        raise ValueError(exc.problems[0].text()) from None


def _built(model: type[_E], **fields: Any) -> _E:
    try:
        return model(**fields)
    except ValidationError as exc:
        raise ValueError(str(from_validation(exc, model))) from None


def _refused(problems: Sequence[RowProblem]) -> InputError:
    shown = [FieldProblem(f"line {p.line}", p.reason) for p in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - len(shown)
    if more:
        shown.append(FieldProblem("rows", f"and {more} more"))
    return InputError(
        "skip_bad",
        f"{len(problems)} row(s) have unreadable or implausible values, so nothing was"
        " imported; correct them, or skip them with this option",
        more=shown,
    )


def _store(
    session: Session,
    actor: Actor,
    source: str,
    planned: Sequence[_Planned],
    *,
    write: bool,
    progress: Progress | None = None,
) -> list[_Planned]:
    # A concurrent writer (PostgreSQL) can take a set number or import the same key between
    # our read and our insert; the unique indexes refuse it and we start over in a savepoint.
    for attempt in range(NUMBERING_ATTEMPTS):
        fresh, numbers = _fresh(session, actor, _unique(planned))
        if not write or not fresh:
            return fresh
        try:
            with session.begin_nested():
                entries = _numbered(fresh, numbers)
                now = utcnow()  # one logging action in every chunk (what undo takes)
                _told(progress, 0, len(entries))
                for start in range(0, len(entries), IMPORT_CHUNK_ROWS):
                    part = entries[start : start + IMPORT_CHUNK_ROWS]
                    ids = repo.add_entries(session, actor.user_id, part, now=now)
                    repo.add_import_keys(
                        session,
                        actor.user_id,
                        source,
                        [
                            (repo.kind_of(e).name, row_id, p.key)
                            for p, e, row_id in zip(
                                fresh[start:][: len(part)], part, ids, strict=True
                            )
                            if repo.kind_of(e).name in repo.IMPORT_KEY_COLUMNS  # not intake yet
                        ],
                    )
                    _told(progress, start + len(part), len(entries))
            return fresh
        except IntegrityError:
            if attempt == NUMBERING_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


_Numbers = dict[tuple[dt.date, str], int]


def _fresh(
    session: Session, actor: Actor, planned: Sequence[_Planned]
) -> tuple[list[_Planned], _Numbers]:
    """Those of ``planned`` the journal does not already hold, by key or by meaning.

    Also the last set number logged for each day and exercise in the file's span (read in
    the same query), which the new sets follow.
    """
    if not planned:
        return [], {}
    keys = [p.key for p in planned] + [p.old_key for p in planned if p.old_key]
    known = repo.known_import_keys(session, actor.user_id, keys)
    kinds = sorted({repo.kind_of(p.entry).name for p in planned})
    dates = [p.entry.date for p in planned]
    stored = repo.list_entries(session, actor.user_id, kinds, min(dates), max(dates))
    present = Present(entry for _, _, entry in stored)
    numbers: _Numbers = {}
    for _, _, logged in stored:
        if isinstance(logged, LoggedSet):
            slot = (logged.date, logged.exercise_id)
            numbers[slot] = max(numbers.get(slot, 0), logged.set_number)
    fresh: list[_Planned] = []
    for item in planned:
        entry = item.entry
        assert isinstance(entry, LoggedSet | CardioLog | WeightEntry | IntakeEntry)
        # a keyed entry uses up its stored twin, so it cannot vouch for another row too
        there = present.take(entry)
        if not there and item.key not in known and item.old_key not in known:
            fresh.append(item)
    return fresh, numbers


IMPORT_CHUNK_ROWS = 2_000
"""Entries a staged app import writes per transaction (see :func:`_store_staged`).

About 0.2 s of holding the SQLite write lock per chunk on a busy two-core machine.
"""


def _told(progress: Progress | None, done: int, total: int | None) -> None:
    if progress is not None:
        progress(done, total)


def _store_staged(
    engine: Engine,
    actor: Actor,
    source: str,
    planned: Sequence[_Planned],
    progress: Progress | None = None,
) -> list[_Planned]:
    """Write new entries :data:`IMPORT_CHUNK_ROWS` at a time, then show them all at once.

    Entries go, with their import keys and in bulk statements, to a hidden staging user
    (:func:`gluteus.db.repository.create_staging_user`), each chunk in a short transaction
    of its own; one last short transaction gives them all to the actor. Nothing shows
    before that, and a failure deletes the staged rows. A set number or an import key
    taken meanwhile by another writer makes the last step fail (409, nothing imported).
    """
    with unit_of_work(engine, read_only=True) as session:
        fresh, numbers = _fresh(session, actor, _unique(planned))
        if not fresh:
            return fresh
        entries = _numbered(fresh, numbers)
    with unit_of_work(engine) as session:
        repo.delete_stale_staging(session)
        staging = repo.create_staging_user(session, uuid.uuid4().hex)
    try:
        pairs = [(entry, item.key) for entry, item in zip(entries, fresh, strict=True)]
        _told(progress, 0, len(pairs))
        for start in range(0, len(pairs), IMPORT_CHUNK_ROWS):
            with unit_of_work(engine) as session:
                chunk = pairs[start : start + IMPORT_CHUNK_ROWS]
                repo.bulk_add_imported(session, staging, source, chunk)
            _told(progress, start + len(chunk), len(pairs))
        with unit_of_work(engine) as session:
            repo.move_rows(session, staging, actor.user_id)
    except BaseException:
        with unit_of_work(engine) as session:
            repo.delete_user(session, staging)
        raise
    return fresh


def _unique(planned: Iterable[_Planned]) -> list[_Planned]:
    seen: set[str] = set()
    kept: list[_Planned] = []
    for item in planned:
        if item.key not in seen:
            seen.add(item.key)
            kept.append(item)
    return kept


def _numbered(planned: Sequence[_Planned], numbers: _Numbers) -> list[Entry]:
    # Imported sets of one exercise on one day follow, in file order, what is logged there.
    last = dict(numbers)
    entries: list[Entry] = []
    for item in planned:
        entry = item.entry
        if isinstance(entry, LoggedSet):
            slot = (entry.date, entry.exercise_id)
            last[slot] = last.get(slot, 0) + 1
            entry = entry.model_copy(update={"set_number": last[slot]})
        entries.append(entry)
    return entries


def _sample(item: _Planned) -> SampleRow:
    entry = item.entry
    if isinstance(entry, LoggedSet):
        return SampleRow(
            line=item.line,
            kind="set",
            date=entry.date,
            exercise_id=entry.exercise_id,
            reps=entry.reps,
            load_kg=entry.load_kg,
        )
    if isinstance(entry, CardioLog):
        return SampleRow(
            line=item.line,
            kind="cardio",
            date=entry.date,
            exercise_id=entry.activity_id,
            minutes=entry.minutes,
            distance_km=entry.distance_km,
        )
    if isinstance(entry, IntakeEntry):
        return SampleRow(
            line=item.line,
            kind="intake",
            date=entry.date,
            kcal=entry.kcal,
            protein_g=entry.protein_g,
        )
    assert isinstance(entry, WeightEntry)
    return SampleRow(line=item.line, kind="weight", date=entry.date, weight_kg=entry.weight_kg)
