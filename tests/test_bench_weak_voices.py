"""The weak-voice benchmark's answers: quieter by what it says, inside a microphone's hiss,
from the half it names."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.bench.clips import NOISE, NON_ANSWER
from assistant.bench.noise_mix import MICROPHONE_HISS
from assistant.bench.split import SPEECH_DIR, half_of
from assistant.bench.weak_voices import AFTER, ANSWERS, BEFORE, chosen_trials, weak
from assistant.bench.whisper_tuning import trials as planned
from assistant.voice.audio import read_wav

YES = SPEECH_DIR / "commands" / "yes"

pytestmark = pytest.mark.skipif(not YES.is_dir(), reason="the shared recordings are not here")


def level(samples: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(samples.astype(np.float64) ** 2)))


@pytest.mark.parametrize("quieter", [30.0, 40.0])
def test_the_word_is_that_much_quieter_inside_hiss(quieter: float) -> None:
    pcm = read_wav(sorted(YES.glob("*.wav"))[3])
    word = np.frombuffer(pcm, "<i2").astype(np.float64) / 32768
    out = np.frombuffer(weak(pcm, quieter, np.random.default_rng(1)), "<i2") / 32768
    before, after = int(BEFORE * 16000), int(AFTER * 16000)
    assert len(out) == before + len(word) + after
    assert level(out[:before]) == pytest.approx(MICROPHONE_HISS, abs=1.0)
    assert level(out[-after:]) == pytest.approx(MICROPHONE_HISS, abs=1.0)
    # The word's loud part: its level less ``quieter``, the hiss under it adding little.
    loud = np.abs(word) > np.abs(word).max() / 4
    inside = out[before: before + len(word)]
    assert level(inside[loud]) == pytest.approx(level(word[loud]) - quieter, abs=1.0)


def test_the_trials_are_the_halfs_answers_noise_and_some_other_words() -> None:
    trials = chosen_trials(planned(SPEECH_DIR)[0], "tune", 25)
    assert all(half_of(t.clip) == "tune" for t in trials if t.group != NOISE)
    groups = {t.group for t in trials}
    assert set(ANSWERS) <= groups and NOISE in groups
    others = [t for t in trials if t.group == NON_ANSWER]
    assert len(others) == 25
    # Spread over people: no speaker twice among 25 when the half has more than 25.
    assert len({t.clip.name.split("_nohash_")[0] for t in others}) == 25
