"""A fourteenth round of the questions the corpus held fewest replies to.

"Not double, no, but it's gone dim, like the lights are turned down" was a no to a change
in eyesight, "no my water, but ... the water's been a funny cola colour" a no to blood in
the urine, "Not food, but the doctor changed my pills ... wrong dose" a no to a
poisoning. "Sick... no... no." was a yes to feeling sick (the thing named, then a no said
twice), and "sick as a dog on the ferry in '82, but nothing lately" a yes too (a year said
by two figures was not the past). At a group, "her sits there an age and nothin' comes"
was a no to every sign of the urine. Each reply is a phrasing of our own;
tests/corpus/independent82.yaml to 85, groups7 and groups8 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import heard, read
from talking import at

from assistant.dialog.conversation import Conversation
from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("vision_problems", "it's all gone dim lately", "yes"),
    ("vision_problems", "I keep seeing spots, like little things floating", "yes"),
    ("vision_problems", "no, I can still read the small print", "no"),
    ("blood_in_urine", "there were clots in it this morning", "yes"),
    ("blood_in_urine", "it's gone a cola colour", "yes"),
    ("recent_poisoning", "the chemist gave me the wrong dose last week", "yes"),
    ("recent_poisoning", "I've had nothing off, and I never touch a drop", "no"),
    ("leg_cramps", "I'm up in the night stamping my foot to shift it", "yes"),
    ("worse_after_sleep", "stiff as a board when I wake, it loosens off by dinner", "yes"),
    ("headache_worsening", "it's tighter every day, like a band", "yes"),
    ("nausea_vomiting", "she brought her breakfast back up", "yes"),
    ("nausea_vomiting", "sick, no, no", "no"),
    ("nausea_vomiting", "queasy... um... no... no", "no"),
    ("nausea_vomiting", "I was sick all night in '79 after a bad pie, nothing lately", "no"),
    ("fainting", "dizzy no no", "no"),
    ("fainting", "não", "no"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("vision_problems", "not double, no, but everything's gone dim"),
    ("blood_in_urine", "no, not my water, but it has been a funny cola colour"),
    ("recent_poisoning", "not food, but they changed my pills just before, the wrong dose"),
])
def test_one_thing_denied_and_the_sign_told_is_no_no(dialog: Dialog, key: str,
                                                     text: str) -> None:
    assert read(dialog, key, text) != (ANSWER, "no")


def test_a_no_after_a_thing_named_is_checked_on_an_alarm_sign(dialog: Dialog) -> None:
    """Said twice it is the same no: to an alarm sign, still checked with the person."""
    got = heard(dialog, "fainting", "faint... no... no")
    assert (got.kind, got.value, got.confirm) == (ANSWER, "no", True)


def test_a_year_said_by_two_figures_then_a_time_is_not_the_past(dialog: Dialog) -> None:
    """"In 45 minutes" is no year: the sickness told is now."""
    assert read(dialog, "nausea_vomiting", "I was sick in 45 minutes, nothing lately") != \
        (ANSWER, "no")


def test_nothing_passed_at_the_urine_group_is_no_no(dialog: Dialog) -> None:
    talk = at(dialog, "urine")
    said = talk.hear("I sit there an age and nothing comes")
    assert "no" not in said.recorded.values()


def test_getting_about_fine_denies_the_daily_life(dialog: Dialog) -> None:
    # The group after a recent angioplasty, set as a caregiver would in the config file.
    talk = Conversation(dialog, known={"recent_angioplasty": "yes", "previous_stroke": "no",
                                       "recent_heart_attack": "no"})
    talk.start()
    while talk.question is not None and talk.question.id != "after_angioplasty":
        talk.hear("no")
    said = talk.hear("No sickness, no sweating, and I'm getting about fine")
    assert said.recorded == dict.fromkeys(
        ("daily_activities_affected", "nausea_vomiting", "cold_sweat"), "no")
