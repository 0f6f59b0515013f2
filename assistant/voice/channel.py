"""The voice channel: speak a prompt, stay deaf while speaking, capture the answer,
recognise it with the current question's grammar.

Answers come from the microphone or, for tests and demonstrations, from a folder of
recorded answer files (one per turn, in name order). Prompts go to the speaker or, with
``speak_to``, into numbered WAV files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from ..asr.base import Heard, Recognizer, Utterance
from ..setup.pace import Pace
from .audio import (
    FRAME_BYTES,
    FRAME_SECONDS,
    RATE,
    AudioSource,
    ChainSource,
    MicrophoneLost,
    MicrophoneSource,
    SilenceSource,
    SoundSystemHung,
    WavReader,
    WavSource,
    list_devices,
)
from .calls_while_speaking import CallsWhileSpeaking
from .early_hearing import EarlyHearing
from .echo_cancel import EchoCancel, EchoCancelUnavailable, start_echo_cancel
from .endpoint import Capture, EndpointSettings, capture_answer
from .foreground import nearest_voices
from .tts import Speaker, split_sentences
from .unheard import loudest_sound

log = logging.getLogger(__name__)

ECHO_TAIL = 0.8
"""Seconds to stay deaf after playback ends: the room's echo of our own voice."""


class AnswerInput(Protocol):
    """Where answers come from."""

    def next_source(self) -> AudioSource | None:
        """Audio for the next answer; None when there are no more answers."""

    def while_speaking(self, words: str) -> Callable[[], bool] | None:
        """The assistant starts saying ``words``: what its playback asks whether to stop
        for (a call for help heard meanwhile); None when nothing is listened to while it
        speaks."""

    def after_speaking(self) -> None:
        """Drop whatever was captured while the assistant was speaking (but a call for
        help, kept for :meth:`call_heard`)."""

    def call_heard(self) -> Utterance | None:
        """The call for help heard while the assistant spoke, once; None if none was."""


class MicrophoneAnswers:
    """Answers from a live microphone (half duplex: deaf while speaking, plus a tail; with
    :attr:`calls`, through the echo canceller, listening while speaking for a call for
    help alone).

    ``source`` may be None (no microphone could be opened yet, for ``missing``): listening
    then raises MicrophoneLost until :meth:`reopen` opens ``device``."""

    def __init__(self, source: MicrophoneSource | None, echo_tail: float = ECHO_TAIL, *,
                 device: int | str | None = None, missing: str = "",
                 echo: EchoCancel | None = None) -> None:
        self.source = source
        self.echo_tail = echo_tail
        self.device = source.asked if source is not None else device
        self.missing = missing
        self.echo = echo
        """The sound server's echo canceller the microphone records through, if any."""
        self.calls: CallsWhileSpeaking | None = None
        """What listens for a call for help while the assistant speaks (only through
        :attr:`echo`)."""
        self._call: Utterance | None = None

    def next_source(self) -> AudioSource | None:
        if self.source is None:
            raise MicrophoneLost(self.missing or "no microphone is open")
        return self.source

    def while_speaking(self, words: str) -> Callable[[], bool] | None:
        self._call = None
        if self.calls is None or self.source is None:
            return None
        self.calls.begin(self.source, words)
        return self.calls.check

    def after_speaking(self) -> None:
        calls = self.calls
        if calls is None or not calls.listening:
            time.sleep(self.echo_tail)
            if self.source is not None:
                self.source.discard_pending()
            return
        # The tail is listened to as well: a call said as the prompt ends is kept. The
        # listener reads what was heard until the tail's end, no further: what came after
        # is the start of the answer, already on its way.
        deadline = time.monotonic() + self.echo_tail
        while not calls.check() and time.monotonic() < deadline:
            time.sleep(0.05)
        self._call = calls.end(until=deadline)
        if self._call is not None and self.source is not None:
            self.source.discard_pending()

    def call_heard(self) -> Utterance | None:
        call, self._call = self._call, None
        return call

    def reopen(self) -> None:
        """Open the microphone again after it was lost (plugged back in, its sound server
        restarted); AudioError while it is still missing."""
        if self.source is not None:
            lost, self.source = self.source, None
            lost.close()
            if lost.left_open:
                # Scanning the devices again would wait on the same server, for ever.
                raise SoundSystemHung("the sound system did not answer while the microphone "
                                      "that stopped was closed")
        if self.echo is not None:
            self._echo_again(self.echo)
        list_devices(rescan=True)  # a device plugged in again is new to PortAudio
        self.source = MicrophoneSource(self.device)

    def close_echo(self) -> None:
        """At the end: close the microphone and unload the echo canceller, if any."""
        if self.source is not None:
            self.source.close()
            self.source = None
        if self.echo is not None:
            self.echo.close()
            self.echo = self.calls = None

    def _echo_again(self, lost: EchoCancel) -> None:
        """The sound server drops its echo canceller with the microphone under it: load it
        again over the microphone now there, or record without it, from the microphone
        named to BackTalk (if one was), the speech still going to the speaker named."""
        try:
            self.echo = start_echo_cancel(lost.microphone, lost.speaker)
            self.echo.use()
        except EchoCancelUnavailable as exc:
            log.warning("no echo canceller now, so nothing is heard while speaking: %s", exc)
            lost.close(keep_speaker=True)
            self.echo = self.calls = None
            self.device = lost.microphone


