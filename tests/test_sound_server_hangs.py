"""A sound server that hangs: our own PulseAudio server is the speaker and the microphone,
and it is frozen (it keeps its connections and answers nothing), mid-sentence or before
BackTalk starts. BackTalk must not wait on it for ever, silently: it says why (on the
screen, and aloud where it can) and exits with an error for the service to start it
afresh, keeping the record. (Frozen while BackTalk listens: test_microphone_lost.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.bench.pulse_room import PulseServer
from assistant.voice.audio.portaudio_wait import PORTAUDIO_WAIT
from assistant.voice.stuck_player import STUCK_AFTER

ROOT = Path(__file__).resolve().parents[1]

# Spoken in a process of its own, as BackTalk speaks: the test's own process never opens
# a sound device.
SPEAK_LONG = """
from assistant.voice.tts import SpeechError, Speaker
print("speaking", flush=True)
try:
    Speaker(device="pulse").speak(["This sentence goes on for a while, long enough to be "
                                   "cut short by a sound server that stops answering."] * 6)
    print("played", flush=True)
except SpeechError as exc:
    print(f"failed: {exc}", flush=True)
"""


def needs_aplay() -> None:
    if shutil.which("aplay") is None:
        pytest.skip("aplay is not installed (apt-get install alsa-utils); it plays to the "
                    "sound server here as it does for BackTalk")


def ended(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """``process``'s output once it has ended (killed if it has not within ``timeout``)."""
    try:
        return process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


def test_a_speaker_whose_server_hangs_fails_instead_of_waiting(pulse: PulseServer) -> None:
    needs_aplay()
    child = subprocess.Popen(
        [sys.executable, "-c", SPEAK_LONG], cwd=ROOT, text=True,
        env={**pulse.client_env(), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "speaking"
    time.sleep(2.0)  # playing now, with most of the sound still to come
    started = time.monotonic()
    with pulse.frozen():
        out, err = ended(child, timeout=STUCK_AFTER + 50)
    assert "failed: the speaker stopped playing" in out, out + err
    # It gave up once the sound should have been played, not before: six sentences take
    # well over the two seconds played.
    assert time.monotonic() - started > STUCK_AFTER, out


def backtalk(pulse: PulseServer, data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data), "voice",
         "--device", "pulse", "--echo-cancel", "off", "--asr", "pocketsphinx",
         "--rate", "140", *args],
        cwd=ROOT, env={**pulse.client_env(), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_screening_whose_speaker_hangs_ends_with_an_error(
        pulse: PulseServer, tmp_path: Path) -> None:
    needs_aplay()
    data = tmp_path / "data"
    run = backtalk(pulse, data, "--speaker", "pulse")
    assert run.stdout is not None
    assert run.stdout.readline().startswith("backtalk> Hello.")  # shown as it is said
    time.sleep(2.0)
    with pulse.frozen():
        out, err = ended(run, timeout=STUCK_AFTER + 80)
    assert run.returncode == 2, out + err
    assert "Traceback" not in err and "the speaker stopped playing" in err, err
    (record,) = (data / "sessions").glob("*.jsonl")
    assert os.stat(record).st_mode & 0o777 == 0o600
    assert str(record) in err  # where the conversation so far is saved


@pytest.mark.parametrize("wake", [False, True])
def test_started_on_a_hung_sound_server_it_says_so_and_stops(
        pulse: PulseServer, tmp_path: Path, wake: bool) -> None:
    # As at boot with the sound server already hung. Run once, it says it has no
    # microphone (into --speak-to: the speaker is on the same server) and stops; run all
    # day, it waits for the microphone, finds the server still hung when it tries again
    # and stops for the service. Before, it waited silently for ever while PortAudio
    # looked for devices.
    prompts = tmp_path / "prompts"
    with pulse.frozen():
        run = backtalk(pulse, tmp_path / "data", "--speak-to", str(prompts),
                       *(["--wake", "hello back talk"] if wake else []))
        out, err = ended(run, timeout=4 * PORTAUDIO_WAIT + 60)
    assert run.returncode == 2, out + err
    assert "Traceback" not in err, err
    assert f"the sound system did not answer for {PORTAUDIO_WAIT:g} s" in err, err
    if wake:
        assert "the service starts BackTalk afresh" in err, err
        assert (prompts / "001.wav").exists()  # "I cannot hear you..."
    else:
        assert (prompts / "problem.wav").exists()
