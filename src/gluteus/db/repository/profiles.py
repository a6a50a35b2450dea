"""Profiles (every saved version kept) and readiness checks (screenings)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gluteus.db.repository.stamps import _data_changed
from gluteus.db.tables import ProfileRow, ScreeningRow, utcnow

if TYPE_CHECKING:
    from gluteus.domain.profile import Profile


def save_profile(session: Session, user_id: int, profile: Profile) -> ProfileRow:
    """Add a new version of the user's profile (older versions are kept)."""
    row = ProfileRow(user_id=user_id, data=profile.model_dump(mode="json"), created_at=utcnow())
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def latest_profile(session: Session, user_id: int) -> Profile | None:
    """The newest saved profile, None when none was saved."""
    row = session.scalars(
        select(ProfileRow)
        .where(ProfileRow.user_id == user_id)
        .order_by(ProfileRow.created_at.desc(), ProfileRow.id.desc())
        .limit(1)
    ).first()
    from gluteus.domain.profile import Profile

    return Profile.model_validate(row.data) if row else None


def profile_versions(session: Session, user_id: int) -> list[tuple[dt.datetime, Profile]]:
    """Every saved version of the user's profile with its time, oldest first."""
    rows = session.scalars(
        select(ProfileRow)
        .where(ProfileRow.user_id == user_id)
        .order_by(ProfileRow.created_at, ProfileRow.id)
    )
    from gluteus.domain.profile import Profile

    return [(row.created_at, Profile.model_validate(row.data)) for row in rows]


def latest_screening(session: Session, user_id: int) -> dict[str, Any] | None:
    """The data of the user's newest readiness check, None when there is none."""
    row = session.scalars(
        select(ScreeningRow)
        .where(ScreeningRow.user_id == user_id)
        .order_by(ScreeningRow.created_at.desc(), ScreeningRow.id.desc())
        .limit(1)
    ).first()
    return dict(row.data) if row else None


def save_screening(
    session: Session, user_id: int, cleared: bool, data: dict[str, Any]
) -> ScreeningRow:
    """Record a readiness check (answers and clearance as JSON)."""
    row = ScreeningRow(user_id=user_id, cleared=cleared, data=data, created_at=utcnow())
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row