ANSWER_LEAD = 0.3
"""Seconds of silence heard before each answer file, as a person on a live microphone
starts to answer a moment after listening begins. Files cut tight round the word (the
Free Spoken Digit Dataset's) otherwise start the voice-activity model cold on speech,
where it stays under its threshold: 6 of theo's 10 takes of "four" were not heard at
all from the file's first sample. ``backtalk bench``'s spoken screenings leave the same lead."""


class NeverOverlapping:
    """Answers that never overlap the prompts (recorded ones): nothing is listened to while
    the assistant speaks, and nothing is there to drop."""

    def while_speaking(self, words: str) -> Callable[[], bool] | None:
        return None

    def after_speaking(self) -> None:
        pass

    def call_heard(self) -> Utterance | None:
        return None


class WavDirAnswers(NeverOverlapping):
    """Answers from recorded files, one per turn, in name order (``*.wav``).

    Each file is preceded by :data:`ANSWER_LEAD` of silence and followed by more, as a
    person starts after a moment and falls silent after answering; a file of silence
    stands for no answer. When the files run out, input has ended.
    """

    def __init__(self, directory: Path, settings: EndpointSettings) -> None:
        if not directory.is_dir():
            raise FileNotFoundError(f"{directory}: no such folder of answer files (give the "
                                    "folder that holds the .wav answers)")
        self.files = sorted(directory.glob("*.wav"))
        if not self.files:
            raise FileNotFoundError(f"no .wav answer files in {directory}")
        # Every header is checked now (a folder or a FIFO named .wav, a wrong format), so
        # a bad file is reported before anything is said, not halfway through.
        for path in self.files:
            WavReader(path).close()
        self.settings = settings
        self.used = 0
        self._current: AudioSource | None = None

    def next_source(self) -> AudioSource | None:
        if self._current is not None:
            self._current.close()  # what is left of a long answer is never read
            self._current = None
        if self.used >= len(self.files):
            return None
        path = self.files[self.used]
        self.used += 1
        log.info("answer file %s", path.name)
        after = self.settings.no_answer_timeout + self.settings.end_silence + 1.0
        self._current = ChainSource(SilenceSource(ANSWER_LEAD), WavSource(path),
                                    SilenceSource(after))
        return self._current



