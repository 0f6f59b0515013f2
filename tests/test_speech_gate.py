"""The speech check every recognizer asks first, on real recordings: an answer said over a
loud, steady background is speech; noise alone is not."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.asr import base, silero
from assistant.asr.base import energy_rise_present, model_hears_speech, speech_present
from assistant.voice.audio.wav import read_wav

COMMANDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech" / "commands"
UNDER_LOUD_BACKGROUND = ("yes/6205088b_nohash_0.wav", "yes/6205088b_nohash_1.wav",
                         "no/1cb788bc_nohash_0.wav")
"""Answers whose background is within 3 dB of the word: the energy check hears nothing."""

pytestmark = pytest.mark.skipif(not COMMANDS.is_dir(), reason="the shared recordings are not here")


@pytest.mark.parametrize("name", UNDER_LOUD_BACKGROUND)
def test_an_answer_over_a_loud_steady_background_counts_as_speech(name: str) -> None:
    audio = read_wav(COMMANDS / name)

    assert not energy_rise_present(audio)
    assert model_hears_speech(audio)
    assert speech_present(audio)


def test_noise_alone_is_not_speech_to_the_model() -> None:
    clips = sorted((COMMANDS / "_noise_").glob("*.wav"))[:40]
    assert len(clips) >= 20

    heard = [c.name for c in clips if model_hears_speech(read_wav(c))]

    assert heard == []


def test_without_the_model_the_energy_check_decides_and_says_so(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def missing(path: Path | None = None) -> silero.SileroModel:
        raise silero.VadModelError("no voice-activity model: faster-whisper is not installed")

    monkeypatch.setattr(silero, "load_model", missing)
    monkeypatch.setattr(base, "_model_warned", [])
    quiet_background = read_wav(COMMANDS / "yes" / "022cd682_nohash_0.wav")
    loud_background = read_wav(COMMANDS / UNDER_LOUD_BACKGROUND[0])

    with caplog.at_level(logging.WARNING):
        assert speech_present(quiet_background)
        assert not speech_present(loud_background)
        assert not speech_present(loud_background)

    warnings = [r for r in caplog.records if "energy only" in r.getMessage()]
    assert len(warnings) == 1
