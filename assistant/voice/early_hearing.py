"""An answer heard while the silence that ends it runs on.

The endpointer waits for a whole second of silence (2-3 s for a slow speaker) before it
decides that an answer has ended, but the recognizer is given only the first
:data:`~.channel.KEEP_TAIL` of that silence (:func:`~.channel.trim_tail`). So once the
speech has been over for that long, what the recognizer will be given is known, unless
the person speaks again: it is heard then, in a thread of its own, and the endpointer
goes on listening. When the answer ends with nothing more said, the result is ready or
nearly so; when the person spoke again, that hearing is set aside and the answer as it
ended is heard (after it, as one recognizer hears one answer at a time).

What is given is only ever what the recognizer made of the very bytes it would have been
given at the endpoint (they are compared), so no answer changes; the person waits less.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor

from ..asr.base import Recognizer, Utterance

log = logging.getLogger(__name__)

_Ahead = tuple[bytes, Sequence[str], tuple[str, ...], "Future[Utterance]"]
"""A hearing begun: the audio, the grammar given (itself), its phrases then, the result."""


class EarlyHearing:
    """One recognizer's hearings of answers not yet ended, one at a time."""

    def __init__(self, recognizer: Recognizer) -> None:
        self.recognizer = recognizer
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="early-hearing")
        self._ahead: _Ahead | None = None
        self.used = self.set_aside = 0
        """Hearings given as the answer, and those of answers the person went on with."""

    def start(self, audio: bytes, grammar: Sequence[str]) -> None:
        """Begin hearing ``audio`` (what the recognizer would be given if the answer ended
        now) with ``grammar`` itself, not a copy: a question's grammar carries more than its
        phrases (:class:`~assistant.dialog.grammar.Grammar`: what may be taken on a close
        guess, what only Whisper may hear). A hearing not begun yet of an earlier pause is
        dropped."""
        if self._ahead is not None:
            if self._same(self._ahead, audio, grammar):
                return
            if self._ahead[3].cancel():
                self._ahead = None
        if self._ahead is not None:
            self.set_aside += 1
        self._ahead = (audio, grammar, tuple(grammar),
                       self._pool.submit(self.recognizer.recognize, audio, grammar))

    def heard(self, audio: bytes, grammar: Sequence[str]) -> Utterance:
        """What the recognizer makes of ``audio`` with ``grammar``: the hearing begun early
        when it was of these very bytes with this very grammar, else heard now (once any
        hearing under way has finished). Raises what the recognizer raises."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            if self._same(ahead, audio, grammar):
                self.used += 1
                return ahead[3].result()
            self.set_aside += 1
            _finish(ahead[3])
        return self.recognizer.recognize(audio, grammar)

    @staticmethod
    def _same(ahead: _Ahead, audio: bytes, grammar: Sequence[str]) -> bool:
        return ahead[1] is grammar and ahead[2] == tuple(grammar) and ahead[0] == audio

    def drop(self) -> None:
        """Set aside a hearing under way (the answer was not heard at all) and wait for it
        to finish: the recognizer is then free."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            self.set_aside += 1
            _finish(ahead[3])

    def close(self) -> None:
        self.drop()
        self._pool.shutdown(wait=True)


def _finish(hearing: Future[Utterance]) -> None:
    """Wait for a hearing whose result is not wanted; its failure is only logged (the
    answer it was of is heard again, and a failure then is raised)."""
    try:
        hearing.result()
    except CancelledError:
        pass
    except Exception as exc:  # noqa: BLE001 - the answer is heard again and raises then
        log.warning("a hearing begun before the answer ended failed: %s", exc)
