"""Paragraph version: a paragraph's kind and the demands drawn from it are edited after import,
by several people at once; a version number lets a stale edit be refused, not lost.

Revision ID: 7c3e5a1f9b42
Revises: 80557ad240a2
Create Date: 2026-12-03 09:00:00.000000+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3e5a1f9b42"
down_revision: str | None = "80557ad240a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE on both databases: the constant default fills the rows already stored.
    op.add_column(
        "paragraphs", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )


def downgrade() -> None:
    op.drop_column("paragraphs", "version")
