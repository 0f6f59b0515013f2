"""Quiet answers raised before Whisper hears them, on real recordings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.asr.loudness import MAX_RAISE, QUIETEST_ANSWER, answer_level, raise_quiet
from assistant.bench.split import SPEECH_DIR
from assistant.voice.audio import read_wav

YES = SPEECH_DIR / "commands" / "yes"

pytestmark = pytest.mark.skipif(not YES.is_dir(), reason="the shared recordings are not here")


def recorded() -> list[bytes]:
    return [read_wav(path) for path in sorted(YES.glob("*.wav"))[:40]]


def quieter(pcm: bytes, db: float) -> bytes:
    samples = np.frombuffer(pcm, "<i2").astype(np.float64) * 10 ** (-db / 20)
    return np.round(samples).astype("<i2").tobytes()


def test_answers_of_ordinary_loudness_are_left_as_they_are() -> None:
    loud = [pcm for pcm in recorded() if answer_level(pcm) >= QUIETEST_ANSWER]
    assert len(loud) >= 30
    for pcm in loud:
        assert raise_quiet(pcm) == (pcm, 0.0)


@pytest.mark.parametrize("db", [20.0, 35.0])
def test_a_quiet_answer_is_raised_to_the_quietest_ordinary_level(db: float) -> None:
    for pcm in recorded()[:10]:
        soft = quieter(pcm, db)
        louder, raised = raise_quiet(soft)
        assert raised == pytest.approx(QUIETEST_ANSWER - answer_level(soft))
        assert answer_level(louder) == pytest.approx(QUIETEST_ANSWER, abs=0.5)
        # The same word: the raised samples follow the soft ones.
        a = np.frombuffer(soft, "<i2").astype(np.float64)
        b = np.frombuffer(louder, "<i2").astype(np.float64)
        assert np.corrcoef(a, b)[0, 1] > 0.99


def test_silence_is_not_raised() -> None:
    assert raise_quiet(bytes(32000)) == (bytes(32000), 0.0)
    assert raise_quiet(b"") == (b"", 0.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-32768, 32767), min_size=0, max_size=4000),
       st.floats(-60.0, -5.0))
def test_the_raise_is_bounded_and_never_lowers(values: list[int], floor: float) -> None:
    pcm = np.array(values, "<i2").tobytes()
    louder, raised = raise_quiet(pcm, floor)
    assert 0.0 <= raised <= MAX_RAISE
    assert len(louder) == len(pcm)
    if raised == 0.0:
        assert louder == pcm
    else:
        # Clipping can only keep the level from reaching the floor, not push it past.
        assert answer_level(pcm) < answer_level(louder) <= floor + 0.01
