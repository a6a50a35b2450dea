"""An index on intake by (user, date): the check-in reads its 12-week window on it.

Migration 0012 dropped the (user, date) unique constraint (a day may hold several meals)
and with it the only index on the table, so every check-in read the intake of everyone.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_daily_intake_user_date", "daily_intake", ["user_id", "date"])


def downgrade() -> None:
    op.drop_index("ix_daily_intake_user_date", table_name="daily_intake")
