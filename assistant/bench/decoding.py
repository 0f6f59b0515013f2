"""Decoding the chosen clips: each with its question's grammar, bare or through the voice
loop, timed, and read by the real answer matcher.

``through_loop`` sends each clip the way a live answer goes: the voice channel reads it
from a WAV file followed by silence, endpoints it, shortens its pauses and its silent
tail, and only then decodes it.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..asr.base import Recognizer, Utterance
from ..dialog.matcher import ANSWER, Matcher
from ..dialog.model import Dialog
from ..voice.audio import RATE
from ..voice.endpoint import EndpointSettings
from .clips import Trial
from .recording_files import as_wav, clip_pcm


@dataclass(frozen=True)
class Outcome:
    trial: Trial
    text: str
    """What the recognizer (or the voice channel) returned; "" when nothing."""
    kind: str
    """The matcher's reading of ``text`` on the trial's question."""
    value: object
    utterance: Utterance | None
    """None when the recognizer was not called: the endpointer heard no speech."""
    audio_seconds: float
    """Audio given to the recognizer."""
    decode_seconds: float
    cpu_seconds: float

    @property
    def right(self) -> bool:
        return self.kind == ANSWER and self.value == self.trial.expected

    @property
    def false_accept(self) -> bool:
        return self.trial.expected is None and self.kind == ANSWER


class _Timed:
    """A recognizer that keeps the last utterance and the time spent decoding."""

    def __init__(self, inner: Recognizer) -> None:
        self.inner = inner
        self.name = inner.name
        self.reset()

    def reset(self) -> None:
        self.last: Utterance | None = None
        self.audio_seconds = self.decode_seconds = self.cpu_seconds = 0.0

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        return self.inner.vocabulary_filter(phrases)

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        wall, cpu = time.perf_counter(), time.process_time()
        self.last = self.inner.recognize(audio, phrases)
        self.decode_seconds += time.perf_counter() - wall
        self.cpu_seconds += time.process_time() - cpu
        self.audio_seconds += len(audio) / (2 * RATE)
        return self.last


def run_trials(recognizer: Recognizer, dialog: Dialog, matcher: Matcher,
               trials: Sequence[Trial], *, through_loop: bool,
               settings: EndpointSettings | None = None,
               unheard_words: bool = True) -> list[Outcome]:
    """Decode every trial's clip, bare or through the voice channel (endpointed with
    ``settings``, the defaults if None; ``unheard_words`` as
    :meth:`~assistant.voice.channel.VoiceChannel.listen` takes it)."""
    timed = _Timed(recognizer)
    grammars = {q: matcher.grammar(dialog.questions[q]) for q in {t.question for t in trials}}

    def outcome(trial: Trial, text: str) -> Outcome:
        meaning = matcher.interpret(dialog.questions[trial.question], text)
        return Outcome(trial, text, meaning.kind, meaning.value, timed.last,
                       timed.audio_seconds, timed.decode_seconds, timed.cpu_seconds)

    if not through_loop:
        out = []
        for trial in trials:
            timed.reset()
            out.append(outcome(trial, timed.recognize(clip_pcm(trial.clip),
                                                      grammars[trial.question]).text))
        return out
    # Imported here: the voice channel pulls in text-to-speech and the session.
    from ..voice.channel import VoiceChannel, WavDirAnswers
    from ..voice.tts import Speaker

    settings = settings or EndpointSettings()
    out = []
    with tempfile.TemporaryDirectory(prefix="backtalk-bench-") as tmp:
        folder = Path(tmp)
        # The channel's own file input, so that each clip is followed by the same
        # silence and endpointed exactly as an answer file would be.
        for i, trial in enumerate(trials):
            as_wav(trial.clip, folder / f"{i:06d}.wav")
        # The Speaker is never used: the channel only listens here.
        channel = VoiceChannel(Speaker(), timed, WavDirAnswers(folder, settings), settings)
        for trial in trials:
            timed.reset()
            heard = channel.listen(grammars[trial.question], unheard_words=unheard_words)
            out.append(outcome(trial, heard.text if heard else ""))
    return out

