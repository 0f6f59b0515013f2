"""Replies of the twelfth round of blind play (tests/played/play22, people after a stroke
typing or dictating; play23, older people and their carers) that were misread, each beside
a phrasing of our own of the same kind."""

from __future__ import annotations

import pytest
from test_named_signs import meaning

from assistant.dialog.conversation import Conversation
from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


def at(dialog: Dialog, state: str) -> Conversation:
    """A conversation brought to ``state`` by answering no to everything before it."""
    talk = Conversation(dialog)
    talk.start()
    while talk.state != state:
        assert not talk.hear("no").done
    return talk


@pytest.mark.parametrize(("key", "text"), [
    ("chest_pain", "No, I wouldn't say so. Just the back. I've got tablets for my blood "
                   "pressure but that's under control."),
    ("chest_pain", "only my blood pressure tablets, nothing else"),
    ("recurring", "Now and again I've had a twinge after the garden, but I wouldn't say it "
                  "keeps coming back."),
    ("recurring", "I wouldn't say it comes back, no"),
    ("fever", "I was out walking the dog all morning and I'm fine"),
])
def test_no_yes_read_into_what_is_said_of_other_things(dialog: Dialog, key: str,
                                                       text: str) -> None:
    assert meaning(dialog, key, text) != (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text", "value"), [
    ("worse_when_breathing", "hurts to breathe in", "yes"),
    ("worse_when_breathing", "i said breeth in hurts", "yes"),
    ("worse_when_breathing", "it's sore when I breathe", "yes"),
    ("tearing_pain", "yes strong tearin dont stop", "yes"),
    ("headache_new_pattern", "It's new, she's never had headaches like this", "yes"),
    ("headache_new_pattern", "no, it's not new", "no"),
    ("shortness_of_breath", "no... breath ok", "no"),
    ("shortness_of_breath", "breathing good", "no"),
    ("painful_urination", "no thats all normal", "no"),
    ("recent_heart_attack", "n", "no"),
    ("previous_stroke", "yeh", "yes"),
    ("heavy_lifting_or_exercise", "I was shifting the wardrobe, that's when it went", "yes"),
    ("heavy_lifting_or_exercise", "I was lugging compost bags about", "yes"),
])
def test_replies_of_the_twelfth_round(dialog: Dialog, key: str, text: str,
                                      value: str) -> None:
    assert meaning(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize("reply", ["leg weak... stroke", "leg bit weak from strok",
                                   "my left leg's weak from the stroke, nothing new"])
def test_what_a_stroke_left_is_not_new_weakness(dialog: Dialog, reply: str) -> None:
    # Three patients with everyday back pain were sent to a neurosurgeon today for the
    # weakness their stroke had left; it is asked again, as new or not.
    talk = at(dialog, "nerves")
    talk.hear(reply)
    assert talk.model.findings.get("leg_numbness_or_weakness") != "yes"


def test_new_weakness_told_to_the_nerves_is_recorded(dialog: Dialog) -> None:
    talk = at(dialog, "nerves")
    talk.hear("my legs have gone weak this week")
    assert talk.model.findings.get("leg_numbness_or_weakness") == "yes"


def test_a_stroke_named_asks_the_angioplasty_still(dialog: Dialog) -> None:
    # "stroke yes. the stand i said five days": the stent, said in words not made out,
    # was recorded as no.
    talk = at(dialog, "history")
    talk.hear("stroke yes. the stand i said five days")
    assert "recent_angioplasty" not in talk.model.findings
    asked = []
    for _ in range(3):
        asked.append(talk.hear("no").state)
    assert "recent_angioplasty" in asked


def test_a_bare_no_with_a_sign_denied_asks_only_the_rest(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    reply = talk.hear("no... no. chest no")
    assert talk.model.findings.get("chest_pain") == "no"
    assert reply.state != "chest_pain"


def test_the_sign_told_that_matters_most_is_asked_first(dialog: Dialog) -> None:
    # A constant tearing pain and a pain on breathing in, told together: the tearing pain
    # (an ambulance) is asked before the breathing (a doctor today).
    talk = at(dialog, "pain_kind")
    reply = talk.hear("yes strong tearin dont stop. i said breeth in hurts")
    assert reply.state == "tearing_pain"


def test_once_urgent_the_signs_that_call_for_other_doctors_are_asked(dialog: Dialog) -> None:
    # A spreading pain is urgent (a general practitioner); a numb groin told after it
    # calls for a neurologist or neurosurgeon and "urgent surgery may be required" (002).
    talk = at(dialog, "pain_course")
    talk.hear("it's spreading down my leg")
    for _ in range(12):
        if talk.state == "nerves":
            break
        talk.hear("no")
    assert talk.state == "nerves"
    reply = talk.hear("yes, it's numb around my groin")
    while not reply.done:
        reply = talk.hear("no")
    assert talk.model.findings["groin_numbness"] == "yes"
    assert talk.outcome is not None and talk.outcome.level == "urgent"
    assert "neurosurgeon" in reply.text
