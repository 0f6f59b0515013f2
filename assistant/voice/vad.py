"""Speech or not, frame by frame, from a voice-activity model (Silero VAD v6).

An energy threshold hears any sound louder than the room as speech and loses speech that
is not louder than the room's noise: in steady noise at 5 dB SNR it heard no answer at
all, and other voices were answers. The model itself (loading, checksum, running it over
32 ms chunks) is in :mod:`assistant.asr.silero`; this module turns its probabilities into
speech frames for the endpointer.
"""

from __future__ import annotations

import logging
import math
from collections import deque

import numpy as np

# The model's names stay importable from here (the endpointer, benches and tests use them).
from ..asr.silero import CHUNK
from ..asr.silero import MODEL_NAME as MODEL_NAME
from ..asr.silero import MODEL_SHA256 as MODEL_SHA256
from ..asr.silero import SileroModel as SileroModel
from ..asr.silero import SpeechStream as SpeechStream
from ..asr.silero import VadModelError as VadModelError
from ..asr.silero import default_model_path as default_model_path
from ..asr.silero import load_model as load_model
from .audio import FRAME_SAMPLES, FRAME_SECONDS

log = logging.getLogger(__name__)

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
LIFTED_ROOM = -55.0
"""dBFS to which a quiet room's background (never taken below
:data:`QUIETEST_BACKGROUND`) is raised for a second hearing by the model, and everything
with it: a weak voice in a quiet room is heard more surely raised; a noisy room is not
raised."""
MAX_LIFT = 15.0
"""The most that second hearing is raised (dB; 0: none, the model hears the microphone
only). The lift follows the room alone, which moves slowly, never the speech, and a frame
is speech when either hearing says so. A lift that also followed the loudest recent frame
(towards -20 dBFS) fell within a word as the word got louder, and lost a quiet word that
the plain hearing had found (Free Spoken Digit 4_theo_5, probability 0.61 then 0.49); a
hearing of the raised audio alone lost it too. Chosen on the tune half (``python -m
assistant.bench.endpointing --half tune --sample 60 --max-lift 0 10 15``, 2026-12-02),
60 words each, without / with 10 / with 15 dB: 40 dB quieter over a microphone's hiss at
-70 dBFS, never heard 17 / 7 / 4, start and end found 34 / 42 / 44; 30 dB quieter, never
heard 2 / 0 / 0, found 46 / 48 / 49; quiet 52 / 53 / 52; every white, pink and babble
count the same. Two hearings cost twice the model's CPU: 0.007 s a second of audio."""


class ModelDetector:
    """Speech or not for each 30 ms frame, from the model's 32 ms chunks: a frame takes
    the decision of the chunk its middle falls in, so it is decided at most one chunk
    late. Same interface as the energy detector of :mod:`.endpoint`."""

    name = "silero-vad-v6"

    def __init__(self, model: SileroModel, threshold: float = SPEECH_THRESHOLD,
                 hangover: float = HANGOVER, level: float | None = None,
                 above_background: float = ABOVE_BACKGROUND, max_lift: float = MAX_LIFT
                 ) -> None:
        self._stream = SpeechStream(model)
        self._max_lift = max_lift
        self._lifted = SpeechStream(model) if max_lift else None
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
        probs = self._stream.feed(samples)
        if self._lifted is not None:
            gain = np.float32(10 ** (self._lift() / 20))
            probs = np.maximum(probs, self._lifted.feed(np.clip(samples * gain, -1.0, 1.0)))
        self._add(probs)
        return self._ready()

    def _lift(self) -> float:
        """dB the model's input is raised by: set by the room alone, which moves slowly
        (the median of the frames not taken for speech), never by the speech. Digital
        silence is no room: an answer file's silent lead would otherwise have the noise
        after it raised (spoken screenings in pink noise were asked again more often)."""
        room = [level for level in self._background if level > SILENT_LEVEL]
        if len(room) < 10:
            return 0.0
        return max(0.0, min(self._max_lift,
                            LIFTED_ROOM - max(float(np.median(room)), QUIETEST_BACKGROUND)))

    def flush(self) -> list[bool]:
        """Decide every frame held back."""
        probs = self._stream.finish()
        if self._lifted is not None:
            probs = np.maximum(probs, self._lifted.finish())
        self._add(probs)
        out = self._ready()
        # Frames past the last chunk (none unless the padding fell short) are not speech.
        out.extend(False for _ in self._levels)
        self._decided += len(self._levels)
        self._levels.clear()
        return out
