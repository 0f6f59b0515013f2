"""An eighth round of the questions the corpus held fewest replies to, answered as people do.

"I don't want to wake up at all anymore, I've been thinking of ending it" was a no to "Is
the pain worst after you sleep?", not the call for help it is. "Not food, no, but I did
double up my pills by accident" was a no to a poisoning, and "he can't get out of the
chair without me pulling him up" a no to weakness once "out of the chair" was a yes word
(its "can't"). "Food poisoning in the eighties, nothing lately" was a yes to what began
the pain. Each reply is a phrasing of our own; tests/corpus/independent58.yaml to 61
measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text"), [
    ("worse_after_sleep", "some nights I don't want to wake up, I keep thinking of ending it"),
    ("weakness", "I'm tired of living, love"),
    ("leg_cramps", "there's no point going on like this"),
])
def test_wanting_to_die_is_heard_at_any_question(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text)[0] == EMERGENCY


@pytest.mark.parametrize(("key", "text", "value"), [
    ("recent_poisoning", "not the fish, no, but I doubled up my tablets by mistake", "yes"),
    ("recent_poisoning", "the chemist gave me the wrong pills", "yes"),
    ("recent_poisoning", "I'd had a skinful the night before", "yes"),
    ("recent_poisoning", "no, I haven't touched a drop since Christmas", "no"),
    ("recent_poisoning", "I had food poisoning in Spain years ago, nothing lately", "no"),
    ("weakness", "she can't get out of the bath without me", "yes"),
    ("weakness", "every step's a struggle", "yes"),
    ("weakness", "no, I'm fit as a fiddle", "no"),
    ("leg_cramps", "my toes curl up and the calf goes like a rock", "yes"),
    ("leg_cramps", "I used to get them when I was expecting, but not in years", "no"),
    ("sudden_severe_pain", "it hit like a bolt from the blue", "yes"),
    ("sudden_severe_pain", "it came on quick, but it wasn't that bad", "no"),
    ("previous_stroke", "just a mini one, two years back", "yes"),
    ("previous_stroke", "she's had three now", "yes"),
    ("worse_after_sleep", "I'm stiff as a board getting out of bed", "yes"),
    ("worse_after_sleep", "I'm at my best first thing", "no"),
    ("painful_urination", "I'm wincing every time I go", "yes"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


def test_a_knock_long_ago_then_nothing_since_keeps_its_reading(dialog: Dialog) -> None:
    """Weeks or months after a knock to the head may still matter: "nothing since" after
    it is no no."""
    assert read(dialog, "head_or_neck_injury",
                "I banged my head on the cupboard last month, nothing since") != (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    ("after_angioplasty", "I'm dripping with sweat and I think I'm going to pass out"),
    ("heart", "get my son, please, I feel awful"),
])
def test_sweating_about_to_faint_or_a_plea_for_family_is_an_emergency(
        dialog: Dialog, key: str, text: str) -> None:
    """Said at a group, where "I think" made the reply unsure and the cold sweat was
    asked on its own (groups3)."""
    assert read(dialog, key, text)[0] == EMERGENCY


def test_getting_family_to_do_things_is_no_call(dialog: Dialog) -> None:
    assert read(dialog, "daily_activities_affected",
                "I get my daughter to do my shopping") == (ANSWER, "yes")
