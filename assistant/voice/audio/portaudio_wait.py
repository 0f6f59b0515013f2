"""PortAudio calls that a sound server which hangs (frozen, not ended) would hold for
ever: looking for devices, opening one. Each runs in a thread of its own and is given
up after :data:`PORTAUDIO_WAIT`, so BackTalk can say why and stop for its service to
start it afresh, instead of waiting silently from boot on."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from .pcm import AudioError

T = TypeVar("T")

PORTAUDIO_WAIT = 15.0
"""Seconds; under the 20 s :mod:`..cli.microphone_back` gives one attempt to open the
microphone again, so that the reason reaches it."""


class SoundSystemHung(AudioError):
    """The sound server stopped answering (frozen, not ended): PortAudio could not look
    for devices, open or close one in time, and waiting longer would be for ever."""


def within(call: Callable[[], T], what: str, wait: float = PORTAUDIO_WAIT) -> T:
    """``call()``'s result (or its exception); SoundSystemHung if it has not returned
    after ``wait`` seconds (``what``: what it was doing, for the message)."""
    # sounddevice sends the standard error to /dev/null while PortAudio scans, to hide
    # ALSA's chatter: a scan that never ends would leave it there, and every message after.
    try:
        stderr: int | None = os.dup(2)
    except OSError:  # started with no standard error at all: nothing to give back
        stderr = None
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            outcome.append((False, exc))

    try:
        worker = threading.Thread(target=run, name="portaudio", daemon=True)
        worker.start()
        worker.join(wait)
        if not outcome:
            if stderr is not None:
                os.dup2(stderr, 2)
            raise SoundSystemHung(f"the sound system did not answer for {wait:g} s while "
                                  f"{what}")
    finally:
        if stderr is not None:
            os.close(stderr)
    done, value = outcome[0]
    if not done:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]
