"""The conversation loop: say, listen, interpret, move, record.

The loop does not know whether words are typed or spoken: it talks to a ``Channel``.
The text chat is one channel; the voice channel (microphone and speaker) is another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from . import __version__
from .dialog.conversation import Conversation, Reply
from .record import SessionRecord


@dataclass(frozen=True)
class Heard:
    """One utterance as it came in."""

    text: str
    """What was typed or recognised ("" for silence or speech that matched nothing)."""
    confidence: float = 1.0
    """How sure the recognizer was (typed text: 1)."""
    details: dict[str, Any] = field(default_factory=dict)
    """What the recognizer and the endpointer reported, for the session record."""


class Channel(Protocol):
    """How the assistant's words go out and the user's words come in."""

    def say(self, sentences: list[str]) -> None:
        """Deliver the sentences (print them, or speak them and wait until done)."""

    def listen(self, grammar: list[str]) -> Heard | None:
        """The user's next utterance (``grammar``: the phrases worth listening for now);
        None when input has ended."""


def run(conversation: Conversation, channel: Channel, record: SessionRecord,
        details: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run one screening to its end; every turn is recorded as it happens."""
    record.write("start", version=__version__, dialog_files=list(conversation.dialog.files),
                 emergency_number=conversation.emergency_number, **(details or {}))
    reply = conversation.start()
    record.write("prompt", state=reply.state, says=reply.says)
    channel.say(reply.says)
    turn = 0
    try:
        while not conversation.done:
            heard = channel.listen(conversation.grammar())
            before = conversation.state
            turn += 1
            if heard is None:
                reply = conversation.end()
                _write_turn(record, turn, before, None, reply)
                channel.say(reply.says)
                break
            reply = conversation.hear(heard.text, heard.confidence)
            _write_turn(record, turn, before, heard, reply)
            channel.say(reply.says)
    except KeyboardInterrupt:
        reply = conversation.end()
        _write_turn(record, turn + 1, conversation.state, None, reply, interrupted=True)
        channel.say(reply.says)
    summary = conversation.summary()
    record.write("summary", **summary)
    return summary


def _write_turn(record: SessionRecord, turn: int, before: str, heard: Heard | None,
                reply: Reply, **extra: Any) -> None:
    meaning = reply.interpretation
    record.write(
        "turn",
        turn=turn,
        state_before=before,
        heard=None if heard is None else heard.text,
        confidence=None if heard is None else heard.confidence,
        recognizer=None if heard is None else heard.details or None,
        understood_as=None if meaning is None else meaning.kind,
        value=None if meaning is None else meaning.value,
        recorded=reply.recorded,
        state=reply.state,
        says=reply.says,
        **extra,
    )
