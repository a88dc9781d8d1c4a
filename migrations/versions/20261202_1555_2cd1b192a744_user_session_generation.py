"""User session generation: a number every signed-in session carries, raised when the user
signs out, changes their password, or is deactivated or reactivated, so that every session
issued before then (a copied cookie included) stops working at once.

Revision ID: 2cd1b192a744
Revises: 0840677b42e5
Create Date: 2026-12-02 15:55:00.000000+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2cd1b192a744"
down_revision: str | None = "0840677b42e5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE on both databases (a constant default fills existing rows): batch mode
    # would rebuild `users`, which most tables reference, on SQLite. Sessions signed before this
    # revision carried no generation and are refused: everyone signs in once more.
    op.add_column(
        "users",
        sa.Column("session_generation", sa.Integer(), nullable=False, server_default="1"),
    )


def downgrade() -> None:
    op.drop_column("users", "session_generation")
