"""When an answer starts and ends: speech and silence in 30 ms frames.

Time is counted in audio, never on the wall clock, so the same decisions are taken on a
live microphone and on a WAV file read a hundred times faster than real time.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio import FRAME_BYTES, FRAME_SECONDS, RATE, AudioError, AudioSource
from .foreground import HOP, PHRASE_GAP, WINDOW, LevelTrack, standing_out
from .level import EnergyDetector, frame_level  # frame_level: re-exported
from .vad import (
    ABOVE_BACKGROUND,
    MAX_LIFT,
    SPEECH_THRESHOLD,
    ModelDetector,
    VadModelError,
    load_model,
)

log = logging.getLogger(__name__)

__all__ = ["AudioStalled", "Capture", "DETECTORS", "EndpointSettings", "InvalidEndpointSettings",
           "capture_answer", "frame_level", "prepare_detector"]

READ_TIMEOUT = 0.2
"""Seconds one read of a live source may wait."""
DETECTORS = ("auto", "model", "energy")
"""How speech is told from silence: the voice-activity model (:mod:`.vad`), the energy
threshold, or ``auto``: the model, and the energy threshold only if the model cannot be
loaded (the reason is logged and named in :attr:`Capture.detector`)."""


class InvalidEndpointSettings(ValueError):
    """Endpoint settings that cannot work."""


class AudioStalled(AudioError):
    """A live source stopped delivering audio."""


@dataclass
class EndpointSettings:
    """How long to wait for an answer and how much silence ends it."""

    end_silence: float = 1.0
    """Seconds of silence that end an answer; 2-3 s for slow speakers (shorter pauses go on)."""
    max_answer: float = 15.0
    """Seconds of answer (from its start) after which listening stops anyway."""
    no_answer_timeout: float = 8.0
    """Seconds without any speech after which there is no answer."""
    pre_roll: float = 0.3
    """Seconds of audio kept from before the speech was detected (soft first sounds)."""
    threshold: float | None = None
    """Speech level in dBFS (frame RMS); None: ``margin`` dB above the measured noise floor.
    With the model, a fixed level is still required of speech frames."""
    margin: float = 12.0
    """dB above the noise floor that counts as speech when ``threshold`` is None (energy
    detector only: the model needs no floor)."""
    min_speech: float = 0.1
    """Seconds: louder sounds shorter than this are noise (clicks, knocks)."""
    stall_timeout: float = 5.0
    """Wall-clock seconds a live source may deliver nothing before :class:`AudioStalled`."""
    detector: str = "auto"
    """One of :data:`DETECTORS`."""
    speech_probability: float = SPEECH_THRESHOLD
    """The model's probability from which a frame is speech (model detector only)."""
    above_background: float = ABOVE_BACKGROUND
    """dB above the background level that a speech frame must be (model detector only)."""
    max_lift: float = MAX_LIFT
    """dB by which a quiet room's audio may be raised before the model hears it (model
    detector only; :data:`.vad.MAX_LIFT`)."""
    vad_model: Path | None = None
    """The voice-activity model file; None: the copy faster-whisper ships."""
    among_voices: bool = True
    """Whether an answer heard among other voices ends when the nearest voice has been
    over for ``end_silence`` (:func:`_voice_over`); without it the others' talk keeps the
    answer going to ``max_answer``."""

    def __post_init__(self) -> None:
        for name in ("end_silence", "max_answer", "no_answer_timeout", "min_speech",
                     "stall_timeout"):
            if not getattr(self, name) > 0:
                raise InvalidEndpointSettings(f"{name} must be a positive number of seconds, "
                                              f"not {getattr(self, name)!r}")
        if self.pre_roll < 0:
            raise InvalidEndpointSettings(f"pre_roll must be 0 or more, not {self.pre_roll!r}")
        if self.detector not in DETECTORS:
            raise InvalidEndpointSettings(f"detector must be one of {', '.join(DETECTORS)}, "
                                          f"not {self.detector!r}")
        if not 0 < self.speech_probability < 1:
            raise InvalidEndpointSettings("speech_probability must be between 0 and 1, not "
                                          f"{self.speech_probability!r}")


