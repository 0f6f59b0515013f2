"""``backtalk test-audio`` with real audio: a person's recorded "yes" (shared recordings)
as it comes in at a good level, too quiet, too loud, or not at all; the sample sentence
said by espeak-ng at the configured pace and volume; and the whole check live, through a
PulseAudio null sink that the speaker plays into and the microphone records from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from speech import answered_check, command_clips, silence

from assistant.bench.pulse_room import PulseServer
from assistant.cli import main
from assistant.cli.common import EXIT_UNAVAILABLE
from assistant.voice.audio import ChainSource, SilenceSource, read_wav, write_wav
from assistant.voice.endpoint import EndpointSettings, capture_answer
from assistant.voice.sound_check import PcmSource, advice, levels
from assistant.voice.tts import wav_duration

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def said_yes() -> bytes:
    clips = command_clips("yes")
    if not clips:
        pytest.skip("the shared recordings are not there")
    return read_wav(clips[0])


def scaled(pcm: bytes, factor: float) -> bytes:
    samples = np.frombuffer(pcm, "<i2").astype(np.float64) * factor
    return np.clip(samples, -32768, 32767).astype("<i2").tobytes()


@pytest.mark.parametrize(("factor", "fit", "says"), [
    (1.0, True, "The sound is good"),
    (0.1, False, "too quiet"),
    (40.0, False, "too loud"),
    (0.0, False, "I heard nothing"),
])
def test_advice_for_the_level_of_a_real_voice(said_yes: bytes, factor: float, fit: bool,
                                              says: str) -> None:
    pcm = silence(0.5) + scaled(said_yes, factor) + silence(1.0)
    found = levels(pcm)
    capture = capture_answer(ChainSource(PcmSource(pcm), SilenceSource(2.0)),
                             EndpointSettings())
    good, sentences = advice(found, capture.speech, "yes" if capture.speech else "")
    assert good is fit, (found, capture.speech)
    assert says in " ".join(sentences)


def run_check(tmp_path: Path, name: str, pcm: bytes, *options: str) -> int:
    answers = tmp_path / f"answers-{name}"
    answers.mkdir()
    write_wav(answers / "001.wav", pcm)
    return main(["test-audio", "--asr", "pocketsphinx", "--input-wav-dir", str(answers),
                 "--speak-to", str(tmp_path / f"said-{name}"), *options])


def test_a_clear_yes_passes_and_a_faint_one_is_told_to_come_closer(
        tmp_path: Path, said_yes: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(tmp_path, "clear", said_yes, "--rate", "180") == 0
    out = capsys.readouterr().out
    assert "Heard: yes" in out and "The sound is good" in out and "Level: voice" in out

    assert run_check(tmp_path, "faint", scaled(said_yes, 0.1), "--rate", "100",
                     "--volume", "0.5") == 1
    out = capsys.readouterr().out
    assert "too quiet" in out and "Come closer" in out
    # The advice is said as well as printed, after the sample sentence.
    assert sorted(p.name for p in (tmp_path / "said-faint").iterdir()) == ["001.wav",
                                                                         "002.wav"]
    # The sample sentence follows the configured pace and volume.
    fast, slow = tmp_path / "said-clear" / "001.wav", tmp_path / "said-faint" / "001.wav"
    assert wav_duration(slow) > 1.4 * wav_duration(fast)
    assert levels(read_wav(slow)).voice < levels(read_wav(fast)).voice - 3


def test_nothing_heard_is_said_with_what_to_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(tmp_path, "silent", silence(3.0), "--seconds", "2") == 1
    out = capsys.readouterr().out
    assert "Heard: nothing" in out and "plugged in" in out


@pytest.fixture(scope="module")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    if shutil.which("pulseaudio") is None or shutil.which("aplay") is None:
        pytest.skip("pulseaudio and aplay are needed for a live device without a sound card")
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def backtalk(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT,
                            env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_the_whole_check_live_through_a_null_sink(pulse: PulseServer, tmp_path: Path,
                                                  said_yes: bytes) -> None:
    clip = tmp_path / "yes.wav"
    write_wav(clip, said_yes)
    # The speaker (aplay) plays into the sink; the microphone records its monitor.
    check = backtalk("test-audio", "--asr", "pocketsphinx", "--device", "pulse",
                     "--seconds", "3", "--rate", "220", env=pulse.client_env())
    # The person answers while it records.
    shown, err = answered_check(check, lambda: pulse.play(clip).wait(10))
    assert check.returncode == 0, shown + err
    assert "Heard: yes" in shown and "The sound is good" in shown


def test_devices_exits_0_with_a_microphone_and_a_speaker(pulse: PulseServer) -> None:
    listing = backtalk("devices", env=pulse.client_env())
    out, err = listing.communicate(timeout=60)
    assert listing.returncode == 0, out + err
    assert "pulse" in out


def test_devices_exits_4_without_them() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PULSE_SERVER"}
    if Path("/proc/asound/cards").is_file() and \
            "no soundcards" not in Path("/proc/asound/cards").read_text():
        pytest.skip("this machine has a sound card")
    listing = backtalk("devices", env=env)
    out, err = listing.communicate(timeout=60)
    assert listing.returncode == EXIT_UNAVAILABLE, out + err
    # Said as every problem is: one "backtalk:" line on standard error.
    assert err.startswith("backtalk: no audio devices found") or \
        err.startswith("backtalk: no microphone"), out + err
