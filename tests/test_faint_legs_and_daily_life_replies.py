"""A fifteenth round of the questions the corpus held fewest replies to.

"I've no been to the kirk in three weeks" (Scots: not been) was a no to the pain getting in
the way of daily life; "ah cyah wash mih wares" (Trinidad: I can't) a no too. At a group,
"Lower down, near my bum, not up there" was a no to weight lost and morning swelling as
well as to the kidney area, and "I don't want to go on like this, I'd rather be dead" was
no emergency. Woozy, a dead leg, legs that gave way, something that went ping, "in the
sixties ..., nothing like that now" were not understood or read the wrong way, and "I have
no feeling in my legs", "there's no power in my legs", "I've got no puff" and "no breath in
me" were noes to the legs' numbness or weakness and to short of breath, "he hasn't passed
water since yesterday" a no to trouble passing urine, and "no, plenty of puff" a yes
(found while checking the Scots "no" for "not"). Each reply is a phrasing of our own;
tests/corpus/independent86.yaml to 89 and groups9 to 11 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read
from talking import at

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("weakness", "I'm not able to get up off the settee", "yes"),
    ("weakness", "I've still got me strength", "no"),
    ("leg_numbness_or_weakness", "dead leg, this one, since Monday", "yes"),
    ("leg_numbness_or_weakness", "they've gone all jelly on me", "yes"),
    # "No feeling" is the numbness itself, not a no (it was, to the legs).
    ("leg_numbness_or_weakness", "I have no feeling in my legs", "yes"),
    ("leg_numbness_or_weakness", "I've no feeling at all below the knee", "yes"),
    ("leg_numbness_or_weakness", "there's no power in my legs these days", "yes"),
    ("leg_numbness_or_weakness", "no, the strength in my legs is fine", "no"),
    # So is the breath's: "no puff" said of oneself is short of breath.
    ("shortness_of_breath", "I've got no puff going up the stairs", "yes"),
    ("shortness_of_breath", "there's no breath in me", "yes"),
    ("shortness_of_breath", "no, plenty of puff", "no"),
    ("shortness_of_breath", "I've no breath to talk", "yes"),
    # Water not passed is the bladder's trouble, not a no to it.
    ("bladder_problems", "he hasn't passed water since yesterday", "yes"),
    ("bladder_problems", "no, I've passed water fine", "no"),
    ("bladder_problems", "I've not had a wee today", "yes"),
    ("leg_numbness_or_weakness", "I can't get my legs to work", "yes"),
    ("fainting", "I wasn't with it for a minute there", "yes"),
    ("fever", "I can't get warm", "yes"),
    ("vision_problems", "I've no sight in my left eye now", "yes"),
    ("leg_numbness_or_weakness", "numb legs in the seventies, nothing like that now", "no"),
    ("fainting", "I've been a bit woozy", "yes"),
    ("fainting", "I came over all funny in the post office", "yes"),
    ("worse_with_movement", "I was stuck bent double by the bed", "yes"),
    ("sudden_severe_pain", "something went ping when I lifted the bin", "yes"),
    ("sudden_severe_pain", "it came on slow, over a few days", "no"),
    ("headache_sudden_severe", "like a gunshot in my head", "yes"),
    ("daily_activities_affected", "it stops me doing my garden", "yes"),
    ("daily_activities_affected", "I cyah do mih washing", "yes"),
    ("daily_activities_affected", "I'm doing all my own things again", "no"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("daily_activities_affected", "I've no been out to the shops in a fortnight"),
    ("fainting", "he's no been right since Sunday"),
    ("weakness", "she's no able to stand"),
])
def test_no_said_for_not_is_no_bare_no(dialog: Dialog, key: str, text: str) -> None:
    assert read(dialog, key, text) != (ANSWER, "no")


def test_a_no_opening_its_clause_is_still_a_no(dialog: Dialog) -> None:
    assert read(dialog, "fainting", "No, been fine") == (ANSWER, "no")


@pytest.mark.parametrize("key", ["severity", "worse_with_movement", "leg_cramps"])
def test_rather_dead_is_an_emergency_anywhere(dialog: Dialog, key: str) -> None:
    kind, _ = read(dialog, key, "I'd rather be dead than go on like this")
    assert kind == EMERGENCY


def test_the_place_said_at_the_kidney_group_denies_no_other_sign(dialog: Dialog) -> None:
    talk = at(dialog, "kidney_signs")
    said = talk.hear("Not up there, it's right down near my bum")
    assert "weight_loss" not in said.recorded and "swelling" not in said.recorded
