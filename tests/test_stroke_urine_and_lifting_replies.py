"""Replies to seven questions with few replies in the corpus (a sudden, very bad
headache, blood in the urine, a stroke before, medicine that failed, lifting or exercise,
pain growing and spreading), as older people and people from many places say them. Round
18 of the corpus (independent98, 99) found them misread: "Nah man, is just a lil
headache, it ent come sudden or nothing" was a yes to a sudden, very bad headache, "No
ma'am, nary a drop" not understood, "I had one back in '09" no stroke, "Them painkillers
is like water off a duck back" no failed medicine. Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("headache_sudden_severe", "Just a little headache, nothing sudden", "no"),
    ("headache_sudden_severe", "it came on gradual over the day", "no"),
    ("blood_in_urine", "Nary a drop", "no"),
    ("blood_in_urine", "Not a drop, no", "no"),
    ("previous_stroke", "I had a bleed on the brain in 2015", "yes"),
    ("previous_stroke", "I had one back in 2010, been on a stick since", "yes"),
    ("pain_not_relieved", "They're like water off a duck's back", "yes"),
    ("pain_not_relieved", "It helped at first but not now", "yes"),
    ("pain_not_relieved", "The new tablets work grand", "no"),
    ("heavy_lifting_or_exercise", "I just woke up like this", "no"),
    ("heavy_lifting_or_exercise", "after my zumba class", "yes"),
    ("pain_spreading", "It's not spreading, it's staying put", "no"),
    ("pain_spreading", "it's just the one spot now", "no"),
])
def test_replies_of_our_own(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)