@dataclass
class Capture:
    """One answer (or the lack of one) as heard."""

    audio: bytes
    """16 kHz mono s16le: pre-roll, speech and trailing silence; with no speech, all heard."""
    speech: bool
    """Whether any speech was heard (False when nobody answered)."""
    reason: str
    """Why listening stopped: "silence", "voice_over" (the nearest voice ended among other
    voices), "max_length", "no_answer" or "end_of_input"; "pause" for an answer not yet
    ended (``on_pause`` of :func:`capture_answer`)."""
    speech_seconds: float
    """From the start of the speech to the end of its last sound."""
    waited_seconds: float
    """Audio time from the end of speech to the decision (the endpoint wait); all if none."""
    ended_input: bool
    """Whether the source ended (returned None)."""
    started_after: float | None = None
    """Seconds of audio before the speech began (the response time); None without speech."""
    heard_seconds: float = 0.0
    """All the audio read from the source for this capture."""
    pauses: tuple[tuple[float, float], ...] = ()
    """Silences inside the speech, as (start, end) seconds into ``audio``."""
    detector: str = "energy"
    """What told speech from silence (with the reason, when the model could not be used)."""
    voice: tuple[float, float] | None = None
    """With reason "voice_over": where the nearest voice began and ended, seconds into all
    the audio heard (other voices went on round it)."""

    def with_short_pauses(self, longest: float) -> bytes:
        """``audio`` with every pause inside the speech cut to ``longest`` seconds.

        A person who pauses mid-answer ("my... left... side") is heard better this way:
        measured on espeak-ng answers slowed to 0.6x, pocketsphinx heard "it helped",
        "i do not", "the left" right with 0.3 s pauses and wrong with 1.4 s ones.
        """
        kept, at = [], 0
        for start, end in self.pauses:
            if end - start <= longest:
                continue
            cut_from = _byte_at(start + longest / 2)
            kept.append(self.audio[at:cut_from])
            at = _byte_at(end - longest / 2)
        kept.append(self.audio[at:])
        return b"".join(kept)


def _byte_at(seconds: float) -> int:
    return round(seconds / FRAME_SECONDS) * FRAME_BYTES


class _Answer:
    """The state of one answer, advanced one decided frame at a time."""

    def __init__(self, s: EndpointSettings) -> None:
        # Rounded up: a blip straddling frame boundaries touches more frames than it lasts.
        self.min_run = math.ceil(s.min_speech / FRAME_SECONDS - 1e-6)
        self.end_run, self.max_run = _frames(s.end_silence), _frames(s.max_answer)
        self.no_answer = _frames(s.no_answer_timeout)
        self.now = 0  # frames decided
        self.start: int | None = None  # first frame of the speech
        self.end = 0  # frame after the last one that counted as speech
        self.run = 0  # loud frames in a row

    def step(self, loud: bool) -> str | None:
        """The reason to stop after this frame, or None to go on."""
        self.now += 1
        self.run = self.run + 1 if loud else 0
        if self.run >= self.min_run:
            if self.start is None:
                self.start = self.now - self.run
            self.end = self.now
        if self.start is None:
            return "no_answer" if self.now >= self.no_answer else None
        if self.now - self.end >= self.end_run:
            return "silence"
        return "max_length" if self.now - self.start >= self.max_run else None


def _frames(seconds: float) -> int:
    return max(1, round(seconds / FRAME_SECONDS))


def _read_frames(source: AudioSource, settings: EndpointSettings) -> Iterator[bytes]:
    """Whole frames from ``source`` until it ends."""
    pending = b""
    last_audio = time.monotonic()
    while True:
        chunk = source.read(READ_TIMEOUT)
        if chunk is None:
            return
        if not chunk:
            if time.monotonic() - last_audio > settings.stall_timeout:
                raise AudioStalled(f"no audio arrived for {settings.stall_timeout:g} s; check "
                                   "that the microphone is connected and not muted")
            continue
        last_audio = time.monotonic()
        pending += chunk
        usable = len(pending) - len(pending) % FRAME_BYTES
        for pos in range(0, usable, FRAME_BYTES):
            yield pending[pos: pos + FRAME_BYTES]
        pending = pending[usable:]


def _pauses(decided: list[bool], start: int, end: int, offset: int
            ) -> tuple[tuple[float, float], ...]:
    """Runs of quiet frames between ``start`` and ``end``, in seconds from ``offset``."""
    runs: list[tuple[float, float]] = []
    quiet_from: int | None = None
    for i in range(start, end):
        if not decided[i] and quiet_from is None:
            quiet_from = i
        elif decided[i] and quiet_from is not None:
            runs.append(((quiet_from - offset) * FRAME_SECONDS, (i - offset) * FRAME_SECONDS))
            quiet_from = None
    return tuple(runs)


VOICE_CHECK = 3
"""Decided frames between two looks for the nearest voice's end (about 0.1 s)."""
VOICES_BEFORE = 0.25
"""Seconds by which the model's speech must have begun before the nearest voice: other
voices were there before the person spoke. In a quiet room an answer's first word is where
speech begins, so a short answer, or one whose first word is its loudest, never ends
this way. Chosen on the tune half: 0.5 ended 42 of 157 answer files of its babble
screenings this way (a recorded answer there begins about 0.5 s after listening does, a
person often later), 0.25 92 and 0.15 112; in its endpointing benchmark 0.25 and 0.15
both found 35 of 60 answers in babble at 10 dB (0.5: 34), and ended none of 180 waits in
babble alone but one at 5 dB (the same for all three)."""


