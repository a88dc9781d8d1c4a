"""The renderers in tracker.reports are pure: only the builders read the database."""

from __future__ import annotations

import ast
from pathlib import Path

import tracker.reports

REPORTS = Path(tracker.reports.__file__).resolve().parent
# The builders: the package tracker.reports.builders, and the modules that name its entry points.
BUILDERS = {"build", "briefing_build"}
FORBIDDEN = (
    "tracker.reports.build",  # and tracker.reports.builders
    "tracker.reports.briefing_build",
    "tracker.models",
    "tracker.db",
    "tracker.web",
    "tracker.services",
    "flask",
    "sqlalchemy",
)


def forbidden_imports(source: str) -> list[str]:
    """The modules a renderer's source imports that a renderer may not (at any depth: an import
    inside a function counts too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found += [
            n
            for n in names
            if n.startswith(FORBIDDEN)
            or n.startswith(("tracker.reports.build", "tracker.reports.briefing_build"))
        ]
    return found


def _renderers() -> list[Path]:
    return [
        path
        for path in sorted(REPORTS.glob("*.py"))
        if path.stem not in BUILDERS and path.stem != "__init__"
    ]


def test_renderers_import_no_models_database_web_or_builder() -> None:
    renderers = _renderers()
    assert {p.stem for p in renderers} >= {"briefing_render", "docx", "pdf", "markdown", "render"}
    offending = {
        p.name: bad for p in renderers if (bad := forbidden_imports(p.read_text(encoding="utf-8")))
    }
    assert offending == {}


def test_the_check_catches_a_forbidden_import() -> None:
    assert forbidden_imports("def f():\n    from tracker.models import Demand\n") == [
        "tracker.models"
    ]
    assert forbidden_imports("import sqlalchemy.orm\nimport json\n") == ["sqlalchemy.orm"]
    assert forbidden_imports("from tracker.reports.builders.report import source_ref\n") == [
        "tracker.reports.builders.report"
    ]
    assert forbidden_imports("from tracker.reports.snapshot import SourceRef\n") == []
