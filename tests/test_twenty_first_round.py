"""What the twenty-first round of conversations played through the chat found
(tests/played/play39: people who use the program's commands and tire).

A daughter said of her mother, 91, "no not hard exactly, it just hurts her when she
breathes in" to "Is it hard to breathe?": the pain on breathing in, the sign her article
calls an ambulance for, was not taken (not a word of it was in the lists, "breathes in"
was not a sign told in passing). "no, like mi seh, only when mi bend" was a yes to the
strong, cutting pain that does not stop, and the ending, while it was checked, an
ambulance. Groups14's "Why are you asking me about rashes, love?" was a rash. Each reply
here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import heard, read
from talking import at

from assistant.dialog.conversation import Conversation
from assistant.dialog.matcher import ANSWER, NOT_UNDERSTOOD
from assistant.dialog.model import Dialog


@pytest.mark.parametrize("text", ["it hurts him when he breathes in",
                                  "it hurts her to breathe in, poor thing"])
def test_a_pain_on_breathing_in_told_of_another(dialog: Dialog, text: str) -> None:
    assert read(dialog, "worse_when_breathing", text) == (ANSWER, "yes")


def test_a_pain_on_breathing_in_told_in_passing_is_asked_next(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    said = talk.hear("No, not that. It just hurts him when he breathes in")
    assert said.text.startswith("You mentioned this.") and "breathe in" in said.text


@pytest.mark.parametrize("text", ["no, like me say, only when me bend",
                                  "only when he bends over, no"])
def test_a_pain_only_now_and_then_is_no_pain_that_never_stops(dialog: Dialog,
                                                              text: str) -> None:
    assert read(dialog, "tearing_pain", text) == (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    ("swelling", "Swelling?"),
    ("rash", "Why are you asking me about a rash?"),
    ("fever", "A fever?"),
])
def test_the_question_asked_back_is_no_yes(dialog: Dialog, key: str, text: str) -> None:
    got = heard(dialog, key, text)
    assert got.kind == NOT_UNDERSTOOD


@pytest.mark.parametrize(("key", "text", "value"), [
    ("rash", "A rash? Yes, on my arm.", "yes"),
    ("swelling", "Swelling? In the mornings? No.", "no"),
    ("stress", "Stress? With the grandchildren here all week?", "yes"),
])
def test_asked_back_then_answered_or_told(dialog: Dialog, key: str, text: str,
                                          value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


def test_a_no_with_sah(dialog: Dialog) -> None:
    assert read(dialog, "recent_poisoning", "no sah") == (ANSWER, "no")


def breathlessness_checked(dialog: Dialog) -> Conversation:
    """A conversation just asked "I heard yes: short of breath. Is that right?"."""
    talk = at(dialog, "heart")
    said = talk.hear("yeah a bit short of breath mate")
    if "Is that right?" not in said.text:
        said = talk.hear("yeah")
    assert "Is that right?" in said.text
    return talk


def test_a_sign_checked_and_then_told_again_is_kept(dialog: Dialog) -> None:
    # "I heard yes: short of breath. Is that right?" - "this is his wife typing, yes he is
    # short of breath and sweating": the ambulance came, and the summary for a paramedic
    # said "No answers were recorded" (tests/played/play39 p03).
    talk = breathlessness_checked(dialog)
    talk.hear("this is his daughter typing now, he's too puffed to talk. he is short of "
              "breath and sweating")
    assert talk.outcome is not None and talk.outcome.level == "emergency"
    assert talk.findings.get("shortness_of_breath") == "yes"


def test_a_call_said_to_the_check_confirms_no_sign(dialog: Dialog) -> None:
    talk = breathlessness_checked(dialog)
    talk.hear("No! Call an ambulance, he's collapsed")
    assert talk.outcome is not None and talk.outcome.level == "emergency"
    assert talk.findings.get("shortness_of_breath") != "yes"