@dataclass
class TurnTiming:
    """Where the time went from the end of one answer to the first sound of the reply.

    The moments are ``time.perf_counter()`` values; the endpoint wait is audio time, which
    a WAV answer passes in no wall time at all.
    """

    endpoint_wait: float
    """Audio seconds from the end of the speech to the endpointer's decision."""
    decided_at: float
    """When the endpointer decided that the answer had ended."""
    heard_at: float
    """When the recognizer's result was ready (the decision's moment if nobody spoke)."""
    speech: bool
    """Whether anyone spoke (without speech nothing is recognised)."""
    listened: float = 0.0
    """Audio seconds heard for this answer, from the start of listening to the decision
    (how long the person waited, answer included)."""
    reply_at: float = 0.0
    """When the reply began to be said."""
    first_audio_at: float = 0.0
    """When the first sentence of the reply was ready to play."""

    @property
    def recognize(self) -> float:
        return self.heard_at - self.decided_at

    @property
    def dialogue(self) -> float:
        return self.reply_at - self.heard_at

    @property
    def tts_first_audio(self) -> float:
        return self.first_audio_at - self.reply_at

    @property
    def beyond_endpoint(self) -> float:
        return self.first_audio_at - self.decided_at


class VoiceChannel:
    """Speaks and listens; each utterance goes through the recognizer with a grammar."""

    def __init__(self, speaker: Speaker, recognizer: Recognizer, answers: AnswerInput,
                 endpoint: EndpointSettings, speak_to: Path | None = None,
                 show: Callable[[str, str], None] | None = None, pace: Pace | None = None,
                 on_pace_change: Callable[[Pace], None] | None = None,
                 on_timing: Callable[[TurnTiming], None] | None = None,
                 hear_early: bool = True) -> None:
        self.speaker = speaker
        self.pace = pace
        """Read before each prompt: "slower" or "louder" changes it during a conversation."""
        self.on_pace_change = on_pace_change
        self.recognizer = recognizer
        self.answers = answers
        self.endpoint = endpoint
        self.speak_to = speak_to
        self.show = show or (lambda _who, _text: None)
        self.prompts = _last_prompt(speak_to)
        """The number of the last prompt file: a folder used before is numbered on from its
        last prompt, as prompts never replace a file."""
        self.on_timing = on_timing
        """Called with each answer's :class:`TurnTiming` once its reply has been said."""
        self._timing: TurnTiming | None = None
        self.hear_early = hear_early
        """Whether an answer is heard while the silence that ends it runs on."""
        self.early = EarlyHearing(recognizer)

    @property
    def timing(self) -> TurnTiming | None:
        """Where the last answer's time went so far (None before one was heard, or once its
        reply was said)."""
        return self._timing

    def say(self, sentences: list[str]) -> None:
        reply_at = time.perf_counter()
        timing, self._timing = self._timing, None
        if not sentences:
            return
        self.show("backtalk", " ".join(sentences))
        self._follow_pace()
        # Short sentences: the first sound comes only after a whole sentence is made.
        sentences = [short for text in sentences for short in split_sentences(text)]
        if self.speak_to is not None:
            self.prompts += 1
            self.speaker.save(sentences, self.speak_to / f"{self.prompts:03d}.wav")
        else:
            self.speaker.speak(sentences,
                               stop=self.answers.while_speaking(" ".join(sentences)))
        if timing is not None and self.on_timing is not None \
                and self.speaker.first_audio_at is not None:
            timing.reply_at, timing.first_audio_at = reply_at, self.speaker.first_audio_at
            self.on_timing(timing)
        self.answers.after_speaking()

    def _follow_pace(self) -> None:
        pace, settings = self.pace, self.speaker.settings
        if pace is None or (pace.rate, pace.volume) == (settings.rate, settings.volume):
            return
        self.speaker.set_rate(pace.rate)
        self.speaker.set_volume(pace.volume)
        if self.on_pace_change is not None:
            self.on_pace_change(pace)

    def listen(self, grammar: list[str], *, unheard_words: bool = True) -> Heard | None:
        """The next answer, recognised with ``grammar``; None when answers have ended.
        ``unheard_words``: when the wait ends with no speech heard, its loudest sound is
        still given to the recognizer (:mod:`.unheard`); off while waiting for the wake
        phrase, where a missed word costs nothing and a false call would."""
        self._timing = None  # an answer left without a reply (a wake phrase) is not timed
        call = self.answers.call_heard()
        if call is not None:
            self.show("heard", f"{call.text} [{call.confidence:.2f}] (while speaking)")
            return Heard(call.text, call.confidence,
                         {"while_speaking": True, "engine": call.engine,
                          "alternatives": [list(a) for a in call.alternatives]},
                         said=call.said)
        source = self.answers.next_source()
        if source is None:
            return None
        early = self._early_hearing(grammar)
        try:
            capture = capture_answer(source, self.endpoint, on_pause=early)
        except BaseException:
            self.early.drop()
            raise
        decided_at = time.perf_counter()
        details: dict[str, object] = {
            "endpoint": capture.reason,
            "speech_seconds": round(capture.speech_seconds, 2),
            "endpoint_wait": round(capture.waited_seconds, 2),
            "detector": capture.detector,
        }
        started = time.perf_counter()
        if not capture.speech:
            self.early.drop()
            if capture.ended_input and capture.reason == "end_of_input":
                return None
            missed = self._unheard_word(capture, grammar) if unheard_words else None
            if missed is None:
                self.show("heard", "(no answer)")
                self._timing = TurnTiming(capture.waited_seconds, decided_at, decided_at,
                                          False, capture.heard_seconds)
                return Heard("", 0.0, details)
            utterance, details["unheard_word"] = missed
        else:
            details["started_after"] = round(capture.started_after or 0.0, 2)
            audio = for_recognizer(capture)
            used = self.early.used
            utterance, tried = or_nearest_voice(self.recognizer, audio, grammar,
                                                self.early.heard(audio, grammar))
            if self.early.used > used:
                details["heard_early"] = True
            if tried is not None:
                details["nearest_voice"] = round(tried, 2)
            if capture.voice is not None:
                # Other voices were heard round the answer (it ended when the nearest one
                # did): whatever was made out is as unsure as the nearest voice's.
                details.setdefault("nearest_voice",
                                   round(capture.voice[1] - capture.voice[0], 2))
                utterance = replace(utterance,
                                    confidence=min(utterance.confidence, AMONG_VOICES))
        details.update(engine=utterance.engine, rejected=utterance.rejected,
                       alternatives=[list(a) for a in utterance.alternatives],
                       recognize_seconds=round(time.perf_counter() - started, 3))
        self.show("heard", f"{utterance.text or '(not understood)'} "
                           f"[{utterance.confidence:.2f}]")
        self._timing = TurnTiming(capture.waited_seconds, decided_at, time.perf_counter(), True,
                                  capture.heard_seconds)
        return Heard(utterance.text, utterance.confidence, details, said=utterance.said)

    def _early_hearing(self, grammar: list[str]
                       ) -> tuple[float, Callable[[Capture], None]] | None:
        """What the endpointer is to call once the speech has been over for
        :data:`KEEP_TAIL`: the answer as the recognizer would be given it, heard then
        (:mod:`.early_hearing`); None when answers are not heard early."""
        if not self.hear_early:
            return None
        return KEEP_TAIL, lambda capture: self.early.start(for_recognizer(capture), grammar)

    def _unheard_word(self, capture: Capture, grammar: list[str]
                      ) -> tuple[Utterance, float] | None:
        """What the recognizer makes out in the loudest sound of a wait with no speech
        heard, at :data:`UNHEARD` at most, and that sound's seconds; None if none stood
        out or nothing was made out there (the wait stays silence)."""
        sound = loudest_sound(capture.audio)
        if sound is None:
            return None
        heard = self.recognizer.recognize(sound, grammar)
        if not heard.text:
            return None
        return replace(heard, confidence=min(heard.confidence, UNHEARD)), \
            round(len(sound) / (2 * RATE), 2)


