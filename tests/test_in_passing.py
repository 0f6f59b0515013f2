"""A sign told in passing, at a question that does not ask it, is asked next.

The replies are those of patients played through `backtalk chat` by testers who never saw
the program (tests/played, and two later rounds kept with this session's README notes):
each told a sign at the wrong question, and the program asked about it again only many
questions on, or never. Each is said here at the question it was said to.
"""

from __future__ import annotations

import pytest
from talking import at

from assistant.dialog.expr import LEVELS
from assistant.dialog.model import Dialog

TOLD = [
    # (question it was said to, reply, the sign it tells)
    ("pain_kind", "No. But I told you, I'm numb down below.", "groin_numbness"),
    ("general", "No, none of them. But like I said, there was blood in my wee this morning.",
     "blood_in_urine"),
    ("heart", "I'm asking for my mum, she's 72. No, she's not short of breath and no chest "
              "pain. It's her back, and she's been shivery with a temperature since Sunday.",
     "fever"),
    ("general", "no just the back. oh and it stings when i wee, forgot to say",
     "painful_urination"),
    ("heart", "Well now, no, my chest is fine. It's my back. And I'll tell you a funny thing, "
              "I can't feel the toilet seat properly, down below it's like it's gone to sleep.",
     "groin_numbness"),
    ("pain_course", "no none of that. my backside and privates have gone a bit numb, pins and "
                    "needles when i wipe, but whatever", "groin_numbness"),
    ("pain_course", "Tylenol helps some, and it came on slow, ain't spreadin'. But what's got "
                    "me worried is my pee's been kinda pink since yesterday, like weak tea.",
     "blood_in_urine"),
    # A fifth round, after the first changes (tests/played/play8).
    ("heart", "No, no breathlessness. But between you and me the water's been a funny "
              "pinkish colour, like the rose my late husband liked.", "blood_in_urine"),
    ("general", "No headache. But it stings something terrible when I spend a penny.",
     "painful_urination"),
    ("pain_kind", "No. And I get charley horses in my right calf at night.", "leg_cramps"),
]


@pytest.mark.parametrize(("question_id", "reply", "sign"), TOLD)
def test_the_sign_is_asked_next(dialog: Dialog, question_id: str, reply: str,
                                sign: str) -> None:
    talk = at(dialog, question_id)
    says = talk.hear(reply).says
    assert dialog.language.say["told_before"] in says
    assert talk.question is not None and talk.question.finding.key == sign
    assert not talk.question.members
    before = talk.model.level
    reply_ = talk.hear("yes")
    assert reply_.recorded == {sign: "yes"}
    assert talk.findings[sign] == "yes"
    assert LEVELS.index(talk.model.level) > LEVELS.index(before)
    assert talk.question is None or talk.question.finding.key != sign


@pytest.mark.parametrize(("question_id", "reply", "sign"), TOLD)
def test_stopping_before_it_is_asked_keeps_it_possible(dialog: Dialog, question_id: str,
                                                       reply: str, sign: str) -> None:
    # A person who stops at once leaves with what the sign calls for, not self care.
    talk = at(dialog, question_id)
    talk.hear(reply)
    talk.end()
    summary = talk.summary()
    assert summary["findings"].get(sign) in ("yes", "unknown")
    assert summary["level_so_far"] == talk.model.level_with(sign, "yes")


def test_a_no_to_it_is_kept_and_it_is_not_asked_again(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("No, none of them. But like I said, there was blood in my wee this morning.")
    assert talk.hear("No, that was my husband, not me.").recorded == \
        {"blood_in_urine": "no"}
    while not talk.done:
        talk.hear("no")
    assert talk.questions_asked.count("blood_in_urine") == 1
    assert talk.findings["blood_in_urine"] == "no"


def test_an_unsure_answer_to_it_is_left_for_its_own_turn(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("No, none of them. But like I said, there was blood in my wee this morning.")
    assert talk.hear("I'm not sure").recorded == {}
    assert "blood_in_urine" not in talk.findings
    while talk.question is not None and talk.question.finding.key != "blood_in_urine" and \
            "blood_in_urine" not in (talk.question.members or ()):
        talk.hear("no")
    assert talk.question is not None  # asked again where the screening asks it


def test_going_back_undoes_it_with_the_answer_it_came_with(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("No, none of them. But like I said, there was blood in my wee this morning.")
    talk.hear("yes")
    assert talk.findings["blood_in_urine"] == "yes"
    talk.hear("go back")
    assert "blood_in_urine" not in talk.findings
    assert talk.question is not None and talk.question.id == "general"


def test_repeat_says_the_signs_question_again(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("No, none of them. But like I said, there was blood in my wee this morning.")
    asked = talk.question
    says = talk.hear("say that again").says
    assert talk.question is asked and asked is not None and asked.ask in says


@pytest.mark.parametrize(("question_id", "reply"), [
    # Someone else's, asked about, denied, old or fine: nothing told.
    ("heart", "No, thank the Lord. My husband Bill had a stroke, God rest him, but not me."),
    ("pain_course", "Paracetamol is helping a little bit. Groin numb means what exactly?"),
    ("general", "No, my legs are fine and my wee is normal."),
    ("heart", "No. No blood in my urine, no fever."),
    ("general", "No. Only in the knees sometimes at night, that's years old."),
])
def test_nothing_told_asks_nothing(dialog: Dialog, question_id: str, reply: str) -> None:
    talk = at(dialog, question_id)
    says = talk.hear(reply).says
    assert dialog.language.say["told_before"] not in says


def test_a_sign_whose_question_comes_next_is_not_asked_twice(dialog: Dialog) -> None:
    # Told at the legs' group, a numb groin is that group's to ask (it is one of its signs).
    talk = at(dialog, "nerves")
    says = talk.hear("Yes, I'm numb down below").says
    assert dialog.language.say["told_before"] not in says


@pytest.mark.parametrize("stop", [["can we stop?", "yes"], ["stop", "yes"]])
def test_asking_to_stop_keeps_a_group_yes_and_a_sign_told_possible(dialog: Dialog,
                                                                   stop: list[str]) -> None:
    # A nurse off a night shift said "yeah the painkillers don't touch it" to the group,
    # then asked to stop: the level stayed self care (only the end of input counted them).
    talk = at(dialog, "pain_course")
    talk.hear("yeah the painkillers don't touch it. ibuprofen, paracetamol, nothing")
    for said in stop:
        talk.hear(said)
    assert talk.summary()["outcome"] == "stopped"
    assert LEVELS.index(talk.summary()["level_so_far"]) > LEVELS.index("self_care")

    talk = at(dialog, "general")
    talk.hear("No, none of them. But like I said, there was blood in my wee this morning.")
    for said in stop:
        talk.hear(said)
    assert talk.summary()["findings"].get("blood_in_urine") == "unknown"
