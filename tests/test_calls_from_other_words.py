"""Recordings of other words, heard by Whisper while BackTalk waits, are rarely taken for a
call for help or the wake phrase. Its own file (from tests/test_wake.py): the suite runs a
file on one worker, and this is its slowest test, which can then run beside the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from speech import SPEECH_DATA, command_clips, command_words
from waiting import FALSE_WAKE_CEILING, PHRASE, calls_listened_for, hear_recordings

from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.voice.wake import WakePhrase

CALL_CLIPS_PER_WORD = 4
"""Recordings per word heard by Whisper for false calls (its answers cost more CPU than
pocketsphinx's), the first by name, so mostly different speakers."""


@pytest.fixture(scope="module")
def whisper_wake() -> tuple[WhisperRecognizer, WakePhrase]:
    """The phrase as BackTalk waits for it with Whisper: the calls for help too."""
    whisper = WhisperRecognizer()
    return whisper, WakePhrase(PHRASE, whisper, calls_listened_for())


@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason=f"no recordings in {SPEECH_DATA}")
def test_recordings_of_other_words_are_rarely_taken_for_a_call(
        whisper_wake: tuple[WhisperRecognizer, WakePhrase], tmp_path: Path) -> None:
    whisper, wake = whisper_wake
    clips = [(w, p) for w in command_words() for p in command_clips(w)[:CALL_CLIPS_PER_WORD]]

    heard = hear_recordings(clips, whisper, wake, tmp_path)

    taken = [f"{word}: {path.name} as {h.text!r}"
             for (word, path), h in zip(clips, heard, strict=True)
             if wake.is_call(h.text, h.confidence) or wake.matches(h.text, h.confidence)]
    print(f"\ntaken for a call or the phrase: {len(taken)}/{len(clips)} {taken}")
    assert len(taken) / len(clips) <= FALSE_WAKE_CEILING, taken
