"""What the twentieth round of conversations played through the chat found
(tests/played/play38: people whose answers are not sure or change).

A son asked about his mother's kidneys, weight and swelling answered "No, it's low down.
She's not lost weight. Ankles swell a bit sometimes in the evening but that's her blood
pressure pills I think.", and was asked "Do you need an ambulance now?" ("weight" and
"pressure" are words of a weight pressing on the chest, "pills" of an overdose); his
"No? She's fine, it's just her back. Why would she need an ambulance?" then called one.
"No. Eyes get tired sometimes from screen but eyesight is same." was a change in
eyesight, a doctor today. A stent put in on Thursday and pain "getting worse since the
afternoon", told in the first two replies, waited for their own questions: the ambulance
came at the sixteenth reply. Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import read
from talking import at, calls_no_ambulance

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize("reply", [
    "Why would he need an ambulance? He's grand, it's his back",
    "no, what would we need an ambulance for",
])
def test_asking_why_one_would_be_needed_is_no_call(dialog: Dialog, reply: str) -> None:
    assert calls_no_ambulance(dialog, reply)


@pytest.mark.parametrize("reply", [
    "No, he's not lost any weight. His feet puff up at night but that's the water tablets "
    "for his blood pressure",
    "Her blood pressure's always been up and she takes pills for it, nothing else",
])
def test_weight_and_blood_pressure_are_no_weight_on_the_chest(dialog: Dialog,
                                                              reply: str) -> None:
    talk = at(dialog, "kidney_signs")
    said = talk.hear(reply)
    assert "ambulance" not in said.text.lower()


def test_a_weight_on_the_chest_is_still_an_emergency(dialog: Dialog) -> None:
    # The words taken out are only those of weight lost or blood pressure.
    talk = at(dialog, "kidney_signs")
    talk.hear("there's a weight on my chest and I'm sweating")
    talk.hear("yes")
    assert talk.outcome is not None and talk.outcome.level == "emergency"


@pytest.mark.parametrize("reply", [
    "No, my eyes just get tired reading, but my sight's the same",
    "nah, eyesight is same as always",
])
def test_tired_eyes_are_no_change_in_sight(dialog: Dialog, reply: str) -> None:
    assert read(dialog, "vision_problems", reply) == (ANSWER, "no")


def test_tired_eyes_with_blur_are_not_a_no(dialog: Dialog) -> None:
    assert read(dialog, "vision_problems", "my eyes get tired and it's all blurry") != \
        (ANSWER, "no")


def test_a_stent_and_a_worsening_pain_told_early_are_asked_next(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    said = talk.hear("No, not that. I had a stent put in last week and the ache is "
                     "getting worse")
    assert said.text.startswith("You mentioned this.")
    assert "getting worse" in said.text or "angioplasty" in said.text


def test_a_stent_and_a_worse_pain_confirmed_call_an_ambulance_soon(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    talk.hear("No, not that. I had a stent put in last week and the ache is getting worse")
    for reply in ("yes, worse", "yes, the stent, last week", "yes, that's right"):
        talk.hear(reply)
        if talk.outcome is not None:
            break
    assert talk.outcome is not None and talk.outcome.level == "emergency"


def test_a_worsening_pain_alone_told_early_is_asked_next(dialog: Dialog) -> None:
    # Its yes raises the outcome (an appointment): a person who stops after it has that.
    talk = at(dialog, "heart")
    said = talk.hear("No. It's just my back, and it's been getting worse all week")
    assert "getting worse" in said.text


@pytest.mark.parametrize("reply", ["No man", "no mate, none of that", "No pet."])
def test_a_no_said_to_the_listener(dialog: Dialog, reply: str) -> None:
    assert read(dialog, "recent_poisoning", reply) == (ANSWER, "no")


def test_tablets_that_did_not_do_much_failed(dialog: Dialog) -> None:
    assert read(dialog, "pain_not_relieved", "The tablets didn't do much, if I'm honest") \
        == (ANSWER, "yes")


def test_someone_come_home_is_no_emergency(dialog: Dialog) -> None:
    got, _ = read(dialog, "recurring", "Hang on, my son's just come in with the shopping")
    assert got != EMERGENCY
