"""The nearest voice in an answer heard among other voices: the loudest stretch of it.

Other people talking in the room are speech to the voice-activity model, so the answer
does not end where the person stops: the recognizer gets seconds of other words with the
answer inside and rejects it all. The person is nearer the microphone than the others
(10 dB louder at the babble benchmark's 10 dB SNR), so the stretch round the loudest
moment, as far as the level stays near that loudest moment, is their answer. It is tried
only when it stands clear of the rest: a person's own longer answer ("no, not really")
is about as loud all through and is never cut to one of its words.

That stretch stops at the pauses between words, so a call for help of several words
("call an ambulance") is cut to a part of it; when nothing is made out there, a second,
wider stretch is tried for phrases of several words only (:func:`nearest_voices`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..asr.templates import frame_levels
from .audio import RATE

HOP = RATE // 100
"""Samples between level frames (10 ms)."""
WINDOW = RATE // 20
"""Samples per level frame (50 ms: a syllable's level, not a single pitch period's)."""
NEAR_PEAK = 10.0
"""dB under the loudest frame down to which the stretch round it goes on."""
GAP = 0.03
"""Seconds under :data:`NEAR_PEAK` that the stretch bridges (the closure of a "t")."""
PHRASE_GAP = 0.15
"""The wider bridge of a second try: the pauses between the words of a phrase ("call an
ambulance"), which the first stretch stops at. Chosen on 48 calls for help said by
espeak-ng (4 calls, 3 voices) 10 dB above one or four tune-half speakers: 5 heard with the
first stretch alone, 9 with this second try (0.3 s: 8; 0.15 s and 15 dB under the peak:
7). No recording of a person saying a call is here: few, and a synthetic voice."""
STANDS_OUT = 8.0
"""dB by which the stretch's level must pass that of the sound outside it."""
MIN_REST = 0.5
"""Seconds of sound outside the stretch without which there is nothing to take away."""
BEFORE = 0.2
AFTER = 0.3
"""Seconds kept either side of the stretch: soft starts and ends of words."""
SOUND_BELOW_PEAK = 25.0
"""dB under the loudest frame from which a frame counts as sound, not silence."""


def _power_db(levels: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(10 ** (levels / 10))))


def nearest_voices(pcm: bytes) -> Iterator[tuple[bytes, int]]:
    """The stretches to try, in order, each with the fewest words an answer made out in it
    may have: :func:`nearest_voice` over a word's gaps (any answer), then over a phrase's,
    when that stretch is another (only phrases of several words: a one-word answer had its
    chance in the first, and the wider stretch takes in more of the others). The second
    is only looked for if the first did not give an answer."""
    first = nearest_voice(pcm, GAP)
    if first is not None:
        yield first, 1
    wider = nearest_voice(pcm, PHRASE_GAP)
    if wider is not None and wider != first:
        yield wider, 2


def nearest_voice(pcm: bytes, gap: float = GAP) -> bytes | None:
    """The loudest stretch of ``pcm`` (16 kHz mono s16le) with a little either side, if it
    stands :data:`STANDS_OUT` dB above at least :data:`MIN_REST` seconds of other sound;
    None otherwise (nothing else was heard, or it was as loud). The stretch bridges
    ``gap`` seconds under :data:`NEAR_PEAK`."""
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], "<i2").astype(np.float64)
    if len(samples) < WINDOW:
        return None
    stretch = standing_out(frame_levels(samples, WINDOW, HOP), gap)
    return None if stretch is None else with_margins(pcm, *stretch)


def standing_out(levels: np.ndarray, gap: float = GAP) -> tuple[int, int] | None:
    """The first and last level frames of :func:`loudest_stretch` if it stands
    :data:`STANDS_OUT` dB above at least :data:`MIN_REST` seconds of other sound, else
    None."""
    if not len(levels):
        return None
    peak = float(levels.max())
    first, last = loudest_stretch(levels, gap)
    bridge = max(1, round(gap * RATE / HOP))
    outside = np.ones(len(levels), bool)
    # The rest is judged away from the stretch's own soft edges.
    outside[max(0, first - bridge * 5): last + 1 + bridge * 5] = False
    rest = levels[outside & (levels > peak - SOUND_BELOW_PEAK)]
    if len(rest) * HOP / RATE < MIN_REST:
        return None
    if _power_db(levels[first: last + 1]) - _power_db(rest) < STANDS_OUT:
        return None
    return first, last


class LevelTrack:
    """The level frames of audio that arrives piece by piece (as :func:`frame_levels`
    would give for all of it at once), so the nearest voice can be looked for while an
    answer is still being heard without reading the whole answer again each time."""

    def __init__(self) -> None:
        self._samples = np.zeros(0, np.float64)
        self._levels: list[np.ndarray] = []

    def add(self, pcm: bytes) -> None:
        new = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], "<i2").astype(np.float64)
        self._samples = np.concatenate([self._samples, new])
        if len(self._samples) >= WINDOW:
            levels = frame_levels(self._samples, WINDOW, HOP)
            self._levels.append(levels)
            self._samples = self._samples[len(levels) * HOP:]

    @property
    def levels(self) -> np.ndarray:
        if len(self._levels) > 1:
            self._levels = [np.concatenate(self._levels)]
        return self._levels[0] if self._levels else np.zeros(0)


def loudest_stretch(levels: np.ndarray, gap: float) -> tuple[int, int]:
    """The first and last level frames of the stretch round the loudest one, as far as
    the level stays within :data:`NEAR_PEAK` of it, bridging ``gap`` seconds under."""
    top, peak = int(levels.argmax()), float(levels.max())
    near = levels > peak - NEAR_PEAK
    bridge = max(1, round(gap * RATE / HOP))
    first = last = top
    while first > 0 and near[max(0, first - bridge): first].any():
        first -= 1
    while last < len(levels) - 1 and near[last + 1: last + 1 + bridge].any():
        last += 1
    return first, last


def with_margins(pcm: bytes, first: int, last: int) -> bytes:
    """The audio of level frames ``first`` to ``last`` with :data:`BEFORE` and
    :data:`AFTER` either side."""
    start = max(0, first * HOP - round(BEFORE * RATE))
    end = min(len(pcm) // 2, last * HOP + WINDOW + round(AFTER * RATE))
    return pcm[start * 2: end * 2]
