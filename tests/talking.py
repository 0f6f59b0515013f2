"""Conversations brought to a question, for tests of what is said there."""

from __future__ import annotations

from assistant.dialog.conversation import Conversation
from assistant.dialog.model import Dialog


def at(dialog: Dialog, question_id: str) -> Conversation:
    """A conversation at ``question_id``, every question before it answered no."""
    talk = Conversation(dialog)
    talk.start()
    while talk.question is not None and talk.question.id != question_id:
        talk.hear("no")
    assert talk.question is not None, question_id
    return talk


def nearly_asked(dialog: Dialog) -> Conversation:
    """A conversation just asked "Do you need an ambulance now?" at the medicine's group."""
    talk = at(dialog, "pain_course")
    assert talk.hear("I took ten paracetamol now").text == "Do you need an ambulance now?"
    return talk


def calls_no_ambulance(dialog: Dialog, reply: str) -> bool:
    """Whether ``reply`` to "Do you need an ambulance now?" (:func:`nearly_asked`) leaves
    the screening without an ambulance called."""
    talk = nearly_asked(dialog)
    said = talk.hear(reply)
    return "call an ambulance now" not in said.text.lower() and \
        (talk.outcome is None or talk.outcome.level != "emergency")
