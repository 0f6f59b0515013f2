"""The questions the corpus held fewest replies to, answered as people do.

Older people rarely say "I fell": they slid off the settee, missed the chair, went their
length on the path, or the dog jumped on them. Asked whether a headache is different
from the ones they had before, they say "it's not like before" (a yes, which was read as
a no) or "same one I always get". A knock on the head is "a wee knock" or "a right
lump"; a bladder that will not empty is "I go and go but nothing much comes" (its
"nothing" was a no); a burning pee is "like razor blades" (which called for an
ambulance, as if the blades were for self-harm). "I was" inside "while I was asleep" or
"since I was a girl" says when something else happened, and an Irish "sure I did not"
opens its answer: neither is a yes. "Is the doctor coming today or not?" denies nothing
(its "not" was a no to a sudden strong pain), and "I haven't had anything dodgy" is a
no, not a negated no (it was a yes). Each reply is a phrasing of our own;
tests/corpus/independent36.yaml to 41 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER, EMERGENCY, NOT_UNDERSTOOD, Matcher
from assistant.dialog.model import Dialog


@pytest.mark.parametrize("text", [
    "I slid off the settee on Friday",
    "I missed my chair and sat down on the carpet",
    "The dog jumped on me",
    "I went my length on the path",
    "He whacked it on the door frame",
])
def test_a_fall_or_knock_told_without_the_word_is_a_yes(dialog: Dialog, text: str) -> None:
    assert read(dialog, "recent_injury", text) == (ANSWER, "yes")


@pytest.mark.parametrize("text", [
    "No, I've not had a fall",
    "I haven't gone down, no",
    "No, it came on while I was asleep",
])
def test_no_fall_is_a_no(dialog: Dialog, text: str) -> None:
    assert read(dialog, "recent_injury", text) == (ANSWER, "no")


@pytest.mark.parametrize("text", [
    "It's not like before",
    "Nothing like my usual ones",
    "Different. Very.",
])
def test_a_headache_unlike_the_old_ones_is_a_yes(dialog: Dialog, text: str) -> None:
    assert read(dialog, "headache_new_pattern", text) == (ANSWER, "yes")


@pytest.mark.parametrize("text", [
    "It's the same one I always get",
    "there's nothing different about it",
    "the same kind I've had for years",
])
def test_a_headache_like_the_old_ones_is_a_no(dialog: Dialog, text: str) -> None:
    assert read(dialog, "headache_new_pattern", text) == (ANSWER, "no")


def test_a_yes_that_only_says_when_is_no_yes(dialog: Dialog) -> None:
    # Before, "I was" made the no a conflict, and asked again.
    assert read(dialog, "headache_new_pattern",
                "It's not new, I've had this sort since I was a lad") == (ANSWER, "no")
    assert read(dialog, "heavy_lifting_or_exercise",
                "It started while I was watching the news") == (NOT_UNDERSTOOD, None)


@pytest.mark.parametrize(("key", "text"), [
    ("heavy_lifting_or_exercise", "I was, when I was carrying the coal in"),
    # A condition in the present is still the yes it was: breathless on the stairs.
    ("shortness_of_breath", "only when I do the stairs"),
    ("previous_stroke", "I did, when I was sixty"),
    ("previous_stroke", "I have, since I was fifty-five"),
])
def test_a_yes_before_a_when_is_still_a_yes(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "yes")


def test_swelling_and_a_pain_beyond_the_back(dialog: Dialog) -> None:
    assert read(dialog, "swelling", "my face puffed right up this morning") == (ANSWER, "yes")
    assert read(dialog, "pain_spreading",
                "It's not just my back now, it's in my hips as well") == (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    ("bladder_problems", "I go and go but nothing much comes"),
    ("head_or_neck_injury", "Just a knock on the head off the cupboard"),
    ("head_or_neck_injury", "He's got a lump on his forehead from the door"),
    ("painful_urination", "It's like peeing razor blades"),
    ("recent_angioplasty", "They went up through my groin with a wire"),
    ("erectile_dysfunction", "Trouble in that department, aye"),
])
def test_a_sign_told_in_everyday_words_is_a_yes(dialog: Dialog, key: str, text: str
                                                ) -> None:
    assert read(dialog, key, text) == (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    ("bladder_problems", "No, I go too much if anything"),
    ("recent_angioplasty", "Not yet, I'm still on the waiting list"),
    ("woman_over_50", "I'm a bloke, love"),
    ("head_or_neck_injury", "Sure I did not"),
])
def test_a_no_in_everyday_words_is_a_no(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "no")


def test_a_sure_before_the_answer_leaves_a_yes_a_yes(dialog: Dialog) -> None:
    assert read(dialog, "head_or_neck_injury", "sure, I did") == (ANSWER, "yes")
    assert read(dialog, "head_or_neck_injury", "Sure I did") == (ANSWER, "yes")


def test_razor_blades_with_intent_are_still_an_emergency(dialog: Dialog) -> None:
    meaning = Matcher(dialog.language).interpret(
        dialog.questions["chest_pain"],
        "He's locked himself in the bathroom with the razor blades")
    assert meaning.kind == EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    ("sudden_severe_pain", "It gave me no warning, just hit me"),
    ("recent_poisoning", "The prawns were off"),
    ("recent_poisoning", "I doubled up on my tablets by mistake"),
    ("worse_when_breathing", "It stabs when I fill my lungs"),
    ("worse_with_movement", "It gets me when I shift in my seat"),
    ("worse_after_sleep", "I wake up with it every morning"),
    ("daily_activities_affected", "I've had to give up my swimming"),
])
def test_more_signs_told_in_everyday_words(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    ("sudden_severe_pain", "No, it's been niggling for ages"),
    ("recent_poisoning", "I haven't had anything dodgy"),
    ("recent_poisoning", "She's not eaten anything off"),
    ("worse_with_movement", "It eases off when I walk about"),
    ("worse_after_sleep", "It's worse by teatime"),
    ("daily_activities_affected", "It doesn't stop me, I still do my garden"),
])
def test_more_noes_in_everyday_words(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "no")


def test_a_question_ending_or_not_is_no_no(dialog: Dialog) -> None:
    assert read(dialog, "sudden_severe_pain",
                "Are you coming back tomorrow or not?") == (NOT_UNDERSTOOD, None)


def test_legs_gone_with_no_water_passed_is_an_emergency(dialog: Dialog) -> None:
    meaning = Matcher(dialog.language).interpret(
        dialog.questions["fever"],
        "I can't move my legs and I haven't passed water since last night")
    assert meaning.kind == EMERGENCY
