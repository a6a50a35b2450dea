"""Intake protein: an optional protein amount [g] beside each intake entry's kcal.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("daily_intake", schema=None) as batch_op:
        batch_op.add_column(sa.Column("protein_g", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_intake", schema=None) as batch_op:
        batch_op.drop_column("protein_g")