def _voice_over(levels: np.ndarray, decided: list[bool], started: int, s: EndpointSettings
                ) -> tuple[float, float] | None:
    """Where the nearest voice was (seconds into the audio heard), if it has ended among
    other voices: it stands out of the rest (:func:`.foreground.standing_out`), lasted
    ``min_speech`` and was over ``end_silence`` ago; the model's speech began
    :data:`VOICES_BEFORE` before it (``started``: its first frame) and went on for most
    of the time since it; else None."""
    now = len(decided) * FRAME_SECONDS
    stretch = standing_out(levels[: max(0, int((now * RATE - WINDOW) // HOP) + 1)],
                           PHRASE_GAP)
    if stretch is None:
        return None
    start, end = stretch[0] * HOP / RATE, (stretch[1] * HOP + WINDOW) / RATE
    if now - end < s.end_silence or end - start < s.min_speech or \
            started * FRAME_SECONDS > start - VOICES_BEFORE:
        return None
    after = decided[int(end / FRAME_SECONDS):]
    return (start, end) if sum(after) * 2 >= len(after) else None


def _detector(s: EndpointSettings) -> tuple[EnergyDetector | ModelDetector, str]:
    """The detector the settings ask for, and its name for the record."""
    if s.detector == "energy":
        return EnergyDetector(s.threshold, s.margin), EnergyDetector.name
    try:
        model = load_model(s.vad_model)
    except VadModelError as error:
        if s.detector == "model":
            raise
        if str(error) not in _fallbacks_logged:
            log.warning("voice-activity model not used, energy threshold instead: %s", error)
            _fallbacks_logged.add(str(error))
        return EnergyDetector(s.threshold, s.margin), f"energy (model not loaded: {error})"
    return ModelDetector(model, s.speech_probability, level=s.threshold,
                         above_background=s.above_background, max_lift=s.max_lift), \
        ModelDetector.name


_fallbacks_logged: set[str] = set()
"""Reasons already logged: once each, not at every answer."""


def speech_detector(settings: EndpointSettings) -> EnergyDetector | ModelDetector:
    """A new frame-by-frame speech detector, as the settings ask for (the model, or the
    energy threshold when the model cannot be loaded and the settings allow it)."""
    return _detector(settings)[0]


def prepare_detector(settings: EndpointSettings) -> str:
    """Load what the detector needs now, before the first prompt, rather than while the
    person answers for the first time; the detector's name (as :attr:`Capture.detector`).
    Raises :class:`~.vad.VadModelError` as :func:`capture_answer` would."""
    return _detector(settings)[1]


def capture_answer(source: AudioSource, settings: EndpointSettings | None = None, *,
                   on_pause: tuple[float, Callable[[Capture], None]] | None = None
                   ) -> Capture:
    """Listen on ``source`` until an answer has ended, or none came.

    ``on_pause``: (seconds, call): each time the speech has been followed by that much
    silence, ``call`` is given the answer as it would be captured if it ended there (reason
    "pause"), so that work on it may begin while the silence that ends it runs on.

    Raises :class:`~.vad.VadModelError` if ``settings.detector`` is "model" and the model
    cannot be loaded.
    """
    s = settings or EndpointSettings()
    (detector, used), answer = _detector(s), _Answer(s)
    heard: list[bytes] = []
    decided: list[bool] = []
    reason: str | None = None
    track = LevelTrack() if s.among_voices else None
    voice: tuple[float, float] | None = None
    pause_run = _frames(on_pause[0]) if on_pause is not None else 0
    for frame in _read_frames(source, s):
        heard.append(frame)
        if track is not None:
            track.add(frame)
        for loud in detector.feed(frame):
            decided.append(loud)
            if reason := answer.step(loud):
                break
            if on_pause is not None and answer.start is not None and \
                    answer.now - answer.end == pause_run:
                on_pause[1](_captured(heard, decided, answer, s, "pause", False, used, None))
            if track is not None and answer.start is not None and \
                    answer.now % VOICE_CHECK == 0:
                voice = _voice_over(track.levels, decided, answer.start, s)
                if voice is not None:
                    reason = "voice_over"
                    break
        if reason:
            break
    ended = reason is None
    if reason is None:
        for loud in detector.flush():
            decided.append(loud)
            if reason := answer.step(loud):
                break
        reason = reason or "end_of_input"
    capture = _captured(heard, decided, answer, s, reason, ended, used, voice)
    log.debug("capture: %s after %.2f s heard, %.2f s speech", reason, capture.heard_seconds,
              capture.speech_seconds)
    return capture


def _captured(heard: list[bytes], decided: list[bool], answer: _Answer, s: EndpointSettings,
              reason: str, ended: bool, used: str, voice: tuple[float, float] | None
              ) -> Capture:
    """The answer as captured when listening stops now, for ``reason``."""
    total = answer.now * FRAME_SECONDS
    if answer.start is None:
        return Capture(b"".join(heard[: answer.now]), False, reason, 0.0, total, ended,
                       None, total, detector=used)
    first = max(0, answer.start - round(s.pre_roll / FRAME_SECONDS))
    return Capture(b"".join(heard[first: answer.now]), True, reason,
                   (answer.end - answer.start) * FRAME_SECONDS,
                   (answer.now - answer.end) * FRAME_SECONDS, ended,
                   answer.start * FRAME_SECONDS, total,
                   _pauses(decided, answer.start, answer.end, first), used, voice)