def or_nearest_voice(recognizer: Recognizer, audio: bytes, grammar: list[str],
                     heard: Utterance) -> tuple[Utterance, float | None]:
    """``heard`` (what ``recognizer`` made of the whole of ``audio``), or when it made
    nothing out, what it makes out in the nearest voice, at :data:`AMONG_VOICES` at most;
    and the seconds of the last stretch tried (None: none was)."""
    if heard.text:
        return heard, None
    nearest, tried = answer_in_nearest_voice(recognizer, audio, grammar)
    if nearest is None:
        return heard, tried
    return replace(nearest, confidence=min(nearest.confidence, AMONG_VOICES)), tried


def answer_in_nearest_voice(recognizer: Recognizer, audio: bytes, grammar: list[str]
                            ) -> tuple[Utterance | None, float | None]:
    """What ``recognizer`` makes out in the nearest voice of ``audio`` (its own confidence:
    :meth:`VoiceChannel.listen` caps it at :data:`AMONG_VOICES`), or None; and the seconds
    of the last stretch tried (None: none stood out). Each stretch of
    :func:`.foreground.nearest_voices` gives an answer of its fewest words or more only."""
    tried = None
    for voice, words in nearest_voices(audio):
        tried = len(voice) / (2 * RATE)
        heard = recognizer.recognize(voice, grammar)
        if heard.text and len(heard.text.split()) >= words:
            return heard, tried
    return None, tried


