"""Progress statistics from the plan and the logs: adherence, streaks, bests, volume, trends.

Pure functions over a :class:`Program` and a :class:`History`; ``today`` is passed in. Each
statistic indexes the logs once (by date, by exercise), so a year of daily logs costs a
year's worth of work, not a year squared. No charts here (see :mod:`gluteus.charts.progress`)
and no judgement of the numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence, Set
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from gluteus.domain.catalog import Catalog, Muscle
from gluteus.domain.energy.trend import TrendInputError, local_linear_trend
from gluteus.domain.history import SITES, BandLevel, History, LoggedSet, Measurement, WeightEntry
from gluteus.domain.profile import Weekday
from gluteus.domain.program import Day, Program, SessionKind

TREND_HALF_WINDOW_DAYS = 14
"""Half-width of the centred trend's window in the middle of the series [days]: four weeks
of readings around each day (see :mod:`gluteus.domain.energy.trend`)."""
SECONDARY_MUSCLE_WEIGHT = 0.5
"""A set counts 1 for each primary muscle and this much for each secondary one [-]."""

REFERENCES = (
    "[1] Cleveland W.S., Robust locally weighted regression and smoothing scatterplots, "
    "J. Am. Stat. Assoc. 74(368):829-836, 1979. doi:10.1080/01621459.1979.10481038 "
    "(the centred weight trend, see gluteus.domain.energy.trend)",
    "[2] Schoenfeld B.J. et al., Dose-response relationship between weekly resistance "
    "training volume and increases in muscle mass, J. Sports Sci. 35(11):1073-1082, 2017. "
    "doi:10.1080/02640414.2016.1210197 (weekly sets per muscle as the volume measure)",
)

_COUNTED = (SessionKind.STRENGTH, SessionKind.CARDIO)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DayStatus(StrEnum):
    """How a calendar day of the plan went."""

    REST = "rest"
    DONE = "done"
    PARTIAL = "partial"
    MISSED = "missed"
    UPCOMING = "upcoming"


class DayRecord(_Frozen):
    """One calendar day of the plan: sessions planned and done."""

    date: dt.date
    week: int
    planned: int
    done: int
    status: DayStatus


class WeekAdherence(_Frozen):
    """Planned versus done sessions in one program week."""

    week: int
    start: dt.date
    planned: int
    done: int

    @property
    def rate(self) -> float | None:
        """Share of planned sessions done [-], None when nothing was due."""
        return self.done / self.planned if self.planned else None


class Adherence(_Frozen):
    """Adherence per week and overall, with streaks in calendar days (see :func:`streaks`)."""

    weeks: tuple[WeekAdherence, ...]
    planned: int
    done: int
    current_streak: int
    longest_streak: int

    @property
    def rate(self) -> float | None:
        """Share of planned sessions done overall [-], None when nothing was due."""
        return self.done / self.planned if self.planned else None


class PersonalBest(_Frozen):
    """The best efforts logged on one exercise."""

    exercise_id: str
    heaviest_kg: float | None = None
    heaviest_reps: int | None = None
    heaviest_date: dt.date | None = None
    most_reps_at_load: tuple[tuple[float, int], ...] = ()
    most_reps_bodyweight: int | None = None
    best_band: BandLevel | None = None
    best_band_reps: int | None = None


class TrendPoint(_Frozen):
    """One day of the smoothed weight trend."""

    date: dt.date
    weight_kg: float | None
    trend_kg: float


class SiteChange(_Frozen):
    """First and latest circumference at one site."""

    site: str
    first_date: dt.date
    first_cm: float
    latest_date: dt.date
    latest_cm: float

    @property
    def change_cm(self) -> float:
        """Latest minus first [cm]; negative is smaller."""
        return round(self.latest_cm - self.first_cm, 2)


def _counted(day: Day | None) -> list[SessionKind]:
    return [] if day is None else [s.kind for s in day.sessions if s.kind in _COUNTED]


def _done_sessions(day: Day, exercises_today: Set[str], cardio_today: bool) -> int:
    strength = [s for s in day.sessions if s.kind is SessionKind.STRENGTH]
    named = {ex.id for s in strength for ex in s.exercises}
    # Sets on exercises the plan does not name (a progression or a pain substitute) count
    # for every strength session of the day.
    stray = bool(exercises_today - named)
    done = sum(1 for s in strength if stray or exercises_today & {ex.id for ex in s.exercises})
    cardio = sum(1 for s in day.sessions if s.kind is SessionKind.CARDIO)
    return done + (cardio if cardio_today else 0)


def _exercises_by_date(history: History) -> dict[dt.date, set[str]]:
    by_date: dict[dt.date, set[str]] = {}
    for logged in history.sets:
        by_date.setdefault(logged.date, set()).add(logged.exercise_id)
    return by_date


def day_records(program: Program, history: History, today: dt.date) -> list[DayRecord]:
    """Every calendar day of the program with what was planned and done.

    A planned strength session is done when at least one set of one of its exercises was
    logged that day (sets on exercises the plan does not name, such as a progression or a
    pain substitute, count too); a cardio session when any cardio bout was logged that day.
    Days after ``today`` are upcoming; ``today`` itself is upcoming until something is done.
    The logs are indexed by date once, so the cost grows with days plus logged sets.

    Args:
        program: The plan (needs ``start_date``; none → empty list).
        history: Everything logged.
        today: The current date.

    Returns:
        One record per date from the start to the end of the program.
    """
    if program.start_date is None:
        return []
    start = program.start_date
    exercises = _exercises_by_date(history)
    cardio_dates = history.cardio_dates()
    # Week n covers start + 7(n-1) … start + 7n - 1, so the i-th day of every week falls on
    # the same weekday.
    weekdays = [Weekday.from_index((start.weekday() + i) % 7) for i in range(7)]
    records = []
    for index, week in enumerate(program.weeks):
        for i, weekday in enumerate(weekdays):
            offset = 7 * index + i
            date = start + dt.timedelta(days=offset)
            day = week.day(weekday)
            planned = len(_counted(day))
            done = (
                _done_sessions(day, exercises.get(date, set()), date in cardio_dates)
                if day is not None and planned
                else 0
            )
            records.append(
                DayRecord(
                    date=date,
                    week=offset // 7 + 1,
                    planned=planned,
                    done=done,
                    status=_status(planned, done, date, today),
                )
            )
    return records


def _status(planned: int, done: int, date: dt.date, today: dt.date) -> DayStatus:
    if planned == 0:
        return DayStatus.REST
    if done >= planned:
        return DayStatus.DONE
    if date >= today:
        return DayStatus.UPCOMING
    return DayStatus.PARTIAL if done else DayStatus.MISSED


def streaks(records: Sequence[DayRecord]) -> tuple[int, int]:
    """Current and longest run of consecutive calendar days on which the plan was kept.

    A day is kept when it is a rest day (nothing was due, so resting was the plan) or when
    every session planned for it was done. A partial or missed day breaks the run. Today,
    while its sessions are not yet done (upcoming), neither counts nor breaks: the current
    run stands until the day is over. A run counts only once it holds at least one done
    planned day, so rest days alone make no streak; the rest days inside and just before a
    run of done days count in full. Days outside the program are not counted.

    For example, with training on Mon, Wed and Thu: done Mon, Wed, Thu and today is the
    next Mon, not yet trained → current 7 (Mon to Sun); miss that Mon and the run is over.

    Args:
        records: From :func:`day_records`, in date order, up to and including today (later
            days have not been kept or broken yet). A record still upcoming ends the scan.

    Returns:
        (current, longest) [days].
    """
    run = longest = 0
    run_has_done = False
    for record in records:
        if record.status is DayStatus.UPCOMING:
            break
        if record.status in (DayStatus.MISSED, DayStatus.PARTIAL):
            run, run_has_done = 0, False
            continue
        run += 1
        run_has_done = run_has_done or record.status is DayStatus.DONE
        if run_has_done:
            longest = max(longest, run)
    return (run if run_has_done else 0), longest


def adherence(program: Program, history: History, today: dt.date) -> Adherence:
    """Planned sessions versus done, per program week and overall, with streaks.

    Sessions due are those on days before ``today``, plus today's once done (so the rate
    does not dip in the morning). Only strength and cardio sessions count; warm-ups and
    cool-downs ride along with them. Streaks are in calendar days as :func:`streaks` defines
    them.

    Args:
        program: The plan (needs ``start_date``).
        history: Everything logged.
        today: The current date.

    Returns:
        Per-week and overall counts [sessions] and streaks [days].
    """
    return _adherence(day_records(program, history, today), today)


def _adherence(records: Sequence[DayRecord], today: dt.date) -> Adherence:
    weeks: list[WeekAdherence] = []
    for number, days in itertools.groupby(records, key=lambda r: r.week):
        week = list(days)
        if week[0].date > today:
            break
        due = [r for r in week if r.date < today or r.status is DayStatus.DONE]
        weeks.append(
            WeekAdherence(
                week=number,
                start=week[0].date,
                planned=sum(r.planned for r in due),
                done=sum(min(r.done, r.planned) for r in due),
            )
        )
    current, longest = streaks([r for r in records if r.date <= today])
    return Adherence(
        weeks=tuple(weeks),
        planned=sum(w.planned for w in weeks),
        done=sum(w.done for w in weeks),
        current_streak=current,
        longest_streak=longest,
    )


def personal_bests(history: History) -> dict[str, PersonalBest]:
    """Best efforts per exercise.

    The heaviest load (with its reps), the most reps at each load, the most bodyweight
    reps, and the strongest band used (with its most reps). Sets with bad form or zero
    reps do not count.

    Args:
        history: Everything logged.

    Returns:
        Exercise id → :class:`PersonalBest`, sorted by id. Loads in [kg].
    """
    valid: dict[str, list[LoggedSet]] = {}
    for logged in history.sets:
        if _counts(logged):
            valid.setdefault(logged.exercise_id, []).append(logged)
    return {exercise_id: _best_of(exercise_id, valid[exercise_id]) for exercise_id in sorted(valid)}


def _counts(logged: LoggedSet) -> bool:
    return logged.reps > 0 and logged.good_form


def _best_of(exercise_id: str, sets: Sequence[LoggedSet]) -> PersonalBest:
    loaded = [s for s in sets if s.load_kg]
    at_load: dict[float, int] = {}
    for s in loaded:
        load = s.load_kg or 0.0
        at_load[load] = max(at_load.get(load, 0), s.reps)
    heaviest = max(loaded, key=lambda s: (s.load_kg or 0.0, s.reps, s.date), default=None)
    bodyweight = [s.reps for s in sets if not s.load_kg and s.band is None]
    banded = [s for s in sets if s.band is not None]
    band = max(banded, key=lambda s: (s.band.rank if s.band else -1, s.reps), default=None)
    return PersonalBest(
        exercise_id=exercise_id,
        heaviest_kg=None if heaviest is None else heaviest.load_kg,
        heaviest_reps=None if heaviest is None else heaviest.reps,
        heaviest_date=None if heaviest is None else heaviest.date,
        most_reps_at_load=tuple(sorted(at_load.items())),
        most_reps_bodyweight=max(bodyweight) if bodyweight else None,
        best_band=None if band is None else band.band,
        best_band_reps=None if band is None else band.reps,
    )


def week_start(date: dt.date) -> dt.date:
    """The Monday of ``date``'s week."""
    return date - dt.timedelta(days=date.weekday())


