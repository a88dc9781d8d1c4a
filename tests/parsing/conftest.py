"""Shared paths and helpers for the parser tests."""

from __future__ import annotations

import pytest

from .corpus import SAMPLE


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
