"""The accuracy report: per field, the share of texts whose output equals the golden file."""

from __future__ import annotations

from pathlib import Path

from tracker.parsing.evaluate import corpus_files, format_report, score

GOLDEN = {"title": "A", "date": "2023-03-14", "paragraphs": [{"label": "1", "verb": "calls for",
          "kind": "demand", "addressees": ["Council"], "subjects": [], "deadline": None,
          "demands": [{"title": "Release X", "addressees": ["Council"], "recommended_by": [],
                       "response": None, "themes": []}]}]}  # fmt: skip


def test_each_field_counts_the_texts_it_gets_right() -> None:
    wrong_title = GOLDEN | {"title": "B"}
    evaluation = score([("a.txt", GOLDEN, GOLDEN), ("b.txt", wrong_title, GOLDEN)])
    by_name = {f.name: f for f in evaluation.fields}
    assert (by_name["title"].right, by_name["title"].total) == (1, 2)
    assert by_name["title"].misses == ("b.txt",)
    assert by_name["title"].percent == 50.0
    assert by_name["date"].percent == 100.0
    assert evaluation.lowest == 50.0
    assert "title" in format_report(evaluation) and "50.0%" in format_report(evaluation)


def test_a_refused_text_counts_apart() -> None:
    refused = {"error": "no operative paragraphs found: is this a resolution?"}
    evaluation = score([("news.txt", refused, refused), ("a.txt", refused, GOLDEN)])
    assert (evaluation.refusals_right, evaluation.refusals, evaluation.texts) == (1, 1, 1)
    assert all(f.misses == ("a.txt",) for f in evaluation.fields)


def test_only_texts_with_a_golden_file_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.txt.expected.json").write_text("{}")
    (tmp_path / "a.txt.source").write_text("source: x\n")
    (tmp_path / "b.txt").write_text("x")
    assert [p.name for p in corpus_files(tmp_path)] == ["a.txt"]
