"""Speech or not by loudness alone: the energy detector, frame by frame.

It was the endpointer's only detector; it is now the fallback when the voice-activity
model (:mod:`.vad`) cannot be loaded, or when ``detector="energy"`` is asked for.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from .audio import FRAME_SECONDS

CALIBRATION = 0.3
"""Seconds of audio heard before the adaptive threshold decides anything."""
FLOOR_WINDOW = 3.0
"""Seconds over which the noise floor is the quietest level (speech has gaps; noise does not)."""
LOWEST_FLOOR = -70.0
"""dBFS: the floor is never taken lower, so digital silence and hiss never count as speech."""
QUIET_ROOM = -50.0
"""dBFS: the floor assumed at the start when the first moments already held a louder sound."""
STEADY = 6.0
"""dB: how far noise varies over the first moments (speech varies far more)."""

def frame_level(frame: bytes) -> float:
    """The RMS level of PCM s16le in dBFS (about -150 for digital silence)."""
    samples = np.frombuffer(frame, "<i2").astype(np.float64)
    rms = math.sqrt(float(np.mean(samples * samples))) if len(samples) else 0.0
    return 20 * math.log10(max(rms, 1e-3) / 32768)


class EnergyDetector:
    """Speech or not, frame by frame, by level; with the adaptive threshold, the first
    frames are decided only once the noise floor is known, so a quick answer is not lost
    to it."""

    name = "energy"

    def __init__(self, threshold: float | None, margin: float) -> None:
        self._fixed = threshold
        self._margin = margin
        self._levels: deque[float] = deque(maxlen=round(FLOOR_WINDOW / FRAME_SECONDS))
        self._calibration = round(CALIBRATION / FRAME_SECONDS)
        self._held: list[float] = []

    def feed(self, frame: bytes) -> list[bool]:
        """Decisions for the frames that can now be decided, in order."""
        level = frame_level(frame)
        if self._fixed is not None:
            return [level > self._fixed]
        self._levels.append(level)
        self._held.append(level)
        if self._calibration > 0:
            self._calibration -= 1
            if self._calibration > 0:
                return []
        return self.flush()

    def flush(self) -> list[bool]:
        """Decide every frame held back, with what is known now."""
        if not self._held:
            return []
        # A low percentile rather than the minimum: one dropped-out frame must not make
        # the room's noise look like speech.
        floor = float(np.percentile(self._levels, 5))
        if len(self._held) > 1 and max(self._held) - floor > STEADY:
            # The first moments were not steady noise: the answer may have begun before
            # listening did, so they cannot stand for the room.
            floor = min(floor, QUIET_ROOM)
        floor = max(LOWEST_FLOOR, floor)
        held, self._held = self._held, []
        return [level > floor + self._margin for level in held]
