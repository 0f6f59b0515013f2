"""An answer among other people's voices ends when the nearest voice has ended.

Other voices are speech to the voice-activity model, so without this an answer said
while a television or other people talk went on to ``max_answer`` (15 s) every time.
Real recordings: tune-half Speech Commands words, with babble of four other speakers
10 dB below them (as the benchmarks mix it), or pink noise, or nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from speech import SPEECH_DATA, whisper_channel

from assistant.asr.templates import frame_levels
from assistant.bench import noise_mix
from assistant.bench.endpointing import Clip, usable_clips
from assistant.bench.split import TUNE, speaker_of
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import Matcher
from assistant.dialog.reader import default_dialogs_dir
from assistant.voice.audio import write_wav
from assistant.voice.channel import AMONG_VOICES
from assistant.voice.endpoint import Capture, EndpointSettings, capture_answer
from assistant.voice.foreground import HOP, WINDOW, LevelTrack
from assistant.voice.sound_check import PcmSource

SPEECH = SPEECH_DATA
BEFORE = 1.5
AFTER = 10.0
"""Seconds of other voices after the word: far longer than an answer needs."""

pytestmark = pytest.mark.skipif(not (SPEECH / "commands").is_dir(),
                                reason="the shared recordings are not here")


def speaker(clip: Clip) -> str:
    return speaker_of(clip.path)


@pytest.fixture(scope="module")
def words() -> list[Clip]:
    """Eight words of eight tune-half speakers."""
    chosen: list[Clip] = []
    for clip in usable_clips(SPEECH, TUNE, ("yes", "no", "left", "up"))[::7]:
        if speaker(clip) not in {speaker(c) for c in chosen}:
            chosen.append(clip)
    return chosen[:8]


def heard(stream: np.ndarray, settings: EndpointSettings | None = None) -> Capture:
    return capture_answer(PcmSource(noise_mix.to_pcm(stream)), settings)


def in_noise(clip: Clip, kind: str, seed: int) -> np.ndarray:
    stream = noise_mix.place(clip.audio, BEFORE, AFTER)
    noise = noise_mix.make_noise(kind, len(stream), np.random.default_rng(seed), SPEECH,
                                 speaker(clip))
    return noise_mix.mix(stream, noise, 10.0)


def test_an_answer_among_other_voices_ends_soon_after_the_nearest_voice(
        words: list[Clip]) -> None:
    settings = EndpointSettings()
    ended = 0
    for seed, clip in enumerate(words):
        capture = heard(in_noise(clip, "babble", seed))
        if capture.reason != "voice_over":
            continue
        ended += 1
        assert capture.voice is not None
        start, end = capture.voice
        # The voice found is the word's (its loud part: a soft end may be left out) ...
        assert start < BEFORE + clip.end and end > BEFORE + clip.start, clip.path.name
        assert start >= BEFORE + clip.start - 0.35 and end <= BEFORE + clip.end + 0.4
        # ... and listening stopped once it had been over for the end silence (later when
        # the others paused just then), long before the ten seconds of them ran out.
        assert end + settings.end_silence <= capture.heard_seconds <= \
            end + settings.end_silence + 2.0, clip.path.name
    assert ended >= 6, ended


def test_without_it_the_other_voices_keep_the_answer_going(words: list[Clip]) -> None:
    """What the rule replaces: the answer ends only at ``max_answer``."""
    settings = EndpointSettings(among_voices=False, max_answer=8.0)
    for seed, clip in enumerate(words[:3]):
        capture = heard(in_noise(clip, "babble", seed), settings)
        assert capture.reason == "max_length" and capture.voice is None


@pytest.mark.parametrize("kind", [None, "pink", "white"])
def test_a_word_in_a_quiet_room_or_in_steady_noise_ends_at_silence(
        words: list[Clip], kind: str | None) -> None:
    for seed, clip in enumerate(words):
        stream = noise_mix.place(clip.audio, BEFORE, 3.0) if kind is None \
            else in_noise(clip, kind, seed)[: round((BEFORE + 4.0) * noise_mix.RATE)]
        capture = heard(stream)
        assert capture.reason == "silence" and capture.voice is None, (kind, clip.path.name)


def test_one_person_s_loud_word_then_quieter_ones_is_not_a_voice_among_others(
        words: list[Clip]) -> None:
    """"NO... no, not really": the same voice 12 dB quieter after its first word, in a
    quiet room. The model's speech begins with the loud word, so the answer ends at the
    silence after the quieter words, never cut after the first."""
    for first, second in zip(words, words[1:], strict=False):
        quieter = second.audio * np.sqrt(noise_mix.active_power(first.audio)
                                          / noise_mix.active_power(second.audio)) / 4
        said = np.concatenate([noise_mix.place(first.audio, 1.0, 0.2),
                               noise_mix.place(quieter, 0.0, 0.2),
                               noise_mix.place(quieter, 0.0, 2.0)])
        capture = heard(said)
        assert capture.reason == "silence", (first.path.name, second.path.name)


def test_other_voices_alone_seldom_end_a_wait_as_if_someone_answered(
        words: list[Clip]) -> None:
    """Eight and a half seconds of babble with nobody answering, as loud as under the
    answers above: their own louder moments rarely stand out as a nearest voice (1 of
    180 in the tune half's endpointing benchmark)."""
    silent = np.zeros(round(8.5 * noise_mix.RATE), np.float32)
    ended = 0
    for seed, clip in enumerate(words):
        babble = noise_mix.make_noise("babble", len(silent), np.random.default_rng(seed),
                                      SPEECH, speaker(clip))
        level = noise_mix.scaled_noise(clip.audio, babble, 10.0)
        ended += heard(noise_mix.fit(level, len(silent)).astype(np.float32)).voice is not None
    assert ended <= 1


def test_what_is_made_out_of_an_answer_among_other_voices_is_confirmed(
        tmp_path: Path, words: list[Clip]) -> None:
    """Through the voice channel and Whisper: an answer that ended with the nearest voice
    is never surer than an answer that is confirmed, whether all of it or the nearest
    voice alone was made out."""
    for seed, clip in enumerate(words):
        write_wav(tmp_path / f"{seed:03d}.wav",
                  noise_mix.to_pcm(in_noise(clip, "babble", seed)[
                      : round((BEFORE + 4.0) * noise_mix.RATE)]))
    dialog = load_dialog(default_dialogs_dir())
    grammar = Matcher(dialog.language).grammar(dialog.questions["fever"])
    channel = whisper_channel(tmp_path)
    over = 0
    for _ in words:
        answer = channel.listen(grammar)
        assert answer is not None
        if answer.details["endpoint"] != "voice_over":
            continue
        over += 1
        assert answer.among_voices and answer.confidence <= AMONG_VOICES
    assert over >= 5, over


@given(st.lists(st.integers(0, 3000), min_size=1, max_size=12), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_levels_of_audio_heard_piece_by_piece_are_those_of_all_of_it(
        pieces: list[int], seed: int) -> None:
    samples = np.random.default_rng(seed).integers(-20000, 20000, sum(pieces), dtype=np.int16)
    track = LevelTrack()
    at = 0
    for size in pieces:
        track.add(samples[at: at + size].tobytes())
        at += size
    if len(samples) < WINDOW:
        assert len(track.levels) == 0
    else:
        np.testing.assert_allclose(
            track.levels, frame_levels(samples.astype(np.float64), WINDOW, HOP))