def weekly_sets_per_muscle(
    history: History, catalog: Catalog
) -> dict[dt.date, dict[Muscle, float]]:
    """Hard sets per muscle per calendar week (Monday start).

    Each logged set with at least one rep counts 1 for every primary muscle of its
    exercise and 0.5 for every secondary one. Exercises missing from the catalog are
    skipped.

    Args:
        history: Everything logged.
        catalog: The catalog (muscles per exercise).

    Returns:
        Week start → muscle → sets [sets/week], weeks in date order.

    References:
        [2] Schoenfeld 2017 (weekly sets per muscle); the 0.5 weight for secondary
        muscles is a common counting convention, not a measured value.
    """
    shares: dict[str, list[tuple[Muscle, float]]] = {}
    weeks: dict[dt.date, dict[Muscle, float]] = {}
    for logged in sorted(history.sets, key=lambda s: s.date):
        if logged.reps == 0 or logged.exercise_id not in catalog:
            continue
        share = shares.get(logged.exercise_id)
        if share is None:
            share = shares[logged.exercise_id] = _muscle_shares(catalog, logged.exercise_id)
        tally = weeks.setdefault(week_start(logged.date), {})
        for muscle, weight in share:
            tally[muscle] = tally.get(muscle, 0.0) + weight
    return dict(sorted(weeks.items()))


