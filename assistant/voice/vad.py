"""Speech or not, frame by frame, from a voice-activity model (Silero VAD v6).

An energy threshold hears any sound louder than the room as speech and loses speech that
is not louder than the room's noise: in steady noise at 5 dB SNR it heard no answer at
all, and other voices were answers. Silero VAD is a small neural model trained to tell
speech from noise; the one used is the v6 ONNX file that faster-whisper (a pinned
dependency) ships, run with onnxruntime, so nothing is downloaded and nothing new is
installed. The file is checked against :data:`MODEL_SHA256` before it is loaded.

The model reads 512-sample chunks (32 ms at 16 kHz) with the 64 samples before each
chunk as context and an LSTM state (``h``, ``c``: 1x1x128) carried from chunk to chunk;
it returns the probability that the chunk holds speech. (Read from the model itself:
inputs ``input`` [n, 576], ``h``, ``c``; outputs ``speech_probs``, ``hn``, ``cn``.)
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import threading
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

from .audio import FRAME_SAMPLES, FRAME_SECONDS

log = logging.getLogger(__name__)

MODEL_NAME = "silero_vad_v6.onnx"
MODEL_SHA256 = "4cbf549b8326f60f80f2536d9eefeb450a9abe83365a098031c89719f1be17d2"
"""Of the file shipped in faster-whisper 1.2.1 (``faster_whisper/assets``)."""
CHUNK = 512
CONTEXT = 64
STATE_SHAPE = (1, 1, 128)
SPEECH_THRESHOLD = 0.5
"""Probability at which a chunk starts to count as speech (see the endpointing bench)."""
HANGOVER = 0.15
"""Once speech has started, it goes on until the probability falls this far below the
threshold: the model's probability dips inside words, and one dip must not end them."""
SILENT_LEVEL = -80.0
"""dBFS below which a frame is never speech, whatever the model says: digital silence."""
ABOVE_BACKGROUND = 0.0
"""dB a speech frame must be above the background (the median level of the frames not
taken for speech over :data:`BACKGROUND_WINDOW`). Tuned on the tune half
(``python -m assistant.bench.endpoint_tuning``): 3, 6 and 9 dB lost answers in white and
pink noise (found 198, 168, 131 of 360 against 209 at 0 dB) and did not stop a single
false start in babble (other people's words are speech to the model, and between them
the background is quiet)."""
WITHIN_SPEECH = 3.0
"""dB less asked of a frame that follows speech: the soft ends of words ("yes") sink
towards the background and must not end the answer early."""
TAIL_ABOVE = 12.0
"""dB above the background (never taken below :data:`QUIETEST_BACKGROUND`) at which a
frame soon after speech (:data:`TAIL_GAP`) is still speech, whatever the model says: it
does not take a drawn-out final "s" for speech (espeak-ng's "two weeks" slowed to 0.6x
lost its last 0.36 s), and the recognizer needs it. The energy detector's own margin and
floor."""
TAIL_GAP = 0.15
"""Seconds of quiet after speech across which a tail still counts: the closure before a
final "s" ("weeks") is 60 ms of silence."""
QUIETEST_BACKGROUND = -70.0
"""dBFS: digital silence between recordings must not make their hiss a tail of speech."""
BACKGROUND_WINDOW = 3.0
"""Seconds of frames not taken for speech over which the background level is measured."""


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
            import onnxruntime
        except ImportError as error:
            raise VadModelError("onnxruntime is not installed: it runs the "
                                "voice-activity model") from error
        options = onnxruntime.SessionOptions()
        # One thread: a chunk takes a quarter of a millisecond, and the recognizer needs
        # the other core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 4
        try:
            self._session = onnxruntime.InferenceSession(
                data, options, providers=["CPUExecutionProvider"])
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


class ModelDetector:
    """Speech or not for each 30 ms frame, from the model's 32 ms chunks: a frame takes
    the decision of the chunk its middle falls in, so it is decided at most one chunk
    late. Same interface as the energy detector of :mod:`.endpoint`."""

    name = "silero-vad-v6"

    def __init__(self, model: SileroModel, threshold: float = SPEECH_THRESHOLD,
                 hangover: float = HANGOVER, level: float | None = None,
                 above_background: float = ABOVE_BACKGROUND) -> None:
        self._stream = SpeechStream(model)
        self._on, self._off = threshold, max(0.0, threshold - hangover)
        self._floor = max(SILENT_LEVEL, level if level is not None else SILENT_LEVEL)
        self._above = above_background
        self._background: deque[float] = deque(maxlen=round(BACKGROUND_WINDOW / FRAME_SECONDS))
        self._speaking = False
        self._last = False  # whether the last frame decided was speech
        self._quiet = math.inf  # frames decided since the last speech frame
        self._gap = round(TAIL_GAP / FRAME_SECONDS)
        self._chunks: list[bool] = []
        self._levels: list[float] = []  # dBFS of the frames not yet decided
        self._decided = 0  # frames decided so far

    def _add(self, probs: np.ndarray) -> None:
        for prob in probs:
            self._speaking = prob >= (self._off if self._speaking else self._on)
            self._chunks.append(self._speaking)

    def _ready(self) -> list[bool]:
        out: list[bool] = []
        while self._levels:
            middle = self._decided * FRAME_SAMPLES + FRAME_SAMPLES // 2
            chunk = middle // CHUNK
            if chunk >= len(self._chunks):
                break
            level = self._levels.pop(0)
            above = self._above - (WITHIN_SPEECH if self._last else 0.0)
            background = float(np.median(self._background)) if len(self._background) >= 10 \
                else None
            speech = self._chunks[chunk] and level > self._floor and (
                background is None or level > background + above)
            if self._quiet <= self._gap and not speech and background is not None:
                speech = level > max(background, QUIETEST_BACKGROUND) + TAIL_ABOVE
            self._last = speech
            self._quiet = 0 if speech else self._quiet + 1
            if not speech:
                self._background.append(level)
            out.append(speech)
            self._decided += 1
        return out

    def feed(self, frame: bytes) -> list[bool]:
        """Decisions for the frames that can now be decided, in order."""
        samples = np.frombuffer(frame, "<i2").astype(np.float32) / 32768.0
        power = float(np.mean(samples * samples)) if len(samples) else 0.0
        self._levels.append(10 * math.log10(max(power, 1e-12)))
        self._add(self._stream.feed(samples))
        return self._ready()

    def flush(self) -> list[bool]:
        """Decide every frame held back."""
        self._add(self._stream.finish())
        out = self._ready()
        # Frames past the last chunk (none unless the padding fell short) are not speech.
        out.extend(False for _ in self._levels)
        self._decided += len(self._levels)
        self._levels.clear()
        return out
