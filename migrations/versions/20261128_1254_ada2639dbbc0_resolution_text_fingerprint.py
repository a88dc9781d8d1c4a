"""Resolution text fingerprint: find the same text pasted again with other spacing or case.

Revision ID: ada2639dbbc0
Revises: 9af5a754f65f
Create Date: 2026-11-28 12:54:28.119477+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ada2639dbbc0"
down_revision: str | None = "9af5a754f65f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_fingerprint", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_resolutions_text_fingerprint"), ["text_fingerprint"], unique=False
        )

    # Fill the fingerprint of the resolutions already stored (same folding as the service).
    import hashlib

    from tracker.text import normalise_name

    resolutions = sa.table(
        "resolutions",
        sa.column("id", sa.Integer),
        sa.column("source_text", sa.Text),
        sa.column("text_fingerprint", sa.String),
    )
    bind = op.get_bind()
    for row_id, text in bind.execute(sa.select(resolutions.c.id, resolutions.c.source_text)).all():
        digest = hashlib.sha256(normalise_name(text).encode("utf-8")).hexdigest()
        bind.execute(
            resolutions.update().where(resolutions.c.id == row_id).values(text_fingerprint=digest)
        )


def downgrade() -> None:
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolutions_text_fingerprint"))
        batch_op.drop_column("text_fingerprint")
