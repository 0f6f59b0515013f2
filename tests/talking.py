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
