"""Waiting for a lost microphone to come back, when BackTalk runs all day (with a wake
phrase, as the service does): a microphone unplugged to be moved, or a sound server that
restarts, must not leave it needing someone at a keyboard."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from .common import EXIT_BAD_INPUT, UserError
from .voice_parts import HELP_NOW

RETRY_SECONDS = 5.0
"""How often a lost microphone is tried again: soon enough after it is plugged back in,
rare enough to cost nothing while it is away."""
REOPEN_TIMEOUT = 20.0
"""Longest one attempt to open the microphone may take. A sound server that has stopped
answering (frozen, not ended) blocks the attempt until it answers again; BackTalk then
stops, so that the service starts it afresh, rather than stay deaf."""
MICROPHONE_GONE = ["I cannot hear you, because my microphone is not working.",
                   "Please check that it is plugged in. I will listen again as soon as it "
                   "works."]
MICROPHONE_BACK = ["I can hear you again."]


def can_wait(voice: Any, wake: Any, problem: BaseException | None) -> bool:
    """Whether to wait for the microphone rather than stop: a live microphone failed while
    BackTalk runs with a wake phrase (a broken recognizer or answer files never come back)."""
    from ..voice.audio import LASTING_FAULTS, AudioError

    return (wake is not None and isinstance(problem, AudioError)
            and not isinstance(problem, LASTING_FAULTS)
            and callable(getattr(voice.channel.answers, "reopen", None)))


def wait_for_microphone(voice: Any, settings: Any, problem: BaseException,
                        retry: float = RETRY_SECONDS) -> None:
    """Say once that the microphone is gone, then try it every ``retry`` seconds until it
    opens again (Ctrl-C, or the service being stopped, ends the wait)."""
    from ..voice.audio import LASTING_FAULTS, AudioError

    print(f"backtalk: {problem}\nTrying the microphone again every {retry:g} s "
          "(Ctrl-C to quit)...", file=sys.stderr, flush=True)
    help_now = HELP_NOW.replace("{number}", str(settings["emergency_number"]))
    _say(voice, [*MICROPHONE_GONE, help_now])
    reported = ""
    while True:
        time.sleep(retry)
        still = _reopen(voice)
        if still is None:
            print("The microphone works again.", flush=True)
            _say(voice, MICROPHONE_BACK)
            return
        if isinstance(still, LASTING_FAULTS):
            # It came back but cannot be used as it is: a fault to report, not to wait for.
            raise UserError(str(still)) from still
        if not isinstance(still, AudioError):
            raise still
        if str(still) != reported:  # each new reason once, not every few seconds
            reported = str(still)
            print(f"backtalk: the microphone is still not working: {still}", file=sys.stderr,
                  flush=True)


def _reopen(voice: Any, timeout: float = REOPEN_TIMEOUT) -> Exception | None:
    """One attempt to open the microphone again: None when it opened, else why not. An
    attempt that does not end within ``timeout``, or finds the sound system hung, ends
    BackTalk (exit 2) for the service to restart: a normal exit would wait on the same
    stuck sound system."""
    from ..voice.audio import SoundSystemHung
    from ..voice.audio.portaudio_wait import within

    try:
        within(voice.channel.answers.reopen, "the microphone was opened again", timeout)
    except SoundSystemHung as hung:
        print(f"backtalk: {hung}; stopping so that the service starts BackTalk afresh "
              "(every answer so far is saved)", file=sys.stderr, flush=True)
        os._exit(EXIT_BAD_INPUT)
    except Exception as exc:  # noqa: BLE001 - why it is still missing, for the caller
        return exc
    return None


def _say(voice: Any, sentences: list[str]) -> None:
    from ..voice.tts import SpeechError

    try:
        voice.channel.say(sentences)
    except SpeechError as exc:  # the speaker may be on the same lost device
        print(f"backtalk: this could not be said aloud: {exc}", file=sys.stderr, flush=True)
