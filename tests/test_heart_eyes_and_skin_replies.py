"""A sixth round of the questions the corpus held fewest replies to, answered as people do.

"I had a coronary years back" or "he had a big one in 2010", said to "Have you ever had a
heart attack?" (whose yes calls the ambulance for any back pain, article 000), was not
understood. "They opened up my pipes not long ago" was a no to angioplasty in recent
weeks (its "not"). "It won't stand to attention" and "things haven't been rising to the
occasion" were a no to new erection trouble (their negation is this question's yes), and
"The thing... won't..." too. "It's gone all hazy", "every winter without fail", "little
red bumps" were not understood. "Hang on", like "wait", now takes back what came before
("no, hang on, yes"). Each reply is a phrasing of our own; tests/corpus/independent50.yaml
to 53 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("recent_heart_attack", "I had a coronary years back", "yes"),
    ("recent_heart_attack", "he had a big one in 2010", "yes"),
    ("recent_heart_attack", "no, me ticker's fine", "no"),
    ("recent_heart_attack", "I've never had a bad one", "no"),
    ("recent_angioplasty", "they fitted a stent last month", "yes"),
    ("recent_angioplasty", "they opened up my pipes not long ago", "yes"),
    ("recent_angioplasty", "they haven't done it yet", "no"),
    ("rash", "little red bumps on my arm", "yes"),
    ("rash", "I've broken out in spots", "yes"),
    ("rash", "no, my skin's clear", "no"),
    ("recurring", "every winter without fail", "yes"),
    ("recurring", "it rears its ugly head now and then", "yes"),
    ("recurring", "no, it's just stayed since I fell", "no"),
    ("vision_problems", "it's gone all hazy", "yes"),
    ("vision_problems", "the print goes swimmy", "yes"),
    ("vision_problems", "I'm not blind", "no"),
    ("groin_numbness", "I can hardly feel the paper when I wipe", "yes"),
    ("groin_numbness", "like sitting on someone else's bum", "yes"),
    ("groin_numbness", "not down there, no", "no"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("text", "value"), [
    ("it won't stand to attention", "yes"),
    ("he doesn't rise to the occasion any more", "yes"),
    ("the thing... won't...", "yes"),
    ("it's not been working like it used to", "yes"),
    ("no, it works like it used to", "no"),
    ("nothing new in that department, dear", "no"),
])
def test_erection_trouble_told_with_a_negation(dialog: Dialog, text: str, value: str) -> None:
    """The negation in these is the trouble itself: a yes, not a no."""
    assert read(dialog, "erectile_dysfunction", text) == (ANSWER, value)


def test_the_toilet_paper_not_felt_stays_a_yes(dialog: Dialog) -> None:
    """A longer phrase with "feel" in it must not leave "can't" to deny it."""
    assert read(dialog, "groin_numbness", "I can't feel the toilet paper") == (ANSWER, "yes")


@pytest.mark.parametrize("text", ["no, hang on, yes, it comes every spring",
                                  "no... hold on... yes, lots of times"])
def test_hang_on_takes_back_the_no_before(dialog: Dialog, text: str) -> None:
    assert read(dialog, "recurring", text) == (ANSWER, "yes")


def test_a_stent_long_ago_is_no_recent_angioplasty(dialog: Dialog) -> None:
    """Not a yes to the recent one (asked again rather than guessed)."""
    assert read(dialog, "recent_angioplasty", "I had a stent, but that was years ago") != \
        (ANSWER, "yes")
