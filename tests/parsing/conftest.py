"""Shared paths and helpers for the parser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "resolutions"
SAMPLE = CORPUS / "ep-2023-2589-cambodia-kem-sokha-motion.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
