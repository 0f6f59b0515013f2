"""PortAudio calls given up on a sound server that hangs (the real server frozen:
test_sound_server_hangs.py). Here the call is one that behaves as sounddevice's device
scan does on a hung server: it sends the standard error to /dev/null, then never ends."""

from __future__ import annotations

import os
import threading

import pytest

from assistant.voice.audio import AudioError, SoundSystemHung
from assistant.voice.audio.portaudio_wait import within


def test_a_call_that_ends_gives_its_result_or_its_error() -> None:
    assert within(lambda: 42, "counting", wait=5.0) == 42

    def fails() -> None:
        raise ValueError("no such device")

    with pytest.raises(ValueError, match="no such device"):
        within(fails, "opening", wait=5.0)


def test_a_call_that_never_ends_is_given_up_and_the_standard_error_given_back() -> None:
    before, saved = os.fstat(2), os.dup(2)
    release = threading.Event()

    def scan_of_a_hung_server() -> None:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
        release.wait(30)

    try:
        with pytest.raises(SoundSystemHung, match="did not answer for 0.5 s while looking"):
            within(scan_of_a_hung_server, "looking", wait=0.5)
        after = os.fstat(2)
        assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)
    finally:
        release.set()
        os.dup2(saved, 2)  # for the tests after this one, whatever happened
        os.close(saved)
    assert issubclass(SoundSystemHung, AudioError)  # handled as a failing microphone
