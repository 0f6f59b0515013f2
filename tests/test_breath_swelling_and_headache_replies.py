"""A sixteenth round of the questions the corpus held fewest replies to.

"It was terrible last month but it's eased off a lot now" to "Is the pain getting worse?"
asked whether an ambulance was needed: "a lot" and "now" are two of a bleed's three
parts, and an amount and a time alone were taken for most of an emergency. "I've never
had nothing like it" (a negation said twice) was a no to a headache unlike before, "Mi nah
go lie, it nuh work like before" a no to new erection problems, and "do I have to answer
that one?" a yes (its "I have"). Swelled up, rings that will not come off, eased off and
"is it heck" were not understood. Each reply is a phrasing of our own;
tests/corpus/independent90.yaml to 93 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read
from talking import at

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    # How much and when, said of the pain, are an answer.
    ("pain_worsening", "yes, it hurts a lot more now", "yes"),
    ("pain_worsening", "it's eased off a lot now", "no"),
    ("pain_worsening", "no, it's eased up since the weekend", "no"),
    ("pain_worsening", "it hasn't eased off at all", "yes"),
    ("pain_spreading", "it goes a lot further now, right down my legs", "yes"),
    # A negation said twice.
    ("headache_new_pattern", "I ain't never had one like this", "yes"),
    ("headache_new_pattern", "never had nothing like it before", "yes"),
    ("headache_new_pattern", "no, same old one, I've had them for years", "no"),
    # What does not work as it did.
    ("erectile_dysfunction", "I won't lie, it doesn't work like it used to", "yes"),
    ("erectile_dysfunction", "it don't work like before", "yes"),
    # Swelling told by the rings and by "swelled".
    ("swelling", "my ankles swelled up overnight", "yes"),
    ("swelling", "I can't get my ring off of a morning", "yes"),
    ("pain_worsening", "is it heck", "no"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("erectile_dysfunction", "do I have to answer that?"),
    ("headache", "eh, do I have to say?"),
    ("stress", "did I have to tell you that?"),
])
def test_a_question_turned_round_is_no_yes(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) != (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    ("pain_worsening", "it hurts a lot more now"),
    ("severity", "a lot, now"),
    ("headache_worsening", "much worse now"),
])
def test_an_amount_and_a_time_alone_are_no_emergency(dialog: Dialog, key: str,
                                                     text: str) -> None:
    kind, _ = read(dialog, key, text)
    assert kind != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # ... while a part that is not how much or when, with them, still is asked about.
    ("blood_in_urine", "there's a lot of blood coming now"),
    ("chest_pain", "it's crushing, right now"),
])
def test_most_of_an_emergency_is_still_asked_about(dialog: Dialog, key: str,
                                                   text: str) -> None:
    kind, _ = read(dialog, key, text)
    assert kind == EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    ("weakness", "No. Well, actually, I couldn't get out of the bath on my own yesterday"),
    ("fainting", "No. Hang on, actually, there was that business at church on Sunday"),
    ("leg_numbness_or_weakness", "no, wait, my left foot's been like it belongs to someone else"),
])
def test_a_no_taken_back_to_an_alarm_sign_is_no_no(dialog: Dialog, key: str,
                                                    text: str) -> None:
    """What follows the correction is not made out, so the no is no longer sure."""
    assert read(dialog, key, text) != (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    ("weakness", "no, sorry, love"),
    ("fainting", "No. Actually, I'm fine."),
    # Not an alarm sign: the no stands, as before.
    ("stress", "No. Actually, my daughter moved back in last week"),
])
def test_a_no_with_manners_or_said_again_stands(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "no")


def test_a_no_taken_back_at_a_group_denies_no_sign(dialog: Dialog) -> None:
    talk = at(dialog, "nerves")
    said = talk.hear("No, they're fine. Well, actually, I couldn't feel the pedal in the car "
                     "this morning")
    assert not {"leg_cramps", "leg_numbness_or_weakness", "groin_numbness"} & \
        set(said.recorded)
