"""`tracker parse` reads a cut-off text and exits 0; `tracker import` refuses it in one line."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tracker.models import Resolution

from ..services.test_import_cut_off import PREAMBLE_ONLY

WHERE = "the text stops in the recitals, before any operative paragraph"


def test_parse_reads_a_preamble_only_text_and_exits_0(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cut.txt"
    path.write_text(PREAMBLE_ONLY, encoding="utf-8")
    result = cli("parse", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["complete"] is False
    assert data["warnings"][0] == WHERE


def test_import_refuses_a_preamble_only_text_in_one_line(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cut.txt"
    path.write_text(PREAMBLE_ONLY, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code != 0
    assert WHERE in result.output
    assert "Traceback" not in result.output
    assert db.scalar(select(func.count()).select_from(Resolution)) == 0


def test_a_dry_run_refuses_a_preamble_only_text_too(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cut.txt"
    path.write_text(PREAMBLE_ONLY, encoding="utf-8")
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code != 0
    assert WHERE in result.output
