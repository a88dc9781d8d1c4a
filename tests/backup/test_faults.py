"""An import or a restore killed (SIGKILL) midway leaves the database exactly as it was."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from tests.backup.helpers import cli_context, migrated_engine, state
from tracker.cli import main
from tracker.config import PROJECT_ROOT
from tracker.db import make_sessionmaker
from tracker.ops.backup import restore_backup
from tracker.services.demo import load_demo

SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"
FILES = 12


def _demo_database(backend: str, name: str, tmp_path: Path) -> Engine:
    engine = migrated_engine(backend, name, tmp_path)
    with make_sessionmaker(engine)() as session:
        load_demo(session)
        session.commit()
    return engine


def _resolution_directory(tmp_path: Path) -> Path:
    """Copies of the sample, each citing another rule number: the duplicate check folds case,
    accents and whitespace away, so whitespace variants would all be the same resolution."""
    directory = tmp_path / "inbox"
    directory.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    assert "Rule 144" in text
    for n in range(FILES):
        variant = text.replace("Rule 144", f"Rule {200 + n}")
        (directory / f"motion-{n:02d}.txt").write_text(variant, encoding="utf-8")
    return directory


def _kill_midway(args: list[str]) -> str:
    """Run a child that pauses midway, wait (bounded) for it to say so, and SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.backup.children", *args],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=120)
        line = child.stdout.readline().decode() if ready else ""
        if not line.startswith("midway"):
            child.kill()
            _out, err = child.communicate(timeout=60)
            raise AssertionError(f"never got midway: {line!r} {err.decode()[-2000:]}")
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
        return line
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=60)


def test_a_directory_import_killed_midway_leaves_the_database_as_it_was(
    backend: str, tmp_path: Path
) -> None:
    engine = _demo_database(backend, "bk_kill_import", tmp_path)
    try:
        directory = _resolution_directory(tmp_path)
        before = state(engine)
        url = engine.url.render_as_string(hide_password=False)
        line = _kill_midway(["import", url, str(directory), str(FILES // 2)])
        assert line.startswith(f"midway: {FILES // 2} files imported")
        assert state(engine) == before
        # The database is healthy afterwards: the same import now stores every file.
        result = CliRunner().invoke(main, ["import", str(directory)], obj=cli_context(engine))
        assert result.exit_code == 0, result.output
        assert result.output.strip().endswith(f"{FILES} imported")
        assert state(engine)["resolutions"][0] == before["resolutions"][0] + FILES
    finally:
        engine.dispose()


def test_a_restore_killed_midway_leaves_the_database_as_it_was(
    backend: str, source: tuple[Engine, Path], tmp_path: Path
) -> None:
    source_engine, archive = source
    engine = _demo_database(backend, "bk_kill_restore", tmp_path)
    try:
        before = state(engine)
        url = engine.url.render_as_string(hide_password=False)
        line = _kill_midway(["restore", url, str(archive), "status_updates"])
        assert "rows of status_updates restored" in line
        assert state(engine) == before
        restore_backup(engine, archive, force=True)
        assert state(engine) == state(source_engine)
    finally:
        engine.dispose()
