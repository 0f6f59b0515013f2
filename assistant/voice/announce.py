"""Saying a problem aloud: the person may have no screen, so a failure that stops BackTalk
(no microphone, no speech recognizer) is spoken as well as printed, whenever the speaker
works."""

from __future__ import annotations

import logging
from pathlib import Path

from .tts import Speaker

log = logging.getLogger(__name__)

PROBLEM_WAV = "problem.wav"
"""With ``--speak-to DIR`` the problem is said into DIR/problem.wav (problem-2.wav when a
run before left one there, and so on: a file already there is never overwritten)."""


def say_aloud(speaker: Speaker, sentences: list[str], speak_to: Path | None = None
              ) -> str | None:
    """Say ``sentences`` through the speaker (or into ``speak_to``/problem.wav); None when
    they were said, else why not. It never raises: the problem being reported matters
    more than this one."""
    try:
        if speak_to is not None:
            speaker.save(sentences, _free(speak_to))
        else:
            speaker.speak(sentences)
    except Exception as exc:  # noqa: BLE001 - any failure here must not hide the first one
        log.info("the problem could not be said aloud: %s", exc)
        return str(exc) or type(exc).__name__
    return None


def _free(folder: Path) -> Path:
    """The first of problem.wav, problem-2.wav, ... not in ``folder``."""
    stem, suffix = PROBLEM_WAV.rsplit(".", 1)
    for n in range(1, 10_000):
        path = folder / (PROBLEM_WAV if n == 1 else f"{stem}-{n}.{suffix}")
        if not path.exists() and not path.is_symlink():
            return path
    return folder / PROBLEM_WAV  # refused by save as already there, and said so
