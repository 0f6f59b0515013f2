"""What the nineteenth round of conversations played through the chat found
(tests/played/play36, people after a stroke with aphasia; play37, older people who answer
at length).

"Lord no honey, I don't need any ambulance! ... My cousin ... needed an ambulance when her
aorta tore, but that was her, not me" to "Do you need an ambulance now?" was "You asked
for help. Please call an ambulance now." ("any ambulance" was no ambulance turned down, and
the cousin's ambulance a call); "it help... a little. I said." to "Have you taken pain
medicine that did not help?" was a yes. Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import read
from talking import at, calls_no_ambulance, nearly_asked

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize("reply", [
    "no, I don't need any ambulance",
    "No, I don't need one, it's only my back",
    "goodness no, I don't need any ambulance. My brother needed an ambulance when he fell "
    "off the roof, but that was him, not me",
])
def test_an_ambulance_turned_down_is_no_call(dialog: Dialog, reply: str) -> None:
    assert calls_no_ambulance(dialog, reply)


@pytest.mark.parametrize("reply", ["yes, I need one", "I need an ambulance"])
def test_an_ambulance_wanted_is_one(dialog: Dialog, reply: str) -> None:
    talk = nearly_asked(dialog)
    talk.hear(reply)
    assert talk.outcome is not None and talk.outcome.level == "emergency"


def test_not_knowing_whether_one_is_needed_turns_none_down(dialog: Dialog) -> None:
    talk = nearly_asked(dialog)
    said = talk.hear("I don't know if I need one")
    assert talk.outcome is None and "ambulance" in said.text


@pytest.mark.parametrize(("text", "kind"), [
    ("she needed an ambulance last year", None),
    ("the ambulance came for my husband in March", None),
    ("get me an ambulance, I needed one last time too", EMERGENCY),
])
def test_someone_elses_ambulance_of_the_past_is_no_call(dialog: Dialog, text: str,
                                                        kind: str | None) -> None:
    got, _ = read(dialog, "fever", text)
    assert (got == EMERGENCY) == (kind == EMERGENCY)


@pytest.mark.parametrize(("text", "value"), [
    ("pills help", "no"),
    ("it help", "no"),
    ("paracetamol... help little", "no"),
    ("it doesn't help", "yes"),
])
def test_medicine_that_helps_in_few_words(dialog: Dialog, text: str, value: str) -> None:
    assert read(dialog, "pain_not_relieved", text) == (ANSWER, value)


def test_medicine_that_helps_a_little_is_no_failed_medicine(dialog: Dialog) -> None:
    assert read(dialog, "pain_not_relieved", "it help... a little") != (ANSWER, "yes")


def test_breath_bad_in_a_breath_is_short_of_breath(dialog: Dialog) -> None:
    assert read(dialog, "shortness_of_breath", "breath bad") == (ANSWER, "yes")


def test_a_fever_told_in_passing_is_asked_next(dialog: Dialog) -> None:
    # "She's hot as anything too", told at the heart's questions, waited for the fever's
    # own turn: the ambulance came at the tenth reply (tests/played/play37 p02).
    talk = at(dialog, "heart")
    said = talk.hear("No, not breathless, and his chest is fine. Mind you, he's been hot as "
                     "anything since last night")
    assert "fever" in said.text


@pytest.mark.parametrize(("text", "value"), [
    ("Not like a cut at all.", "no"),
    ("no, it's not like a cut", "no"),
])
def test_a_pain_unlike_a_cut_is_no_cutting_pain(dialog: Dialog, text: str, value: str) -> None:
    assert read(dialog, "tearing_pain", text) == (ANSWER, value)


@pytest.mark.parametrize("text", [
    "It was our Jim that had the heart attack last back end, not me",
    "My sister had a heart attack in the autumn, not me",
])
def test_another_persons_heart_attack_in_a_season_past_is_no_emergency(dialog: Dialog,
                                                                       text: str) -> None:
    # "It's our Margaret that had the heart attack last back end, not me" was read back
    # and, confirmed, called the ambulance (tests/played/play37 p08).
    got, _ = read(dialog, "recent_heart_attack", text)
    assert got != EMERGENCY
