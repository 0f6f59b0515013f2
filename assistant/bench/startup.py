"""Start-up time to the first spoken prompt, and peak memory, of a real ``backtalk`` process.

``python -m assistant.cli --asr ENGINE --input-wav-dir DIR`` runs with one answer file
of silence, so it opens the screening, hears no answer, asks again, runs out of answers
and ends: a whole short session. It speaks through ``aplay`` as it does for a person,
with a stand-in ``aplay`` first on its PATH that prints a line when the first sound of a
prompt reaches it. The start-up time is from starting the process to that line for the
opening prompt: everything a person waits through before hearing BackTalk (interpreter,
imports, dialogue files, recognizer model, speech engine, the first sentence's
synthesis). The time to the opening prompt's text on the screen is reported beside it.

Peak memory is the child's ``ru_maxrss`` as :func:`os.wait4` reports it after the session.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

SIGNAL = ("the opening prompt's first sound reaching aplay (a stand-in aplay on PATH "
          "reports the first bytes it receives), through the real speaker path")
FIRST_AUDIO_LINE = "@backtalk-bench first audio"
PROMPT_PREFIX = "backtalk> "
TIMEOUT = 120.0
"""Seconds a start-up run may take before it is stopped and reported as failed."""

_STAND_IN_APLAY = f"""#!/bin/sh
# Stands in for aplay in the start-up benchmark: tells the benchmark when sound arrives.
head -c 2 > /dev/null
echo "{FIRST_AUDIO_LINE}"
exec cat > /dev/null
"""


class StartupError(RuntimeError):
    """A start-up run failed or never spoke; the message has the end of its error output."""


class EngineUnavailable(StartupError):
    """The run stopped at once because its recognizer cannot load here (exit 2, such as
    vosk without an English model); the message is BackTalk's own."""


EXIT_BAD_INPUT = 2
ERROR_PREFIX = "backtalk: "
"""How BackTalk starts the line that says what is wrong."""


def _prepare(work_dir: Path) -> tuple[Path, Path]:
    """(answer folder with one second of silence, folder with the stand-in aplay)."""
    from ..voice.audio import RATE, write_wav

    answers, bin_dir = work_dir / "answers", work_dir / "bin"
    answers.mkdir(parents=True, exist_ok=True)
    bin_dir.mkdir(parents=True, exist_ok=True)
    write_wav(answers / "000.wav", bytes(RATE * 2))
    aplay = bin_dir / "aplay"
    aplay.write_text(_STAND_IN_APLAY, encoding="utf-8")
    aplay.chmod(0o755)
    return answers, bin_dir


def _watch(stream: IO[bytes], started: float, seen: dict[str, float]) -> None:
    """Stamp the first prompt text and the first sound as their lines arrive."""
    for raw in iter(stream.readline, b""):
        line = raw.decode(errors="replace")
        now = time.perf_counter() - started
        if line.startswith(PROMPT_PREFIX):
            seen.setdefault("prompt_text", now)
        elif line.startswith(FIRST_AUDIO_LINE):
            seen.setdefault("first_audio", now)


def _one_run(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float, float]:
    """(seconds to the first sound, seconds to the prompt text, peak RSS in MB)."""
    seen: dict[str, float] = {}
    with log.open("wb") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env,
                                 cwd=Path(__file__).resolve().parents[2])
        assert child.stdout is not None
        watcher = threading.Thread(target=_watch, args=(child.stdout, started, seen),
                                   daemon=True)
        watcher.start()
        status, usage = _wait(child)
        watcher.join(5.0)
        child.stdout.close()
    code = os.waitstatus_to_exitcode(status)
    said = log.read_text(encoding="utf-8", errors="replace").splitlines()
    if code == EXIT_BAD_INPUT:  # what it said aloud was the problem, not the first prompt
        reason = next((line for line in said if line.startswith(ERROR_PREFIX)),
                      f"exited with {code}")
        raise EngineUnavailable(reason.removeprefix(ERROR_PREFIX))
    if code != 0 or "first_audio" not in seen:
        tail = "\n".join(said[-6:])
        problem = f"exited with {code}" if code != 0 else "never spoke"
        raise StartupError(f"start-up run {problem}: {' '.join(command)}\n{tail}")
    # ru_maxrss is in kilobytes on Linux.
    return seen["first_audio"], seen.get("prompt_text", 0.0), usage.ru_maxrss / 1024


def _wait(child: subprocess.Popen[bytes]) -> tuple[int, Any]:
    """The child's exit status and resource usage; it is killed if it outlives TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            # Reaped here, so Popen must not try to wait for it again.
            child.returncode = os.waitstatus_to_exitcode(status)
            return status, usage
        if time.monotonic() > deadline:
            child.kill()
        time.sleep(0.01)


def measure_startup(engine: str = "pocketsphinx", *, pin_core: int | None = None,
                    runs: int = 3, work_dir: Path) -> dict[str, Any]:
    """Median start-up time to the first spoken prompt and peak RSS over ``runs`` runs of
    ``backtalk``; with ``pin_core`` under ``taskset -c CORE`` (a stand-in for a small
    board's single-core budget). An engine that cannot load here is returned as not
    measured, with BackTalk's reason."""
    if runs < 1:
        raise ValueError(f"runs must be 1 or more, not {runs}")
    work_dir.mkdir(parents=True, exist_ok=True)
    answers, bin_dir = _prepare(work_dir)
    prefix: list[str] = []
    notes: list[str] = []
    pinned: int | None = None
    if pin_core is not None:
        if shutil.which("taskset"):
            prefix, pinned = ["taskset", "-c", str(pin_core)], pin_core
        else:
            notes.append(f"taskset is missing (Debian package util-linux): not pinned to "
                         f"core {pin_core}")
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    # An empty config folder: the user's saved pace or config file must not change the run.
    env["BACKTALK_CONFIG_DIR"] = str(work_dir / "config")
    first_audio: list[float] = []
    prompt_text: list[float] = []
    rss: list[float] = []
    for run in range(runs):
        command = [*prefix, sys.executable, "-m", "assistant.cli",
                   "--data-dir", str(work_dir / "data"), "voice", "--asr", engine,
                   "--input-wav-dir", str(answers)]
        try:
            audio, text, peak = _one_run(command, env, work_dir / f"run{run}.log")
        except EngineUnavailable as exc:
            return {"engine": engine, "measured": False, "reason": str(exc)}
        first_audio.append(round(audio, 3))
        prompt_text.append(round(text, 3))
        rss.append(round(peak, 1))
    return {
        "engine": engine,
        "pinned": pinned,
        "startup_seconds": {"median": round(statistics.median(first_audio), 3),
                            "runs": first_audio},
        "prompt_text_seconds": {"median": round(statistics.median(prompt_text), 3),
                                "runs": prompt_text},
        "peak_rss_mb": {"median": round(statistics.median(rss), 1), "runs": rss},
        "signal": SIGNAL,
        "notes": notes,
    }
