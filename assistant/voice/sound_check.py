"""The sound check before a screening (``backtalk test-audio``): how loud the microphone
brings in a voice, and what to do when it is too quiet, too loud or hears nothing.

The levels are those of the recording itself (dBFS: 0 is the loudest a sample can be).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .audio import FRAME_BYTES, FRAME_SECONDS, RATE, AudioSource
from .level import frame_level

SAMPLE_SENTENCE = "This is a sound test. Please say: yes, I can hear you."
GRAMMAR = ["yes i can hear you", "i can hear you", "yes", "no", "louder", "quieter"]
"""What the person is asked to say, and what else they might answer."""

TOO_QUIET = -35.0
"""dBFS: a voice whose loudest moments stay under this is too faint for the recognizers
(speech at a normal distance from a USB microphone is about -25 to -10)."""
NOTHING = -55.0
"""dBFS: under this nothing but room noise was recorded."""
CLIPPED = 32000
"""A sample this close to the limit was cut off (clipping distorts the voice)."""
CLIPPED_SHARE = 0.001
"""More clipped samples than this share of the recording is too loud."""
LOUDEST_WINDOW = 0.3
"""Seconds over which the voice's level is taken: its loudest stretch of that length."""


@dataclass(frozen=True)
class Levels:
    peak: float
    """dBFS of the loudest sample."""
    voice: float
    """dBFS (RMS) of the loudest 0.3 s: the voice, when someone spoke."""
    background: float
    """dBFS (RMS) of the quietest frames (5th percentile): the room."""
    clipped: float
    """Share of samples at the limit."""


def loudest(frame_levels: Sequence[float]) -> float:
    """dBFS (RMS) of the loudest :data:`LOUDEST_WINDOW` of frames with these levels."""
    if not frame_levels:
        return -150.0
    width = max(1, round(LOUDEST_WINDOW / FRAME_SECONDS))
    power = np.power(10.0, np.array(frame_levels) / 10)
    windows = np.convolve(power, np.ones(width) / width, mode="valid") if \
        len(frame_levels) >= width else np.array([power.mean()])
    return float(10 * np.log10(max(windows.max(), 1e-15)))


def levels(pcm: bytes) -> Levels:
    samples = np.frombuffer(pcm, "<i2").astype(np.float64)
    if samples.size == 0:
        return Levels(-150.0, -150.0, -150.0, 0.0)
    frames = [frame_level(pcm[i:i + FRAME_BYTES]) for i in range(0, len(pcm), FRAME_BYTES)]
    peak = float(np.max(np.abs(samples)))
    return Levels(peak=20 * np.log10(max(peak, 1e-3) / 32768),
                  voice=loudest(frames),
                  background=float(np.percentile(frames, 5)),
                  clipped=float(np.mean(np.abs(samples) >= CLIPPED)))


def advice(found: Levels, speech: bool, heard: str) -> tuple[bool, list[str]]:
    """Whether the sound is fit for a screening, and what to tell the person (sentences
    short enough to be spoken)."""
    if found.voice < NOTHING:
        return False, ["I heard nothing.",
                       "Check that the microphone is plugged in, switched on and not muted.",
                       "Then try again, and speak after my sentence ends."]
    if found.clipped > CLIPPED_SHARE:
        return False, ["Your voice came in too loud, so it is distorted.",
                       "Turn the microphone level down, or move a little further away."]
    if found.voice < TOO_QUIET:  # so faint that it may not even be taken for speech
        return False, ["Your voice came in too quiet.",
                       "Come closer to the microphone, or turn its level up."]
    if not speech:
        return False, ["I heard a sound, but no voice.",
                       "Please try again, and speak after my sentence ends."]
    if not heard:
        return False, ["I heard your voice, but I could not make out the words.",
                       "Try again in a quieter room, and speak a little slower."]
    return True, [f"I heard: {heard}. The sound is good."]


class PcmSource:
    """Audio already recorded, handed out frame by frame (for the endpointer)."""

    def __init__(self, pcm: bytes) -> None:
        self._pcm = pcm + bytes(-len(pcm) % FRAME_BYTES)
        self._pos = 0

    def read(self, timeout: float) -> bytes | None:
        if self._pos >= len(self._pcm):
            return None
        self._pos += FRAME_BYTES
        return self._pcm[self._pos - FRAME_BYTES:self._pos]

    def discard_pending(self) -> None:
        """Nothing arrives behind the reader's back."""

    def close(self) -> None:
        self._pos = len(self._pcm)


def record(source: AudioSource, seconds: float, stall: float = 3.0) -> bytes:
    """``seconds`` of audio from ``source`` (less if it ends, or stops delivering for
    ``stall`` seconds)."""
    wanted = round(seconds * RATE) * 2
    got: list[bytes] = []
    size = 0
    last = time.monotonic()
    while size < wanted:
        chunk = source.read(0.2)
        if chunk is None:
            break
        if not chunk:
            if time.monotonic() - last > stall:
                break
            continue
        last = time.monotonic()
        got.append(chunk)
        size += len(chunk)
    return b"".join(got)[:wanted]