def _muscle_shares(catalog: Catalog, exercise_id: str) -> list[tuple[Muscle, float]]:
    exercise = catalog.get(exercise_id)
    return [(m, 1.0) for m in exercise.primary_muscles] + [
        (m, SECONDARY_MUSCLE_WEIGHT) for m in exercise.secondary_muscles
    ]


def weekly_cardio_minutes(history: History) -> dict[dt.date, float]:
    """Cardio minutes per calendar week (Monday start) [min/week], weeks in date order."""
    weeks: dict[dt.date, float] = {}
    for bout in history.cardio:
        start = week_start(bout.date)
        weeks[start] = weeks.get(start, 0.0) + bout.minutes
    return dict(sorted(weeks.items()))


def weight_trend(
    weights: Iterable[WeightEntry], half_window_days: int = TREND_HALF_WINDOW_DAYS
) -> list[TrendPoint]:
    """The centred, smoothed weight trend on a daily grid.

    A robust local linear fit around each day
    (:func:`gluteus.domain.energy.trend.local_linear_trend`):
    about four weeks of readings centred on the day in the middle of the series, the last
    four weeks at the latest day (so today's trend is not dragged back by older readings),
    wider over gaps. On a steady loss it has no lag, unlike a trailing average, which at
    0.5-1 kg a week trails the truth by 0.6-1.3 kg. Several readings on one day are averaged
    first.

    Args:
        weights: Body-weight readings in any order. [kg]
        half_window_days: Half-width of the window in the middle of the series, ≥ 1. [days]

    Returns:
        One point per day from the first to the last reading (empty without readings);
        ``weight_kg`` is the reading of that day or None. [kg]

    Raises:
        TrendInputError: ``half_window_days`` below 1.

    References:
        [1] Cleveland 1979 (robust locally weighted regression).
    """
    if half_window_days < 1:
        raise TrendInputError(f"half_window_days: must be at least 1, got {half_window_days}")
    by_day: dict[dt.date, list[float]] = {}
    for entry in weights:
        by_day.setdefault(entry.date, []).append(entry.weight_kg)
    if not by_day:
        return []
    days = sorted(by_day)
    first = days[0]
    readings = [sum(by_day[d]) / len(by_day[d]) for d in days]
    trend = local_linear_trend([(d - first).days for d in days], readings, half_window_days)
    reading_on = dict(zip(days, readings, strict=True))
    dates = [first + dt.timedelta(days=offset) for offset in range(len(trend))]
    return [
        TrendPoint(date=date, weight_kg=reading_on.get(date), trend_kg=round(float(value), 3))
        for date, value in zip(dates, trend, strict=True)
    ]


