"""``backtalk bench``: every measurement, on all cores and pinned to one, into one result.

Each part that must also run on one core (a stand-in for a Raspberry Pi's budget) runs
in a child process (:mod:`.child`), started under ``taskset -c N`` for the pinned figure.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ..records.record import now
from .clips import check_speech_dir
from .personal_sets import TAKES
from .screening_patients import MAX_ANSWERS
from .split import speakers_told

TARGETS = {
    "yes_no_accuracy": 0.97,
    "choice_accuracy": 0.95,
    "digit_accuracy": 0.95,
    "false_accept_rate": 0.01,
    "screening_reasks": 2,
    "beyond_endpoint_p95_seconds": 0.300,
    "startup_seconds": 3.0,
    "peak_rss_mb": 300.0,
}
"""What issue 12 asks (recognition, re-asks, latency) and issue 5 (start-up, memory) of
the recognizer on this machine: reported beside the figures, never asserted."""

PARTS = ("recognition", "false-accepts", "latency", "startup", "memory", "screenings")
"""What ``--parts`` may choose. Recognition and false accepts are one decoding run (in a
child process per engine, so its peak memory is the engine's); start-up and memory are
one measurement of a whole ``backtalk`` process."""
DEFAULT_PARTS = PARTS[:5]
"""Screenings mix noise into many whole conversations: asked for by name."""

SPOKEN_SCRIPTS = ("01_chest_pain_emergency_911", "52_voice_fever_urgent",
                  "46_voice_lifting_self_care", "47_voice_right_kidney_soon",
                  "48_voice_stroke_soon", "49_voice_blood_in_urine_urgent", "51_voice_stop")
"""Scripted conversations whose answers espeak-ng says clearly enough to be heard right
(the same set the end-to-end voice test uses)."""


class BenchError(Exception):
    """A benchmark could not run (a missing tool, a part that failed); says which."""


@dataclass
class BenchOptions:
    dialogs: Path
    speech_dir: Path
    work_dir: Path
    engines: tuple[str, ...] = ("whisper", "pocketsphinx", "vosk")
    pin_core: int | None = 0
    """The core for the pinned figures; None: no pinned run."""
    vosk_model: Path | None = None
    quick: bool = False
    """Fewer clips and conversations: a smoke run, not figures to publish."""
    parts: tuple[str, ...] = DEFAULT_PARTS
    sample: int | None = None
    """At most this many clips per word (spread over speakers); None: every clip."""
    half: str = "held-out"
    """Whose clips: the held-out speakers (the figures to report), the tune ones, all."""
    screenings: int | None = None
    """At most this many spoken screenings per condition; None: all of them."""
    draws: int = 1
    """Times each patient's screening is spoken, with other recordings and noise each."""
    max_answers: int = MAX_ANSWERS
    """Answers after which a spoken screening is cut off (and counted as not right)."""
    enrollment: Path | None = None
    """One person's takes (``DIR/<phrase>/<take>``) for the personal engine; None: every
    speaker of the recordings enrolls (:mod:`.personal_sets`)."""
    takes: int = TAKES
    """Takes of each word the personal engine enrolls."""


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in
                      Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    versions: dict[str, str | None] = {}
    for package in ("pocketsphinx", "vosk", "faster-whisper", "pyttsx3"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"cpu": model or platform.processor() or "unknown", "cores": os.cpu_count(),
            "memory_gb": round(mem_kb / 1024 / 1024, 1), "system": platform.platform(),
            "python": platform.python_version(), "packages": versions}


def run_bench(options: BenchOptions, progress: Callable[[str], None] = print
              ) -> dict[str, Any]:
    from .startup import measure_startup

    if options.pin_core is not None and shutil.which("taskset") is None:
        raise BenchError("taskset is missing (Debian package util-linux); run with "
                         "--no-pin to skip the one-core figures")
    try:
        check_speech_dir(options.speech_dir)
    except ValueError as exc:  # said before any child starts, in one line
        raise BenchError(f"{exc}; give the folder with --speech-dir") from exc
    unknown = [p for p in options.parts if p not in PARTS]
    if unknown:
        raise BenchError(f"unknown part {', '.join(unknown)} (choose from {', '.join(PARTS)})")
    if options.takes < 1:
        raise BenchError(f"--takes {options.takes}: at least one take of each word is enrolled")
    if options.draws < 1:
        raise BenchError(f"--draws {options.draws}: each patient is screened at least once")
    if options.max_answers < 1:
        raise BenchError(f"--max-answers {options.max_answers}: a screening needs at least "
                         "one answer")
    options.work_dir.mkdir(parents=True, exist_ok=True)
    pins: list[int | None] = [None] if options.pin_core is None else [None, options.pin_core]
    sample = 4 if options.quick and options.sample is None else options.sample
    result: dict[str, Any] = {
        "date": now(), "machine": machine(), "targets": TARGETS, "quick": options.quick,
        "parts": list(options.parts), "half": options.half, "sample": sample,
        "recognizers": [], "latency": [], "startup": [], "screenings": [], "personal": [],
        "paced_wait": []}
    groups = _groups(options.parts)
    if groups and (told := speakers_told(options.speech_dir)) is not None:
        progress(told)
    if "personal" in options.engines and groups:
        progress(f"personal voice: {options.enrollment or options.half + ' speakers'}, "
                 f"{options.takes} takes of each word enrolled, the rest heard")
        result["personal"].append(_child("personal", {
            "speech_dir": str(options.speech_dir), "work_dir": str(options.work_dir),
            "half": options.half, "sample": sample, "takes": options.takes,
            "enrollment": str(options.enrollment) if options.enrollment else None,
            "dialogs": str(options.dialogs)}, None))
    for engine in [e for e in options.engines if e != "personal"] if groups else ():
        for pin in pins:
            progress(f"recordings: {engine}{_on(pin)}, {options.half} speakers"
                     + (f", at most {sample} clips a word" if sample else ""))
            measured = _child("recordings", {
                "engine": engine, "dialogs": str(options.dialogs),
                "speech_dir": str(options.speech_dir),
                "vosk_model": str(options.vosk_model) if options.vosk_model else None,
                "half": options.half, "groups": groups, "bare_too": False,
                **({"sample": sample} if sample else {})}, pin)
            result["recognizers"].append({**measured, "pinned": pin})
            if measured.get("measured") is False:
                break  # nothing to pin: the engine cannot run here
    if "latency" in options.parts:
        scripts = SPOKEN_SCRIPTS[:2] if options.quick else SPOKEN_SCRIPTS
        for engine in [e for e in options.engines if e != "personal"]:
            for pin in pins:
                progress(f"latency: {engine}, {len(scripts)} spoken conversations{_on(pin)}")
                measured = _child("latency", {
                    "dialogs": str(options.dialogs), "engine": engine,
                    "scripts": [str(options.dialogs / "scripts" / f"{s}.yaml") for s in scripts],
                    "work_dir": str(options.work_dir
                                    / f"latency_{engine}{'' if pin is None else pin}")},
                    pin)
                result["latency"].append({**measured, "engine": engine, "pinned": pin})
                if measured.get("measured") is False:
                    break  # nothing to pin: the engine cannot run here
    if "latency" in options.parts and "personal" in options.engines:
        progress(f"latency: personal, {options.half} speakers' answers played in real time, "
                 "heard before and at the endpoint")
        result["paced_wait"] = [_child("paced_wait", {
            "speech_dir": str(options.speech_dir), "work_dir": str(options.work_dir),
            "half": options.half, "sample": sample}, None)]
    if "startup" in options.parts or "memory" in options.parts:
        for engine in [e for e in options.engines if e != "personal"]:
            for pin in pins:
                progress(f"start-up and memory: {engine}{_on(pin)}")
                measured = measure_startup(engine, pin_core=pin,
                                           runs=1 if options.quick else 3,
                                           work_dir=options.work_dir / f"startup_{engine}")
                result["startup"].append({**measured, "pinned": pin})
                if measured.get("measured") is False:
                    break  # nothing to pin: the engine cannot run here
    if "screenings" in options.parts:
        for engine in options.engines:
            progress(f"spoken screenings: {engine}, real {options.half} recordings")
            result["screenings"].append(_child("screenings", {
                "dialogs": str(options.dialogs), "engine": engine,
                "speech_dir": str(options.speech_dir), "half": options.half,
                "work_dir": str(options.work_dir / f"screenings_{engine}"),
                "limit": 1 if options.quick else options.screenings,
                "draws": 1 if options.quick else options.draws,
                "max_answers": options.max_answers,
                "conditions": ["quiet"] if options.quick else None}, None))
    return result


def _groups(parts: tuple[str, ...]) -> list[str]:
    from .clips import GROUPS, NOISE, NON_ANSWER

    return ([*GROUPS] if "recognition" in parts else []) + (
        [NON_ANSWER, NOISE] if "false-accepts" in parts else [])


def _on(pin: int | None) -> str:
    return "" if pin is None else f" (pinned to core {pin})"


def _child(part: str, kwargs: dict[str, Any], pin: int | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "assistant.bench.child", part, json.dumps(kwargs)]
    if pin is not None:
        command = ["taskset", "-c", str(pin), *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-8:])
        raise BenchError(f"the {part} benchmark failed (exit {done.returncode}):\n{tail}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise BenchError(f"the {part} benchmark printed no result")
    result: dict[str, Any] = json.loads(lines[-1])
    return result
