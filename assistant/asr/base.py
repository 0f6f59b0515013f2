"""The recognizer interface shared by the vosk and pocketsphinx engines.

A recognizer turns one captured answer (16 kHz mono 16-bit PCM) into text, using a
small grammar: the phrases the current question accepts plus the global commands.
Anything outside the grammar should come back as an empty, rejected utterance rather
than be forced into the nearest phrase ("bed" must not become "yes").
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
"""Rate of the PCM every recognizer takes."""


@dataclass(frozen=True)
class Heard:
    """One answer as it came in, typed or spoken (the loop takes both alike)."""

    text: str
    """What was typed or recognised ("" for silence or speech that matched nothing)."""
    confidence: float = 1.0
    """How sure the recognizer was (typed text: 1)."""
    details: dict[str, Any] = field(default_factory=dict)
    """What the recognizer and the endpointer reported, for the session record."""
    said: str = ""
    """The recognizer's own transcription beyond the grammar (:attr:`Utterance.said`)."""

    @property
    def unclear(self) -> bool:
        """Someone spoke, but the recognizer could not make it out (not silence): it
        rejected the speech, or found no words in it."""
        spoke = float(str(self.details.get("speech_seconds", 0) or 0)) > 0
        return not self.text and (bool(self.details.get("rejected")) or spoke)

    @property
    def among_voices(self) -> bool:
        """Other people were talking round the answer: it ended when the nearest of
        several voices did, or the whole of what was heard was not made out and the
        nearest voice was tried (made out there or not)."""
        return "nearest_voice" in self.details


class RecognizerError(Exception):
    """The recognizer cannot be used (bad model, engine failure); the message says what to do."""


class ModelMissing(RecognizerError):
    """No usable speech model where one was expected; the message says how to get one."""


@dataclass(frozen=True)
class Utterance:
    """What a recognizer heard in one answer."""

    text: str
    """The best grammar phrase heard, lower case; "" when nothing in the grammar was heard."""
    confidence: float
    """0..1: how sure the engine is of ``text`` (0 for a rejected utterance)."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """Other readings with their confidences, best first (may be empty)."""
    engine: str = ""
    rejected: bool = False
    """True when the audio held speech that matched nothing in the grammar."""
    details: dict[str, object] = field(default_factory=dict, compare=False)
    """Engine-specific extras for the session record (raw result, timings)."""
    said: str = ""
    """The engine's own transcription, beyond the grammar (Whisper's free decoding); ""
    when it has none. Looked at only for an emergency told in words no grammar holds."""


class Recognizer(Protocol):
    """Decodes one answer against a per-question grammar."""

    name: str

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        """Split phrases into (usable, unusable): a phrase is unusable when one of its
        words is not in the engine's vocabulary."""

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        """Decode ``audio`` (16 kHz mono s16le) with a grammar of ``phrases``."""


@runtime_checkable
class RateRejection(Protocol):
    """A recognizer that can judge one grammar by its margin per second of audio rather
    than by a total margin tuned on one-word answers (pocketsphinx; vosk has no such margin)."""

    def set_rejection_rate(self, phrases: Sequence[str], margin_per_second: float) -> None:
        """Use ``margin_per_second`` as the rejection threshold whenever the grammar is
        exactly ``phrases``."""


def guessable(phrases: Sequence[str]) -> frozenset[str]:
    """The phrases of a grammar a recognizer may take on a close guess, at a confidence
    that always has the answer confirmed: a grammar may carry them as ``guessable`` (the
    dialogue's grammar of a choice question does); a plain list of phrases has none."""
    return frozenset(getattr(phrases, "guessable", ()))


def guessable_by_templates(phrases: Sequence[str]) -> frozenset[str]:
    """The phrases of a grammar the person's own takes (the personal recognizer) may take
    on a close guess, at a confidence that always has the answer confirmed: ``guessable``
    and, on a number question not asked as yes or no, its numbers (a grammar may carry
    them as ``guessable_by_templates``); a plain list of phrases has none."""
    return frozenset(getattr(phrases, "guessable_by_templates", ()))


def heard_whole(phrases: Sequence[str]) -> frozenset[str]:
    """The phrases of a grammar for a recognizer that judges each phrase whole (Whisper)
    only (a grammar may carry them as ``heard_whole``); a plain list of phrases has none."""
    return frozenset(getattr(phrases, "heard_whole", ()))


