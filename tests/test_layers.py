"""The layer rules of DESIGN.md, read from the imports of every module under tracker/ (with ast:
nothing is imported to check them), and a proof that the check fails when a rule is broken."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tracker.config import PROJECT_ROOT


@dataclass(frozen=True)
class Rule:
    """Modules for which `applies` is true import none of `forbidden` (nor anything below)."""

    name: str
    forbidden: frozenset[str]

    def applies(self, module: str) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Under(Rule):
    package: str = ""

    def applies(self, module: str) -> bool:
        return _within(module, self.package)


@dataclass(frozen=True)
class Renderers(Rule):
    """The pure renderers: every module of tracker/reports but the builders, which read the
    database into a snapshot (a module or package whose name says `build`)."""

    def applies(self, module: str) -> bool:
        parts = module.split(".")
        return _within(module, "tracker.reports") and not any("build" in p for p in parts[2:])


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


RULES: list[Rule] = [
    Under(
        "parsing imports no models, db, web or services (nor Flask or the database driver)",
        frozenset(
            {"tracker.models", "tracker.db", "tracker.web", "tracker.services"}
            | {"flask", "sqlalchemy"}
        ),
        "tracker.parsing",
    ),
    Under(
        "services import no web or cli",
        frozenset({"tracker.web", "tracker.cli"}),
        "tracker.services",
    ),
    Under(
        "models import no services or web",
        frozenset({"tracker.services", "tracker.web"}),
        "tracker.models",
    ),
    Renderers(
        "renderers import no models, db or web (nor Flask or the database driver)",
        frozenset({"tracker.models", "tracker.db", "tracker.web", "flask", "sqlalchemy"}),
    ),
    Under(
        "ops imports no web (and runs without Flask)",
        frozenset({"tracker.web", "flask"}),
        "tracker.ops",
    ),
]

# Names that stand for a layer without being a module of it: the root package's create_app is
# the web app factory.
ALIASES = {"tracker.create_app": "tracker.web"}


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_statements(root: Path, path: Path) -> list[tuple[int, set[str]]]:
    """Each import statement of `path` (line, and the modules and `module.name`s it imports),
    relative imports resolved, at any depth of the file (in functions and under
    `if TYPE_CHECKING:` too)."""
    module = module_name(root, path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    statements = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            names = {source} | {f"{source}.{alias.name}" for alias in node.names}
        else:
            continue
        statements.append((node.lineno, {ALIASES.get(name, name) for name in names}))
    return sorted(statements, key=lambda s: s[0])


def imports_of(root: Path, path: Path) -> set[str]:
    return {name for _line, names in import_statements(root, path) for name in names}


def violations(root: Path, package: str = "tracker") -> list[str]:
    """`module:line imports name (rule)` for each import statement that breaks a rule."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        module = module_name(root, path)
        rules = [rule for rule in RULES if rule.applies(module)]
        for line, names in import_statements(root, path):
            for rule in rules:
                bad = sorted(n for n in names if any(_within(n, f) for f in rule.forbidden))
                if bad:
                    found.append(f"{module}:{line} imports {bad[0]} ({rule.name})")
    return found


def test_every_module_keeps_the_layer_rules() -> None:
    assert violations(PROJECT_ROOT) == []


def test_the_rules_cover_real_modules() -> None:
    """A rule that matched no module would pass for ever."""
    modules = [module_name(PROJECT_ROOT, p) for p in (PROJECT_ROOT / "tracker").rglob("*.py")]
    for rule in RULES:
        assert any(rule.applies(m) for m in modules), rule.name
    renderers = {m for m in modules if RULES[3].applies(m)}
    assert {"tracker.reports.markdown", "tracker.reports.render"} <= renderers
    assert "tracker.reports.build" not in renderers


def test_command_modules_import_only_the_framework_from_the_cli() -> None:
    """The root group (tracker/cli/__init__.py) imports the command modules; none of them
    imports it back, so the package has no import cycle."""
    cli = PROJECT_ROOT / "tracker" / "cli"
    for path in cli.glob("*.py"):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        from_cli = {
            name
            for name in imports_of(PROJECT_ROOT, path)
            if _within(name, "tracker.cli") and name.count(".") >= 2
        }
        modules = {".".join(name.split(".")[:3]) for name in from_cli}
        assert modules <= {"tracker.cli.framework"} | (
            {"tracker.cli.bench"} if path.name == "bench.py" else set()
        ), (path.name, modules)


# --- the check itself fails when a rule is broken ------------------------------------------

BROKEN = {
    "parsing": ("tracker/parsing/extra.py", "from tracker.models import Demand\n"),
    "parsing, relative": ("tracker/parsing/extra.py", "from ..services import demo\n"),
    "parsing, inside a function": (
        "tracker/parsing/extra.py",
        "def f():\n    import sqlalchemy\n",
    ),
    "services": ("tracker/services/extra.py", "from tracker.web.access import requires\n"),
    "services to cli": ("tracker/services/extra.py", "from tracker.cli import main\n"),
    "models": ("tracker/models/extra.py", "from tracker.services.audit import record_audit\n"),
    "renderer": ("tracker/reports/markdown.py", "import tracker.db\n"),
    "renderer, relative": ("tracker/reports/charts.py", "from ..models import Status\n"),
    "ops": ("tracker/ops/bench.py", "from tracker import create_app\n"),
    "ops, Flask": ("tracker/ops/bench.py", "from flask import Flask\n"),
    "ops, type checking": (
        "tracker/ops/backup.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tracker.web.app import x\n",
    ),
}


def _tree(tmp_path: Path, extra: tuple[str, str] | None = None) -> Path:
    """A small tree shaped like tracker/, clean, plus at most one file written into it."""
    clean = {
        "tracker/__init__.py": "def create_app():\n    from tracker.web.app import build_app\n",
        "tracker/parsing/__init__.py": "from .model import ParsedResolution\n",
        "tracker/parsing/model.py": "import re\n",
        "tracker/models/__init__.py": "from tracker.models.base import Base\n",
        "tracker/models/base.py": "import sqlalchemy\n",
        "tracker/services/__init__.py": "",
        "tracker/services/audit.py": "from tracker.models import Base\n",
        "tracker/reports/__init__.py": "",
        "tracker/reports/build.py": "from tracker.models import Base\nimport sqlalchemy\n",
        "tracker/reports/markdown.py": "from tracker.reports.snapshot import Snapshot\n",
        "tracker/reports/charts.py": "from .snapshot import Snapshot\n",
        "tracker/reports/snapshot.py": "from tracker.parsing import ParsedResolution\n",
        "tracker/ops/__init__.py": "",
        "tracker/ops/backup.py": "from tracker.models import Base\nimport tracker.services\n",
        "tracker/ops/bench.py": "import requests\n",
        "tracker/web/__init__.py": "from flask import Flask\nfrom tracker.services import audit\n",
        "tracker/cli/__init__.py": "from tracker.web import app\nfrom tracker.ops import bench\n",
    }
    files = dict(clean)
    if extra is not None:
        name, text = extra
        files[name] = files.get(name, "") + text
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    assert violations(_tree(tmp_path)) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_forbidden_import_fails_the_check(tmp_path: Path, case: str) -> None:
    name, text = BROKEN[case]
    found = violations(_tree(tmp_path, (name, text)))
    module = name.removesuffix(".py").replace("/", ".")
    assert len(found) == 1, found
    assert found[0].startswith(f"{module}:"), found
