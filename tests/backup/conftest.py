"""Fixtures of the backup tests: one populated database per backend, and its backup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.backup.helpers import migrated_engine, populate
from tracker.ops.backup import backup_to_file


@pytest.fixture(scope="session")
def source(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    """Demo plus synthetic data in a database of `backend` (never changed), and its backup."""
    tmp = tmp_path_factory.mktemp(f"backup-source-{backend}")
    engine = migrated_engine(backend, "bk_src", tmp)
    populate(engine)
    path = tmp / "source.zip"
    backup_to_file(engine, path)
    yield engine, path
    engine.dispose()
