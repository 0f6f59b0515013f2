"""The Silero VAD v6 model: the probability that each 32 ms of audio holds speech.

Silero VAD is a small neural model trained to tell speech from noise; the one used is the
v6 ONNX file that faster-whisper (a pinned dependency) ships, run with onnxruntime, so
nothing is downloaded and nothing new is installed. The file is checked against
:data:`MODEL_SHA256` before it is loaded. Two users: the endpointer
(:mod:`assistant.voice.vad`) finds where an answer starts and ends with it, and the
recognizers ask it whether a finished answer holds speech at all
(:func:`assistant.asr.base.speech_present`); it lives here, below both.

The model reads 512-sample chunks (32 ms at 16 kHz) with the 64 samples before each
chunk as context and an LSTM state (``h``, ``c``: 1x1x128) carried from chunk to chunk;
it returns the probability that the chunk holds speech. (Read from the model itself:
inputs ``input`` [n, 576], ``h``, ``c``; outputs ``speech_probs``, ``hn``, ``cn``.)
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import Any

import numpy as np

from .onnx_session import one_thread_session

MODEL_NAME = "silero_vad_v6.onnx"
MODEL_SHA256 = "4cbf549b8326f60f80f2536d9eefeb450a9abe83365a098031c89719f1be17d2"
"""Of the file shipped in faster-whisper 1.2.1 (``faster_whisper/assets``)."""
CHUNK = 512
CONTEXT = 64
STATE_SHAPE = (1, 1, 128)


class VadModelError(RuntimeError):
    """The voice-activity model cannot be used (missing, altered, or no onnxruntime)."""


def default_model_path() -> Path | None:
    """Where faster-whisper's copy of the model is, without importing faster-whisper."""
    spec = importlib.util.find_spec("faster_whisper")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / MODEL_NAME


class SileroModel:
    """The loaded model; one per process, shared by every stream (it holds no state)."""

    def __init__(self, path: Path | None = None, sha256: str = MODEL_SHA256) -> None:
        path = path if path is not None else default_model_path()
        if path is None:
            raise VadModelError(f"no voice-activity model: faster-whisper, which ships "
                                f"{MODEL_NAME}, is not installed")
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise VadModelError(f"voice-activity model {path} cannot be read: "
                                f"{error.strerror or error}") from error
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            raise VadModelError(f"voice-activity model {path} is not the expected file "
                                f"(SHA-256 {digest[:16]}..., expected {sha256[:16]}...); "
                                "reinstall faster-whisper 1.2.1")
        try:
            # A chunk takes a quarter of a millisecond on its one thread.
            self._session = one_thread_session(data)
        except ImportError as error:
            raise VadModelError("onnxruntime is not installed: it runs the "
                                "voice-activity model") from error
        except Exception as error:  # onnxruntime raises its own, unexported, classes
            raise VadModelError(f"voice-activity model {path} cannot be loaded: "
                                f"{error}") from error
        self.path = Path(path)

    def run(self, chunks: np.ndarray, h: np.ndarray, c: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities of ``chunks`` ([n, 576], in order) and the state after them."""
        out: list[Any] = self._session.run(None, {"input": chunks, "h": h, "c": c})
        return np.asarray(out[0]).reshape(-1), out[1], out[2]


_loaded: dict[Path | None, SileroModel] = {}
_lock = threading.Lock()


def load_model(path: Path | None = None) -> SileroModel:
    """The model at ``path`` (faster-whisper's copy by default), loaded once."""
    with _lock:
        if path not in _loaded:
            _loaded[path] = SileroModel(path)
        return _loaded[path]


class SpeechStream:
    """Speech probabilities of a stream of samples, chunk by chunk, in order."""

    def __init__(self, model: SileroModel) -> None:
        self.model = model
        self._h = np.zeros(STATE_SHAPE, np.float32)
        self._c = np.zeros(STATE_SHAPE, np.float32)
        self._context = np.zeros(CONTEXT, np.float32)
        self._pending = np.zeros(0, np.float32)

    def feed(self, samples: np.ndarray) -> np.ndarray:
        """The probabilities of the whole chunks now complete (float samples in -1..1)."""
        self._pending = np.concatenate([self._pending, samples.astype(np.float32)])
        whole = len(self._pending) // CHUNK
        if not whole:
            return np.zeros(0, np.float32)
        chunks = self._pending[: whole * CHUNK].reshape(whole, CHUNK)
        self._pending = self._pending[whole * CHUNK:]
        contexts = np.vstack([self._context[None], chunks[:-1, -CONTEXT:]])
        self._context = chunks[-1, -CONTEXT:].copy()
        probs, self._h, self._c = self.model.run(
            np.ascontiguousarray(np.hstack([contexts, chunks])), self._h, self._c)
        return probs

    def finish(self) -> np.ndarray:
        """The probability of the last, partial chunk (padded with silence)."""
        if not len(self._pending):
            return np.zeros(0, np.float32)
        return self.feed(np.zeros(CHUNK - len(self._pending), np.float32))
