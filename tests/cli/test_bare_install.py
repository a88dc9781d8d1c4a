"""An install of the runtime dependencies alone (`pip install -c constraints.txt -e .`, no
extras): every command answers --help, the developer tools say in one line how to install their
extra, and the everyday commands run; no traceback anywhere."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tracker.cli.framework import EXTRAS
from tracker.config import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"
DRIVER = Path(__file__).with_name("bare_driver.py")
# How to run each command that needs an extra (its required options filled in).
NEEDS_EXTRA = {"bench": ["bench"], "synth": ["synth", "--demands", "1"]}


def _requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return match.group(0).lower().replace("-", "_")


def test_the_extras_the_commands_check_are_the_ones_pyproject_declares() -> None:
    declared = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for extra, modules in EXTRAS.items():
        assert sorted(modules) == sorted(_requirement_name(r) for r in declared[extra]), extra


def _commands_that_require_an_extra() -> set[str]:
    """The command names passed to require_extra(extra, command) in tracker/cli/."""
    found = set()
    for path in (PROJECT_ROOT / "tracker" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "require_extra"
            ):
                command = node.args[1]
                assert isinstance(command, ast.Constant), ast.dump(node)
                found.add(str(command.value))
    return found


def test_every_command_that_needs_an_extra_is_run_below() -> None:
    assert _commands_that_require_an_extra() == set(NEEDS_EXTRA)


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with tracker and its runtime dependencies only. pip runs from the test venv
    (`--python`), and nothing is byte-compiled ahead: that keeps it to seconds, cache warm."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-compile",
            "--disable-pip-version-check",
            "-c",
            "constraints.txt",
            "-e",
            ".",
        ],  # fmt: skip
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return venv


def _env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return env | {
        "TRACKER_DATABASE_URL": f"sqlite:///{workdir / 'unused.db'}",
        "TRACKER_SECRET_KEY": "bare-install-test",
    }


@pytest.mark.slow
def test_every_command_runs_without_a_traceback_on_the_runtime_dependencies_alone(
    bare_venv: Path, tmp_path: Path
) -> None:
    python, tracker = bare_venv / "bin" / "python", bare_venv / "bin" / "tracker"
    # The extra really is missing here (else the refusals below would prove nothing).
    probe = subprocess.run(
        [str(python), "-c", f"import {', '.join(m for ms in EXTRAS.values() for m in ms)}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 1 and "ModuleNotFoundError" in probe.stderr

    # The console script itself, and each command whose extra is missing.
    top = subprocess.run(
        [str(tracker), "--help"], capture_output=True, text=True, env=_env(tmp_path), check=False
    )
    assert top.returncode == 0 and "Commands:" in top.stdout, top.stderr
    for name, args in NEEDS_EXTRA.items():
        refused = subprocess.run(
            [str(tracker), *args], capture_output=True, text=True, env=_env(tmp_path), check=False
        )
        assert refused.returncode == 1, (name, refused.stdout, refused.stderr)
        assert refused.stderr.splitlines() == [
            f"Error: tracker {name} is a developer tool: install it with "
            f"pip install -e '.[bench]' (requests missing)"
        ], refused.stderr
        assert refused.stdout == ""

    # Every command and subcommand with --help, then the everyday commands for real.
    driven = subprocess.run(
        [str(python), str(DRIVER), str(tmp_path), str(SAMPLE)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        check=False,
    )
    assert driven.returncode == 0, driven.stderr[-3000:]
    results = json.loads(driven.stdout)
    helps = [r for r in results if r["args"][-1:] == ["--help"]]
    assert len(helps) >= 20
    assert {tuple(r["args"][:-1]) for r in helps} >= {("status", "record"), ("bench",), ()}
    for result in results:
        assert result["traceback"] is None, (result["args"], result["traceback"])
        assert result["exit_code"] == 0, (result["args"], result["output"])
        assert "Traceback" not in result["output"], result["args"]
    by_args = {
        " ".join(r["args"][2:] if r["args"][0] == "--database" else r["args"]): r for r in results
    }
    assert "Demo login: " in by_args["demo --no-serve"]["output"]
    assert "is a sound backup" in by_args[f"restore {tmp_path / 'bare.zip'} --check"]["output"]
