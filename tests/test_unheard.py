"""A short word the voice-activity model did not take for speech is still heard.

Real recordings: some people's short "up" gets a speech probability under the model's
threshold, so the wait ends with no answer heard; its loudest sound is then given to the
recognizer, never as a sure answer. Noise alone must give nothing, in any grammar.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from speech import whisper_channel

from assistant.bench import noise_mix
from assistant.bench.clips import spread
from assistant.bench.split import SPEECH_DIR, TUNE, half_of
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import ANSWER, Matcher
from assistant.dialog.reader import default_dialogs_dir
from assistant.voice.audio import RATE, read_wav, write_wav
from assistant.voice.channel import UNHEARD
from assistant.voice.unheard import LONGEST, loudest_sound

COMMANDS = SPEECH_DIR / "commands"
needs_recordings = pytest.mark.skipif(not COMMANDS.is_dir(),
                                      reason="the shared recordings are not here")


def hiss(seconds: float, seed: int = 0) -> np.ndarray:
    return noise_mix.hiss(round(seconds * RATE), np.random.default_rng(seed))


def test_a_room_with_nothing_in_it_gives_no_sound() -> None:
    assert loudest_sound(noise_mix.to_pcm(hiss(8.0))) is None
    assert loudest_sound(bytes(2 * RATE * 8)) is None


def test_the_loudest_sound_is_cut_from_the_wait() -> None:
    burst = 0.05 * np.sin(np.arange(round(0.3 * RATE)) * 2 * np.pi * 300 / RATE)
    room = hiss(8.0)
    room[5 * RATE: 5 * RATE + len(burst)] += burst
    pcm = noise_mix.to_pcm(room)
    sound = loudest_sound(pcm)
    assert sound is not None
    start = pcm.find(sound) / (2 * RATE)
    assert 4.6 <= start <= 5.0
    assert start + len(sound) / (2 * RATE) >= 5.3
    assert len(sound) / (2 * RATE) < 1.0


def test_a_long_loud_stretch_is_no_word() -> None:
    room = hiss(8.0)
    room[2 * RATE: round((2 + LONGEST + 0.5) * RATE)] += 0.05
    assert loudest_sound(noise_mix.to_pcm(room)) is None


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 7 * RATE), st.floats(0.05, 1.0), st.floats(-40.0, -3.0))
def test_the_sound_is_one_piece_of_the_wait_round_its_loudest_moment(
        at: int, seconds: float, level_db: float) -> None:
    room = hiss(8.0, seed=at)
    length = min(round(seconds * RATE), len(room) - at)
    room[at: at + length] += 10 ** (level_db / 20) * np.sin(np.arange(length) * 0.2)
    pcm = noise_mix.to_pcm(room)
    sound = loudest_sound(pcm)
    if sound is None:
        return
    start = pcm.find(sound)
    assert start >= 0 and start % 2 == 0
    middle = 2 * (at + length // 2)
    assert start <= middle <= start + len(sound)


@needs_recordings
def test_a_short_word_the_detector_missed_is_still_heard(tmp_path: Path) -> None:
    """The tune half's "up"s that the voice-activity model never hears at their own level:
    heard as the upper back, never as another answer, never sure."""
    clips = sorted(p for p in (COMMANDS / "up").glob("*.wav") if half_of(p) == TUNE)
    for i, clip in enumerate(clips):
        write_wav(tmp_path / f"{i:04d}.wav", read_wav(clip))
    dialog = load_dialog(default_dialogs_dir())
    matcher, question = Matcher(dialog.language), dialog.questions["location"]
    grammar = matcher.grammar(question)
    off, on = whisper_channel(tmp_path), whisper_channel(tmp_path)
    missed = 0
    right = 0
    for clip in clips:
        unheard = off.listen(grammar, unheard_words=False)
        heard = on.listen(grammar)
        assert unheard is not None and heard is not None
        if unheard.details["speech_seconds"] > 0:
            assert "unheard_word" not in heard.details, clip.name
            continue
        missed += 1
        assert unheard.text == "", clip.name
        if not heard.text:
            continue
        assert heard.confidence <= UNHEARD, clip.name
        meaning = matcher.interpret(question, heard.text)
        assert meaning.kind == ANSWER and meaning.value == "upper", (clip.name, heard.text)
        right += 1
    assert missed >= 4
    assert right >= 3


def burst_of(pcm: bytes, seconds: float = 0.35) -> bytes:
    """The ``seconds`` of ``pcm`` round its loudest moment: a knock, a clatter, a cough."""
    samples = np.frombuffer(pcm, "<i2").astype(np.float64)
    power = np.convolve(samples ** 2, np.ones(800), "same")
    start = max(0, int(power.argmax()) - round(0.1 * RATE))
    return pcm[2 * start: 2 * (start + round(seconds * RATE))]


@needs_recordings
def test_short_noises_give_no_answer_and_no_call_for_help(tmp_path: Path) -> None:
    """Short bursts of the background-noise recordings, each alone in a wait, on a yes/no
    question whose grammar also holds the calls for help and the commands: each is given
    to the recognizer, and nothing is made out of any of them."""
    noise = spread(sorted((COMMANDS / "_noise_").glob("*.wav")), 40)
    bursts = [burst_of(read_wav(clip)) for clip in noise]
    for i, burst in enumerate(bursts):
        write_wav(tmp_path / f"{i:04d}.wav", burst)
    # Not vacuous: in a wait, almost every burst stands out as a sound to be heard.
    waits = [bytes(2 * RATE) + burst + bytes(8 * 2 * RATE) for burst in bursts]
    assert sum(loudest_sound(wait) is not None for wait in waits) >= 30
    dialog = load_dialog(default_dialogs_dir())
    grammar = Matcher(dialog.language).grammar(dialog.questions["fever"])
    channel = whisper_channel(tmp_path)
    for clip in noise:
        heard = channel.listen(grammar)
        assert heard is not None
        assert heard.text == "", (clip.name, heard.text)
