"""`tracker parse --evaluate DIR` prints per-field accuracy over texts with golden files."""

from __future__ import annotations

import json
import re
import shutil

from tracker.config import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "fixtures" / "resolutions"
SAMPLE = "ep-2023-2589-cambodia-kem-sokha-motion.txt"


def test_evaluate_scores_every_field_over_the_corpus(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("parse", "--evaluate", str(CORPUS), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["texts"] >= 40
    assert {f["name"] for f in data["fields"]} >= {"title", "reference", "demand titles"}
    assert all(f["percent"] >= 98.0 for f in data["fields"]), data["fields"]


def test_a_wrong_golden_file_lowers_its_field(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(CORPUS / SAMPLE, tmp_path / SAMPLE)
    golden = json.loads((CORPUS / f"{SAMPLE}.expected.json").read_text(encoding="utf-8"))
    golden["title"] = "Not the title"
    (tmp_path / f"{SAMPLE}.expected.json").write_text(json.dumps(golden), encoding="utf-8")
    result = cli("parse", "--evaluate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert re.search(r"^  title +0/1 +0\.0%$", result.output, re.MULTILINE)
    assert f"missed: {SAMPLE}" in result.output


def test_parse_needs_a_file_or_a_directory(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("parse")
    assert result.exit_code != 0
    assert "give a FILE to parse, or --evaluate DIR" in result.output
    assert "Traceback" not in result.output
