"""Replies to the questions with the fewest replies in the corpus (a headache on coughing,
a fall or a knock, aching all over, stress, pain that keeps coming back, weight lost),
as older people and people from many places say them. Round 17 of the corpus
(independent94, 95) found them misread: "I been a-losin' weight and ain't tried none"
was a no to weight lost without trying, "Nah, nary a fall" a fall, a fall of 2015 "but
before this pain, nothing happened" a fall now, "Stress? Me? I'm cool as a cucumber" a
yes. Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("weight_loss", "I've been losing weight and I ain't tried to", "yes"),
    ("weight_loss", "Me trousers won't stay up no more", "yes"),
    ("weight_loss", "She's lost loads and she's eating the same", "yes"),
    ("recent_injury", "Nary a fall, no", "no"),
    ("recent_injury", "I came a cropper on the ice", "yes"),
    ("recent_injury", "I fell off my bike in 1998, but this one started out of nowhere", "no"),
    ("everything_hurts", "Every bone in my body aches", "yes"),
    ("everything_hurts", "When I had the flu it did, but now it's just the one spot", "no"),
    ("stress", "Me? Cool as a cucumber.", "no"),
    ("recurring", "Every few months it's back", "yes"),
    ("recurring", "It comes back every winter, regular", "yes"),
    ("headache_with_cough", "Every time I cough it comes", "yes"),
    ("headache_with_cough", "It's there whether I cough or not", "no"),
])
def test_replies_of_our_own(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


def test_a_fall_long_ago_with_this_pain_after_it_is_still_a_fall(dialog: Dialog) -> None:
    # "Out of nowhere" denies only after a time long ago; a fall last week is the answer.
    assert read(dialog, "recent_injury", "I fell on the stairs last week and it's hurt since") \
        == (ANSWER, "yes")
