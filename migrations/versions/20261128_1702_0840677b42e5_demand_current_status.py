"""Demand current status: the current update's status and date on the demand, and the indexes
that let the dashboard and the demand list count, filter and sort 100,000 demands.

`demands.current_status` and `demands.last_assessed_on` copy the update `current_update_id`
points at (no_information and NULL when there is none); the follow-up service writes all three
in one statement. Indexes: by status then last assessment, by last assessment, by deadline (in
place of `ix_demands_deadline`), by title; `demand_actors (actor_id, role, demand_id)` in place
of `ix_demand_actors_actor_id`; `resolutions.body`.

Revision ID: 0840677b42e5
Revises: d46a808c8a39
Create Date: 2026-11-28 17:02:00.000000+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0840677b42e5"
down_revision: str | None = "d46a808c8a39"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = (
    "no_information",
    "not_implemented",
    "regressed",
    "partially_implemented",
    "implemented",
    "moot",
)
PAUSE_REASON = "migration 0840677b42e5"


def upgrade() -> None:
    # Plain ALTER TABLE with the CHECK written in the column, on both databases: batch mode would
    # rebuild `demands` on SQLite and lose its search triggers, and Alembic's add_column cannot
    # add the Enum's CHECK there.
    allowed = ", ".join(f"'{s}'" for s in STATUSES)
    op.execute(
        "ALTER TABLE demands ADD COLUMN current_status VARCHAR(32) "
        "DEFAULT 'no_information' NOT NULL "
        f"CONSTRAINT ck_demands_status CHECK (current_status IN ({allowed}))"
    )
    op.add_column("demands", sa.Column("last_assessed_on", sa.Date(), nullable=True))

    # Fill both from the current update. The search triggers are paused: what they index (the
    # status through current_update_id) does not change, and rewriting every demand's search
    # document would take most of the time.
    paused = sa.table("search_index_paused", sa.column("reason", sa.String))
    op.execute(paused.insert().values(reason=PAUSE_REASON))
    demands = sa.table(
        "demands",
        sa.column("current_update_id", sa.Integer),
        sa.column("current_status", sa.String),
        sa.column("last_assessed_on", sa.Date),
    )
    updates = sa.table(
        "status_updates",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("assessed_on", sa.Date),
    )
    current = updates.c.id == demands.c.current_update_id
    op.execute(
        demands.update()
        .where(demands.c.current_update_id.is_not(None))
        .values(
            current_status=sa.select(updates.c.status).where(current).scalar_subquery(),
            last_assessed_on=sa.select(updates.c.assessed_on).where(current).scalar_subquery(),
        )
    )
    op.execute(paused.delete().where(paused.c.reason == PAUSE_REASON))

    op.drop_index("ix_demands_deadline", table_name="demands")
    op.create_index(
        "ix_demands_status_assessed",
        "demands",
        ["current_status", sa.text("last_assessed_on DESC"), "id"],
    )
    op.create_index(
        "ix_demands_assessed_status",
        "demands",
        [sa.text("last_assessed_on DESC"), "id", "current_status"],
    )
    op.create_index("ix_demands_deadline_status", "demands", ["deadline", "id", "current_status"])
    op.create_index("ix_demands_title", "demands", ["title"])
    op.drop_index("ix_demand_actors_actor_id", table_name="demand_actors")
    op.create_index(
        "ix_demand_actors_actor_role", "demand_actors", ["actor_id", "role", "demand_id"]
    )
    op.create_index("ix_resolutions_body", "resolutions", ["body"])


def downgrade() -> None:
    op.drop_index("ix_resolutions_body", table_name="resolutions")
    op.drop_index("ix_demand_actors_actor_role", table_name="demand_actors")
    op.create_index("ix_demand_actors_actor_id", "demand_actors", ["actor_id"])
    op.drop_index("ix_demands_title", table_name="demands")
    op.drop_index("ix_demands_deadline_status", table_name="demands")
    op.drop_index("ix_demands_assessed_status", table_name="demands")
    op.drop_index("ix_demands_status_assessed", table_name="demands")
    op.create_index("ix_demands_deadline", "demands", ["deadline"])
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+) keeps the table and its triggers.
    op.drop_column("demands", "last_assessed_on")
    op.drop_column("demands", "current_status")
