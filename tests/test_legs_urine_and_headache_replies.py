"""A ninth round of the questions the corpus held fewest replies to, answered as people do.

"My legs feel like they ain't mine no more, started Sunday" was a no to new numbness or
weakness in the legs (its "no more"). "She can't stand at the cooker any length of time,
I do the meals now" was an emergency (legs gone, now). Urine like strong tea or cola, a
head "some sore", a headache "worser" each day, a back that flares up at every reach were
not understood. Each reply is a phrasing of our own; tests/corpus/independent62.yaml to
65 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("leg_numbness_or_weakness", "me legs don't feel like mine since Tuesday", "yes"),
    ("leg_numbness_or_weakness", "his knees keep giving out on him", "yes"),
    ("blood_in_urine", "it's come out like strong tea", "yes"),
    ("blood_in_urine", "a bit browny this morning", "yes"),
    ("blood_in_urine", "no, it's been clear", "no"),
    ("worse_with_movement", "it flares up if I reach for the kettle", "yes"),
    ("worse_with_movement", "does it heck, it's sitting that does it", "no"),
    ("headache", "her head's bad, she keeps holding her head", "yes"),
    ("headache", "my back's awful but my head's all right", "no"),
    ("headache_worsening", "it's getting worser by the day", "yes"),
    ("headache_worsening", "it's on the mend now", "no"),
    ("headache_sudden_severe", "no, it grew on me over the afternoon", "no"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize("text", ["I can't stand at the sink for long now, he does the pots",
                                  "she can't stand any length of time these days"])
def test_not_standing_long_is_no_emergency(dialog: Dialog, text: str) -> None:
    assert read(dialog, "daily_activities_affected", text)[0] != EMERGENCY


def test_legs_that_have_gone_now_are_still_an_emergency(dialog: Dialog) -> None:
    assert read(dialog, "daily_activities_affected",
                "I can't stand up, my legs have gone, just now")[0] == EMERGENCY


def test_a_sudden_worst_headache_just_now_is_still_an_emergency(dialog: Dialog) -> None:
    """Kept when "now" was tried as what the headache question asks about (it lost this)."""
    assert read(dialog, "headache", "the worst headache of my life came on just now, out of "
                "nowhere, and I can't see properly")[0] == EMERGENCY
