"""Status updates by assessment: an index on (assessed_on, recorded_at, id), so the dashboard's
recent changes, the latest assessed first, read ten index entries rather than sorting every
update.

Revision ID: 80557ad240a2
Revises: b7e3c1f2a9d4
Create Date: 2026-12-02 17:00:00.000000+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "80557ad240a2"
down_revision: str | None = "b7e3c1f2a9d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_status_updates_assessed_recorded",
        "status_updates",
        ["assessed_on", "recorded_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_status_updates_assessed_recorded", table_name="status_updates")