def weekly_rate_kg(trend: Sequence[TrendPoint], days: int = 28) -> float | None:
    """Rate of change of the trend over the last ``days`` days [kg/week].

    The least-squares slope of the daily trend over the window, times seven; a fit over
    four weeks is steadier than the difference of two end points. Negative means losing.

    Args:
        trend: From :func:`weight_trend`.
        days: Window; fewer points than this use what there is, fewer than 8 give None.
            [days]

    Returns:
        Change per week, or None with under a week of trend. [kg/week]
    """
    window = trend[-days:]
    if len(window) < 8:
        return None
    x = [float((p.date - window[0].date).days) for p in window]
    y = [p.trend_kg for p in window]
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    sxx = sum((xi - mean_x) ** 2 for xi in x)
    sxy = sum((xi - mean_x) * (yi - mean_y) for xi, yi in zip(x, y, strict=True))
    return round(sxy / sxx * 7, 3)


def circumference_changes(measurements: Iterable[Measurement]) -> dict[str, SiteChange]:
    """First versus latest circumference per site (hips, waist, thigh).

    Args:
        measurements: Readings in any order. [cm]

    Returns:
        Site → change, for sites with at least one reading.
    """
    ordered = sorted(measurements, key=lambda m: m.date)
    changes: dict[str, SiteChange] = {}
    for site in SITES:
        taken = [(m.date, value) for m in ordered if (value := m.site(site)) is not None]
        if taken:
            changes[site] = SiteChange(
                site=site,
                first_date=taken[0][0],
                first_cm=taken[0][1],
                latest_date=taken[-1][0],
                latest_cm=taken[-1][1],
            )
    return changes


class ProgressReport(_Frozen):
    """Everything ``gluteus progress`` shows, in one value."""

    today: dt.date
    adherence: Adherence
    days: tuple[DayRecord, ...]
    personal_bests: dict[str, PersonalBest]
    weekly_sets: dict[dt.date, dict[Muscle, float]]
    weekly_cardio_minutes: dict[dt.date, float]
    trend: tuple[TrendPoint, ...]
    weekly_rate_kg: float | None
    circumferences: dict[str, SiteChange]
    measurements: tuple[Measurement, ...] = ()


def progress_report(
    program: Program | None, history: History, catalog: Catalog, today: dt.date
) -> ProgressReport:
    """All progress statistics at once (no program → no adherence, the rest still shown).

    Args:
        program: The active plan, or None.
        history: Everything logged.
        catalog: The catalog.
        today: The current date.

    Returns:
        The report.
    """
    if program is not None:
        records = day_records(program, history, today)
        adh = _adherence(records, today)
    else:
        records = []
        adh = Adherence(weeks=(), planned=0, done=0, current_streak=0, longest_streak=0)
    trend = weight_trend(history.weights)
    return ProgressReport(
        today=today,
        adherence=adh,
        days=tuple(records),
        personal_bests=personal_bests(history),
        weekly_sets=weekly_sets_per_muscle(history, catalog),
        weekly_cardio_minutes=weekly_cardio_minutes(history),
        trend=tuple(trend),
        weekly_rate_kg=weekly_rate_kg(trend),
        circumferences=circumference_changes(history.measurements),
        measurements=tuple(history.measurements_sorted()),
    )
