"""What the twenty-eighth round of conversations played through the chat found, and what an
earlier round left (tests/played/play41: "faint how, do you mean keeling over?" was a yes).

A question back about the question's own word asks what it means: it answers nothing, so it
is never a yes or a no to an alarm sign. Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import heard
from talking import at

from assistant.dialog.matcher import ANSWER, COMMAND
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text"), [
    ("fainting", "how do you mean, faint?"),
    ("fainting", "dizzy how?"),
    ("fainting", "Faint how? Do you mean keeling over?"),
    ("fainting", "how d'you mean dizzy"),
    ("bladder_problems", "how do you mean empty?"),
    ("heart", "faint how?"),
])
def test_asking_what_the_question_means_is_no_answer(dialog: Dialog, key: str,
                                                     text: str) -> None:
    meaning = heard(dialog, key, text)
    assert meaning.kind != ANSWER, meaning
    assert (meaning.kind, meaning.value) == (COMMAND, "help")


@pytest.mark.parametrize("text", ["yes, dizzy, I don't know how", "dizzy, yes"])
def test_telling_how_is_still_an_answer(dialog: Dialog, text: str) -> None:
    meaning = heard(dialog, "fainting", text)
    assert (meaning.kind, meaning.value) == (ANSWER, "yes")


def test_asked_what_faint_means_the_question_is_explained_and_asked_again(
        dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    reply = talk.hear("faint how? like keeling over?")
    assert talk.outcome is None and talk.question is not None
    assert talk.question.id == "heart"
    assert "ambulance" not in reply.text.lower() and "faint" in reply.text.lower()
    talk.hear("no, none of that")
    assert talk.model.findings.get("fainting") == "no"
