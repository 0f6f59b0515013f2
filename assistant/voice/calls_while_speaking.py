"""A call for help heard while BackTalk speaks.

BackTalk does not take answers while it speaks (what it hears then is mostly itself). A
call for help is different: the advice at the end of a screening lasts over 20 seconds,
and a person who says "help me" during it must not wait for it to end, or be lost. Only
with the sound server's echo canceller (:mod:`.echo_cancel`), which takes BackTalk's own
voice out of what the microphone hears, does BackTalk listen while it speaks, and then only
for the calls: each stretch of speech the voice-activity model finds is given to the
recognizer with the calls alone as its grammar, and one heard at :data:`AT_LEAST` or more,
or written down whole in the recognizer's own transcription of the stretch, stops the
prompt and is the next answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from ..asr.base import Recognizer, Utterance
from .audio import FRAME_SECONDS
from .endpoint import EndpointSettings, speech_detector
from .level import frame_level
from .wake import normalise

log = logging.getLogger(__name__)

AT_LEAST = 0.5
"""The least confidence of a call heard while speaking that stops the prompt."""
IN_TRANSCRIPT = 0.5
"""The confidence of a call found only in the recognizer's own transcription, for the
record: a call for help is acted on at once whatever its confidence, as anywhere; a sign
named ("chest pain") is checked with the person first."""
END_QUIET = 0.45
"""Seconds without speech that end a stretch of speech (a call is short)."""
LONGEST = 2.5
"""Seconds of speech after which a stretch is heard even if the speech goes on: a call is
short, and a longer stretch would take the recognizer longer than it lasts."""
OVERLAP = 1.5
"""Seconds two stretches cut from one long stretch of speech share: about a call's length."""
SHORTEST = 0.15
"""Seconds: a shorter stretch is a click or the echo's remains, not a call."""
LEAD = 0.2
"""Seconds heard before a stretch begins, as for an answer (the detector starts late)."""


class LiveSource(Protocol):
    """Where the sound comes from: a microphone (anything that reads like one)."""

    def read(self, timeout: float) -> bytes | None:
        """The next frame, b"" when none came within ``timeout`` seconds."""

    def discard_pending(self) -> None:
        """Drop what was heard and not read yet."""


_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _digits_as_words(text: str) -> str:
    """Numbers written in digits said digit by digit, as the calls name them: the
    transcription writes "call 911" for "call nine one one"."""
    return " ".join(" ".join(_DIGITS[int(d)] for d in word) if word.isdigit() and
                    word.isascii() else word for word in text.split())


def listened_for(calls: Sequence[str], words: str) -> list[str]:
    """Of ``calls`` (normalised), those listened for while BackTalk says ``words``: the
    calls not all of whose words it says itself (see :meth:`CallsWhileSpeaking.begin`)."""
    said = set(_digits_as_words(normalise(words)).split())
    return [call for call in calls if not set(call.split()) <= said]


def _frames(seconds: float) -> int:
    return max(1, round(seconds / FRAME_SECONDS))


