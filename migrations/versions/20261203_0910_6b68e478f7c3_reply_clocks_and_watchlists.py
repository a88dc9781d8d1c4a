"""Reply clocks and watchlists: clock rules, clocks and replies; watches, digest settings, and
the digests mailed with the items each carried (a user gets each item once: uq on user and key).

Revision ID: 6b68e478f7c3
Revises: 7c3e5a1f9b42
Create Date: 2026-12-02 15:48:48.654048+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6b68e478f7c3"
down_revision: str | None = "7c3e5a1f9b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clock_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("addressee", sa.String(length=1000), nullable=False),
        sa.Column("period", sa.Integer(), nullable=True),
        sa.Column(
            "period_unit",
            sa.Enum(
                "days",
                "months",
                "years",
                name="periodunit",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=True,
        ),
        sa.Column(
            "starts",
            sa.Enum(
                "adoption",
                "demand_deadline",
                name="clockstart",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("period_from_text", sa.Boolean(), nullable=False),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(period IS NULL AND period_unit IS NULL) OR (period IS NOT NULL AND period_unit IS NOT NULL)",
            name=op.f("ck_clock_rules_period_with_unit"),
        ),
        sa.CheckConstraint(
            "period IS NULL OR period > 0", name=op.f("ck_clock_rules_period_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_clock_rules_name")),
    )
    op.create_table(
        "digest_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "off",
                "daily",
                "weekly",
                name="digestfrequency",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("links_only", sa.Boolean(), nullable=False),
        sa.Column("enabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feed_token_hash", sa.String(length=64), nullable=True),
        sa.Column("feed_token_prefix", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_digest_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_digest_settings")),
        sa.UniqueConstraint("feed_token_hash", name=op.f("uq_digest_settings_feed_token_hash")),
    )
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
    )
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.create_index("ix_digests_user_window", ["user_id", "window_end"], unique=False)

    op.create_table(
        "digest_items",
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["digest_id"],
            ["digests.id"],
            name=op.f("fk_digest_items_digest_id_digests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_digest_items_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("digest_id", "item_key", name=op.f("pk_digest_items")),
        sa.UniqueConstraint("user_id", "item_key", name=op.f("uq_digest_items_user_id_item_key")),
    )
    op.create_table(
        "clocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=True),
        sa.Column("addressee_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["addressee_id"], ["actors.id"], name=op.f("fk_clocks_addressee_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_clocks_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_clocks_resolution_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["clock_rules.id"], name=op.f("fk_clocks_rule_id_clock_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clocks")),
    )
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clocks_addressee_id"), ["addressee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clocks_demand_id"), ["demand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clocks_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_clocks_resolution_id"), ["resolution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clocks_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "watches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("resolution_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN demand_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN actor_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN country IS NULL THEN 0 ELSE 1 END) + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN resolution_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_watches_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_watches_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_watches_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_watches_resolution_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_watches_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_watches_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watches")),
        sa.UniqueConstraint("user_id", "actor_id", name=op.f("uq_watches_user_id_actor_id")),
        sa.UniqueConstraint("user_id", "country", name=op.f("uq_watches_user_id_country")),
        sa.UniqueConstraint("user_id", "demand_id", name=op.f("uq_watches_user_id_demand_id")),
        sa.UniqueConstraint(
            "user_id", "resolution_id", name=op.f("uq_watches_user_id_resolution_id")
        ),
        sa.UniqueConstraint("user_id", "thread_id", name=op.f("uq_watches_user_id_thread_id")),
    )
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watches_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_watches_demand_id"), ["demand_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_watches_resolution_id"), ["resolution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_watches_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_replies_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["clock_id"], ["clocks.id"], name=op.f("fk_replies_clock_id_clocks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replies")),
    )
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_replies_clock_received", ["clock_id", "received_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_replies_recorded_at"), ["recorded_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replies_recorded_at"))
        batch_op.drop_index("ix_replies_clock_received")

    op.drop_table("replies")
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watches_thread_id"))
        batch_op.drop_index(batch_op.f("ix_watches_resolution_id"))
        batch_op.drop_index(batch_op.f("ix_watches_demand_id"))
        batch_op.drop_index(batch_op.f("ix_watches_actor_id"))

    op.drop_table("watches")
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clocks_rule_id"))
        batch_op.drop_index(batch_op.f("ix_clocks_resolution_id"))
        batch_op.drop_index(batch_op.f("ix_clocks_due_on"))
        batch_op.drop_index(batch_op.f("ix_clocks_demand_id"))
        batch_op.drop_index(batch_op.f("ix_clocks_addressee_id"))

    op.drop_table("clocks")
    op.drop_table("digest_items")
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.drop_index("ix_digests_user_window")

    op.drop_table("digests")
    op.drop_table("digest_settings")
    op.drop_table("clock_rules")
