"""Seven more of the questions the corpus held fewest replies to, answered as people do.

Asked whether the headache started suddenly, people say "all at once" or "it crept up
slow"; whether it is worse day by day, "worse" or "a bit better"; whether it comes with a
cough, "when I sneeze" or "when I'm straining on the toilet": none of these short answers
was understood. "Jaw" or "down my left arm", said to "Does the pain go into your left
arm or your jaw?", was not understood either, and "it's not in my jaw, it's in my left
arm" was a no. "The tablets didn't help me" asked "Do you need an ambulance now?" (its
"help me"), at the very question about medicine that did not help. "I can't say what
sort it is" was a yes (its "it is"), and "I don't want to be here anymore" (one word)
was not the call for help "any more" is. Each reply is a phrasing of our own;
tests/corpus/independent42.yaml to 45 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER, DONT_KNOW, EMERGENCY, NOT_UNDERSTOOD, Matcher
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("headache_sudden_severe", "all at once, like a door slamming", "yes"),
    ("headache_sudden_severe", "very sudden", "yes"),
    ("headache_sudden_severe", "suddenly", "yes"),
    ("headache_sudden_severe", "slow, over a couple of days", "no"),
    ("headache_sudden_severe", "gradually", "no"),
    ("headache_worsening", "it's worse", "yes"),
    ("headache_worsening", "more and more each morning", "yes"),
    ("headache_worsening", "a bit better today", "no"),
    ("headache_with_cough", "when I sneeze it's awful", "yes"),
    ("headache_with_cough", "when I'm straining on the toilet", "yes"),
    ("headache_with_cough", "it's no different when I cough", "no"),
])
def test_the_headache_questions_short_answers(dialog: Dialog, key: str, text: str,
                                              value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize("text", [
    "jaw", "into my jaw", "down my left arm", "it goes down his left arm to the elbow",
    "my jaw aches with it",
])
def test_where_the_pain_goes_named_is_a_yes(dialog: Dialog, text: str) -> None:
    assert read(dialog, "pain_to_arm_or_jaw", text) == (ANSWER, "yes")


@pytest.mark.parametrize("text", [
    "no, it doesn't go into my jaw", "no, not in my left arm", "no, arm and jaw are both fine",
])
def test_where_the_pain_goes_denied_is_a_no(dialog: Dialog, text: str) -> None:
    assert read(dialog, "pain_to_arm_or_jaw", text) == (ANSWER, "no")


@pytest.mark.parametrize("text", [
    "it's not in my jaw, it's in my left arm",
    "not the jaw, more the left arm really",
])
def test_one_place_denied_and_the_other_told_is_never_a_no(dialog: Dialog,
                                                          text: str) -> None:
    assert read(dialog, "pain_to_arm_or_jaw", text) != (ANSWER, "no")


@pytest.mark.parametrize("text", [
    "the tablets didn't help me", "the paracetamol does not help me at all",
    "nothing seems to help me",
])
def test_medicine_that_did_not_help_me_is_no_call_for_help(dialog: Dialog,
                                                          text: str) -> None:
    assert read(dialog, "pain_not_relieved", text)[0] != EMERGENCY


@pytest.mark.parametrize("text", ["the pills didn't help me, help me please", "help me"])
def test_a_call_for_help_beside_it_still_is_one(dialog: Dialog, text: str) -> None:
    assert read(dialog, "pain_not_relieved", text)[0] == EMERGENCY


@pytest.mark.parametrize(("key", "text", "value"), [
    ("pain_not_relieved", "nothing touches it", "yes"),
    ("pain_not_relieved", "she's still in agony after the co-codamol", "yes"),
    ("pain_not_relieved", "I won't take anything for it", "no"),
    ("pain_not_relieved", "the ibuprofen sorted it", "no"),
    ("tearing_pain", "like a knife, day and night", "yes"),
    ("heavy_lifting_or_exercise", "I was hauling logs in", "yes"),
    ("heavy_lifting_or_exercise", "it just came on", "no"),
])
def test_what_medicine_did_and_how_the_pain_began(dialog: Dialog, key: str, text: str,
                                                 value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("tearing_pain", "I can't say what sort it is"),
    ("heavy_lifting_or_exercise", "I can't remember what I was doing"),
    ("tearing_pain", "I couldn't put a word to it"),
])
def test_what_is_asked_within_a_doubt_is_no_yes(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text)[0] == DONT_KNOW


def test_a_statement_of_what_it_is_is_still_a_yes(dialog: Dialog) -> None:
    assert read(dialog, "tearing_pain", "yes, that's what it is") == (ANSWER, "yes")


@pytest.mark.parametrize("text", ["I don't want to be here anymore",
                                  "I just want it all to end"])
def test_not_wanting_to_be_here_is_an_emergency(dialog: Dialog, text: str) -> None:
    assert read(dialog, "pain_not_relieved", text)[0] == EMERGENCY


def test_the_pain_wanted_to_end_is_no_emergency(dialog: Dialog) -> None:
    assert read(dialog, "pain_not_relieved", "I want the pain to end")[0] == NOT_UNDERSTOOD


def test_i_dont_think_it_does_is_a_no_to_be_checked(dialog: Dialog) -> None:
    meaning = Matcher(dialog.language).interpret(dialog.questions["headache_with_cough"],
                                                 "I don't think it does")
    assert (meaning.kind, meaning.value, meaning.confirm) == (ANSWER, "no", True)
