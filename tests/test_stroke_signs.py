"""A new stroke told in a person's own words, and the signs an old one left.

BackTalk's users have mostly had a stroke already: a weak arm or slurred speech is often
what it left. A new stroke is told as a part of the body and what has just happened to
it ("her mouth's gone all crooked", "his hand just went dead"), in any words. Two signs
of different kinds, or one said to be happening now, are an emergency (checked with the
person), and a face drooping counts alone (FAST); signs put on the earlier stroke ("since
the stroke", "ever since") are not. One sign told in parts with no word for when may be
new or old: the person is asked whether they need an ambulance now, unless the question
asks about that kind of sign ("Do you feel weak?": "yes, my arm's gone weak").
A new stroke is also told by balance lost all at once, a clumsy hand, sight lost on one
side or words gone, and as new by the time of day it began ("since lunch", "fine this
morning", "never had that before"). Each reply is a phrasing of our own:
tests/corpus/independent26.yaml to 29 measure writers' replies.
"""

from __future__ import annotations

import pytest

from assistant.dialog.matcher import (
    EMERGENCY,
    Interpretation,
    Matcher,
    confirmation_question,
)
from assistant.dialog.model import Dialog


def meaning(dialog: Dialog, key: str, text: str) -> Interpretation:
    question = confirmation_question(dialog.language) if key == "confirm" else next(
        q for q in dialog.questions.values() if q.finding.key == key)
    return Matcher(dialog.language).interpret(question, text)


def kind(dialog: Dialog, key: str, text: str) -> str:
    return meaning(dialog, key, text).kind


@pytest.mark.parametrize(("key", "text"), [
    # Two signs told in parts: face and speech, arm and face.
    ("weakness", "his smile is all lopsided and his words are jumbled"),
    ("fever", "no fever, but her lip is sagging and her hand is limp"),
    # One sign with "just" (it has just happened) or said to be new.
    ("side", "the left, and his arm has just gone floppy"),
    ("headache", "yes, and my mouth is pulling to one side, that's new"),
    ("previous_stroke", "yes, years ago, but my eyes went black on one side this minute"),
])
def test_a_new_stroke_told_in_parts_is_an_emergency(dialog: Dialog, key: str,
                                                    text: str) -> None:
    assert kind(dialog, key, text) == EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # Left by the earlier stroke, even said as being so now.
    ("weakness", "my arm's been useless and my speech slurred ever since the stroke"),
    ("confirm", "yes, sorry about my slurring, it's been like that since my stroke, it's "
                "how I talk now"),
    ("previous_stroke", "yes, in 2020, my face droops a bit since then and my hand is weak"),
    # A face put on the earlier stroke (a face drooping otherwise counts alone, as FAST
    # says).
    ("woman_over_50", "yes, seventy, and my face has been droopy since my stroke"),
    # The legs' numbness is the back's own sign, asked about, not a stroke's.
    ("leg_numbness_or_weakness", "yes, my leg went numb just now when I bent down"),
    # A face said to be fine, and a fear of one.
    ("fever", "no, and her face isn't drooping, her words are fine"),
    ("stress", "yes, I'm terrified of having another stroke"),
])
def test_old_feared_or_denied_stroke_signs_are_no_emergency(dialog: Dialog, key: str,
                                                            text: str) -> None:
    assert kind(dialog, key, text) != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # Balance lost all at once (BE FAST's B), with a word that it is new.
    ("fainting", "no, but I've just got up and I'm veering to the left, I can't walk "
                 "straight"),
    ("worse_with_movement", "she's tipping to the right in her chair, she was sitting up "
                            "fine this morning"),
    # A clumsy hand, sight lost on one side, lost words, a cheek gone dead: each with the
    # time of day it began, or never before.
    ("daily_activities_affected", "his hand keeps missing the cup, since lunch"),
    ("headache", "no headache, but I've just lost the left side of the page"),
    ("days", "I can't, the word, I know the word, can't find the word, since teatime"),
    ("side", "right, and my cheek's gone dead, never had that before"),
    # A sign's own "won't", and a word for now said apart, after a pause.
    ("severity", "six. Hand won't grip. Just now."),
])
def test_a_new_stroke_told_by_balance_hand_sight_or_words_is_an_emergency(
        dialog: Dialog, key: str, text: str) -> None:
    assert kind(dialog, key, text) == EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # The same signs, left by the earlier stroke or ordinary.
    ("fainting", "no, I'm wobbly on my feet but that's been so since the stroke"),
    ("daily_activities_affected", "yes, my hand is clumsy since my stroke, it keeps missing "
                                  "the cup, same as always"),
    ("leg_numbness_or_weakness", "pins and needles down both legs since last week"),
    # A now that is a leaving, not a sign's start.
    ("painful_urination", "no. Right, I'm off now, back at teatime with your tablets"),
])
def test_balance_hand_or_leaving_words_without_a_new_sign_are_no_emergency(
        dialog: Dialog, key: str, text: str) -> None:
    assert kind(dialog, key, text) != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # Any form of a word for what happened ("sagged" of "sag"), balance told in parts.
    ("side", "the left, and her mouth has just sagged"),
    ("weakness", "he's lurching sideways when he walks, that's new"),
    ("fever", "no, but her speech is all scrambled, just now"),
])
def test_a_sign_in_any_form_of_its_word_is_an_emergency(dialog: Dialog, key: str,
                                                        text: str) -> None:
    assert kind(dialog, key, text) == EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    ("worse_with_movement", "yes, I lean to the left when I walk, because of my back, I "
                            "always have"),
    ("stress", "yes, my daughter's been swaying me to move in with her"),
])
def test_a_lean_or_a_word_alike_without_a_new_sign_is_no_emergency(
        dialog: Dialog, key: str, text: str) -> None:
    assert kind(dialog, key, text) != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # One sign in parts, nothing said of when: new or old, the person is asked.
    ("daily_activities_affected", "yes, my hand is useless and I can't do buttons"),
    ("side", "the right, and her mouth's gone all crooked"),
    ("severity", "about a five, his arm's hanging limp"),
    ("fever", "no, but her speech is all garbled"),
])
def test_one_sign_with_no_word_for_when_is_asked_about(dialog: Dialog, key: str,
                                                       text: str) -> None:
    heard = meaning(dialog, key, text)
    assert heard.kind == EMERGENCY and heard.nearly


@pytest.mark.parametrize(("key", "text", "answer"), [
    # The kind of sign the question asks about is its answer, not a question of its own.
    ("weakness", "yes, my arm's gone weak", "yes"),
    ("vision_problems", "yes, my eyes have gone blurry", "yes"),
    ("fainting", "yes, I keep swaying when I stand", "yes"),
    # Put on the earlier stroke.
    ("side", "left, the side my stroke took, my arm's been weak for years", "left"),
])
def test_one_sign_the_question_asks_about_or_left_by_the_stroke_is_an_answer(
        dialog: Dialog, key: str, text: str, answer: str) -> None:
    heard = meaning(dialog, key, text)
    assert (heard.kind, heard.value) == ("answer", answer)
