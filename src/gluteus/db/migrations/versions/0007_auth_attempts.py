"""Sign-in and sign-up attempts in the database, so every worker counts against one limit.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_auth_attempts"),
    )
    op.create_index("ix_auth_attempts_key_at", "auth_attempts", ["key", "at"])
    op.create_index("ix_auth_attempts_at", "auth_attempts", ["at"])


def downgrade() -> None:
    op.drop_index("ix_auth_attempts_at", table_name="auth_attempts")
    op.drop_index("ix_auth_attempts_key_at", table_name="auth_attempts")
    op.drop_table("auth_attempts")
