"""A sign of a group named back as a question ("Rash?", "Why are you asking me about
rashes, love?"), nothing told besides, is no yes to it: groups14, written by a writer who
saw neither code nor lexicon, had the second recorded as a new rash. A word said to the
listener ("love", "pet") after the question makes no clause of an answer of its own.
Each reply here is a phrasing of our own."""

from __future__ import annotations

import pytest
from reading import heard
from talking import at

from assistant.dialog.matcher import NOT_UNDERSTOOD
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("group", "reply"), [
    ("nerves", "Cramps, love?"),
    ("nerves", "Why would you want to know about cramps, dear?"),
    ("urine", "Blood?"),
    ("general", "A fever, doctor?"),
])
def test_a_sign_asked_back_records_nothing(dialog: Dialog, group: str, reply: str) -> None:
    talk = at(dialog, group)
    said = talk.hear(reply)
    assert said.recorded == {}
    assert "each one" in said.text and talk.outcome is None


@pytest.mark.parametrize(("group", "reply", "recorded"), [
    ("nerves", "Cramps? Yes, in both calves at night.", {"leg_cramps": "yes"}),
    ("nerves", "No cramps, love.", {"leg_cramps": "no"}),
])
def test_a_sign_asked_back_then_answered_is_recorded(dialog: Dialog, group: str, reply: str,
                                                     recorded: dict[str, str]) -> None:
    assert at(dialog, group).hear(reply).recorded == recorded


@pytest.mark.parametrize(("key", "text"), [
    ("swelling", "Swelling, pet?"),
    ("fever", "A fever, nurse?"),
])
def test_a_word_to_the_listener_leaves_a_question_asked_back(dialog: Dialog, key: str,
                                                             text: str) -> None:
    assert heard(dialog, key, text).kind == NOT_UNDERSTOOD
