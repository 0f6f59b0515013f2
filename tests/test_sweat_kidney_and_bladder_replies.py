"""A seventh round of the questions the corpus held fewest replies to, answered as people do.

"My vest's soaked through" was an emergency (bleeding) at "Are you sweating a lot, or in
a cold sweat?". "I stand and stand and it won't come" was a no to trouble passing urine
(its "won't"). A sign told of long ago and denied now ("sick as a dog after my op, years
ago, but not now") was a yes to a question of how things are now. "Ain't got nothin' to
do with it" was a yes (the no phrase negated). Retching, the Scots "boke", an age past
fifty, the kidneys named, a head cracked on the sink were not understood. Each reply is a
phrasing of our own; tests/corpus/independent54.yaml to 57 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER, DONT_KNOW, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("cold_sweat", "my skin's cold and wet to touch", "yes"),
    ("cold_sweat", "my vest's soaked through", "yes"),
    ("cold_sweat", "no, I'm bone dry", "no"),
    ("nausea_vomiting", "he's been retching half the night", "yes"),
    ("nausea_vomiting", "I had the boke after my breakfast", "yes"),
    ("nausea_vomiting", "I couldn't keep my food down yesterday", "yes"),
    ("woman_over_50", "I'm past seventy, love", "yes"),
    ("woman_over_50", "I'm a granny six times over", "yes"),
    ("woman_over_50", "Mum's eighty-one, she's a bit deaf", "yes"),
    ("woman_over_50", "do I look like a woman to you?", "no"),
    ("kidney_area", "just above my hips, round the back", "yes"),
    ("kidney_area", "it's right in my kidneys", "yes"),
    ("kidney_area", "no, it's lower down than that", "no"),
    ("bladder_problems", "I sit there an age and it won't come", "yes"),
    ("bladder_problems", "only a little bit comes out", "yes"),
    ("bladder_problems", "my waterworks are working normally", "no"),
    ("head_or_neck_injury", "she slipped and cracked her head on the bath", "yes"),
    ("head_or_neck_injury", "a van rear ended us on Friday", "yes"),
    ("head_or_neck_injury", "not a scratch, no", "no"),
    ("worse_when_breathing", "it stabs me when I draw a breath", "yes"),
    ("worse_when_breathing", "breathing doesn't change it", "no"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("nausea_vomiting", "I was sick as a dog after my op, years ago, but not now"),
    ("cold_sweat", "I had night sweats back in 2019, nothing since"),
    ("bladder_problems", "I had a catheter for a while two years back, it's been fine since"),
    ("fever", "I had a temperature last month with a cold, not any more"),
])
def test_a_sign_of_long_ago_denied_now_is_a_no(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    # A question of what has been: its yes stays.
    ("recent_heart_attack", "I had one in 2015, but I'm fine now"),
    ("previous_stroke", "I had a stroke back in 2018, I'm fine now"),
    ("fainting", "I passed out last month at church, not since"),
    # Not long enough ago to be out of "lately".
    ("nausea_vomiting", "I was sick two weeks ago, not since"),
    ("nausea_vomiting", "I was sick this morning but not now"),
])
def test_a_sign_of_lately_or_a_question_of_the_past_keeps_its_yes(
        dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) == (ANSWER, "yes")


def test_a_bleeding_soaked_through_is_still_an_emergency(dialog: Dialog) -> None:
    """Soaked through with blood, or the towel held to a cut, calls; sweat does not."""
    for text in ("the blood's soaked right through his shirt",
                 "I cut my arm and the towel's soaked"):
        assert read(dialog, "rash", text)[0] == EMERGENCY, text


def test_a_no_phrase_negated_again_is_asked_again(dialog: Dialog) -> None:
    """Where negations agree ("ain't got nothin'") it is a no, elsewhere a yes: neither is
    guessed."""
    assert read(dialog, "worse_when_breathing",
                "my breathing ain't got nothing to do with it")[0] == DONT_KNOW


def test_having_to_see_is_doubt_not_a_no(dialog: Dialog) -> None:
    assert read(dialog, "worse_when_breathing",
                "I haven't really noticed, I'd have to see") == (DONT_KNOW, None)


@pytest.mark.parametrize(("text", "value"), [
    ("I knocked my knee on the bed, not my head", "no"),
    ("he banged the back of his head on the wall", "yes"),
    ("I bumped the side of my neck getting into the car", "yes"),
])
def test_a_knock_to_another_part_is_no_head_injury(dialog: Dialog, text: str, value: str
                                                   ) -> None:
    """A knock told of a knee or an elbow is no yes to a head or neck hurt; of the back of
    the head it is."""
    assert read(dialog, "head_or_neck_injury", text) == (ANSWER, value)
