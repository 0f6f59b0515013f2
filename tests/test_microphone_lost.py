"""A live microphone that stops for real: our own PulseAudio server with a null sink is
the device, and the server is stopped while BackTalk listens, as a USB microphone is
pulled out. BackTalk must say so (into ``--speak-to``, the sink being gone), give the
safety advice during a screening, keep the record, and exit with an error so that the
service is restarted, never end quietly as if the person had finished."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulse import PulseServer

from assistant.cli.voice_parts import HEARING_LOST
from assistant.dialog.model import Dialog
from assistant.voice.audio import MicrophoneLost, MicrophoneSource, list_devices
from tests.test_faults import safety_advice
from tests.test_spoken_failures import spoken_like

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[PulseServer]:
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils "
                    "libasound2-plugins); it provides the live input device for these tests")
    server = PulseServer(tmp_path / "pulse")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def backtalk(data: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data), "voice",
         "--device", "pulse", "--asr", "pocketsphinx", "--rate", "140", *args],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def wait_for(found: object, what: str, process: subprocess.Popen[str],
             timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not (found() if callable(found) else found):
        if process.poll() is not None or time.monotonic() > deadline:
            out, err = process.communicate(timeout=30)
            pytest.fail(f"{what} never happened:\n{out}\n{err}")
        time.sleep(0.05)


def test_reading_a_microphone_whose_server_stopped_raises(
        pulse: PulseServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_SERVER", pulse.address)
    list_devices(rescan=True)
    mic = MicrophoneSource(device="pulse")
    try:
        assert any(mic.read(1.0) for _ in range(5)), "the live device sends sound"
        pulse.stop()
        with pytest.raises(MicrophoneLost, match="stopped sending sound"):
            for _ in range(40):  # at most 20 s; it stops at once
                mic.read(0.5)
    finally:
        mic.close()
        monkeypatch.delenv("PULSE_SERVER")
        list_devices(rescan=True)


def test_a_microphone_lost_while_waiting_for_the_wake_phrase_is_said(
        pulse: PulseServer, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    run = backtalk(tmp_path / "data", "--wake", "hello back talk", "--speak-to",
                   str(prompts), env=pulse.client_env())
    assert run.stdout is not None
    for line in run.stdout:
        if line.startswith("Waiting for"):
            break
    pulse.stop()
    out, err = run.communicate(timeout=60)
    assert run.returncode == 2, out + err
    assert "Traceback" not in err
    assert "stopped sending sound" in err and "also said aloud" in err
    spoken_like(prompts / "problem.wav", [*HEARING_LOST, "If you need help now, call 112."])


def test_a_microphone_lost_mid_screening_gives_the_safety_advice(
        pulse: PulseServer, tmp_path: Path, dialog: Dialog) -> None:
    prompts, data = tmp_path / "prompts", tmp_path / "data"
    run = backtalk(data, "--speak-to", str(prompts), env=pulse.client_env())
    wait_for(lambda: (prompts / "001.wav").exists(), "the first question", run)
    time.sleep(0.5)  # it is listening for the answer now
    pulse.stop()
    out, err = run.communicate(timeout=60)
    assert run.returncode == 2, out + err
    assert "Traceback" not in err and "stopped sending sound" in err
    assert "given the safety advice" in err

    (record,) = (data / "sessions").glob("*.jsonl")
    assert os.stat(record).st_mode & 0o777 == 0o600
    events = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    last = [e for e in events if e["event"] == "turn"][-1]
    assert last["interrupted"] and "stopped sending sound" in last["cannot_hear"]
    assert events[-1]["event"] == "summary" and events[-1]["stopped"]
    said = " ".join(last["says"])
    assert all(advice in said for advice in safety_advice(dialog))
    hint = dialog.language.say["repeat_hint"]
    spoken_like(sorted(prompts.glob("*.wav"))[-1],
                [dialog.language.say["cannot_hear"], *(s for s in last["says"] if s != hint)])
