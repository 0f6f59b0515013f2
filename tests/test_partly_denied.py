"""A reply to a group that denies some of its signs by name is not asked about them again.

Replies of patients played through `backtalk chat` by testers who never saw the program
(tests/played/play6, play7): each denied some signs of a group by name and said something
else beside, was "not understood", and was then asked every sign one by one ("Nah, I said
no swelling.", "Nah, same weight, said that too.").
"""

from __future__ import annotations

import pytest
from talking import at

from assistant.dialog.conversation import Conversation
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("question_id", "reply", "denied"), [
    ("kidney_signs", "No, it's my upper back and neck. No weight loss, no swelling.",
     {"weight_loss", "swelling"}),
    ("kidney_signs", "Nah, it's up the top, shoulders and between the shoulder blades. "
                     "Weight's the same, no swelling.", {"swelling"}),
    ("general", "No, no fever, no headache. Poisoning? Only Edna's cooking, God rest her, ha.",
     {"fever", "headache"}),
    ("general", "no. no fever i said", {"fever"}),
])
def test_the_signs_denied_are_kept_and_only_the_rest_asked(
        dialog: Dialog, question_id: str, reply: str, denied: set[str]) -> None:
    talk = at(dialog, question_id)
    group = talk.question
    assert group is not None
    said = talk.hear(reply)
    assert said.recorded == dict.fromkeys(denied, "no")
    assert dialog.language.say["not_understood"] not in said.says
    asked: list[str] = []
    while talk.question is not None and talk.question.finding.key in group.members:
        asked.append(talk.question.finding.key)
        talk.hear("no")
    assert set(asked) == set(group.members) - denied


def test_going_back_undoes_them_with_the_group(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("No, no fever, no headache. Poisoning? Only Edna's cooking, God rest her, ha.")
    talk.hear("go back")
    assert talk.question is not None and talk.question.id == "general"
    assert "fever" not in talk.findings and "headache" not in talk.findings


@pytest.mark.parametrize("reply", [
    "faint... no. chest, I don't know",  # a no its own question checks: asked again
    "no swelling, well, a bit puffy in the morning",  # denied, then told
])
def test_a_sign_not_surely_denied_is_asked_again(dialog: Dialog, reply: str) -> None:
    talk = at(dialog, "heart" if "faint" in reply else "kidney_signs")
    said = talk.hear(reply)
    assert "fainting" not in said.recorded and "swelling" not in said.recorded


def test_among_other_voices_none_is_kept(dialog: Dialog) -> None:
    talk = at(dialog, "kidney_signs")
    reply = "No, it's my upper back and neck. No weight loss, no swelling."
    talk.hear(reply, among_voices=True)  # asked once more, whole
    said = talk.hear(reply, among_voices=True)
    assert said.recorded == {}
    assert talk.question is not None and talk.question.finding.key == "swelling"


def test_a_sign_named_and_denied_is_no_yes(dialog: Dialog) -> None:
    # After angioplasty: "my daily" named daily life as affected, and it was recorded yes.
    talk = Conversation(dialog, known={"recent_angioplasty": "yes"})
    talk.start()
    while talk.question is not None and talk.question.id != "after_angioplasty":
        talk.hear("no")
    assert talk.question is not None
    said = talk.hear("No, I can do my daily things, only lifting my arms is a little stiff. "
                     "No sickness, no sweating.")
    assert said.recorded.get("daily_activities_affected") != "yes"


@pytest.mark.parametrize("reply", ["naw. it's just sore when I bend",
                                   "No, it's just a dull ache"])
def test_a_no_beside_small_words_is_a_no_to_the_group(dialog: Dialog, reply: str) -> None:
    # "when" (of "worse when you breathe in") named no sign: the no was asked again,
    # sign by sign (tests/played/play9).
    talk = at(dialog, "pain_kind")
    said = talk.hear(reply)
    assert said.recorded == dict.fromkeys(
        ("worse_when_breathing", "pain_to_arm_or_jaw", "tearing_pain"), "no")


def test_an_emergency_told_to_a_group_keeps_the_sign_not_the_one_denied(
        dialog: Dialog) -> None:
    # "I'm not short of breath ... My chest aches": the summary said short of breath.
    talk = at(dialog, "heart")
    talk.hear("Oh dear, well, I'm not short of breath, love, and I haven't fainted. My chest "
              "aches a bit, but everything aches really, my back, my chest, all over.")
    said = talk.hear("Yes, that's right, love.")
    assert talk.summary()["outcome"] == "emergency"
    assert "shortness_of_breath" not in said.recorded
    assert talk.findings.get("shortness_of_breath") != "yes"
