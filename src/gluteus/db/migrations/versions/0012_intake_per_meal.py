"""Intake per meal: several entries a day (summed), an optional meal label, an incomplete flag.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("daily_intake", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_daily_intake_user_id_date"), type_="unique")
        batch_op.add_column(sa.Column("meal", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("incomplete", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    # Back to one value per day: each day's entries are summed into its first row.
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, user_id, date, kcal FROM daily_intake ORDER BY user_id, date, id")
    ).fetchall()
    keep: dict[tuple[int, object], tuple[int, float]] = {}
    drop: list[int] = []
    for row_id, user_id, date, kcal in rows:
        key = (user_id, date)
        if key in keep:
            first, total = keep[key]
            keep[key] = (first, total + kcal)
            drop.append(row_id)
        else:
            keep[key] = (row_id, kcal)
    for first, total in keep.values():
        bind.execute(
            sa.text("UPDATE daily_intake SET kcal = :kcal WHERE id = :id"),
            {"kcal": total, "id": first},
        )
    for row_id in drop:
        bind.execute(sa.text("DELETE FROM daily_intake WHERE id = :id"), {"id": row_id})
    with op.batch_alter_table("daily_intake", schema=None) as batch_op:
        batch_op.drop_column("incomplete")
        batch_op.drop_column("meal")
        batch_op.create_unique_constraint(op.f("uq_daily_intake_user_id_date"), ["user_id", "date"])
