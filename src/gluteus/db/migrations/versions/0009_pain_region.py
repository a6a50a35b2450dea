"""Pain reports name where it hurt: knee, lower back, hip, shoulder or other (the default).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pain_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("region", sa.String(length=20), nullable=False, server_default="other")
        )


def downgrade() -> None:
    with op.batch_alter_table("pain_reports", schema=None) as batch_op:
        batch_op.drop_column("region")
