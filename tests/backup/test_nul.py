"""Text PostgreSQL cannot store (a NUL character, which SQLite keeps) in a backup: `--check`
lists it, a restore into PostgreSQL refuses it with the list and writes nothing, or replaces each
NUL with U+FFFD when told to (`--replace-nul`) and lists every row it changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from tests.backup.helpers import cli_context, migrated_engine
from tests.support import fresh_engine
from tracker.cli import main
from tracker.db import make_sessionmaker
from tracker.models import AuditEvent, Demand, Event, Status, StatusUpdate
from tracker.ops.backup import backup_to_file
from tracker.services.demo import load_demo

NOTE = "Held in Prey Sar\x00 since March"
TITLE = "Verdict\x00 of the Supreme Court"


@pytest.fixture(scope="module")
def nul_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A SQLite database holding NULs in two text columns (the forms let them in before issue
    16) and in a JSON value (PostgreSQL's json type holds that), backed up; and the rows, as
    the refusal lists them."""
    tmp = tmp_path_factory.mktemp("nul")
    engine = migrated_engine("sqlite", "nul_src", tmp)
    with make_sessionmaker(engine)() as session:
        load_demo(session)
        demand_id = session.scalars(sa.select(Demand.id).order_by(Demand.id)).first()
        update = StatusUpdate(
            demand_id=demand_id,
            status=Status.NO_INFORMATION,
            assessed_on=dt.date(2024, 1, 2),
            note=NOTE,
        )
        session.add(update)
        event = session.scalars(sa.select(Event).order_by(Event.id)).first()
        assert event is not None
        event.title = TITLE
        session.add(AuditEvent(action="test.nul", entity_type="events", after={"title": TITLE}))
        session.commit()
        rows = [f"events id={event.id} title", f"status_updates id={update.id} note"]
    path = tmp / "nul.zip"
    backup_to_file(engine, path)
    engine.dispose()
    return path, rows


def _restore(engine: Engine, path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["restore", str(path), *args], obj=cli_context(engine))


def _stored(engine: Engine) -> tuple[str, str, str]:
    with engine.connect() as conn:
        note = conn.scalar(sa.text("SELECT note FROM status_updates ORDER BY id DESC LIMIT 1"))
        title = conn.scalar(sa.text("SELECT title FROM events ORDER BY id LIMIT 1"))
        after = conn.scalar(
            sa.select(AuditEvent.after).where(AuditEvent.action == "test.nul")  # type: ignore[arg-type]
        )
    return note, title, after["title"]


def test_restore_keeps_or_refuses_nul_text_and_never_changes_it_silently(
    nul_archive: tuple[Path, list[str]], backend: str, tmp_path: Path
) -> None:
    path, rows = nul_archive
    target = fresh_engine(backend, "nul_target", tmp_path)
    try:
        result = _restore(target, path)
        if backend == "sqlite":
            # SQLite holds the text as it is: restored unchanged.
            assert result.exit_code == 0, result.output
            assert _stored(target) == (NOTE, TITLE, TITLE)
            return
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        lines = result.output.strip().splitlines()
        assert lines[:-1] == [f"{row}: holds a NUL character" for row in rows]
        assert lines[-1].startswith(
            "Error: nul.zip holds 2 text values PostgreSQL cannot store (NUL characters, "
            "listed above): nothing was restored; add --replace-nul"
        ), lines[-1]
        assert sa.inspect(target).get_table_names() == []
    finally:
        target.dispose()


def test_replace_nul_replaces_each_and_lists_every_row_changed(
    nul_archive: tuple[Path, list[str]], backend: str, tmp_path: Path
) -> None:
    path, rows = nul_archive
    target = fresh_engine(backend, "nul_replaced", tmp_path)
    try:
        result = _restore(target, path, "--replace-nul", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["result"] == "restored"
        assert [f"{r['table']} {r['key']} {r['column']}" for r in data["replaced_nul"]] == rows
        assert _stored(target) == (
            NOTE.replace("\x00", "\ufffd"),
            TITLE.replace("\x00", "\ufffd"),
            TITLE,  # JSON values keep theirs: both databases hold them
        )
    finally:
        target.dispose()
    target = fresh_engine(backend, "nul_replaced_text", tmp_path)
    try:
        text = _restore(target, path, "--replace-nul")
        assert text.exit_code == 0, text.output
        assert [f"replaced a NUL character in {row}" for row in rows] == [
            line for line in text.output.splitlines() if line.startswith("replaced")
        ]
    finally:
        target.dispose()


def test_check_lists_the_rows_the_target_cannot_hold(
    nul_archive: tuple[Path, list[str]], backend: str, tmp_path: Path
) -> None:
    path, rows = nul_archive
    target = fresh_engine(backend, "nul_check", tmp_path)
    try:
        result = _restore(target, path, "--check")
        listed = [f"{row}: holds a NUL character" for row in rows]
        if backend == "sqlite":
            assert result.exit_code == 0, result.output
            assert "is a sound backup" in result.output
            assert [f"warning: {line}, which PostgreSQL cannot store" for line in listed] == [
                line for line in result.output.splitlines() if line.startswith("warning:")
            ]
        else:
            assert result.exit_code == 1, result.output
            lines = result.output.strip().splitlines()
            assert lines[:-1] == listed
            assert lines[-1].startswith("Error: nul.zip holds 2 text values PostgreSQL cannot")
        checked = _restore(target, path, "--check", "--format", "json")
        data = json.loads(checked.stdout)
        assert [f"{r['table']} {r['key']} {r['column']}" for r in data["nul_text"]] == rows
        assert sa.inspect(target).get_table_names() == []
        replaced = _restore(target, path, "--check", "--replace-nul")
        assert replaced.exit_code == 0, replaced.output
        assert [f"would replace a NUL character in {row}" for row in rows] == [
            line for line in replaced.output.splitlines() if line.startswith("would replace")
        ]
    finally:
        target.dispose()
