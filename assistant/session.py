"""The conversation loop: say, listen, interpret, move, record.

The loop does not know whether words are typed or spoken: it talks to a ``Channel``.
The text chat is one channel; the voice channel (microphone and speaker) is another.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from . import __version__
from .asr.base import Heard, RecognizerError
from .dialog.conversation import Conversation, Reply
from .dialog.matcher import COMMAND
from .records.record import RecordNotSaved, SessionRecord
from .voice.audio import AudioError

log = logging.getLogger(__name__)


class Channel(Protocol):
    """How the assistant's words go out and the user's words come in."""

    def say(self, sentences: list[str]) -> None:
        """Deliver the sentences (print them, or speak them and wait until done)."""

    def listen(self, grammar: list[str]) -> Heard | None:
        """The user's next utterance (``grammar``: the phrases worth listening for now);
        None when input has ended."""


class HearingFailed(Exception):
    """The microphone or the speech recognizer failed during a screening. The questions
    stopped, the record holds every turn and the ending, and the person was told why and
    given the safety advice, unless :attr:`unsaid` says why that could not be said."""

    def __init__(self, failure: Exception, unsaid: str | None) -> None:
        super().__init__(str(failure))
        self.unsaid = unsaid


OVERHEARD = "overheard"
"""In an answer's details: it was overheard while waiting and woke BackTalk (an emergency
told in other words), not said in answer to a question."""
AFTER_END_TURNS = 5
"""How many "repeat"/"slower" requests are answered after the outcome before saying goodbye."""


def run(conversation: Conversation, channel: Channel, record: SessionRecord,
        details: dict[str, Any] | None = None, first: Heard | None = None
        ) -> dict[str, Any]:
    """Run one screening to its end; every turn is recorded as it happens.

    After the outcome the loop listens a little longer: "repeat" says the outcome again,
    "slower" or "louder" says it again that way, "go back" reopens the last question.
    Silence, anything else or the end of input says goodbye.

    If the record cannot be written (a full disk), the questions stop: the person still
    hears why and the safety advice (or the outcome just reached), and RecordNotSaved is
    raised for the caller to report. If the microphone or the recognizer fails, the
    questions stop the same way, on record, and HearingFailed is raised.

    ``first`` is an answer already heard before the screening began (a call for help while
    BackTalk waited for its wake phrase): it is answered at once, the opening prompt put
    on record but not said.
    """
    turns = _Turns(conversation, channel, record)
    try:
        record.write("start", version=__version__, dialog_files=list(conversation.dialog.files),
                     emergency_number=conversation.emergency_number,
                     known=conversation.known, **(details or {}))
        turns.pending = conversation.start()
        record.write("prompt", state=turns.pending.state, says=turns.pending.says)
        if first is None:
            turns.say_pending()
        else:
            turns.pending = None
            turns.answer(first)
        try:
            while turns.ask_until_done():
                # The outcome is on record before anything else can happen.
                record.write("summary", **conversation.summary())
                if not turns.after_end():
                    break
        except KeyboardInterrupt:
            if not conversation.done:
                turns.pending = conversation.end("interrupted (Ctrl-C)")
                _write_turn(record, turns.count + 1, conversation.state, None, turns.pending,
                            interrupted=True)
                turns.say_pending()
        except (AudioError, RecognizerError) as failure:
            if not conversation.done:
                raise HearingFailed(failure, turns.stop_unheard(failure)) from failure
            # The outcome was said and is on record: only "repeat" and the like are lost.
            log.warning("listening after the outcome failed: %s", failure)
        summary = conversation.summary()
        record.write("summary", **summary)
    except RecordNotSaved as lost:
        turns.stop_unsaved(lost)
        raise
    return summary


class _Turns:
    """The turns of one conversation, numbered and recorded as they happen."""

    def __init__(self, conversation: Conversation, channel: Channel,
                 record: SessionRecord) -> None:
        self.conversation = conversation
        self.channel = channel
        self.record = record
        self.count = 0
        self.pending: Reply | None = None
        """The reply made but not yet said: it is on record before it is said."""

    def say_pending(self) -> None:
        if self.pending is not None:
            reply, self.pending = self.pending, None
            self.channel.say(reply.says)

    def stop_unsaved(self, lost: RecordNotSaved) -> None:
        """The record failed: say so and stop, with the outcome just reached or the safety
        advice. Nothing here writes to the record."""
        conversation = self.conversation
        words = [conversation.dialog.language.say["record_not_saved"]]
        if not conversation.done:
            words += conversation.end("the record could not be written").says
        elif self.pending is not None:
            words += self.pending.says  # e.g. the emergency advice of this very turn
        self.pending = None
        lost.unsaid = self._say_last(words)

    def stop_unheard(self, failure: Exception) -> str | None:
        """Listening failed before the outcome: the ending goes on record, then the person
        hears why the questions stop and the safety advice. Returns why it could not be
        said, or None."""
        conversation = self.conversation
        before = conversation.state
        # Said by stop_unsaved if writing fails.
        ending = self.pending = conversation.end(f"BackTalk could not hear any more: {failure}")
        self.count += 1
        _write_turn(self.record, self.count, before, None, ending, interrupted=True,
                    cannot_hear=str(failure))
        self.record.write("summary", **conversation.summary())
        self.pending = None
        return self._say_last([conversation.dialog.language.say["cannot_hear"], *ending.says])

    def _say_last(self, words: list[str]) -> str | None:
        """Say the last words of a conversation; why they could not be said, or None."""
        # Nothing is heard after this, so "say repeat" would promise what cannot happen.
        hint = self.conversation.dialog.language.say["repeat_hint"]
        try:
            self.channel.say([w for w in words if w != hint])
        except Exception as exc:  # a failing speaker must not hide the first failure
            return str(exc) or type(exc).__name__
        return None

    def take(self) -> Reply | None:
        """One turn; None when input has ended (the conversation is then ended too)."""
        conversation = self.conversation
        heard = self.channel.listen(conversation.grammar())
        if heard is None:
            before = conversation.state
            self.count += 1
            self.pending = conversation.end()
            _write_turn(self.record, self.count, before, None, self.pending)
            self.say_pending()
            return None
        return self.answer(heard)

    def answer(self, heard: Heard) -> Reply:
        """One turn for what was heard: interpreted, on record, then said."""
        conversation = self.conversation
        before = conversation.state
        checking = conversation.pending is not None
        self.count += 1
        reply = self.pending = conversation.hear(heard.text, heard.confidence,
                                                 unclear=heard.unclear,
                                                 among_voices=heard.among_voices,
                                                 said=heard.said,
                                                 overheard=bool(heard.details.get(OVERHEARD)))
        _write_turn(self.record, self.count, before, heard, reply, checking=checking)
        self.say_pending()
        return reply

    def ask_until_done(self) -> bool:
        """Turns until the conversation ends; False if input ended first."""
        while not self.conversation.done:
            if self.take() is None:
                return False
        return True

    def after_end(self) -> bool:
        """Listen for "repeat" and the like after the outcome; True if "go back" reopened
        the questions. Something told in words beyond the grammar that may be an emergency
        is checked ("Is that right?"), and the answer to that is waited for: silence or the
        end of input then gives the emergency advice."""
        for _ in range(AFTER_END_TURNS):
            heard = self.channel.listen(self.conversation.grammar())
            checking = self.conversation.pending is not None
            if not checking and (heard is None or not (heard.text or heard.said)):
                return False
            before = self.conversation.state
            self.count += 1
            reply = self.pending = self.conversation.hear(
                heard.text if heard else None, heard.confidence if heard else 0.0,
                said=heard.said if heard else "")
            _write_turn(self.record, self.count, before, heard, reply, checking=checking)
            self.say_pending()
            if heard is None:
                return False
            if not self.conversation.done:
                return True
            if self.conversation.pending is None and (
                    reply.interpretation is None or reply.interpretation.kind != COMMAND):
                return False  # it said goodbye, or the emergency advice
        return False


def _write_turn(record: SessionRecord, turn: int, before: str, heard: Heard | None,
                reply: Reply, **extra: Any) -> None:
    meaning = reply.interpretation
    record.write(
        "turn",
        turn=turn,
        state_before=before,
        heard=None if heard is None else heard.text,
        confidence=None if heard is None else heard.confidence,
        said=None if heard is None else heard.said or None,
        recognizer=None if heard is None else heard.details or None,
        understood_as=None if meaning is None else meaning.kind,
        value=None if meaning is None else meaning.value,
        recorded=reply.recorded,
        findings=reply.findings,
        state=reply.state,
        says=reply.says,
        **extra,
    )
