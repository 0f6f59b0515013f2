"""A short word the voice-activity model did not take for speech: the loudest sound of a
wait that ended with no answer.

The model gives some people's short "up" a probability of only 0.18-0.45, so the answer
is never heard and the question comes again after the whole wait. Lowering the model's
threshold where a frame is loud was tried (2026-12-01) and not kept: it also started
answers that the model did hear earlier, and changed what the recognizer made of them.
This is looked for only once the wait is over with nothing heard, so an answer the model
hears is never touched: the loudest stretch of the wait is given to the recognizer when
it stands well above the room, and what it makes out there is never sure
(:data:`assistant.voice.channel.UNHEARD`).
"""

from __future__ import annotations

import numpy as np

from ..asr.templates import frame_levels
from .audio import RATE
from .foreground import GAP, HOP, WINDOW, loudest_stretch, with_margins
from .vad import SILENT_LEVEL

FULL_SCALE_DB = 20 * np.log10(32768)
""":func:`frame_levels` counts in 16-bit sample units; minus this, dBFS."""
ABOVE_ROOM = 20.0
"""dB by which the loudest stretch must stand above the room (the median level of the
wait, digital silence counted as :data:`~assistant.voice.vad.SILENT_LEVEL`). Not tuned:
the margin of the rule tried on 2026-12-01. Measured (tune half first, then held out) by
``backtalk bench --parts recognition false-accepts`` and ``python -m
assistant.bench.weak_voices [--no-unheard]``: README, "A word the voice detector
missed"."""
LONGEST = 0.6
"""Seconds the loudest stretch (within :data:`~.foreground.NEAR_PEAK` of its peak) may
last: a short word's. On the tune half's yes, no, left, right and up (361 recordings) it
lasted 0.51 s at the 95th percentile of "no", the longest word, and over 0.6 s once.
A longer stretch is a sound of the room (a machine, music, a recording's steady
background: a held-out "no" under a loud hum, 1 s at one level, was heard as "yeah"
when 2 s were allowed)."""


def loudest_sound(pcm: bytes, above_room: float = ABOVE_ROOM) -> bytes | None:
    """The loudest stretch of ``pcm`` (16 kHz mono s16le) with a little either side, if
    it stands ``above_room`` dB above the room and lasts at most :data:`LONGEST`; None
    otherwise."""
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], "<i2").astype(np.float64)
    if len(samples) < WINDOW:
        return None
    levels = np.maximum(frame_levels(samples, WINDOW, HOP) - FULL_SCALE_DB, SILENT_LEVEL)
    if float(levels.max()) - float(np.median(levels)) < above_room:
        return None
    first, last = loudest_stretch(levels, GAP)
    if ((last - first) * HOP + WINDOW) / RATE > LONGEST:
        return None
    return with_margins(pcm, first, last)
