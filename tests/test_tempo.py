"""Changing an answer's pace (`assistant.asr.tempo`), as the personal recognizer does."""

from __future__ import annotations

import pytest
from speech import command_clips, need_tools

from assistant.asr.tempo import at_tempo
from assistant.voice.audio.wav import read_wav


def test_the_same_answer_slowed_twice_is_the_same_audio() -> None:
    """A person's "yes" slowed to 0.7 twice, by two runs of sox: the recognizer must hear
    one answer the same way every time (sox dithers with a new seed each run otherwise)."""
    need_tools("sox")
    clips = command_clips("yes")
    if not clips:
        pytest.skip("needs ../shared/data/speech")
    pcm = read_wav(clips[0])
    first, second = at_tempo(pcm, 0.7), at_tempo(pcm, 0.7)
    assert len(first) > len(pcm) * 1.3
    assert first == second
