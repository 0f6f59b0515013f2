"""What the twenty-fourth to twenty-seventh rounds of conversations played through the chat
found (tests/played/play42: several complaints told at once; play43: things that change
during the conversation; play44: the advice of the passage that fits; play45: jokes,
sarcasm and impatience).

A daughter-in-law's first reply, a whole story with a late husband's heart attack and
her father's angioplasty in it, was said back word for word, "I heard ... Is that right?",
and her "yes, that is right" called the ambulance for a 95-year-old stiff from a new bed;
so did a son's "she's gone all grey and clammy - no sorry, false alarm" and a husband's
story of his wife's chest. "nan is asking should we ring an ambulance or is that silly"
called one at once; so did "Lord no, an ambulance for a bit of pink wee?" said to "Do you
need an ambulance now?". Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import heard
from talking import at, calls_no_ambulance

from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog

STORY = ("I'm typing for my gran, she's 90. Her brother died of a heart attack last year and "
         "my dad had a stent, so we always worry about her heart. Her back's stiff in the "
         "mornings since she moved in with us.")
TAKEN_BACK = ("No. Wait, he's gone a terrible grey colour and he's sweating... no, sorry, "
              "my mistake, he's just come in from the rain, he's fine, he's laughing.")


@pytest.mark.parametrize(("question", "story"), [("heart", STORY), ("pain_kind", TAKEN_BACK)])
def test_a_long_story_with_an_emergency_in_it_is_not_said_back(dialog: Dialog, question: str,
                                                                story: str) -> None:
    talk = at(dialog, question)
    reply = talk.hear(story)
    # Never the whole story said back and "Is that right?", which invites "yes, that is
    # right": asked as a need, or a sign told asked about on its own.
    assert not reply.text.endswith("Is that right?")
    reply = talk.hear("No, she's fine.")
    assert "ambulance" not in reply.text.lower() and talk.outcome is None


def test_a_short_emergency_told_is_said_back(dialog: Dialog) -> None:
    talk = at(dialog, "pain_kind")
    reply = talk.hear("crushing pain in my chest now")
    assert reply.text == "I heard crushing pain in my chest now. Is that right?"
    talk.hear("yes")
    assert talk.outcome is not None and talk.outcome.level == "emergency"


def test_a_long_story_of_an_emergency_now_still_calls_one_when_needed(dialog: Dialog) -> None:
    talk = at(dialog, "pain_kind")
    reply = talk.hear("It's my husband typing, she's just gone grey and sweaty and says her "
                      "chest feels crushed, it started ten minutes ago")
    assert reply.text == "Do you need an ambulance now?"
    talk.hear("yes")
    assert talk.outcome is not None and talk.outcome.level == "emergency"


@pytest.mark.parametrize("text", [
    "no its just a dull ache. grandad wants to know should we ring an ambulance or is he "
    "being daft",
    "Do we need to call an ambulance?",
    "shall we phone for an ambulance?",
])
def test_asking_whether_to_call_is_asked_back_not_a_call(dialog: Dialog, text: str) -> None:
    talk = at(dialog, "pain_kind")
    reply = talk.hear(text)
    assert reply.text == "Do you need an ambulance now?" and talk.outcome is None


def test_a_sudden_worst_headache_told_at_the_first_question_is_asked_next(
        dialog: Dialog) -> None:
    # "... i got this headache out of nowhere like a bang at the back of me head, worst ive
    # ever had" waited for the headache's questions at the end (tests/played/play42 p03).
    talk = at(dialog, "heart")
    reply = talk.hear("no chest pain. but yesterday this headache came out of nowhere, like "
                      "a bang in my head, the worst headache I've ever had")
    assert reply.text == "You mentioned this. Do you have a headache as well?"
    reply = talk.hear("yes")
    assert reply.text == "You mentioned this. Did the headache start suddenly, and very badly?"


@pytest.mark.parametrize("text", ["Good grief no, an ambulance for a sore back?",
                                  "No! An ambulance? For this?"])
def test_a_no_then_the_ambulance_asked_back_calls_none(dialog: Dialog, text: str) -> None:
    # "Lord no, an ambulance for a bit of pink wee?" called one (tests/played/play45 p04).
    assert calls_no_ambulance(dialog, text)


@pytest.mark.parametrize("text", ["No, it doesn't seem to change when I walk about",
                                  "It doesn't change with moving, no"])
def test_a_pain_moving_does_not_change_is_no(dialog: Dialog, text: str) -> None:
    # "No, it doesn't seem to change when I move" was a yes, and a kidney-area ache went
    # to a neurologist as "more often the spine" (tests/played/play44 p06).
    got = heard(dialog, "worse_with_movement", text)
    assert (got.kind, got.value) == (ANSWER, "no")
