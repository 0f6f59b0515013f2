"""The answer said again to "Is that right?".

People who perseverate after a stroke often start every reply with the word they said
last ("no... no... chest. tight."). Said to "I heard yes: pain or pressure in the chest.
Is that right?", the reply holds the same yes again: an alarm sign's yes, the one safe to
take, is taken, not dropped as a "no" to the check (a patient played through the chat,
2026-12-05, lost his chest tightness so)."""

from __future__ import annotations

import pytest

from assistant.dialog.conversation import Conversation
from assistant.dialog.model import Dialog


def at_chest_pain_check(dialog: Dialog) -> Conversation:
    talk = Conversation(dialog)
    talk.start()
    talk.hear("I don't know")  # the heart group: asked one sign at a time
    assert talk.state == "chest_pain"
    reply = talk.hear("yes")
    assert reply.says[-1].endswith("Is that right?")
    return talk


@pytest.mark.parametrize("said", ["no... no... chest. tight.", "no... no... tight. pressure."])
def test_the_yes_said_again_after_a_no_is_taken(dialog: Dialog, said: str) -> None:
    talk = at_chest_pain_check(dialog)
    talk.hear(said)
    assert talk.findings.get("chest_pain") == "yes" or talk.summary()["outcome"] == "emergency"


@pytest.mark.parametrize("said", ["no", "no, that's wrong", "No, no chest pain."])
def test_a_no_to_the_check_is_still_a_no(dialog: Dialog, said: str) -> None:
    talk = at_chest_pain_check(dialog)
    talk.hear(said)
    assert "chest_pain" not in talk.findings and talk.state == "chest_pain"


def test_a_no_to_the_check_that_says_why_is_still_a_no(dialog: Dialog) -> None:
    # "NOT cutting" reads as a yes to a question asked in the negative ("a cutting pain
    # that does not stop?"); said to "Is that right?" with "that's not right", it is the
    # check's no (a played patient was sent the ambulance for it).
    talk = Conversation(dialog)
    talk.start()
    talk.hear("no")
    talk.hear("I don't know")  # the pain-kind group, one sign at a time
    assert talk.state == "tearing_pain"
    assert talk.hear("yes").says[-1].endswith("Is that right?")
    talk.hear("No, that's not right. I said it's NOT cutting.")
    assert "tearing_pain" not in talk.findings and talk.summary()["outcome"] is None
