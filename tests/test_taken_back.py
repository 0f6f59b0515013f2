"""An answer taken back a question later ("Sorry, I said yes before, I misread"): BackTalk
goes back to that question, and what else the reply says answers it. The corrections are
those of the ninth round of blind play (tests/played/play16 p06 and p08), which were not
understood and had each sign denied again one by one."""

from __future__ import annotations

import pytest
from talking import at

from assistant.dialog.model import Dialog
from assistant.dialog.taken_back import TakenBack


def test_a_group_yes_taken_back_with_every_sign_denied_is_a_no(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    talk.hear("yes")  # said in haste: each sign is asked next
    reply = talk.hear("Sorry, I said yes before, I misread. None of those. No chest pain, "
                      "no breathlessness, not faint.")
    assert reply.recorded == {"shortness_of_breath": "no", "fainting": "no", "chest_pain": "no"}
    assert reply.says[0] == dialog.language.say["going_back"]
    assert talk.state == "pain_kind"


def test_the_sign_the_correction_denies_is_kept_and_the_rest_asked(dialog: Dialog) -> None:
    talk = at(dialog, "pain_course")
    talk.hear("yes")
    reply = talk.hear("Sorry, I said yes before but it wasn't sudden, it crept up over the "
                      "evening after the digging.")
    assert talk.findings.get("sudden_severe_pain") == "no", reply.text
    assert talk.question is not None and talk.question.finding.key in (
        "pain_not_relieved", "pain_spreading")


def test_a_no_taken_back_tells_the_sign(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    talk.hear("no")
    reply = talk.hear("I said no before but I do get short of breath")
    assert talk.question is not None
    assert talk.question.finding.key == "shortness_of_breath", reply.text
    talk.hear("yes")
    talk.hear("yes")  # an ambulance: "I heard yes: ... Is that right?"
    assert talk.outcome is not None and talk.outcome.level == "emergency"


def test_taken_back_alone_asks_the_question_before_again(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    talk.hear("no")
    reply = talk.hear("sorry, I misread")
    assert talk.state == "heart" and talk.findings == {}
    assert reply.text.endswith(dialog.questions["heart"].ask)


def test_a_call_for_help_is_never_a_correction(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    talk.hear("no")
    talk.hear("I take that back, help me, call an ambulance")
    assert talk.outcome is not None and talk.outcome.level == "emergency"


@pytest.mark.parametrize(("text", "rest"), [
    ("Sorry, I said yes before, I misread. None of those.", "none of those"),
    ("I said yes before but it wasn't sudden", "it wasn't sudden"),
    ("Oops, scratch that. No.", "no"),
    ("No, it's not sudden", None),  # nothing taken back
])
def test_what_is_left_of_a_correction(dialog: Dialog, text: str, rest: str | None) -> None:
    assert TakenBack(dialog.language).rest(text) == rest