def _last_prompt(folder: Path | None) -> int:
    if folder is None or not folder.is_dir():
        return 0
    return max((int(p.stem) for p in folder.glob("*.wav") if p.stem.isdigit()), default=0)


AMONG_VOICES = 0.6
"""The most confidence an answer made out only in the nearest voice (:mod:`.foreground`)
is given: the person is asked to confirm it wherever a misheard answer would lower the
outcome or skip alarm questions. Measured by ``python -m assistant.bench.among_voices``:
of what it made out at Whisper's own 0.9 or more in babble, 3 of 201 were wrong on the
held-out speakers (1.5 %; tune half 5 of 217), against fewer than 1 in 200 in quiet."""

UNHEARD = 0.6
"""The most confidence an answer made out in a sound the voice-activity model did not take
for speech (:mod:`.unheard`) is given: the person is asked to confirm it wherever a
misheard answer would lower the outcome or skip alarm questions."""

KEEP_PAUSE = 0.3
"""Seconds of a pause inside an answer kept for the recognizer (see Capture)."""

KEEP_TAIL = 0.3
"""Seconds of the silence that ended an answer kept for the recognizer. The endpointer
waits a whole second or more; pocketsphinx's rejection scores the answer worse with that
much silence after it (measured on the shared "no" recordings: 6 of 11 rejected with a
second of silence, 2 of 11 with 0.3 s)."""


def for_recognizer(capture: Capture) -> bytes:
    """What the recognizer hears of a captured answer: its pauses and its silent tail
    shortened (:data:`KEEP_PAUSE`, :data:`KEEP_TAIL`)."""
    return trim_tail(capture.with_short_pauses(KEEP_PAUSE), capture.waited_seconds)


def trim_tail(audio: bytes, silence_seconds: float) -> bytes:
    """``audio`` without its silent tail but :data:`KEEP_TAIL`, counted in whole frames: the
    same bytes however long the silence ran on after that (what lets an answer be heard
    while the silence that ends it runs, :mod:`.early_hearing`)."""
    cut = max(0, round(silence_seconds / FRAME_SECONDS) - round(KEEP_TAIL / FRAME_SECONDS))
    return audio[: len(audio) - cut * FRAME_BYTES] if cut else audio
