"""Initial schema: the whole domain of DESIGN.md, with append-only history tables

Revision ID: 00161ac5eaa9
Revises:
Create Date: 2026-11-28 12:17:13.689677+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "00161ac5eaa9"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# History tables: rows are inserted, never updated or deleted. The ORM refuses too; these triggers
# make plain SQL refuse as well, on both databases.
APPEND_ONLY = ("status_updates", "status_update_sources", "audit_events")


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def CURRENT_UPDATE_FK() -> sa.ForeignKeyConstraint:  # noqa: N802 - reads as a constant
    return sa.ForeignKeyConstraint(
        ["current_update_id"],
        ["status_updates.id"],
        name="fk_demands_current_update_id_status_updates",
    )


def _create_append_only_triggers(table: str, mutable: tuple[str, ...] = ()) -> None:
    message = f"{table} is append-only"
    if _is_sqlite():
        if mutable:
            # Only the listed columns may change (merging actors moves history rows).
            frozen = [
                c["name"]
                for c in sa.inspect(op.get_bind()).get_columns(table)
                if c["name"] not in mutable
            ]
            op.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {', '.join(frozen)} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        return
    op.execute(
        f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $$"""
    )
    if mutable:
        frozen = [
            c["name"]
            for c in sa.inspect(op.get_bind()).get_columns(table)
            if c["name"] not in mutable
        ]
        condition = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in frozen)
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN ({condition}) EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
    op.execute(
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
    # TRUNCATE bypasses row triggers on PostgreSQL.
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def _drop_append_only_triggers(table: str) -> None:
    if _is_sqlite():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        return
    op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only() CASCADE")


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "organisation",
                "party",
                "government",
                "institution",
                "media",
                name="actorkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("normalised_name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["actors.id"], name=op.f("fk_actors_merged_into_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actors_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_actors_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actors_normalised_name"), ["normalised_name"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "arrest",
                "detention",
                "charge",
                "trial",
                "verdict",
                "release",
                "election",
                "closure",
                "dissolution",
                "sanction",
                "reply",
                "debate",
                "resolution",
                "other",
                name="eventkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column(
            "date_precision",
            sa.Enum(
                "day",
                "month",
                "year",
                name="dateprecision",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_occurred_on"), ["occurred_on"], unique=False)

    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("name", name=op.f("uq_themes_name")),
    )
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "viewer",
                "analyst",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("normalised", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
        sa.UniqueConstraint(
            "actor_id", "normalised", name=op.f("uq_actor_aliases_actor_id_normalised")
        ),
    )
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_actor_aliases_normalised"), ["normalised"], unique=False
        )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_entity", ["entity_type", "entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_events_user_id"), ["user_id"], unique=False)

    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_event_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_actors_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id", name=op.f("pk_event_actors")),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actors_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "motion",
                "joint motion",
                "adopted text",
                "UN resolution",
                "recommendations list",
                name="resolutionkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("procedure", sa.String(length=64), nullable=True),
        sa.Column("document_reference", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("is_complete", sa.Boolean(), nullable=False),
        sa.Column("parse_warnings", sa.JSON(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_resolutions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
        sa.UniqueConstraint("source_sha256", name=op.f("uq_resolutions_source_sha256")),
    )
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resolutions_adopted_on"), ["adopted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_resolutions_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_resolutions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_resolutions_document_reference"), ["document_reference"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_resolutions_procedure"), ["procedure"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("reference", sa.String(length=1000), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("is_confidential", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "url IS NOT NULL OR reference IS NOT NULL OR title <> ''",
            name=op.f("ck_sources_identifiable"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_sources_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_url"), ["url"], unique=False)

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_citations_resolution_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
        sa.UniqueConstraint(
            "resolution_id", "position", name=op.f("uq_citations_resolution_id_position")
        ),
    )
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_sources_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_event_sources_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("event_id", "source_id", name=op.f("pk_event_sources")),
    )
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sources_source_id"), ["source_id"], unique=False)

    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("subparagraphs", sa.JSON(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "demand",
                "position",
                "procedural",
                name="paragraphkind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("verb", sa.String(length=100), nullable=True),
        sa.Column("is_truncated", sa.Boolean(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_paragraphs_resolution_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraphs")),
        sa.UniqueConstraint(
            "resolution_id", "position", name=op.f("uq_paragraphs_resolution_id_position")
        ),
    )
    op.create_table(
        "recitals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_recitals_resolution_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recitals")),
        sa.UniqueConstraint(
            "resolution_id", "position", name=op.f("uq_recitals_resolution_id_position")
        ),
    )
    op.create_table(
        "resolution_links",
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_id"],
            ["resolutions.id"],
            name=op.f("fk_resolution_links_from_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_id"],
            ["resolutions.id"],
            name=op.f("fk_resolution_links_to_id_resolutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("from_id", "to_id", name=op.f("pk_resolution_links")),
    )
    with op.batch_alter_table("resolution_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resolution_links_to_id"), ["to_id"], unique=False)

    op.create_table(
        "situation_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column(
            "situation",
            sa.Enum(
                "detained",
                "house_arrest",
                "convicted",
                "released",
                "in_exile",
                "deceased",
                "unknown",
                name="situation",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column(
            "since_precision",
            sa.Enum(
                "day",
                "month",
                "year",
                name="dateprecision",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_situation_changes_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_situation_changes_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_situation_changes_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation_changes")),
    )
    with op.batch_alter_table("situation_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_situation_changes_actor_id"), ["actor_id"], unique=False
        )

    op.create_table(
        "demands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("verb", sa.String(length=100), nullable=True),
        sa.Column("strength", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column(
            "deadline_precision",
            sa.Enum(
                "day",
                "month",
                "year",
                name="dateprecision",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=True,
        ),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("is_repetition", sa.Boolean(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("current_update_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraphs.id"],
            name=op.f("fk_demands_paragraph_id_paragraphs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["threads.id"], name=op.f("fk_demands_thread_id_threads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands")),
        sa.UniqueConstraint(
            "paragraph_id", "position", name=op.f("uq_demands_paragraph_id_position")
        ),
        # SQLite accepts a forward reference; PostgreSQL gets the constraint once status_updates exists.
        *([CURRENT_UPDATE_FK()] if _is_sqlite() else []),
    )
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demands_current_update_id"), ["current_update_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_demands_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "demand_actors",
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "addressee",
                "subject",
                name="linkrole",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_demand_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_demand_actors_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("demand_id", "actor_id", "role", name=op.f("pk_demand_actors")),
    )
    with op.batch_alter_table("demand_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demand_actors_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "demand_events",
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_demand_events_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_demand_events_event_id_events")
        ),
        sa.PrimaryKeyConstraint("demand_id", "event_id", name=op.f("pk_demand_events")),
    )
    with op.batch_alter_table("demand_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demand_events_event_id"), ["event_id"], unique=False)

    op.create_table(
        "demand_themes",
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_demand_themes_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_demand_themes_theme_id_themes")
        ),
        sa.PrimaryKeyConstraint("demand_id", "theme_id", name=op.f("pk_demand_themes")),
    )
    with op.batch_alter_table("demand_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demand_themes_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "status_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "no_information",
                "not_implemented",
                "regressed",
                "partially_implemented",
                "implemented",
                "moot",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("is_note_confidential", sa.Boolean(), nullable=False),
        sa.Column(
            "response",
            sa.Enum(
                "none",
                "acknowledged",
                "committed",
                "rejected",
                name="response",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_status_updates_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["status_updates.id"],
            name=op.f("fk_status_updates_corrects_id_status_updates"),
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"], ["demands.id"], name=op.f("fk_status_updates_demand_id_demands")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_updates")),
    )
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_updates_corrects_id"), ["corrects_id"], unique=False
        )
        batch_op.create_index(
            "ix_status_updates_demand_assessed", ["demand_id", "assessed_on", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_status_updates_recorded_at"), ["recorded_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_status_updates_status"), ["status"], unique=False)

    op.create_table(
        "status_update_sources",
        sa.Column("status_update_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_status_update_sources_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["status_update_id"],
            ["status_updates.id"],
            name=op.f("fk_status_update_sources_status_update_id_status_updates"),
        ),
        sa.PrimaryKeyConstraint(
            "status_update_id", "source_id", name=op.f("pk_status_update_sources")
        ),
    )
    with op.batch_alter_table("status_update_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_update_sources_source_id"), ["source_id"], unique=False
        )

    if not _is_sqlite():
        op.create_foreign_key(
            "fk_demands_current_update_id_status_updates",
            "demands",
            "status_updates",
            ["current_update_id"],
            ["id"],
        )
    for table in APPEND_ONLY:
        _create_append_only_triggers(table)
    _create_append_only_triggers("situation_changes", mutable=("actor_id",))


def downgrade() -> None:
    for table in (*APPEND_ONLY, "situation_changes"):
        _drop_append_only_triggers(table)
    if not _is_sqlite():
        op.drop_constraint(
            "fk_demands_current_update_id_status_updates", "demands", type_="foreignkey"
        )
    with op.batch_alter_table("status_update_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_update_sources_source_id"))

    op.drop_table("status_update_sources")
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_updates_status"))
        batch_op.drop_index(batch_op.f("ix_status_updates_recorded_at"))
        batch_op.drop_index("ix_status_updates_demand_assessed")
        batch_op.drop_index(batch_op.f("ix_status_updates_corrects_id"))

    op.drop_table("status_updates")
    with op.batch_alter_table("demand_themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demand_themes_theme_id"))

    op.drop_table("demand_themes")
    with op.batch_alter_table("demand_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demand_events_event_id"))

    op.drop_table("demand_events")
    with op.batch_alter_table("demand_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demand_actors_actor_id"))

    op.drop_table("demand_actors")
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_thread_id"))
        batch_op.drop_index(batch_op.f("ix_demands_deadline"))
        batch_op.drop_index(batch_op.f("ix_demands_current_update_id"))

    op.drop_table("demands")
    with op.batch_alter_table("situation_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_situation_changes_actor_id"))

    op.drop_table("situation_changes")
    with op.batch_alter_table("resolution_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolution_links_to_id"))

    op.drop_table("resolution_links")
    op.drop_table("recitals")
    op.drop_table("paragraphs")
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sources_source_id"))

    op.drop_table("event_sources")
    op.drop_table("citations")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_url"))

    op.drop_table("sources")
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolutions_procedure"))
        batch_op.drop_index(batch_op.f("ix_resolutions_document_reference"))
        batch_op.drop_index(batch_op.f("ix_resolutions_created_at"))
        batch_op.drop_index(batch_op.f("ix_resolutions_country"))
        batch_op.drop_index(batch_op.f("ix_resolutions_adopted_on"))

    op.drop_table("resolutions")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actors_actor_id"))

    op.drop_table("event_actors")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index("ix_audit_events_entity")

    op.drop_table("audit_events")
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_aliases_normalised"))

    op.drop_table("actor_aliases")
    op.drop_table("users")
    op.drop_table("threads")
    op.drop_table("themes")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_events_country"))

    op.drop_table("events")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actors_normalised_name"))
        batch_op.drop_index(batch_op.f("ix_actors_name"))
        batch_op.drop_index(batch_op.f("ix_actors_country"))

    op.drop_table("actors")
