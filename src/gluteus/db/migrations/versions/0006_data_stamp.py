"""A stamp on each user that changes with every change to what they stored.

Pages read a person's whole history, plan and check-ins on every view; with the stamp, a
process can keep what it read and know, from the user's row alone, whether it is current.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("data_stamp", sa.String(length=32), nullable=True))
    # A random stamp each, like every later change writes: never one handed out before,
    # in this database or any other a process may have read.
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("data_stamp", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(data_stamp=uuid.uuid4().hex)
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("data_stamp")
