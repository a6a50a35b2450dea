"""Progress use cases: the report to date, and the plan's projected weight for the charts.

The projection is pure (:mod:`gluteus.domain.energy.projection`); its names are re-exported
here for the charts and the edges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy.projection import PlanProjection, plan_pal, plan_projections
from gluteus.domain.progress import ProgressReport, progress_report
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, plans
from gluteus.services.cache import MB, StampedCache, approx_bytes
from gluteus.services.context import Actor

__all__ = ["PlanProjection", "plan_pal", "plan_projections", "progress", "progress_page"]

T = TypeVar("T")

REPORTS: StampedCache[int, tuple[str, dt.date], ProgressReport] = StampedCache(
    max_items=100_000, max_size=8 * MB, name=f"{__name__}.REPORTS"
)
"""Each user's progress report to a day, kept under their data stamp and that day.

A report follows from the plan and the logs to that day; it is worked out once per change
to either and per day, then served from here. Bounded by approximate memory.
"""

PAGES: StampedCache[int, tuple[str, dt.date, UnitSystem], object] = StampedCache(
    max_items=100_000, max_size=8 * MB, name=f"{__name__}.PAGES"
)
"""What the web draws from a report (its charts), once per data stamp, day and units."""


def progress(session: Session, actor: Actor, as_of: dt.date | None = None) -> ProgressReport:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to a day.

    Kept per user under their data stamp and the day (see :data:`REPORTS`).
    """
    when = as_of or actor.today
    stamp = repo.data_stamp(session, actor.user_id)

    def make() -> ProgressReport:
        return progress_report(
            plans.active_program(session, actor),
            journal.history(session, actor).until(when),
            default_catalog(),
            when,
        )

    found = REPORTS.get_or_make(
        actor.user_id, None if stamp is None else (stamp, when), make, approx_bytes
    )
    assert found is not None  # make always builds a report
    return found


def progress_page(
    session: Session, actor: Actor, draw: Callable[[ProgressReport, PlanProjection | None], T]
) -> tuple[ProgressReport, T]:
    """Today's report and what ``draw`` makes of it with the plan's projections.

    Drawn once per data stamp, day and units, then kept (see :data:`PAGES`): the charts
    of a report never change until the data does.
    """
    report = progress(session, actor)
    stamp = repo.data_stamp(session, actor.user_id)

    def make() -> T:
        program = plans.active_program(session, actor)
        return draw(report, plan_projections(program) if program else None)

    key = None if stamp is None else (stamp, report.today, actor.units)
    drawn = PAGES.get_or_make(actor.user_id, key, make, approx_bytes)
    return report, drawn  # type: ignore[return-value]
