"""A twelfth round of the questions the corpus held fewest replies to.

An age told alone ("an old lass well over the hill", "a woman goin' on eighty-four
years"), hay bucked or a bag of feed lifted, a pain that is "a regular visitor", a
"grumble" rather than a stab, little red dots, stents put in were not understood. Each
reply is a phrasing of our own; tests/corpus/independent74.yaml to 77 measure writers'
replies.
"""

from __future__ import annotations

import pytest
from reading import heard, read

from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("woman_over_50", "she's an old lady now, bless her", "yes"),
    ("woman_over_50", "I've been a woman eighty years near enough", "yes"),
    ("woman_over_50", "I'm a feller, love", "no"),
    ("woman_over_50", "I'm forty nine", "no"),
    ("erectile_dysfunction", "the old machinery isn't what it used to be", "yes"),
    ("erectile_dysfunction", "nothing wrong in that department, thank you", "no"),
    ("heavy_lifting_or_exercise", "I'd been bucking hay all morning", "yes"),
    ("heavy_lifting_or_exercise", "I was only sat watching the telly", "no"),
    ("recurring", "it's a regular visitor, this back of mine", "yes"),
    ("recurring", "same as last spring, and the time before", "yes"),
    ("tearing_pain", "more of a grumble than anything", "no"),
    ("tearing_pain", "like a hot poker in my back", "yes"),
    ("rash", "some little red dots on my arm", "yes"),
    ("recent_angioplasty", "he had two stents put in last week", "yes"),
    ("recent_angioplasty", "they went up to the heart through my wrist three weeks back",
     "yes"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("rash", "it's not itchy"),
    ("heavy_lifting_or_exercise", "I did carry the washing basket, but that's light"),
])
def test_a_word_of_the_sign_denied_or_made_light_is_no_sure_answer(dialog: Dialog, key: str,
                                                                    text: str) -> None:
    """Not itchy says nothing of a rash; a light basket carried is no heavy lifting told."""
    meaning = heard(dialog, key, text)
    assert not (meaning.kind == ANSWER and not meaning.confirm)
