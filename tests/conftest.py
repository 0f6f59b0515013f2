"""Shared fixtures: the real dialogue, editable copies of it, and running the CLI."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from assistant.bench.pulse_room import PulseServer
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog

ROOT = Path(__file__).resolve().parents[1]
DIALOGS = ROOT / "dialogs"
VIGNETTE_LOG = pytest.StashKey[list[dict[str, Any]]]()

# CI draws the same examples on every run, so a run lands or fails by the change it tests,
# not by the draw (a random draw once found a new misreading in the middle of an unrelated
# change's run). Elsewhere the draws stay random and remembered, to keep finding new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every CLI it starts) gets an empty config folder of its own: the
    user's config.toml and saved pace never change a test, and tests never change them."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("BACKTALK_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[PulseServer]:
    """A PulseAudio server of the test's own with a null sink: the live microphone and
    speaker of tests that need a device (test files may give their own, longer-lived)."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils "
                    "libasound2-plugins); it provides the live devices for these tests")
    server = PulseServer(tmp_path / "pulse")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def dialog() -> Dialog:
    """The real dialogue from ``dialogs/`` (loaded once; never modified by a test)."""
    return load_dialog(DIALOGS)


@pytest.fixture
def dialog_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of the real ``dialogs/*.yaml`` (not the scripts folder)."""
    folder = tmp_path / "dialogs"
    folder.mkdir()
    for path in sorted(DIALOGS.glob("*.yaml")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def edit() -> Callable[[Path, str, str], str]:
    """Replace the one occurrence of ``old`` with ``new`` in a file; return the new text."""

    def _edit(path: Path, old: str, new: str) -> str:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        return text

    return _edit


def cli_env() -> dict[str, str]:
    """The environment for a CLI subprocess, without settings that would redirect it."""
    env = dict(os.environ)
    for name in ("BACKTALK_DIALOGS", "BACKTALK_DATA_DIR"):
        env.pop(name, None)
    return env


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m assistant.cli ARGS`` and return the completed process (text).

    The timeout only guards against a hang: ``check`` on a dialogue takes about 15 s on an
    idle machine, but 60 s was overrun twice on a loaded one (load 7-10), failing a run
    whose results were right."""

    def _run(*args: str, stdin: str = "", timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT,
                              env=cli_env(), input=stdin, capture_output=True, text=True,
                              timeout=timeout, check=False)

    return _run


# -- the vignettes' summary line ---------------------------------------------------------------
@pytest.fixture(scope="session")
def vignette_log(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """Where ``test_vignettes.py`` notes each vignette's expected level, outcome and number
    of questions, for the line printed at the end of the session."""
    return request.config.stash.setdefault(VIGNETTE_LOG, [])


def _median(values: list[int]) -> str:
    return f"{statistics.median(values):g}" if values else "-"


def vignette_summary(log: list[dict[str, Any]]) -> str:
    """``vignettes: 92, outcome as the articles say 90/92; questions asked with no alarm
    sign: median 9, most 12 (n=20); all vignettes: median 7``."""
    matched = sum(1 for e in log if e["outcome"] == e["expected"])
    plain = [e["questions"] for e in log if not e["alarm"] and e["questions"] is not None]
    every = [e["questions"] for e in log if e["questions"] is not None]
    configured = [e["configured"] for e in log if not e["alarm"] and e.get("configured")]
    every_configured = [e["configured"] for e in log if e.get("configured")]
    line = (f"vignettes: {len(log)}, outcome as the articles say {matched}/{len(log)}; "
            f"questions asked with no alarm sign: median {_median(plain)}, "
            f"most {max(plain) if plain else '-'} (n={len(plain)}); "
            f"all vignettes: median {_median(every)}")
    if configured:
        line += (f"\nwith the person's facts in the config file: no alarm sign median "
                 f"{_median(configured)}, most {max(configured)}; all vignettes median "
                 f"{_median(every_configured)}")
    not_run = len(log) - len(every)
    if not_run:
        line += f" ({not_run} could not run: findings the flow does not know)"
    return line


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker of ``pytest -n`` (pytest-xdist): hand the figures to the controller,
    which prints the summary."""
    out = getattr(session.config, "workeroutput", None)
    if out is not None:
        from corpus_figures import REPORT

        out["vignettes"] = json.dumps(session.config.stash.get(VIGNETTE_LOG, []))
        out["corpus"] = json.dumps(REPORT)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """In the controller: gather a worker's figures (see :func:`pytest_sessionfinish`)."""
    out = getattr(node, "workeroutput", {})
    node.config.stash.setdefault(VIGNETTE_LOG, []).extend(json.loads(out.get("vignettes", "[]")))
    from corpus_figures import REPORT

    REPORT.extend(json.loads(out.get("corpus", "[]")))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    log = config.stash.get(VIGNETTE_LOG, [])
    if log:
        terminalreporter.write_sep("-", "vignettes")
        terminalreporter.write_line(vignette_summary(log))
    from corpus_figures import REPORT

    if REPORT:
        terminalreporter.section("phrasing corpus")
        for line in REPORT:
            terminalreporter.write_line(line)
