"""Alembic environment: runs against a connection handed in by tracker.migrate, or the URL."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from tracker.config import Settings
from tracker.db import make_engine
from tracker.models import metadata

config = context.config
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    # The search index (FTS5 and its shadow tables, or the tsvector table) is raw SQL, no model.
    return not (type_ == "table" and (name or "").startswith("search_index"))


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=_include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run `tracker db upgrade`")
run_migrations_online()
