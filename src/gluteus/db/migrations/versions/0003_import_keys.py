"""Imported entries remember their source app and a stable key, so a re-import adds nothing.

A table of its own (not columns on the log tables): logs, their edits and the JSON export
stay as they were. Each key row points at exactly one set, cardio bout or body weight and
goes when that entry is deleted.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ONE_ENTRY = (
    "(CASE WHEN set_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN cardio_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN weight_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def _entry_fk(column: str, table: str) -> sa.Column[int]:
    return sa.Column(
        column,
        sa.Integer(),
        sa.ForeignKey(
            f"{table}.id",
            name=f"fk_imported_entries_{column}_{table}",
            ondelete="CASCADE",
        ),
        nullable=True,
    )


def upgrade() -> None:
    op.create_table(
        "imported_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("import_key", sa.String(length=80), nullable=False),
        _entry_fk("set_id", "logged_sets"),
        _entry_fk("cardio_id", "cardio_sessions"),
        _entry_fk("weight_id", "body_weights"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(_ONE_ENTRY, name="ck_imported_entries_one_entry"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_imported_entries_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_imported_entries"),
        sa.UniqueConstraint("user_id", "import_key", name="uq_imported_entries_user_id_import_key"),
    )
    with op.batch_alter_table("imported_entries", schema=None) as batch_op:
        for column in ("set_id", "cardio_id", "weight_id"):
            batch_op.create_index(f"ix_imported_entries_{column}", [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("imported_entries", schema=None) as batch_op:
        for column in ("set_id", "cardio_id", "weight_id"):
            batch_op.drop_index(f"ix_imported_entries_{column}")
    op.drop_table("imported_entries")
