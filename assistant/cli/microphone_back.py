"""Waiting for a lost microphone to come back, when BackTalk runs all day (with a wake
phrase, as the service does): a microphone unplugged to be moved, or a sound server that
restarts, must not leave it needing someone at a keyboard."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from .common import UserError
from .voice_parts import HELP_NOW

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
"""How often a lost microphone is tried again: soon enough after it is plugged back in,
rare enough to cost nothing while it is away."""
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
    while True:
        time.sleep(retry)
        try:
            voice.channel.answers.reopen()
        except LASTING_FAULTS as exc:
            # It came back but cannot be used as it is: a fault to report, not to wait for.
            raise UserError(str(exc)) from exc
        except AudioError as still:
            log.info("the microphone is still missing: %s", still)
            continue
        print("The microphone works again.", flush=True)
        _say(voice, MICROPHONE_BACK)
        return


def _say(voice: Any, sentences: list[str]) -> None:
    from ..voice.tts import SpeechError

    try:
        voice.channel.say(sentences)
    except SpeechError as exc:  # the speaker may be on the same lost device
        print(f"backtalk: this could not be said aloud: {exc}", file=sys.stderr, flush=True)
