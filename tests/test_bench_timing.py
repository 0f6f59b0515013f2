"""The timing benchmarks measure the real voice loop and report sane, complete figures.

No timing thresholds here: benchmarks report, they never fail the build on speed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.bench import startup as startup_module
from assistant.bench.startup import measure_startup
from assistant.bench.timing import (
    STAGES,
    SYNTHETIC_REJECTION,
    measure_latency,
    percentiles,
    script_answers,
)
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "dialogs" / "scripts"
SHORT = [SCRIPTS / "01_chest_pain_emergency_911.yaml", SCRIPTS / "51_voice_stop.yaml"]
FRAME = 0.03  # the endpointer decides in 30 ms frames


@pytest.fixture(scope="module")
def dialog() -> Dialog:
    return load_dialog(ROOT / "dialogs")


@pytest.fixture(scope="module")
def latency(dialog: Dialog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return measure_latency(dialog, SHORT, work_dir=tmp_path_factory.mktemp("latency"))


def _answered(path: Path) -> int:
    return sum(1 for answer in script_answers(path)[1] if answer)


def test_latency_result_has_every_stage_and_conversation(latency: dict[str, Any]) -> None:
    json.dumps(latency)  # the orchestrator writes it as JSON
    assert latency["engine"] == "pocketsphinx"
    assert latency["rejection"] == SYNTHETIC_REJECTION
    assert latency["turns"] == sum(_answered(path) for path in SHORT)
    assert set(latency["stages"]) == set(STAGES)
    for stage, figures in latency["stages"].items():
        assert set(figures) == {"p50", "p95", "max"}, stage
        assert 0 < figures["p50"] <= figures["p95"] <= figures["max"], stage
    assert latency["peak_rss_mb"] > 10
    assert [c["script"] for c in latency["conversations"]] == [p.stem for p in SHORT]


def test_every_conversation_is_timed_turn_by_turn(latency: dict[str, Any]) -> None:
    end_silence = latency["end_silence"]
    for conversation, path in zip(latency["conversations"], SHORT, strict=True):
        assert conversation["answers"] == len(script_answers(path)[1])
        assert conversation["turns"] == _answered(path) == len(conversation["turn_timings"])
        assert conversation["silent_turns"] == 0
        assert conversation["questions"] >= 1
        assert conversation["seconds"] > 0 and conversation["audio_seconds"] > 0
        assert conversation["prompt_audio_seconds"] > 0
        assert conversation["live_seconds_estimate"] > conversation["prompt_audio_seconds"]
        # The answers were heard right, so the intended conversation was the one timed.
        assert conversation["outcome"] == conversation["typed_outcome"] is not None
        for turn in conversation["turn_timings"]:
            assert abs(turn["endpoint_wait"] - end_silence) <= FRAME
            assert min(turn[s] for s in STAGES) > 0
            parts = turn["recognize"] + turn["dialogue"] + turn["tts_first_audio"]
            assert parts == pytest.approx(turn["beyond_endpoint"], abs=0.0005)


def test_a_silent_answer_is_counted_but_not_timed(dialog: Dialog, tmp_path: Path) -> None:
    script = tmp_path / "silence_then_stop.yaml"
    script.write_text('turns:\n  - expect: {state: heart}\n  - user: ""\n'
                      '  - user: "no"\n  - user: stop\n  - user: "yes"\n', encoding="utf-8")

    result = measure_latency(dialog, [script], work_dir=tmp_path / "work")

    (conversation,) = result["conversations"]
    assert conversation["answers"] == 4
    assert conversation["silent_turns"] == 1
    assert conversation["turns"] == result["turns"] == 3
    assert conversation["outcome"] == "stopped"


def test_the_latency_benchmark_runs_as_a_process_of_its_own(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant.bench.timing", "--json", "--work-dir",
         str(tmp_path), "--scripts", str(SHORT[0])],
        capture_output=True, text=True, check=False, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["turns"] == _answered(SHORT[0])
    assert result["conversations"][0]["outcome"] == "emergency"


def test_percentiles_are_of_the_turns() -> None:
    figures = percentiles([0.1 * n for n in range(1, 21)])
    assert figures == {"p50": pytest.approx(1.05), "p95": pytest.approx(1.905),
                       "max": pytest.approx(2.0)}
    assert percentiles([]) == {"p50": 0.0, "p95": 0.0, "max": 0.0}


def test_script_answers_say_yaml_booleans_and_numbers_as_words(tmp_path: Path) -> None:
    script = tmp_path / "s.yaml"
    script.write_text('emergency_number: "911"\nturns:\n  - expect: {state: heart}\n'
                      '  - {user: yes}\n  - {user: no}\n  - {user: 3}\n  - {user: ""}\n'
                      '  - action: end\n', encoding="utf-8")
    assert script_answers(script) == ("911", ["yes", "no", "3", ""])


def _check_startup(result: dict[str, Any], runs: int) -> None:
    json.dumps(result)
    assert result["engine"] == "pocketsphinx"
    assert "aplay" in result["signal"]
    for key in ("startup_seconds", "prompt_text_seconds", "peak_rss_mb"):
        assert len(result[key]["runs"]) == runs, key
        assert all(value > 0 for value in result[key]["runs"]), key
    # The prompt's text is shown before its first sentence is synthesised and played.
    assert result["prompt_text_seconds"]["median"] <= result["startup_seconds"]["median"]
    assert result["peak_rss_mb"]["median"] > 10


def test_startup_is_measured_on_a_real_backtalk_process(tmp_path: Path) -> None:
    result = measure_startup(runs=1, work_dir=tmp_path)
    _check_startup(result, 1)
    assert result["pinned"] is None and result["notes"] == []


@pytest.mark.skipif(shutil.which("taskset") is None, reason="taskset (util-linux) missing")
def test_startup_pinned_to_one_core(tmp_path: Path) -> None:
    result = measure_startup(pin_core=0, runs=1, work_dir=tmp_path)
    _check_startup(result, 1)
    assert result["pinned"] == 0


def test_startup_without_taskset_says_it_is_not_pinned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], env: dict[str, str], log: Path
                 ) -> tuple[float, float, float]:
        commands.append(command)
        return 1.0, 0.5, 100.0

    monkeypatch.setattr(startup_module.shutil, "which", lambda _name: None)
    monkeypatch.setattr(startup_module, "_one_run", fake_run)

    result = measure_startup(pin_core=0, runs=3, work_dir=tmp_path)

    assert result["pinned"] is None
    assert "taskset is missing" in result["notes"][0]
    assert all(command[0] != "taskset" for command in commands) and len(commands) == 3
    assert result["startup_seconds"] == {"median": 1.0, "runs": [1.0, 1.0, 1.0]}
