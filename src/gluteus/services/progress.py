"""Progress use cases: the report to date, and the plan's projected weight for the charts.

The projection is pure (:mod:`gluteus.domain.energy.projection`); its names are re-exported
here for the charts and the edges.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy.projection import PlanProjection, plan_pal, plan_projections
from gluteus.domain.progress import ProgressReport, progress_report
from gluteus.services import journal, plans
from gluteus.services.context import Actor

__all__ = ["PlanProjection", "plan_pal", "plan_projections", "progress"]


def progress(session: Session, actor: Actor, as_of: dt.date | None = None) -> ProgressReport:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to a day."""
    when = as_of or actor.today
    return progress_report(
        plans.active_program(session, actor),
        journal.history(session, actor).until(when),
        default_catalog(),
        when,
    )
