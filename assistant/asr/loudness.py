"""A quiet answer raised to an ordinary speaking level before Whisper hears it.

Whisper's input features are log levels clamped 8 dB under their loudest value, so a
quiet answer is not heard as the same words at a lower level: it looks closer to silence,
Whisper's own transcript of it becomes unlikely, and a phrase easily clears the margin
over that transcript. Measured on the tune half (``python -m assistant.bench.weak_voices
[--no-raise]``), words 30 dB quieter over a microphone's hiss, without / with the raise:
other words taken as an answer 14 / 5 of 200, choices right 149 / 179 of 221, yes/no
134 / 132 of 140. The answers of ordinary loudness are left as they are, so the
thresholds chosen on them still hold.
"""

from __future__ import annotations

import numpy as np

FRAME = 320
"""20 ms at 16 kHz."""
LOUD_FRAMES = 5
"""The loudest frames whose mean power is the answer's level (a word's vowel)."""
QUIETEST_ANSWER = -27.0
"""dBFS: answers whose level is under this are raised to it. About the 10th percentile of
the tune half's recorded answers (yes/no, choices, digits and other words: -26.7 to -27.4);
nine in ten answers are not touched."""
MAX_RAISE = 40.0
"""dB: the most an answer is raised (a voice 40 dB under an ordinary one)."""
SURE_UP_TO = 10.0
"""dB of raise up to which Whisper's confidence stands. Its scale was calibrated on the
tune half's recordings, of which 4 in 1,282 would be raised more; quieter answers are
out of that calibration, and their confidence is at most :data:`RAISED_CONFIDENCE`, so
that one is confirmed wherever a misheard answer would lower the outcome or skip alarm
questions. Measured (tune half, words 30 and 40 dB quieter, before this limit): of the
answers taken at 0.9 or more, 2 of 241 and 4 of 193 were wrong (other words taken, or
another answer), against fewer than 1 in 200 at ordinary loudness."""
RAISED_CONFIDENCE = 0.6
"""The most confidence an answer raised by more than :data:`SURE_UP_TO` is given."""


def answer_level(audio: bytes) -> float:
    """dBFS of the mean power of the answer's :data:`LOUD_FRAMES` loudest 20 ms frames;
    -inf for digital silence or audio shorter than a frame."""
    samples = np.frombuffer(audio[: len(audio) - len(audio) % 2], dtype="<i2")
    n = len(samples) // FRAME
    if not n:
        return -np.inf
    blocks = samples[: n * FRAME].astype(np.float64).reshape(n, FRAME) / 32768.0
    power = np.sort(np.mean(blocks**2, axis=1))[-LOUD_FRAMES:].mean()
    return float(10 * np.log10(power)) if power > 0 else -np.inf


def raise_quiet(audio: bytes, floor: float = QUIETEST_ANSWER, most: float = MAX_RAISE
                ) -> tuple[bytes, float]:
    """``audio`` (16-bit mono) raised to ``floor`` dBFS if it is quieter, by at most
    ``most`` dB, and the dB it was raised by (0 when untouched)."""
    level = answer_level(audio)
    if not np.isfinite(level) or level >= floor:
        return audio, 0.0
    gain_db = min(most, floor - level)
    samples = np.frombuffer(audio[: len(audio) - len(audio) % 2], dtype="<i2")
    louder = np.clip(samples.astype(np.float64) * 10 ** (gain_db / 20), -32768, 32767)
    return louder.astype("<i2").tobytes(), gain_db
