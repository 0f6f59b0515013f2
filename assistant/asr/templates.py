"""Comparing two spoken takes: Whisper's encoding of the spoken part, aligned in time (DTW).

The personal recognizer (:mod:`.personal_engine`) and the enrollment's take check both
measure how far one take of a phrase is from another with :func:`take_distance`. A take
is cut to its spoken part (10 ms frames within :data:`TRIM_DB` of its loudest), encoded
by the Whisper tiny.en encoder already shipped for the general recognizer (one 384-value
row per 20 ms, each scaled to length 1, so a quieter take changes little), and two takes
are aligned by dynamic time warping however their speed differs (a slowed answer is the
same answer); the distance is the summed row distance along the best alignment over the
rows of both.

Chosen by measurement on the tune half of ``../shared/data/speech`` (speakers by
:mod:`assistant.bench.split`; three takes of each word enrolled, the rest tested, nearest
phrase): mel cepstra with deltas, normalised per take, had 141/161 right (87.6 %); the
Whisper encoding 150/161 (93.2 %), so it is used, at about 70 ms of CPU per answer; with
the symmetric DTW below, 159/161 (98.8 %).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

WINDOW = 400
"""Samples per level frame (25 ms at 16 kHz)."""
HOP = 160
"""Samples between level frames (10 ms)."""
TRIM_DB = 35.0
"""The spoken part: level frames within this many dB of the loudest, first to last."""
BEYOND = 1e6
"""Cost of a cell past a template's end (finite: inf - inf would make NaNs)."""
FAR_TAKE = 0.8
"""A take farther than this (:func:`take_distance`) from every other take of its phrase is
probably not that phrase (a cough, a word cut off, another word). On the tune half every
enrolled take was within 0.79 of the nearest other take of its word (99 % within 0.76,
half within 0.47), while other words' nearest takes were 0.89 away at the median."""

Encoder = Callable[[bytes], np.ndarray]
"""16 kHz mono s16le -> (rows, dims) encoder output, one row per 20 ms."""


def frame_levels(samples: np.ndarray, window: int, hop: int) -> np.ndarray:
    """The level (dB of the mean square, 16-bit sample units) of every ``window`` samples,
    ``hop`` apart; ``samples`` must hold at least one window."""
    count = 1 + (len(samples) - window) // hop
    index = np.arange(window)[None, :] + hop * np.arange(count)[:, None]
    return 10 * np.log10((samples[index] ** 2).mean(axis=1) + 1e-3)


def spoken_part(pcm: bytes) -> bytes:
    """``pcm`` cut to its spoken part, 20 ms kept either side."""
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    if len(samples) < WINDOW:
        return pcm[: len(samples) * 2]
    level = frame_levels(samples, WINDOW, HOP)
    count = len(level)
    loud = np.flatnonzero(level > level.max() - TRIM_DB)
    first, last = max(int(loud[0]) - 2, 0), min(int(loud[-1]) + 3, count)
    return pcm[first * HOP * 2: (last * HOP + WINDOW) * 2]


def features(pcm: bytes, encoder: Encoder) -> np.ndarray:
    """The rows compared for one take: its spoken part encoded, each row of length 1."""
    rows = np.asarray(encoder(spoken_part(pcm)), dtype=np.float64)
    return rows / (np.linalg.norm(rows, axis=1, keepdims=True) + 1e-9)


def dtw_distances(query: np.ndarray, templates: list[np.ndarray]) -> np.ndarray:
    """The DTW distance of ``query`` to each template: the cheapest alignment's Euclidean
    row distances, a diagonal step counted twice (the symmetric form: every path then
    weighs query rows + template rows, whatever their ratio), over that sum. With every
    step weighing one, a slowed answer's path, mostly steps along the query, came out
    about a quarter farther than the same answer at the template's pace.

    All templates are aligned at once, row by row of the query. Within a row the step
    along the template makes each cell depend on its left neighbour; that recurrence,
    x[j] = min(a[j], x[j-1] + c[j]), is x = S + running-min(a - S) with S the running
    sum of c, so a row costs a few array operations, not a Python loop.
    """
    lengths = np.array([len(t) for t in templates])
    width = int(lengths.max())
    stacked = np.zeros((len(templates), width, query.shape[1]))
    for k, template in enumerate(templates):
        stacked[k, : len(template)] = template
    # Squared norms give every row pair's distance without a (n, m, d) array.
    cross = np.einsum("id,kjd->kij", query, stacked)
    square = (query**2).sum(axis=1)[None, :, None] + (stacked**2).sum(axis=2)[:, None, :]
    cost = np.sqrt(np.clip(square - 2 * cross, 0.0, None))
    # Beyond a template's end: a large finite cost (inf - inf would make NaNs).
    beyond = np.arange(width)[None, :] >= lengths[:, None]
    cost[np.broadcast_to(beyond[:, None, :], cost.shape)] = BEYOND
    first = cost[:, 0, :]
    previous = np.cumsum(first, axis=1) + first[:, :1]
    blocked = np.full((len(templates), 1), BEYOND * width)
    for i in range(1, len(query)):
        row = cost[:, i, :]
        diagonal = np.concatenate([blocked, previous[:, :-1]], axis=1) + 2 * row
        reach = np.minimum(previous + row, diagonal)
        running = np.cumsum(row, axis=1)
        previous = running + np.minimum.accumulate(reach - running, axis=1)
    totals = previous[np.arange(len(templates)), lengths - 1]
    return np.asarray(totals / (len(query) + lengths))


@lru_cache(maxsize=1)
def _shared_encoder() -> Encoder:
    from .whisper_engine import WhisperRecognizer

    return WhisperRecognizer().encoder_frames


def take_distance(a: bytes, b: bytes, encoder: Encoder | None = None) -> float:
    """How far apart two takes (16 kHz mono s16le) are: compare with :data:`FAR_TAKE`.
    Without ``encoder`` the Whisper weights are loaded once (ModelMissing without them)."""
    encode = encoder or _shared_encoder()
    return float(dtw_distances(features(a, encode), [features(b, encode)])[0])
