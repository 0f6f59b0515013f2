"""Replies of the fifteenth round of blind play (tests/played/play28, carers answering for
the person; play29, short answers as a GP practice hears them), measured after the
fourteenth round's changes, that were misread, each beside a phrasing of our own of the
same kind."""

from __future__ import annotations

import pytest
from test_named_signs import meaning
from test_twelfth_round import at

from assistant.dialog.matcher import ANSWER, COMMAND, EMERGENCY, Matcher
from assistant.dialog.model import Dialog


@pytest.mark.parametrize("reply", [
    "define spreading? it's neck and shoulders, same as it's been. ibuprofen takes the edge off",
    "explain spreading",
])
def test_a_question_back_about_a_sign_is_no_yes_to_it(dialog: Dialog, reply: str) -> None:
    # It recorded a spreading pain, and a doctor today, for ten days of tension in the neck.
    talk = at(dialog, "pain_course")
    talk.hear(reply)
    assert talk.model.findings.get("pain_spreading") != "yes"


def test_define_asks_for_the_meaning(dialog: Dialog) -> None:
    assert meaning(dialog, "pain_spreading", "define spreading?") == (COMMAND, "help")
    assert meaning(dialog, "pain_spreading", "yes, it's spreading") == (ANSWER, "yes")


@pytest.mark.parametrize("reply", [
    "No, nothing like that with him. My sister had kidney stones and had blood in hers, "
    "that's partly why I'm worried, but Stan's water is fine.",
    "no, my husband had blood in his water once, not me",
])
def test_a_sign_told_of_another_person_is_asked_not_taken(dialog: Dialog, reply: str
                                                          ) -> None:
    # It recorded blood in the urine, and a doctor today, from the carer's sister.
    talk = at(dialog, "urine")
    said = talk.hear(reply)
    assert talk.model.findings.get("blood_in_urine") != "yes"
    assert not said.done


def test_a_carer_telling_the_persons_sign_is_still_heard(dialog: Dialog) -> None:
    # A carer's "my husband" may be the person: asked, never taken as no.
    talk = at(dialog, "urine")
    said = talk.hear("my husband has had blood in his water since Tuesday")
    assert talk.model.findings.get("blood_in_urine") != "no"
    assert "blood" in said.text or talk.model.findings.get("blood_in_urine") == "yes"


@pytest.mark.parametrize(("text", "emergency"), [
    ("just had a fall back", True),  # found by the property test of any words after a sign
    ("I've just had a fall, back hurts", True),
    ("I had chest pain two winters ago", False),
    ("chest pain a few summers back", False),
])
def test_a_fall_is_no_season(dialog: Dialog, text: str, emergency: bool) -> None:
    # "fall" is also the season ("last fall"): "a fall back" is not "a season ago".
    heart = dialog.questions["heart"]
    assert (Matcher(dialog.language).interpret(heart, text).kind == EMERGENCY) is emergency
