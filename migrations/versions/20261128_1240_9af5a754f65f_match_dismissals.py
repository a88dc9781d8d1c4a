"""Match dismissals: suggested thread matches an analyst said are not the same demand.

Revision ID: 9af5a754f65f
Revises: 00161ac5eaa9
Create Date: 2026-11-28 12:40:58.939428+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9af5a754f65f"
down_revision: str | None = "00161ac5eaa9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_dismissals",
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_match_dismissals_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["users.id"],
            name=op.f("fk_match_dismissals_dismissed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["demands.id"],
            name=op.f("fk_match_dismissals_other_id_demands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("demand_id", "other_id", name=op.f("pk_match_dismissals")),
    )
    with op.batch_alter_table("match_dismissals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_dismissals_other_id"), ["other_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("match_dismissals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_dismissals_other_id"))

    op.drop_table("match_dismissals")
