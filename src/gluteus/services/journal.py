"""The journal: log what was done, list it, correct it, delete it, undo the last entry.

Every function takes the caller's session (the caller commits), the actor and typed input,
validates everything before the first write and raises :class:`InputError` naming the
field; a missing or foreign entry id raises :class:`NotFoundError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import is_read_only
from gluteus.db.repository import ENTRY_KINDS, Entry
from gluteus.domain.history import (
    LOG_KINDS,
    BandLevel,
    CardioLog,
    History,
    IntakeEntry,
    LoggedSet,
    Measurement,
    PainRegion,
    PainReport,
    PeriodStart,
    WeightEntry,
)
from gluteus.services.cache import MB, StampedCache, approx_bytes
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError, from_validation

MAX_SETS_PER_CALL = 50
"""Most sets one call may log (``--reps`` given up to this many times)."""
HISTORY_YEARS = 20
NUMBERING_ATTEMPTS = 20


class _Model(BaseModel):
    # Validators are built on first use: a command that logs a weight never pays for the
    # set, cardio or session models.
    model_config = ConfigDict(defer_build=True)


_VIEW_CONFIG = ConfigDict(frozen=True, extra="forbid", defer_build=True)


# --- inputs ----------------------------------------------------------------------------------


class SetsInput(_Model):
    """Sets of one strength, warm-up or stretch exercise, done on one day."""

    exercise_id: str
    reps: list[int] = Field(description="repetitions (seconds for holds) of each set, in order")
    last_two_hard: bool
    date: dt.date
    load_kg: float | None = None
    band: str | None = Field(default=None, description="band level, e.g. medium")
    good_form: bool = True


CATALOG_ID = AliasChoices("exercise_id", "activity_id")
"""The catalog id of what was done is ``exercise_id`` in every input (cardio stores it as
``activity_id``, the name its entries show, which inputs also accept)."""


class CardioInput(_Model):
    """One cardio bout."""

    exercise_id: str = Field(validation_alias=CATALOG_ID, description="a cardio id")
    minutes: float
    date: dt.date
    distance_km: float | None = None
    speed_kmh: float | None = None


class WeightInput(_Model):
    """A body-weight reading; one far from the recent ones is questioned unless confirmed."""

    weight_kg: float
    date: dt.date
    confirm: bool = Field(
        default=False,
        description="keep a reading that looks implausible (far from the recent trend, or "
        "like pounds typed as kilograms); without it such a reading is refused with reason "
        "'implausible'",
    )


class MeasureInput(_Model):
    """Circumferences taken on one day (at least one site)."""

    date: dt.date
    hips_cm: float | None = None
    waist_cm: float | None = None
    thigh_cm: float | None = None


class PainInput(_Model):
    """Pain felt on an exercise, 1 to 10, and where (knee, lower_back, hip, shoulder, other)."""

    exercise_id: str
    severity: int
    date: dt.date
    note: str = ""
    region: str = Field(
        default=PainRegion.OTHER.value, description="knee, lower_back, hip, shoulder or other"
    )


class IntakeInput(_Model):
    """Energy eaten: a meal or a whole day; several entries a day are summed, never replaced."""

    kcal: float
    date: dt.date
    meal: str | None = Field(
        default=None, max_length=40, description="optional label: breakfast, lunch, snack …"
    )
    incomplete: bool = Field(
        default=False,
        description="the day's log is known to be partial: the check-in treats the day as missing",
    )
    protein_g: float | None = Field(default=None, description="optional protein eaten, grams")


class PeriodInput(_Model):
    """The first day of a period (at most one a day): the check-in reads the cycle from it."""

    date: dt.date


class SessionInput(_Model):
    """A whole guided session: sets of several exercises and cardio bouts, one day."""

    date: dt.date
    sets: list[SetsInput] = []
    cardio: list[CardioInput] = []


class EntryEdit(_Model):
    """Corrections to one entry: only the fields given change."""

    date: dt.date | None = None
    exercise_id: str | None = Field(default=None, validation_alias=CATALOG_ID)
    reps: int | None = None
    load_kg: float | None = None
    band: str | None = None
    last_two_hard: bool | None = None
    good_form: bool | None = None
    minutes: float | None = None
    distance_km: float | None = None
    speed_kmh: float | None = None
    weight_kg: float | None = None
    hips_cm: float | None = None
    waist_cm: float | None = None
    thigh_cm: float | None = None
    severity: int | None = None
    region: str | None = None
    note: str | None = None
    kcal: float | None = None
    meal: str | None = None
    incomplete: bool | None = None
    protein_g: float | None = None


class HistoryQuery(_Model):
    """Which entries to list."""

    kind: Literal["set", "cardio", "weight", "measure", "pain", "intake", "period"] | None = None
    since: dt.date | None = None
    until: dt.date | None = None


# --- views -----------------------------------------------------------------------------------


class SetView(LoggedSet):
    """A logged set with its stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["set"] = "set"
    exercise_name: str = ""


