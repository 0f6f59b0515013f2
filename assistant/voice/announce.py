"""Saying a problem aloud: the person may have no screen, so a failure that stops BackTalk
(no microphone, no speech recognizer) is spoken as well as printed, whenever the speaker
works."""

from __future__ import annotations

import logging
from pathlib import Path

from .tts import Speaker

log = logging.getLogger(__name__)

PROBLEM_WAV = "problem.wav"
"""With ``--speak-to DIR`` the problem is said into DIR/problem.wav."""


def say_aloud(speaker: Speaker, sentences: list[str], speak_to: Path | None = None
              ) -> str | None:
    """Say ``sentences`` through the speaker (or into ``speak_to``/problem.wav); None when
    they were said, else why not. It never raises: the problem being reported matters
    more than this one."""
    try:
        if speak_to is not None:
            speaker.save(sentences, speak_to / PROBLEM_WAV)
        else:
            speaker.speak(sentences)
    except Exception as exc:  # noqa: BLE001 - any failure here must not hide the first one
        log.info("the problem could not be said aloud: %s", exc)
        return str(exc) or type(exc).__name__
    return None
