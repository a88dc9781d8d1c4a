"""Each bad archive gets a clear one-line message, and the database is left untouched."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from tests.backup.helpers import cli_context, migrated_engine, state
from tracker.cli import main
from tracker.db import make_sessionmaker
from tracker.services.demo import load_demo


def _rewrite(good: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of the archive with members changed (or left out when `change` gives None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info, data)
    return out.getvalue()


def _manifest(edit: Callable[[dict], None]) -> Callable[[bytes], bytes]:
    def build(good: bytes) -> bytes:
        def change(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            edit(manifest)
            return json.dumps(manifest).encode()

        return _rewrite(good, change)

    return build


def _corrupt_member(good: bytes) -> bytes:
    """Flip bytes inside the compressed data of one member, as a bad disk would."""
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        info = z.getinfo("tables/status_updates.jsonl")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data = bytearray(good)
    for offset in range(start + 10, start + 20):
        data[offset] ^= 0xFF
    return bytes(data)


def _tamper_member(good: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"Kem Sokha", b"Kem Sokhx") if name == "tables/demands.jsonl" else data

    return _rewrite(good, change)


def _lie_about(table: str) -> Callable[[dict], None]:
    def edit(manifest: dict) -> None:
        entry = next(t for t in manifest["tables"] if t["name"] == table)
        entry["rows"] += 1

    return edit


BAD_ARCHIVES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "corrupted member": (_corrupt_member, "is damaged: the member tables/status_updates.jsonl"),
    "member changed": (_tamper_member, "tables/demands.jsonl does not match its checksum"),
    "truncated": (lambda good: good[: len(good) // 2], "is truncated or damaged"),
    "newer schema": (
        _manifest(lambda m: m.update(schema_revision="fedcba987654")),
        "is from a newer database schema (revision fedcba987654",
    ),
    "newer format": (_manifest(lambda m: m.update(format_version=99)), "newer tracker"),
    "not an archive": (lambda good: b"1. calls for the release of\n", "not a zip archive"),
    "empty file": (lambda good: b"", "is empty: not a tracker backup"),
    "manifest lies about counts": (
        _manifest(_lie_about("demands")),
        "tables/demands.jsonl holds 16 rows, the manifest says 17",  # the demo's demands
    ),
    "no manifest": (
        lambda good: _rewrite(good, lambda n, d: None if n == "manifest.json" else d),
        "it has no manifest.json",
    ),
    "manifest not JSON": (
        lambda good: _rewrite(good, lambda n, d: b"{not json" if n == "manifest.json" else d),
        "manifest.json is not valid JSON",
    ),
    "member missing": (
        lambda good: _rewrite(good, lambda n, d: None if n == "tables/users.jsonl" else d),
        "the member tables/users.jsonl is missing",
    ),
}


@pytest.fixture
def demo_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    engine = migrated_engine(backend, "bk_bad", tmp_path)
    with make_sessionmaker(engine)() as session:
        load_demo(session)
        session.commit()
    yield engine
    engine.dispose()


def test_each_bad_archive_is_refused_in_one_line_and_changes_nothing(
    demo_engine: Engine, tmp_path: Path
) -> None:
    runner = CliRunner()
    good = tmp_path / "good.zip"
    result = runner.invoke(main, ["backup", "-o", str(good)], obj=cli_context(demo_engine))
    assert result.exit_code == 0, result.output
    before = state(demo_engine)
    for case, (build, message) in BAD_ARCHIVES.items():
        bad = tmp_path / f"{case.replace(' ', '-')}.zip"
        bad.write_bytes(build(good.read_bytes()))
        for extra in (["--check"], ["--force"]):
            result = runner.invoke(
                main, ["restore", str(bad), *extra], obj=cli_context(demo_engine)
            )
            assert result.exit_code == 1, (case, result.output)
            lines = result.output.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), (case, result.output)
            assert message in lines[0], (case, lines[0])
        assert state(demo_engine) == before, case


def test_a_missing_file_is_one_line(demo_engine: Engine, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["restore", str(tmp_path / "nowhere.zip")], obj=cli_context(demo_engine)
    )
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no such file: {tmp_path / 'nowhere.zip'}"
