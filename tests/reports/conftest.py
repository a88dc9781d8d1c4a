"""Shared renderer fixtures: the sample snapshot, each format rendered once, golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reports.sample_snapshot import sample_snapshot
from tracker.reports.render import render
from tracker.reports.snapshot import ReportSnapshot

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


def check_golden(name: str, actual: str) -> None:
    """Compare with fixtures/reports/<name>; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept)"


@pytest.fixture(scope="session")
def snapshot() -> ReportSnapshot:
    return sample_snapshot()


@pytest.fixture(scope="session")
def rendered(snapshot: ReportSnapshot) -> dict[str, bytes]:
    """Each format rendered once per session, lazily: PDF takes a couple of seconds."""

    class Lazy(dict[str, bytes]):
        def __missing__(self, fmt: str) -> bytes:
            self[fmt] = render(snapshot, fmt)
            return self[fmt]

    return Lazy()
