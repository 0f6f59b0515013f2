"""The false-wake benchmark's room: one long recording heard turn after turn, as a live
microphone is, through the real waiting path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.bench import false_wakes
from assistant.bench.noise_mix import read_clip
from assistant.bench.split import HELD_OUT, half_of
from assistant.voice.audio import RATE, write_wav
from assistant.voice.channel import VoiceChannel
from assistant.voice.endpoint import EndpointSettings
from assistant.voice.tts import Speaker

SPEECH = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech"

pytestmark = pytest.mark.skipif(not (SPEECH / "commands").is_dir(),
                                reason="the shared recordings are not here")


@pytest.fixture(scope="module")
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer()


def held_out(word: str, index: int = 0) -> np.ndarray:
    clips = [p for p in sorted((SPEECH / "commands" / word).glob("*.wav"))
             if half_of(p) == HELD_OUT]
    return read_clip(clips[index])


def pause(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE), np.float32)


def test_a_room_goes_on_from_one_turn_to_the_next(tmp_path: Path,
                                                  whisper: WhisperRecognizer) -> None:
    # Three people's words in one recording, 2 s apart: a folder of answer files would
    # drop all but the first; the room hears each in its own turn.
    words = ("yes", "no", "left")
    audio = np.concatenate([part for word in words
                            for part in (pause(1.0), held_out(word, 2))] + [pause(2.0)])
    path = tmp_path / "room.wav"
    write_wav(path, (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    settings = EndpointSettings()
    channel = VoiceChannel(Speaker(), whisper, false_wakes.RoomInput(path), settings)
    heard = []
    while (turn := channel.listen(["yes", "no", "left", "right"])) is not None:
        heard.append(turn.text)
    assert [text for text in heard if text] == list(words)


def test_the_phrase_wakes_in_a_quiet_room_and_other_words_do_not(
        whisper: WhisperRecognizer, tmp_path: Path) -> None:
    phrase = false_wakes.spoken_phrase(tmp_path)
    quiet = np.concatenate([pause(1.0), phrase, pause(2.0)])
    woke = false_wakes.hear(whisper, quiet, ["help me"])
    assert (woke.wakes, woke.calls) == (1, 0)

    rng = np.random.default_rng(7)
    others = false_wakes.room(1, 20.0, rng, SPEECH)
    alone = false_wakes.hear(whisper, others, ["help me"])
    assert alone.turns >= 2  # the room was heard to its end, not as one turn
    assert (alone.wakes, alone.calls) == (0, 0)


def test_the_phrase_is_said_once_every_stretch_10_db_above_the_others() -> None:
    rng = np.random.default_rng(3)
    others = false_wakes.room(2, 45.0, rng, SPEECH)
    tone = 0.5 * np.sin(2 * np.pi * 440 * np.arange(RATE) / RATE).astype(np.float32)
    said, times = false_wakes.with_phrases(others, tone, rng, above_db=10.0)
    assert times == 3
    assert len(said) == len(others)
    block = round(false_wakes.EVERY_SECONDS * RATE)
    for begin in range(0, len(said), block):
        part = said[begin: begin + block].astype(np.float64)
        power = np.convolve(part ** 2, np.ones(RATE) / RATE, mode="valid")
        at = int(power.argmax())
        rest = np.concatenate([part[:at], part[at + RATE:]])
        # The tone's second: its own power plus the others', 10 dB above theirs.
        ratio_db = 10 * np.log10(power[at] / np.mean(rest ** 2))
        assert 8.0 < ratio_db < 13.0
