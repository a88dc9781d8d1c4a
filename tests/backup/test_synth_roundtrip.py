"""The issue's own case: the demo plus `synth --demands 10000`, backed up, restored into a fresh
SQLite and a fresh PostgreSQL database, backed up again: the data members are the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backup.helpers import backup_bytes, data_members, migrated_engine
from tests.support import BACKENDS, fresh_engine
from tracker.db import make_sessionmaker
from tracker.ops.backup import check_backup, restore_backup
from tracker.ops.synth import synth
from tracker.services.demo import load_demo

pytestmark = pytest.mark.slow


def test_demo_plus_ten_thousand_synthetic_demands_round_trip(tmp_path: Path) -> None:
    source = migrated_engine("sqlite", "bk_synth_src", tmp_path)
    try:
        with make_sessionmaker(source)() as session:
            load_demo(session)
            synth(session, 10_000, seed=7)
            session.commit()
        original = backup_bytes(source)
    finally:
        source.dispose()
    archive = tmp_path / "synth.zip"
    archive.write_bytes(original)
    counts = check_backup(archive).counts()
    assert counts["demands"] >= 10_000
    assert counts["status_updates"] >= 80_000
    for target in BACKENDS:
        restored = fresh_engine(target, f"bk_synth_{target}", tmp_path)
        try:
            restore_backup(restored, archive)
            assert data_members(backup_bytes(restored)) == data_members(original), target
        finally:
            restored.dispose()
