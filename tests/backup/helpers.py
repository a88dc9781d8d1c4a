"""Helpers of the backup tests: populated databases, and a database's state as a backup sees it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sqlalchemy import Engine

from tests.backup.synthetic import add_synthetic
from tests.support import fresh_engine
from tracker.cli import Context
from tracker.db import make_sessionmaker
from tracker.migrate import upgrade
from tracker.ops.backup import backup_database
from tracker.services.demo import load_demo


def cli_context(engine: Engine) -> Context:
    """The CLI's context on `engine`, which the test disposes (the CLI would leave it open)."""
    return Context(sessionmaker_=make_sessionmaker(engine))


def migrated_engine(backend: str, name: str, tmp_dir: Path) -> Engine:
    engine = fresh_engine(backend, name, tmp_dir)
    upgrade(engine)
    return engine


def populate(engine: Engine, *, demands: int = 300) -> None:
    """The demo, then the synthetic data set, committed."""
    with make_sessionmaker(engine)() as session:
        load_demo(session)
        add_synthetic(session, demands=demands)
        session.commit()


def backup_bytes(engine: Engine) -> bytes:
    out = io.BytesIO()
    backup_database(engine, out)
    return out.getvalue()


def data_members(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "manifest.json"}


def state(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and SHA-256 of every table, as a fresh backup of the database gives them."""
    import json

    with zipfile.ZipFile(io.BytesIO(backup_bytes(engine))) as z:
        manifest = json.loads(z.read("manifest.json"))
    return {t["name"]: (t["rows"], t["sha256"]) for t in manifest["tables"]}
