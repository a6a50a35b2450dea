"""Users get a time zone; set numbers become unique per person, day and exercise.

Existing duplicate set numbers (written by concurrent logging before this revision) are
renumbered in the order the sets were stored before the unique constraint is added.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SETS = sa.table(
    "logged_sets",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("date", sa.Date),
    sa.column("exercise_id", sa.String),
    sa.column("set_number", sa.Integer),
)


def _renumber_duplicates() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _SETS.c.id, _SETS.c.user_id, _SETS.c.date, _SETS.c.exercise_id, _SETS.c.set_number
        ).order_by(
            _SETS.c.user_id, _SETS.c.date, _SETS.c.exercise_id, _SETS.c.set_number, _SETS.c.id
        )
    ).all()
    groups: dict[tuple[object, ...], list[tuple[int, int]]] = {}
    for row_id, user_id, date, exercise_id, number in rows:
        groups.setdefault((user_id, date, exercise_id), []).append((row_id, number))
    for members in groups.values():
        if len({number for _, number in members}) == len(members):
            continue
        for position, (row_id, number) in enumerate(members, start=1):
            if number != position:
                bind.execute(
                    sa.update(_SETS).where(_SETS.c.id == row_id).values(set_number=position)
                )


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
    _renumber_duplicates()
    with op.batch_alter_table("logged_sets", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_logged_sets_user_id_date_exercise_id_set_number"),
            ["user_id", "date", "exercise_id", "set_number"],
        )


def downgrade() -> None:
    with op.batch_alter_table("logged_sets", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_logged_sets_user_id_date_exercise_id_set_number"), type_="unique"
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone")