class CallsWhileSpeaking:
    """Listens for one of ``calls`` between :meth:`begin` and :meth:`end`, on a thread of
    its own: the main thread plays the prompt meanwhile, and a stretch being recognised
    must not hold up the sound."""

    def __init__(self, recognizer: Recognizer, calls: Sequence[str],
                 endpoint: EndpointSettings) -> None:
        self.recognizer = recognizer
        self.calls = list(dict.fromkeys(calls))
        self.endpoint = endpoint
        self.heard: Utterance | None = None
        """The call heard since :meth:`begin`, if any."""
        self.stretches = 0
        """Stretches of speech given to the recognizer since :meth:`begin`."""
        self.busy = 0.0
        """Seconds (wall clock) spent recognising them: what listening costs."""
        self.listened = 0.0
        """Seconds of sound listened to since :meth:`begin`."""
        self.frame_levels: list[float] = []
        """The level (dBFS) of each frame heard since :meth:`begin`: how much of BackTalk's
        own voice the echo canceller leaves (``backtalk test-audio`` says)."""
        self._source: LiveSource | None = None
        self._detector = speech_detector(endpoint)
        self._kept: deque[bytes] = deque(maxlen=_frames(LONGEST + LEAD + END_QUIET + 1.0))
        self._decided = 0  # frames decided since begin
        self._read = 0  # frames read since begin
        self._start: int | None = None
        self._last = 0
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._grammar = self.calls
        self._began = 0.0

    def begin(self, source: LiveSource, words: str = "") -> None:
        """BackTalk starts saying ``words``: listen on ``source`` from now on (what it held
        before is dropped) for the calls whose words ``words`` do not all hold. A call
        BackTalk says itself ("if you need help now, say help me": "help me", "need
        help") is not listened for while it says it: its echo is the likeliest false call
        of all, and the words may come back in another order ("pain ... in your chest")."""
        self.end()
        self._grammar = listened_for(self.calls, words)
        self._source = source
        source.discard_pending()
        self.heard = None
        self.stretches = 0
        self.busy = self.listened = 0.0
        self.frame_levels = []
        self._detector = speech_detector(self.endpoint)
        self._kept.clear()
        self._decided = self._read = 0
        self._start = None
        self._done.clear()
        self._began = time.monotonic()
        if self._grammar:
            self._thread = threading.Thread(target=self._listen, name="calls-while-speaking",
                                            daemon=True)
            self._thread.start()

    @property
    def listening(self) -> bool:
        """Whether calls are listened for now: between :meth:`begin` and :meth:`end`,
        unless the prompt says every call itself."""
        return self._thread is not None

    def check(self) -> bool:
        """Whether a call has been heard (asked by the playback)."""
        return self.heard is not None

    def end(self, until: float | None = None) -> Utterance | None:
        """BackTalk has stopped speaking: what the microphone heard up to ``until`` (a
        ``time.monotonic()`` moment; None: now) is listened to and the stretch still open
        judged; what it heard after is left on the source, for the answer. The call heard,
        if any. The recognizer is the caller's again once this returns."""
        if self._thread is None:
            return self.heard
        self._done.set()
        self._thread.join()
        self._thread = None
        due = round(((until or time.monotonic()) - self._began) / FRAME_SECONDS)
        try:
            self._read_all(0.0, due)
            if self.heard is None:
                for speech in self._detector.flush():
                    self._decide(speech)
            if self.heard is None and self._start is not None:
                start, self._start = self._start, None
                self._hear(start, self._decided)
        except Exception as exc:  # a lost microphone is found by the next answer's capture
            log.warning("stopped listening while speaking: %s", exc)
        return self.heard

    def _listen(self) -> None:
        try:
            while not self._done.is_set() and self.heard is None:
                self._read_all(0.1)
        except Exception as exc:
            log.warning("stopped listening while speaking: %s", exc)

    def _read_all(self, timeout: float, due: int | None = None) -> None:
        """Read and judge the frames there are, waiting ``timeout`` for the first: until
        :meth:`end` is called, or (``due``) until that many frames since :meth:`begin`."""
        source = self._source
        while source is not None and self.heard is None and (
                self._read < due if due is not None else not self._done.is_set()):
            frame = source.read(timeout)
            if not frame:
                return
            timeout = 0.0
            self._kept.append(frame)
            self._read += 1
            self.listened += FRAME_SECONDS
            self.frame_levels.append(frame_level(frame))
            for speech in self._detector.feed(frame):
                self._decide(speech)

    def _decide(self, speech: bool) -> None:
        index = self._decided
        self._decided += 1
        if self.heard is not None:
            return
        if speech:
            if self._start is None:
                self._start = index
            self._last = index
        if self._start is None:
            return
        if not speech and index - self._last >= _frames(END_QUIET):
            start, self._start = self._start, None
            self._hear(start, self._last + 1)
        elif index - self._start >= _frames(LONGEST):
            # Speech goes on (the echo's remains under a call): the next stretch overlaps
            # this one, so that a call across the cut is whole in one of them.
            start, self._start = self._start, index + 1 - _frames(OVERLAP)
            self._hear(start, index + 1)

    def _hear(self, start: int, end: int) -> None:
        if end - start < _frames(SHORTEST):
            return
        first = self._read - len(self._kept)  # the frame number of the oldest kept
        lead = max(start - _frames(LEAD), first)
        audio = b"".join(list(self._kept)[lead - first: end - first])
        if not audio:
            return
        self.stretches += 1
        started = time.perf_counter()
        heard = self.recognizer.recognize(audio, self._grammar)
        self.busy += time.perf_counter() - started
        log.info("while speaking: %r at %.2f (said %r)", heard.text, heard.confidence,
                 heard.said)
        if heard.text in self._grammar and heard.confidence >= AT_LEAST:
            self.heard = heard
            return
        # Over the echo's remains the recognizer's own transcription may hold the call
        # where the grammar's margin over it fails ("will help me", "call them
        # ambulance"): taken too (in the virtual room's figures, README).
        said = f" {_digits_as_words(normalise(heard.said))} "
        within = [call for call in self._grammar if f" {call} " in said]
        if within:
            self.heard = replace(heard, text=max(within, key=len), confidence=IN_TRANSCRIPT)
