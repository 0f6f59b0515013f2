"""The checks a take must pass before it is kept: loud enough, not clipped, not cut off,
and like the person's other takes of the same phrase.

The limits were set on the shared recordings (``shared/data/speech``: 1,983 Speech
Commands clips, 300 Free Spoken Digit clips), so that a usable recording is rarely refused:
55 and 5 of them are (too quiet 2 and 1, clipped 27 and 0, cut off 26 and 4).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..asr.base import RecognizerError
from ..voice.audio import RATE

QUIET_DBFS = -45.0
"""The loudest 30 ms of a take must reach this level (RMS, dB below full scale)."""
CLIPPED_SHARE = 0.002
"""Share of samples held flat at full scale (two or more in a row) above which a take was
recorded too loud: the tops of the waves were cut."""
FULL_SCALE = 32000
EDGE_DB = 3.0
"""A take whose first or last 10 ms is within this many dB of its loudest 10 ms starts or
ends in the middle of the word."""

QUIET, CLIPPED, CUT_START, CUT_END, FAR, NO_SPEECH = (
    "quiet", "clipped", "cut_start", "cut_end", "far", "no_speech")
REASONS = (QUIET, CLIPPED, CUT_START, CUT_END, FAR, NO_SPEECH)
"""Why a take is refused; :mod:`.words` says each in plain words."""

Distance = Callable[[bytes, bytes], float]


@dataclass
class Likeness:
    """How "far from the other takes" is judged: a distance between two takes and the
    distance from which a take is too unlike the others."""

    distance: Distance
    far: float
    unavailable: str | None = None
    """Why the distance could not be measured (the check is then skipped), once it failed."""
    encode: Callable[[bytes], np.ndarray] | None = None
    """The encoder the distance describes takes with, each take once (so the takes kept can
    be described for the recognizer without describing them again)."""
    distances: Callable[[bytes, list[bytes]], Sequence[float]] | None = None
    """The distance from one take to each of many, aligned together (much quicker than one
    by one)."""

    def to_each(self, take: bytes, others: list[bytes]) -> Sequence[float]:
        """The distance from ``take`` to each of ``others``."""
        if self.distances is not None:
            return self.distances(take, others)
        return [self.distance(take, other) for other in others]


def default_likeness(encoder: Callable[[bytes], np.ndarray] | None = None,
                     whisper: Callable[[bytes], np.ndarray] | None = None) -> Likeness | None:
    """The personal recognizer's own measure of how alike two takes are
    (:func:`assistant.asr.templates.take_distance`), each take encoded once; None where
    the recognizer helper is not installed. ``encoder``: the personal recognizer's take
    encoder when one is loaded; else one is made at the first comparison from ``whisper``
    (a loaded WhisperRecognizer's ``encoder_frames``) or from weights loaded then."""
    try:
        from ..asr.templates import FAR_TAKE, TakeEncoder, dtw_distances, features, take_distance
    except ImportError:
        return None
    encoded: dict[bytes, np.ndarray] = {}

    def encode(pcm: bytes) -> np.ndarray:
        nonlocal encoder
        if encoder is None:
            encoder = TakeEncoder(whisper or _whisper_encoder())
        if pcm not in encoded:
            encoded[pcm] = encoder(pcm)
        return encoded[pcm]

    def distances(take: bytes, others: list[bytes]) -> Sequence[float]:
        rows = [features(other, encode) for other in others]
        return [float(d) for d in dtw_distances(features(take, encode), rows)] if rows else []

    return Likeness(lambda a, b: take_distance(a, b, encode), float(FAR_TAKE), encode=encode,
                    distances=distances)


@lru_cache(maxsize=1)
def _whisper_encoder() -> Callable[[bytes], np.ndarray]:
    """Loaded once a process (a few seconds): raises RecognizerError without the weights."""
    from ..asr.whisper_engine import WhisperRecognizer

    return WhisperRecognizer().encoder_frames


def _levels(samples: np.ndarray, frame_seconds: float) -> np.ndarray:
    size = max(1, int(RATE * frame_seconds))
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    power = np.mean(frames * frames, axis=1) if len(frames) else np.zeros(1)
    return 10 * np.log10(np.maximum(power, 1e-6) / 32768.0 ** 2)


def loudest_dbfs(pcm: bytes) -> float:
    """The level of the loudest 30 ms of ``pcm`` (16 kHz s16le), in dBFS."""
    samples = np.frombuffer(pcm, "<i2").astype(np.float64)
    return float(_levels(samples, 0.03).max())


def refuse(pcm: bytes, others: list[bytes] | None = None,
           likeness: Likeness | None = None,
           speech: Callable[[bytes], bool] | None = None) -> str | None:
    """Why the take ``pcm`` (16 kHz mono s16le) should be recorded again, or None to keep
    it. ``others``: the takes of the same phrase already kept, which it must be like;
    ``speech``: whether a word is heard in it at all, where nothing else has said so."""
    samples = np.frombuffer(pcm, "<i2").astype(np.float64)
    if len(samples) < RATE // 10:
        return NO_SPEECH
    if float(_levels(samples, 0.03).max()) < QUIET_DBFS:
        return QUIET
    at_top = np.abs(samples) >= FULL_SCALE
    if np.count_nonzero(at_top[1:] & at_top[:-1]) > CLIPPED_SHARE * len(samples):
        return CLIPPED
    fine = _levels(samples, 0.01)
    if fine[0] > fine.max() - EDGE_DB:
        return CUT_START
    if fine[-1] > fine.max() - EDGE_DB:
        return CUT_END
    if speech is not None and not speech(pcm):
        return NO_SPEECH
    if likeness is not None and likeness.unavailable is None and others:
        try:
            nearest = min(likeness.distance(pcm, other) for other in others)
        except RecognizerError as exc:  # no Whisper weights: the other checks still hold
            likeness.unavailable = str(exc)
            return None
        # Far from every take kept, as FAR_TAKE was measured: one odd take among them
        # should not make a good one look far.
        if nearest > likeness.far:
            return FAR
    return None
