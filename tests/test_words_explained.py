"""A question about a word of the question gets the question's help, which says the word
in plainer ones ("What is groin?", "what counts as numb?": tests/played/play17 p08 and
play19 p05 heard only "Please just say yes or no")."""

from __future__ import annotations

import pytest
from talking import at

from assistant.dialog.answers import AnswerReader
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("group", "question_id", "asked", "said"), [
    ("nerves", "groin_numbness", "What is groin?", "where the tops of your legs"),
    ("nerves", "leg_numbness_or_weakness", "what counts as numb?", "pins and needles"),
    ("pain_kind", "tearing_pain", "what do you mean by cutting?", "like a knife"),
])
def test_a_word_asked_about_is_explained(dialog: Dialog, group: str, question_id: str,
                                         asked: str, said: str) -> None:
    talk = at(dialog, group)
    talk.hear("yes")  # each sign asked on its own
    while talk.question is not None and talk.question.id != question_id:
        talk.hear("no")
    assert talk.question is not None
    reply = talk.hear(asked)
    assert said in reply.text
    assert reply.text.endswith(dialog.questions[question_id].ask)
    assert talk.question.id == question_id and talk.findings.get(
        dialog.questions[question_id].finding.key) is None


def test_the_help_is_no_word_of_the_question(dialog: Dialog) -> None:
    # "like a knife" said to the cutting pain is not "about" it by the help's words.
    question = dialog.questions["tearing_pain"]
    assert "knife" in question.help
    assert not AnswerReader(dialog.language, question).names_own(["knife"])