def usable_phrases(recognizer: Recognizer, phrases: Sequence[str], warned: set[str]
                   ) -> list[str]:
    """The phrases a grammar-bound engine (pocketsphinx, vosk) can recognise, without those
    :func:`heard_whole` only; each one it cannot is logged once (a grammar word missing
    from the vocabulary would otherwise be dropped without a word)."""
    whole = heard_whole(phrases)
    usable, unusable = recognizer.vocabulary_filter([p for p in phrases if p not in whole])
    for phrase in unusable:
        if phrase not in warned:
            warned.add(phrase)
            log.warning("phrase %r has a word the %s vocabulary does not know; it cannot be "
                        "recognised", phrase, recognizer.name)
    if not usable:
        raise RecognizerError(
            f"none of the {len(phrases)} phrases has all its words in the {recognizer.name} "
            "vocabulary; check that the dialogue's language matches the speech model")
    return list(dict.fromkeys(usable))


SPEECH_CHUNKS = 2
"""32 ms chunks the voice-activity model must take for speech (at probability
:data:`SPEECH_PROBABILITY`) before an answer counts as said: one chunk can be a click."""
SPEECH_PROBABILITY = 0.5
_model_warned: list[str] = []


def speech_present(audio: bytes, *, floor_db: float = 30.0) -> bool:
    """Whether ``audio`` holds speech at all: tells "said something that matched nothing"
    from silence or noise (fans, hiss), which is no answer attempt.

    Speech if the energy check (:func:`energy_rise_present`) or the voice-activity model
    (:func:`model_hears_speech`) finds it. Measured with ``python -m
    assistant.bench.speech_gate``: the energy check alone missed 7 of the 151 held-out
    yes/no answers (speech under a loud steady background, less than 3 dB of rise), which
    the model finds; the model alone missed 7 of the 292 left/right/up/down answers of the
    tune half that the energy check passes; and the model took none of the 189 noise
    clips, so asking it as well lets no more noise through to the recognizer.
    ``floor_db`` is the energy check's (see there)."""
    return energy_rise_present(audio, floor_db=floor_db) or model_hears_speech(audio)


def model_hears_speech(audio: bytes) -> bool:
    """Whether the voice-activity model (:mod:`.silero`) takes :data:`SPEECH_CHUNKS`
    chunks of ``audio`` for speech; False, with one warning, when it cannot be loaded."""
    from .silero import SpeechStream, VadModelError, load_model

    try:
        model = load_model()
    except VadModelError as error:
        if not _model_warned:
            log.warning("speech check by energy only: %s", error)
            _model_warned.append(str(error))
        return False
    samples = np.frombuffer(audio[: len(audio) - len(audio) % 2], dtype="<i2")
    stream = SpeechStream(model)
    floats = samples.astype(np.float32) / 32768.0
    probs = np.concatenate([stream.feed(floats), stream.finish()])
    return int(np.count_nonzero(probs >= SPEECH_PROBABILITY)) >= SPEECH_CHUNKS


def energy_rise_present(audio: bytes, *, frame: int = 320, rise_db: float = 10.0,
                        min_frames: int = 5, floor_db: float = 30.0) -> bool:
    """Whether ``audio`` rises ``rise_db`` over its quietest 20 ms frame for at least
    ``min_frames`` frames: tells "said something that matched nothing" from silence or
    steady noise (fans, hiss), which is no answer attempt. The quietest frame, not a
    percentile, sets the floor because clips cut tight round a word have almost no
    background. Measured: 425 of the 448 recordings in the test data count as speech (the
    misses are mostly digit clips cut to the word; none is a yes or no) and none of ten
    sox noises (white, pink, brown; loud and soft) does."""
    samples = np.frombuffer(audio[: len(audio) - len(audio) % 2], dtype="<i2")
    n = len(samples) // frame
    if n < min_frames:
        return False
    blocks = samples[: n * frame].astype(np.float64).reshape(n, frame)
    level = 10 * np.log10(np.mean(blocks**2, axis=1) + 1.0)
    # At least ``floor_db`` over digital zero (30: -60 dBFS) so dither alone is not speech.
    loud = level > max(float(level.min()) + rise_db, floor_db)
    return int(np.count_nonzero(loud)) >= min_frames