class CardioView(CardioLog):
    """A logged cardio bout with its stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["cardio"] = "cardio"
    activity_name: str = ""


class WeightView(WeightEntry):
    """A logged body weight with its stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["weight"] = "weight"


class MeasureView(Measurement):
    """Logged circumferences with their stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["measure"] = "measure"


class PainView(PainReport):
    """A logged pain report with its stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["pain"] = "pain"
    exercise_name: str = ""


class IntakeView(IntakeEntry):
    """A logged day's intake with its stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["intake"] = "intake"


class PeriodView(PeriodStart):
    """A logged period start with its stable id."""

    model_config = _VIEW_CONFIG

    id: str
    kind: Literal["period"] = "period"


EntryView = Annotated[
    SetView | CardioView | WeightView | MeasureView | PainView | IntakeView | PeriodView,
    Field(discriminator="kind"),
]


@dataclass(frozen=True)
class Kind:
    """One kind of log at every edge: how it is shown, logged, listed and corrected.

    The kind itself (name, domain model, History field) is :data:`~gluteus.domain.history.
    LOG_KINDS`; storage binds its table in :data:`gluteus.db.repository.ENTRY_KINDS`.

    Attributes:
        name: In entry ids (``set-12``), ``gluteus history --kind`` and ``/log/NAME``.
        view: What the journal returns for an entry of the kind.
        label: The kind in words, for people (the history page's filter shows it).
        api_path: Its API routes: ``/api/v1/logs/API_PATH`` (and ``…/ID``).
        cli_command: Its command: ``gluteus log CLI_COMMAND``.
        form_fields: The inputs of its page form (``POST /log/NAME``) besides the date (a
            weight's "keep it" box shows only with the question it answers).
        editable: The :class:`EntryEdit` fields that correct it (page, API and ``log edit``).
        stored_as: Input names the domain model stores under another name.
    """

    name: str
    view: type[BaseModel]
    label: str
    api_path: str
    cli_command: str
    form_fields: tuple[str, ...]
    editable: frozenset[str]
    stored_as: Mapping[str, str] = field(default_factory=dict)

    @property
    def model(self) -> type[BaseModel]:
        """The domain model of an entry of the kind."""
        return _DOMAIN_KINDS[self.name].model


_DOMAIN_KINDS = {kind.name: kind for kind in LOG_KINDS}

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "set",
            SetView,
            "strength sets",
            api_path="sets",
            cli_command="set",
            form_fields=("exercise_id", "reps", "load", "last_two_hard"),
            editable=frozenset(
                {"date", "exercise_id", "reps", "load_kg", "band", "last_two_hard", "good_form"}
            ),
        ),
        Kind(
            "cardio",
            CardioView,
            "cardio bouts",
            api_path="cardio",
            cli_command="cardio",
            form_fields=("exercise_id", "minutes", "distance"),
            editable=frozenset({"date", "exercise_id", "minutes", "distance_km", "speed_kmh"}),
            stored_as={"exercise_id": "activity_id"},
        ),
        Kind(
            "weight",
            WeightView,
            "body weights",
            api_path="weight",
            cli_command="weight",
            form_fields=("weight",),
            editable=frozenset({"date", "weight_kg"}),
        ),
        Kind(
            "measure",
            MeasureView,
            "circumferences",
            api_path="measurements",
            cli_command="measure",
            form_fields=("hips", "waist", "thigh"),
            editable=frozenset({"date", "hips_cm", "waist_cm", "thigh_cm"}),
        ),
        Kind(
            "pain",
            PainView,
            "pain reports",
            api_path="pain",
            cli_command="pain",
            form_fields=("exercise_id", "severity", "region", "note"),
            editable=frozenset({"date", "exercise_id", "severity", "region", "note"}),
        ),
        Kind(
            "intake",
            IntakeView,
            "intake",
            api_path="intake",
            cli_command="intake",
            form_fields=("kcal", "meal", "protein_g"),
            editable=frozenset({"date", "kcal", "meal", "incomplete", "protein_g"}),
        ),
        Kind(
            "period",
            PeriodView,
            "period starts",
            api_path="periods",
            cli_command="period",
            form_fields=(),
            editable=frozenset({"date"}),
        ),
    )
}
"""Every kind of log, in :data:`~gluteus.domain.history.LOG_KINDS` order: the one table the
API routes, the page forms, ``gluteus log`` and ``gluteus history`` and corrections read."""

ENTRY_KIND_NAMES: tuple[str, ...] = tuple(KINDS)


class SessionLogged(_Model):
    """What a session log wrote, and what it left alone because it was already there."""

    date: dt.date
    entries: list[EntryView]
    already_logged: list[str] = Field(
        default=[], description="exercise ids whose planned sets were already logged"
    )


def entry_id(kind: str, row_id: int) -> str:
    """The stable public id of a stored entry, e.g. ``set-12``."""
    return f"{kind}-{row_id}"


def parse_entry_id(text: str) -> tuple[str, int]:
    """``(kind, row id)`` from an id such as ``weight-3``.

    Raises:
        InputError: When the text is not an entry id.
    """
    kind, _, number = text.strip().lower().rpartition("-")
    if kind not in ENTRY_KINDS or not number.isdigit():
        raise InputError(
            "id",
            "not an entry id",
            allowed=f"KIND-NUMBER with KIND one of {', '.join(ENTRY_KINDS)}, e.g. set-12",
            value=text,
        )
    return kind, int(number)


def _view(kind: str, row_id: int, entry: Entry) -> EntryView:
    data: dict[str, Any] = {**entry.model_dump(), "id": entry_id(kind, row_id)}
    if isinstance(entry, LoggedSet | PainReport):
        data["exercise_name"] = exercise_name(entry.exercise_id)
    if isinstance(entry, CardioLog):
        data["activity_name"] = exercise_name(entry.activity_id)
    view: EntryView = KINDS[kind].view.model_validate(data)  # type: ignore[assignment]
    return view


def exercise_name(exercise_id: str) -> str:
    """The catalog name of ``exercise_id`` ("" for an id no longer in the catalog)."""
    from gluteus.domain.catalog import default_catalog

    try:
        return default_catalog().get(exercise_id).name
    except KeyError:
        return ""


# --- checks ----------------------------------------------------------------------------------


def check_date(date: dt.date, actor: Actor, field: str = "date") -> dt.date:
    """``date`` when it is not after the actor's today and within the last 20 years."""
    if date > actor.today:
        raise InputError(
            field, "must not be after today", allowed=f"up to {actor.today}", value=str(date)
        )
    earliest = actor.today - dt.timedelta(days=365 * HISTORY_YEARS)
    if date < earliest:
        raise InputError(field, f"must be within the last {HISTORY_YEARS} years", value=str(date))
    return date


def check_exercise(exercise_id: str, field: str, *, cardio: bool | None = None) -> str:
    """``exercise_id`` when it is in the catalog (and cardio or not, when asked)."""
    from gluteus.domain.catalog import Kind, default_catalog, did_you_mean

    catalog = default_catalog()
    try:
        exercise = catalog.get(exercise_id)
    except KeyError:
        hint = did_you_mean(catalog, exercise_id, kind=Kind.CARDIO if cardio else None)
        raise InputError(
            field, f"not in the exercise catalog{hint}", allowed="a catalog id", value=exercise_id
        ) from None
    if cardio is True and exercise.kind is not Kind.CARDIO:
        choices = ", ".join(e.id for e in catalog if e.kind is Kind.CARDIO)
        raise InputError(
            field, "not a cardio activity", allowed=f"one of {choices}", value=exercise_id
        )
    if cardio is False and exercise.kind is Kind.CARDIO:
        raise InputError(field, "is cardio; log it as cardio", value=exercise_id)
    return exercise_id


def parse_band(text: str | None, field: str = "band") -> BandLevel | None:
    """A band level from text such as ``medium`` or ``extra light``."""
    if text is None:
        return None
    try:
        return BandLevel(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = "one of " + ", ".join(b.value for b in BandLevel)
        raise InputError(field, "unknown band level", allowed=allowed, value=text) from None


def _build(model: type[Entry], prefix: str = "", **fields: Any) -> Any:
    try:
        return model(**fields)
    except ValidationError as exc:
        raise from_validation(exc, model, prefix) from None


# --- writes ----------------------------------------------------------------------------------


def _sets(session: Session, actor: Actor, given: SetsInput, prefix: str = "") -> list[LoggedSet]:
    check_exercise(given.exercise_id, f"{prefix}exercise_id", cardio=False)
    check_date(given.date, actor, f"{prefix}date")
    if not 1 <= len(given.reps) <= MAX_SETS_PER_CALL:
        raise InputError(
            f"{prefix}reps",
            "wrong number of sets",
            allowed=f"1–{MAX_SETS_PER_CALL} sets per entry",
            value=len(given.reps),
        )
    band = parse_band(given.band, f"{prefix}band")
    if band is not None and given.load_kg is not None:
        raise InputError(f"{prefix}load_kg", "give either a load or a band level, not both")
    # Numbered inside the caller's write transaction (SQLite takes the write lock at BEGIN;
    # a unique index stops a concurrent PostgreSQL writer), so two logs never share a number.
    done = repo.last_set_number(session, actor.user_id, given.date, given.exercise_id)
    return [
        _build(
            LoggedSet,
            prefix,
            date=given.date,
            exercise_id=given.exercise_id,
            set_number=done + i,
            reps=count,
            load_kg=given.load_kg,
            band=band,
            last_two_hard=given.last_two_hard,
            good_form=given.good_form,
        )
        for i, count in enumerate(given.reps, start=1)
    ]


def _cardio(actor: Actor, given: CardioInput, prefix: str = "") -> CardioLog:
    check_exercise(given.exercise_id, f"{prefix}exercise_id", cardio=True)
    check_date(given.date, actor, f"{prefix}date")
    data = given.model_dump(exclude={"exercise_id"})
    bout: CardioLog = _build(CardioLog, prefix, activity_id=given.exercise_id, **data)
    return bout


def _store(session: Session, actor: Actor, entries: Sequence[Entry]) -> list[EntryView]:
    ids = repo.add_entries(session, actor.user_id, entries)
    return [_view(repo.kind_of(e).name, row_id, e) for row_id, e in zip(ids, entries, strict=True)]


def _store_numbered(
    session: Session, actor: Actor, build: Callable[[], Sequence[Entry]]
) -> list[EntryView]:
    # Writers of one user take turns on their row, so the last set number read is final;
    # should a number clash all the same (the unique index refuses the second), the entries
    # are numbered again inside a savepoint.
    repo.lock_user(session, actor.user_id)
    if not repo.numbers_may_clash(session):
        return _store(session, actor, build())
    for attempt in range(NUMBERING_ATTEMPTS):
        entries = build()
        try:
            with session.begin_nested():
                return _store(session, actor, entries)
        except IntegrityError:
            if attempt == NUMBERING_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def log_sets(session: Session, actor: Actor, given: SetsInput) -> list[EntryView]:
    """Log sets of one exercise, numbered after any already logged that day."""
    return _store_numbered(session, actor, lambda: _sets(session, actor, given))


def log_cardio(session: Session, actor: Actor, given: CardioInput) -> EntryView:
    """Log a cardio bout (a cardio id from the catalog)."""
    return _store(session, actor, [_cardio(actor, given)])[0]


IMPLAUSIBLE = "implausible"
"""The reason of a weigh-in refused until confirmed (see :func:`weigh_in_question`)."""


def weigh_in_question(
    session: Session, actor: Actor, weight_kg: float, date: dt.date
) -> str | None:
    """The question a new reading raises against the recent weigh-ins, None when it fits.

    See :func:`gluteus.domain.energy.weigh_in.check_weigh_in`; the saved profile's weight is
    the reference before any weigh-in. The question is in the actor's units.
    """
    from gluteus.domain.energy.weigh_in import RECENT_WINDOW_DAYS, check_weigh_in

    since = date - dt.timedelta(days=4 * RECENT_WINDOW_DAYS)
    rows = repo.list_entries(session, actor.user_id, ["weight"], since=since, until=date)
    readings = [(e.date, e.weight_kg) for _, _, e in rows if isinstance(e, WeightEntry)]
    profile = repo.latest_profile(session, actor.user_id)
    check = check_weigh_in(
        weight_kg, date, readings, profile.weight_kg if profile is not None else None
    )
    return None if check is None else check.question(actor.units)


def log_weight(session: Session, actor: Actor, given: WeightInput) -> EntryView:
    """Log a body-weight reading.

    Raises:
        InputError: On ``weight_kg`` with reason :data:`IMPLAUSIBLE` (the question in
            ``allowed``) when the reading looks like a slip and ``confirm`` is not set.
    """
    check_date(given.date, actor)
    entry = _build(WeightEntry, **given.model_dump(exclude={"confirm"}))
    if not given.confirm:
        question = weigh_in_question(session, actor, entry.weight_kg, entry.date)
        if question is not None:
            raise InputError(
                "weight_kg",
                IMPLAUSIBLE,
                allowed=question,
                value=given.weight_kg,
            )
    return _store(session, actor, [entry])[0]


def log_measurement(session: Session, actor: Actor, given: MeasureInput) -> EntryView:
    """Log circumferences (at least one of hips, waist, thigh)."""
    check_date(given.date, actor)
    entry = _build(Measurement, **given.model_dump())
    return _store(session, actor, [entry])[0]


def log_pain(session: Session, actor: Actor, given: PainInput) -> EntryView:
    """Log pain felt on an exercise and where; later sessions swap it for a gentler one.

    While the pain is recent, nothing loading that region (knee or lower back: by the
    catalog's joint load; elsewhere: the exercise and its family) gets more load.
    """
    check_exercise(given.exercise_id, "exercise_id")
    check_date(given.date, actor)
    region = given.region.strip().lower()
    data = {**given.model_dump(), "note": given.note.strip(), "region": region}
    entry = _build(PainReport, **data)
    return _store(session, actor, [entry])[0]


def log_intake(session: Session, actor: Actor, given: IntakeInput) -> EntryView:
    """Log intake for a day; it adds to what is already logged that day (meals add up)."""
    check_date(given.date, actor)
    entry = _build(IntakeEntry, **given.model_dump())
    return _store(session, actor, [entry])[0]


PERIOD_TAKEN = "a period start is already logged on this day"
"""The reason a second period start on the same day is refused (one per day and person)."""


def _check_period_free(
    session: Session, actor: Actor, date: dt.date, except_row: int | None = None
) -> None:
    found = repo.list_entries(session, actor.user_id, ["period"], since=date, until=date)
    if any(row_id != except_row for _, row_id, _ in found):
        raise InputError("date", PERIOD_TAKEN, allowed="one period start per day", value=str(date))


def log_period(session: Session, actor: Actor, given: PeriodInput) -> EntryView:
    """Log the first day of a period; the check-in then knows the cycle's water-swing days.

    Raises:
        InputError: On ``date`` when it is after today, or when a period start is already
            logged that day (:data:`PERIOD_TAKEN`).
    """
    check_date(given.date, actor)
    entry = _build(PeriodStart, **given.model_dump())
    _check_period_free(session, actor, entry.date)
    try:
        # The unique index settles a race between two writers of the same day.
        with session.begin_nested():
            return _store(session, actor, [entry])[0]
    except IntegrityError:
        raise InputError(
            "date", PERIOD_TAKEN, allowed="one period start per day", value=str(entry.date)
        ) from None


def log_session(session: Session, actor: Actor, given: SessionInput) -> SessionLogged:
    """Log a whole guided session in one go; sets are numbered after those already logged."""
    if not given.sets and not given.cardio:
        raise InputError("sets", "nothing to log: give at least one set or cardio bout")

    def build() -> list[Entry]:
        entries: list[Entry] = []
        for i, sets in enumerate(given.sets):
            if sets.date != given.date:
                raise InputError(
                    f"sets[{i}].date", "must be the session's date", value=str(sets.date)
                )
            entries += _sets(session, actor, sets, f"sets[{i}].")
        for i, bout in enumerate(given.cardio):
            entries.append(_cardio(actor, bout, f"cardio[{i}]."))
        return entries

    return SessionLogged(date=given.date, entries=_store_numbered(session, actor, build))


# --- reads -----------------------------------------------------------------------------------


def list_entries(session: Session, actor: Actor, query: HistoryQuery) -> list[EntryView]:
    """The actor's entries, oldest first (by date, then as logged)."""
    if query.since and query.until and query.since > query.until:
        raise InputError("since", "must not be after the end date", value=str(query.since))
    kinds = [query.kind] if query.kind else ENTRY_KIND_NAMES
    found = repo.list_entries(session, actor.user_id, kinds, query.since, query.until)
    found.sort(key=lambda item: (item[2].date, item[2].logged_at or dt.datetime.min, item[1]))
    return [_view(kind, row_id, entry) for kind, row_id, entry in found]


PAGE_SIZE = 100
"""Entries on a page of the history (web) or in an API listing when no limit is given."""
PAGE_SIZE_MAX = 1000
"""The most entries one listing returns; the export gives everything at once."""


class HistoryPage(BaseModel):
    """One page of the history, oldest first, with the cursors of the pages either side."""

    entries: list[EntryView]
    older: str | None = None
    newer: str | None = None


def list_page(
    session: Session,
    actor: Actor,
    query: HistoryQuery,
    limit: int | None = None,
    before: str | None = None,
    after: str | None = None,
) -> HistoryPage:
    """A page of ``limit`` entries (default :data:`PAGE_SIZE`) next to an entry, or the newest.

    Read by keyset from the (user, date) indexes, so a page of year three costs what a page
    of week one does. ``older`` and ``newer`` name the entries to page on from (None at
    either end).

    Raises:
        InputError: On ``limit`` outside 1 to :data:`PAGE_SIZE_MAX`, on ``before``/``after``
            when not one of the actor's entries, or both given.
    """
    if query.since and query.until and query.since > query.until:
        raise InputError("since", "must not be after the end date", value=str(query.since))
    limit = PAGE_SIZE if limit is None else limit
    if not 1 <= limit <= PAGE_SIZE_MAX:
        raise InputError(
            "limit", "entries per page out of range", allowed=f"1–{PAGE_SIZE_MAX}", value=limit
        )
    if before and after:
        raise InputError("after", "give either before or after, not both")
    field, given = ("after", after) if after else ("before", before)
    cursor = None
    if given:
        kind, row_id = _cursor_entry(given, field)
        cursor = repo.entry_cursor(session, actor.user_id, kind, row_id)
        if cursor is None:
            raise InputError(field, "no such entry of yours", value=given)
    kinds = [query.kind] if query.kind else ENTRY_KIND_NAMES
    older = not after
    found = repo.page_entries(
        session, actor.user_id, kinds, query.since, query.until, cursor, older, limit + 1
    )
    more = len(found) > limit
    found = found[-limit:] if older else found[:limit]
    views = [_view(kind, row_id, entry) for kind, row_id, entry in found]
    if not views:
        return HistoryPage(entries=[])
    oldest, newest = views[0].id, views[-1].id
    return HistoryPage(
        entries=views,
        older=oldest if (more if older else True) else None,
        newer=newest if (cursor is not None if older else more) else None,
    )


def _cursor_entry(text: str, field: str) -> tuple[str, int]:
    try:
        return parse_entry_id(text)
    except InputError:
        raise InputError(field, "not an entry id", allowed="an id such as set-12") from None


@dataclass(frozen=True)
class KeptHistory:
    """A history as read, with the highest row id read of each kind of log.

    ``committed``: read in a read-only unit of work, so it holds committed logs only and
    may be grown by what is logged after it. A history read inside a writing transaction
    may hold that transaction's own logs, which a rollback takes back (and whose row ids
    SQLite may hand out again): it is served for its exact stamp only, never grown.
    """

    history: History
    last_ids: dict[str, int]
    committed: bool = False

    def extended(self, found: Sequence[tuple[str, int, Entry]]) -> KeptHistory | None:
        """This history with the logs ``found`` after it (kind, row id, entry) added.

        None when one of them is dated before the last of its kind: it would belong
        inside the history, which is then read whole again (a log entered late).
        """
        fields: dict[str, list[Entry]] = {}
        last_ids = dict(self.last_ids)
        for name, row_id, entry in found:
            field = repo.ENTRY_KINDS[name].history_field
            before: Sequence[Entry] = fields.get(field) or getattr(self.history, field)
            if before and entry.date < before[-1].date:
                return None
            fields.setdefault(field, []).append(entry)
            last_ids[name] = max(row_id, last_ids.get(name, 0))
        update = {f: (*getattr(self.history, f), *added) for f, added in fields.items()}
        return KeptHistory(self.history.model_copy(update=update), last_ids, self.committed)


def _read_whole(session: Session, user_id: int, committed: bool) -> KeptHistory:
    found = repo.list_entries(session, user_id)
    last_ids: dict[str, int] = {}
    for name, row_id, _ in found:
        last_ids[name] = max(row_id, last_ids.get(name, 0))
    return KeptHistory(repo.history_of(found), last_ids, committed)


HISTORIES: StampedCache[int, str, KeptHistory] = StampedCache(
    max_items=100_000, max_size=24 * MB, name=f"{__name__}.HISTORIES"
)
"""The history each user last read in this process, by data stamp; sized in bytes.

Progress, the check-in and the journal read every log the person has; reading and
validating them costs more than the rest of a page. Bounded by approximate memory
(:func:`.cache.approx_bytes`), so a few people with years of logs cannot push a worker's
memory past the bound the way a count of histories could.
"""


def history(session: Session, actor: Actor) -> History:
    """Everything the actor logged, as a domain :class:`History`.

    Kept per process under the user's data stamp, which every change to their logs
    replaces in its own transaction (see :mod:`.cache`). The stamp is read before the
    logs, so a history is never kept under a stamp newer than itself. When only new logs
    came since the history kept (the stamps share their log base, see
    :func:`~gluteus.db.repository.stamps.same_log_base`), only the rows after it are read:
    the first page after a logged set reads what is new, not the years before it.
    """
    stamp = repo.data_stamp(session, actor.user_id)
    committed = is_read_only(session)
    if stamp is None:
        return _read_whole(session, actor.user_id, committed).history
    found = HISTORIES.get(actor.user_id, stamp)
    if found is not None:
        return found.history
    kept = HISTORIES.latest(actor.user_id)
    made: KeptHistory | None = None
    # Grown only from committed logs, into a history of committed logs.
    growable = committed and kept is not None and kept[1].committed
    if growable and kept is not None and repo.same_log_base(kept[0], stamp):
        made = kept[1].extended(repo.entries_after(session, actor.user_id, kept[1].last_ids))
    if made is None:
        made = _read_whole(session, actor.user_id, committed)
    HISTORIES.put(actor.user_id, stamp, made, approx_bytes(made.history))
    return made.history


def get_entry(session: Session, actor: Actor, entry: str) -> EntryView:
    """One of the actor's entries by id.

    Raises:
        NotFoundError: When there is no such entry for the actor.
    """
    kind, row_id = parse_entry_id(entry)
    found = repo.get_entry(session, actor.user_id, kind, row_id)
    if found is None:
        raise NotFoundError("id", entry)
    return _view(kind, row_id, found)


def last_action(session: Session, actor: Actor) -> list[EntryView]:
    """The entries of the actor's most recent logging action (empty when nothing logged)."""
    return [_view(*item) for item in repo.newest_entries(session, actor.user_id)]


# --- corrections -----------------------------------------------------------------------------


def delete_entries(session: Session, actor: Actor, ids: Iterable[str]) -> list[EntryView]:
    """Delete the actor's entries by id; all or none.

    Raises:
        NotFoundError: When any id is not one of the actor's entries (nothing is deleted).
    """
    views = [get_entry(session, actor, text) for text in ids]
    repo.delete_entries(session, actor.user_id, [parse_entry_id(v.id) for v in views])
    return views


def undo_last(session: Session, actor: Actor) -> list[EntryView]:
    """Delete the actor's most recent logging action; returns what was removed."""
    views = last_action(session, actor)
    if not views:
        raise NotFoundError("id", None, "nothing logged yet")
    repo.delete_entries(session, actor.user_id, [parse_entry_id(v.id) for v in views])
    return views


def edit_entry(session: Session, actor: Actor, entry: str, changes: EntryEdit) -> EntryView:
    """Correct one of the actor's entries; only the fields given change.

    A load replaces a band and a band a load. A set moved to another day or exercise gets
    the next free set number there.

    Raises:
        InputError: When a field does not apply to the entry's kind, or a value is invalid.
        NotFoundError: When there is no such entry for the actor.
    """
    kind, row_id = parse_entry_id(entry)
    current = repo.get_entry(session, actor.user_id, kind, row_id)
    if current is None:
        raise NotFoundError("id", entry)
    given = changes.model_dump(include=changes.model_fields_set)
    if not given:
        raise InputError("changes", "give at least one field to change")
    spec = KINDS[kind]
    for name in given:
        if name not in spec.editable:
            allowed = ", ".join(sorted(spec.editable))
            raise InputError(name, f"does not apply to a {kind} entry", allowed=allowed)
    data = current.model_dump()
    data.update({spec.stored_as.get(name, name): value for name, value in given.items()})
    check_date(data["date"], actor)
    if kind == "set":
        data = _edited_set(session, actor, current, data, given)
    elif kind == "cardio":
        check_exercise(data["activity_id"], "exercise_id", cardio=True)
    elif kind == "pain":
        check_exercise(data["exercise_id"], "exercise_id")
        data["note"] = data["note"].strip()
        data["region"] = str(data["region"]).strip().lower()
    elif kind == "period":
        _check_period_free(session, actor, data["date"], except_row=row_id)
    updated = _build(type(current), **data)
    repo.replace_entry(session, actor.user_id, kind, row_id, updated)
    return _view(kind, row_id, updated)


def _edited_set(
    session: Session,
    actor: Actor,
    current: Entry,
    data: dict[str, Any],
    given: dict[str, Any],
) -> dict[str, Any]:
    assert isinstance(current, LoggedSet)
    check_exercise(data["exercise_id"], "exercise_id", cardio=False)
    if "band" in given:
        data["band"] = parse_band(given["band"])
        if data["band"] is not None and "load_kg" not in given:
            data["load_kg"] = None
    if "load_kg" in given and given["load_kg"] is not None and "band" not in given:
        data["band"] = None
    if data["band"] is not None and data["load_kg"] is not None:
        raise InputError("load_kg", "give either a load or a band level, not both")
    if (data["date"], data["exercise_id"]) != (current.date, current.exercise_id):
        data["set_number"] = (
            repo.last_set_number(session, actor.user_id, data["date"], data["exercise_id"]) + 1
        )
    return data
