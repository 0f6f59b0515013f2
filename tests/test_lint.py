"""The project's one lint command (ruff and mypy) runs with the tests."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "assistant", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


# -- the layers (.importlinter) ------------------------------------------------------------------
def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), "--no-cache", str(ROOT / ".importlinter")], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_the_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("dialog/text.py", "import numpy", "The dialogue knows nothing of audio"),
    ("dialog/triage.py", "from ..voice import tts", "The dialogue knows nothing of audio"),
    ("voice/pace_words.py", "from ..dialog import model", "know nothing of the dialogue"),
    ("bench/report.py", "from .. import cli", "Layers"),
])
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, line: str,
                                          contract: str) -> None:
    shutil.copytree(ROOT / "assistant", tmp_path / "assistant",
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "assistant" / module
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(f"{text}\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), result.stdout


# -- only the command line speaks to the terminal ------------------------------------------------
ENTRY_POINTS = {"bootstrap.py", "bench/child.py", "bench/timing.py", "bench/matching.py",
                "bench/whisper_tuning.py", "bench/endpointing.py", "bench/endpoint_tuning.py",
                "bench/speech_gate.py", "bench/personal_tuning.py", "bench/take_checks.py",
                "bench/false_wakes.py", "bench/among_voices.py", "bench/weak_voices.py",
                "bench/guess_tuning.py", "bench/said_emergencies.py", "bench/overheard.py",
                "bench/several_takes.py", "bench/mislabelled_takes.py",
                "bench/calls_while_speaking.py", "bench/context_tuning.py",
                "bench/paced_wait.py"}
"""Modules run on their own (``python -m``): each is a small command line of its own."""


def test_only_the_command_line_prints_or_exits() -> None:
    found = []
    for path in sorted((ROOT / "assistant").rglob("*.py")):
        name = path.relative_to(ROOT / "assistant").as_posix()
        if name.startswith("cli") or name in ENTRY_POINTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = node.func if isinstance(node, ast.Call) else None
            said = ast.unparse(called) if called is not None else ""
            if said in ("print", "sys.exit", "exit", "quit", "os._exit") or (
                    isinstance(node, ast.Raise) and node.exc is not None
                    and "SystemExit" in ast.unparse(node.exc)):
                found.append(f"{name}:{node.lineno}: {said or 'raise SystemExit'}")
    assert found == [], "\n".join(found)
