"""Backup → restore → backup gives the same bytes, from and to SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import Engine

from tests.backup.helpers import (
    backup_bytes,
    cli_context,
    data_members,
    migrated_engine,
    state,
)
from tests.support import BACKENDS, fresh_engine
from tracker.cli import main
from tracker.db import make_sessionmaker
from tracker.migrate import alembic_config, current_revision, head_revision, upgrade
from tracker.models import Demand, Source, Status, StatusUpdate, User
from tracker.ops.backup import (
    BackupError,
    check_backup,
    restore_backup,
    table_specs,
    write_archive,
)
from tracker.services.followup import record_status_update


def test_backup_restore_backup_gives_byte_identical_data_on_both_databases(
    source: tuple[Engine, Path], tmp_path: Path
) -> None:
    """Also the README's way of moving between SQLite and PostgreSQL: `tracker backup`, then
    `tracker restore` into the other kind; new rows then get fresh ids."""
    engine, _path = source
    runner = CliRunner()
    path = tmp_path / "moved.zip"
    result = runner.invoke(main, ["backup", "-o", str(path)], obj=cli_context(engine))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {path}: ")
    original = path.read_bytes()
    counts = check_backup(path).counts()
    assert counts["status_updates"] > 300 and counts["audit_events"] > 200
    assert counts["demands"] >= 300 and counts["situation_changes"] > 0
    for target in BACKENDS:
        restored = fresh_engine(target, f"bk_rt_{target}", tmp_path)
        try:
            result = runner.invoke(
                main, ["restore", str(path), "--format", "json"], obj=cli_context(restored)
            )
            assert result.exit_code == 0, result.output
            assert json.loads(result.stdout)["result"] == "restored"
            assert data_members(backup_bytes(restored)) == data_members(original), target
            assert current_revision(restored) == head_revision()
            _record_one_more_update(restored)
        finally:
            restored.dispose()


def _record_one_more_update(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        before = session.scalar(sa.select(sa.func.max(StatusUpdate.id)))
        demand = session.scalars(sa.select(Demand).order_by(Demand.id)).first()
        user = session.scalars(sa.select(User).order_by(User.id)).first()
        assert demand is not None and user is not None and before is not None
        update = record_status_update(
            session,
            demand,
            status=Status.NO_INFORMATION,
            assessed_on=dt.date(2024, 1, 1),
            note="Asked; no answer.",
            actor=user,
        )
        session.add(Source(title="after the restore"))
        session.commit()
        assert update.id > before
        assert session.scalar(
            sa.select(Demand.current_update_id).where(Demand.id == demand.id)
        ) == (update.id)


def test_the_same_data_gives_the_same_bytes(source: tuple[Engine, Path]) -> None:
    engine, path = source
    first, second = backup_bytes(engine), backup_bytes(engine)
    assert data_members(first) == data_members(second)

    def manifest(archive: bytes) -> dict[str, object]:
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            data = json.loads(z.read("manifest.json"))
        data.pop("created_at")
        return data

    assert manifest(first) == manifest(second)


def test_a_database_that_holds_data_is_refused_unless_forced(
    source: tuple[Engine, Path], backend: str, tmp_path: Path
) -> None:
    engine, path = source
    target = migrated_engine(backend, "bk_full", tmp_path)
    try:
        with make_sessionmaker(target)() as session:
            session.add(User(email="someone@example.org", password_hash="x"))
            session.commit()
        before = state(target)
        with pytest.raises(BackupError, match="holds data .*--force"):
            restore_backup(target, path)
        assert state(target) == before
        restore_backup(target, path, force=True)
        assert state(target) == state(engine)
    finally:
        target.dispose()


def test_check_verifies_without_writing(
    source: tuple[Engine, Path], backend: str, tmp_path: Path
) -> None:
    _engine, path = source
    target = fresh_engine(backend, "bk_check", tmp_path)
    try:
        result = CliRunner().invoke(
            main, ["restore", str(path), "--check"], obj=cli_context(target)
        )
        assert result.exit_code == 0, result.output
        assert "is a sound backup" in result.output
        assert sa.inspect(target).get_table_names() == []
    finally:
        target.dispose()


def test_an_older_backup_is_restored_at_its_revision_then_migrated_forward(
    backend: str, tmp_path: Path
) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    first = next(r for r in script.walk_revisions() if r.down_revision is None).revision
    assert first != head_revision(), "needs at least two revisions"
    old = fresh_engine(backend, "bk_old", tmp_path)
    try:
        upgrade(old, first)
        with old.begin() as conn:
            conn.execute(
                sa.table("users", sa.column("id"), sa.column("email"), sa.column("name"),
                         sa.column("password_hash"), sa.column("role"), sa.column("is_active"),
                         sa.column("created_at"), sa.column("version")).insert(),
                [{"id": 7, "email": "old@example.org", "name": "Old", "password_hash": "x",
                  "role": "admin", "is_active": True,
                  "created_at": dt.datetime(2020, 1, 1, 0, 0), "version": 1}],
            )  # fmt: skip
            inspector = sa.inspect(conn)
            existing = set(inspector.get_table_names())
            specs = []
            for spec in table_specs():
                if spec.name not in existing:
                    continue
                names = {c["name"] for c in inspector.get_columns(spec.name)}
                specs.append(
                    type(spec)(
                        spec.name,
                        tuple(c for c in spec.columns if c.name in names),
                        spec.primary_key,
                    )
                )
            path = tmp_path / "old.zip"
            with path.open("wb") as out:
                write_archive(conn, out, first, specs)
    finally:
        old.dispose()
    assert check_backup(path).schema_revision == first
    restored = migrated_engine(backend, "bk_fwd", tmp_path)  # at head, empty
    try:
        restore_backup(restored, path)
        assert current_revision(restored) == head_revision()
        with make_sessionmaker(restored)() as session:
            user = session.get(User, 7)
            assert user is not None and user.email == "old@example.org"
            assert user.created_at == dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    finally:
        restored.dispose()
