"""The command line: the contract of DESIGN.md, one-line refusals, nothing stored on error."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import UserFactory
from tracker.config import PROJECT_ROOT
from tracker.models import Role, StatusUpdate

SAMPLE = str(PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt")


def test_parse_gives_the_structure_of_the_sample(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("parse", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["citations"]) == 2
    assert [r["label"] for r in data["recitals"]] == ["A", "B", "C", "D"]
    assert [p["label"] for p in data["paragraphs"]] == [str(n) for n in range(1, 10)]
    kinds = {p["label"]: p["kind"] for p in data["paragraphs"]}
    assert kinds["9"] == "procedural"
    assert kinds["5"] == "position"
    assert {label for label, kind in kinds.items() if kind == "demand"} == {
        "1",
        "2",
        "3",
        "4",
        "6",
        "7",
        "8",
    }
    assert data["procedure"] == "2023/2589(RSP)"
    assert data["complete"] is True


@pytest.fixture
def imported(cli) -> int:  # type: ignore[no-untyped-def]
    result = cli("import", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["id"])


def test_import_twice_is_refused_with_one_line(cli, imported) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", SAMPLE)
    assert result.exit_code != 0
    assert f"resolution {imported}" in result.output
    assert "Traceback" not in result.output


def test_demands_list_json_has_the_contract_keys(cli, imported) -> None:  # type: ignore[no-untyped-def]
    result = cli("demands", "list", "--country", "KH", "--format", "json")
    data = json.loads(result.output)
    assert len(data) >= 7
    assert {"id", "title", "status"} <= set(data[0])
    assert all(d["status"] == "no_information" for d in data)


def test_status_record_without_source_fails_and_stores_nothing(cli, imported, db: Session) -> None:  # type: ignore[no-untyped-def]
    analyst = UserFactory(role=Role.ANALYST)
    db.commit()
    demand_id = json.loads(cli("demands", "list", "--format", "json").output)[0]["id"]
    result = cli(
        "status",
        "record",
        str(demand_id),
        "--status",
        "not_implemented",
        "--assessed-on",
        "2023-05-01",
        "--as",
        analyst.email,
    )
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1
    assert "source is required" in result.output
    assert db.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_status_record_and_show_history(cli, imported, db: Session) -> None:  # type: ignore[no-untyped-def]
    analyst = UserFactory(role=Role.ANALYST)
    db.commit()
    demand_id = json.loads(cli("demands", "list", "--format", "json").output)[0]["id"]
    result = cli(
        "status",
        "record",
        str(demand_id),
        "--status",
        "not_implemented",
        "--assessed-on",
        "2023-05-01",
        "--source",
        "https://news.example.org/x",
        "--note",
        "Still held",
        "--as",
        analyst.email,
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("demands", "show", str(demand_id), "--format", "json").output)
    assert shown["status"] == "not_implemented"
    assert shown["history"][0]["sources"][0]["url"] == "https://news.example.org/x"


def test_a_viewer_cannot_record_from_the_cli(cli, imported, db: Session) -> None:  # type: ignore[no-untyped-def]
    viewer = UserFactory(role=Role.VIEWER)
    db.commit()
    demand_id = json.loads(cli("demands", "list", "--format", "json").output)[0]["id"]
    result = cli(
        "status",
        "record",
        str(demand_id),
        "--status",
        "implemented",
        "--assessed-on",
        "2023-05-01",
        "--source",
        "https://x.example.org/",
        "--as",
        viewer.email,
    )
    assert result.exit_code != 0
    assert "only analysts and admins" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--assessed-on", "yesterday"], "YYYY-MM-DD"),
        (["--assessed-on", "2999-01-01"], "future"),
        (["--assessed-on", "2023-01-01", "--as", "nobody@example.org"], "no active user"),
    ],
)
def test_status_record_bad_input_is_one_line(cli, imported, db, args, message) -> None:  # type: ignore[no-untyped-def]
    analyst = UserFactory(role=Role.ANALYST)
    db.commit()
    demand_id = json.loads(cli("demands", "list", "--format", "json").output)[0]["id"]
    base = [
        "status",
        "record",
        str(demand_id),
        "--status",
        "implemented",
        "--source",
        "https://news.example.org/y",
    ]
    if "--as" not in args:
        args = [*args, "--as", analyst.email]
    result = cli(*base, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_export_markdown_lists_every_demand_with_status_date_and_source(
    cli, imported, db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    analyst = UserFactory(role=Role.ANALYST)
    db.commit()
    demands = json.loads(
        cli("demands", "list", "--resolution", str(imported), "--format", "json").output
    )
    cli(
        "status",
        "record",
        str(demands[0]["id"]),
        "--status",
        "regressed",
        "--assessed-on",
        "2023-06-02",
        "--source",
        "https://news.example.org/regress",
        "--as",
        analyst.email,
    )
    out = tmp_path / "report.md"
    result = cli(
        "export", "report", "--resolution", str(imported), "--format", "md", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    for demand in demands:
        assert demand["title"].replace("|", "\\|") in text
    assert (
        "| Regressed | 2023-06-02 | https://news.example.org/regress |" in text
        or "Regressed" in text
        and "2023-06-02" in text
        and "news.example.org/regress" in text
    )


def test_users_create_with_password_from_stdin(cli, db) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "users",
        "create",
        "Ana@Example.org",
        "--role",
        "analyst",
        "--password-stdin",
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    result = cli(
        "users",
        "create",
        "ana@example.org",
        "--role",
        "analyst",
        "--password-stdin",
        input="a long enough password\n",
    )
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_the_installed_command_runs_without_a_traceback_on_a_missing_file(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "parse", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def _image_only_pdf() -> bytes:
    """A valid one-page PDF with no text layer (what a scanner produces, minus the image)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"   \n\n\t ", "empty"),
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "scan.pdf": (None, "text layer"),
    "news.txt": (
        b"Phnom Penh, 3 March 2023. A court sentenced the opposition leader to 27 years of "
        b"house arrest on Friday, his lawyers said, in a case widely seen as political. " * 30,
        "no operative paragraphs",
    ),
    "huge.txt": (b"1. Calls for the release of all political prisoners;\n" * 400_000, "5 MB"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_gets_one_line_from_parse_and_import_and_stores_nothing(
    cli, db, tmp_path, name: str
) -> None:  # type: ignore[no-untyped-def]
    from tracker.models import Paragraph, Resolution

    content, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(_image_only_pdf() if content is None else content)
    for command in (("parse", str(path)), ("import", str(path))):
        result = cli(*command)
        assert result.exit_code != 0, (command, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert message.lower() in lines[0].lower(), lines[0]
        assert "Traceback" not in result.output
    for model in (Resolution, Paragraph):
        assert db.scalar(select(func.count()).select_from(model)) == 0
