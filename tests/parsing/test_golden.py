"""Golden tests: every corpus file parses to its hand-checked X.expected.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tracker.parsing import ParseError, parse_resolution, read_document
from tracker.parsing.evaluate import format_report, score

from .corpus import CORPUS

CORPUS_FILES = sorted(
    p
    for p in CORPUS.iterdir()
    if p.is_file() and not p.name.endswith((".expected.json", ".source"))
)
# Texts taken from public pages and repositories; each names where it came from in X.source.
REAL_FILES = [p for p in CORPUS_FILES if p.name.startswith("real-")]


def _parse(path: Path) -> dict[str, Any]:
    try:
        return parse_resolution(read_document(path.read_bytes(), path.name)).to_dict()
    except ParseError as exc:
        return {"error": str(exc)}


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (CORPUS / f"{path.name}.expected.json").read_text(encoding="utf-8")
    )
    return data


def test_corpus_has_at_least_twenty_texts_in_every_format() -> None:
    assert len(CORPUS_FILES) >= 20
    assert {p.suffix for p in CORPUS_FILES} >= {".txt", ".html", ".docx", ".pdf"}
    for path in CORPUS_FILES:
        assert (CORPUS / f"{path.name}.expected.json").exists(), path.name


def test_every_real_text_names_its_source() -> None:
    for path in REAL_FILES:
        source = CORPUS / f"{path.name}.source"
        assert source.exists(), path.name
        line = source.read_text(encoding="utf-8")
        assert line.startswith("source: ") and line.count("\n") == 1, path.name


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_matches_its_golden_output(path: Path) -> None:
    assert _parse(path) == _expected(path)


def test_field_accuracy_over_the_corpus() -> None:
    evaluation = score([(p.name, _parse(p), _expected(p)) for p in CORPUS_FILES])
    print("\n" + format_report(evaluation))
    assert [(f.name, f.misses) for f in evaluation.fields if f.misses] == []
    assert evaluation.refusals_right == evaluation.refusals
