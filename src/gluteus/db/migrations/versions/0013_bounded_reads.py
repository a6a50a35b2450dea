"""Indexes for today's bounded reads: a lift's or activity's last sessions, recent pain.

The (user, exercise, date) index replaces (user, exercise): it serves every query the old
one did and finds a lift's latest session dates without reading its whole history.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_logged_sets_user_exercise_date", "logged_sets", ["user_id", "exercise_id", "date"]
    )
    op.drop_index("ix_logged_sets_user_exercise", table_name="logged_sets")
    op.create_index(
        "ix_cardio_sessions_user_activity_date",
        "cardio_sessions",
        ["user_id", "activity_id", "date"],
    )
    op.create_index("ix_pain_reports_user_date", "pain_reports", ["user_id", "date"])


def downgrade() -> None:
    op.drop_index("ix_pain_reports_user_date", table_name="pain_reports")
    op.drop_index("ix_cardio_sessions_user_activity_date", table_name="cardio_sessions")
    op.create_index("ix_logged_sets_user_exercise", "logged_sets", ["user_id", "exercise_id"])
    op.drop_index("ix_logged_sets_user_exercise_date", table_name="logged_sets")
