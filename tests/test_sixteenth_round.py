"""Replies of the sixteenth round of blind play (tests/played/play30, people after a stroke
and everyday causes; play31, older people chatting in their region's words), measured on
the program of this session's end, that were misread, each beside a phrasing of our own of
the same kind."""

from __future__ import annotations

import pytest
from test_named_signs import meaning
from test_twelfth_round import at

from assistant.dialog.matcher import ANSWER, EMERGENCY, Matcher
from assistant.dialog.model import Dialog


@pytest.mark.parametrize("reply", [
    "Aye, the stent, like I said, on Monday, four days ago. They went in through the wrist. "
    "Never had a heart attack or a stroke, they caught it afore that.",
    "never had a stroke or a heart attack",
    "I haven't had a heart attack or a stroke",
])
def test_a_negation_reaches_every_sign_of_a_list(dialog: Dialog, reply: str) -> None:
    # It recorded a stroke, and the doctor's summary said "has had a stroke: yes".
    talk = at(dialog, "history")
    talk.hear(reply)
    assert talk.model.findings.get("previous_stroke") != "yes"


@pytest.mark.parametrize("text", [
    "no, nothing in my chest, bless your heart for asking. It's this ache in my right side "
    "of my back, just under the ribs, been at me three days now.",
    "no pain in my chest. three days now.",
    "my chest is fine, it's been a week now",
])
def test_how_long_it_has_lasted_is_no_emergency_now(dialog: Dialog, text: str) -> None:
    heart = dialog.questions["heart"]
    assert Matcher(dialog.language).interpret(heart, text).kind != EMERGENCY


@pytest.mark.parametrize("text", ["chest pain, ten minutes now", "crushing chest pain now"])
def test_a_chest_pain_now_is_still_one(dialog: Dialog, text: str) -> None:
    heart = dialog.questions["heart"]
    assert Matcher(dialog.language).interpret(heart, text).kind == EMERGENCY


def test_a_year_said_by_its_last_figures_is_the_past(dialog: Dialog) -> None:
    said = Matcher(dialog.language).interpret(dialog.questions["heart"],
                                              "my brother's heart attack back in '19")
    assert said.kind != EMERGENCY


@pytest.mark.parametrize(("key", "text", "value"), [
    ("pain_not_relieved", "I ain't really took nothing for it, love, don't like tablets.",
     "no"),
    ("pain_not_relieved", "didn't really take nothing", "no"),
])
def test_replies_of_the_sixteenth_round(dialog: Dialog, key: str, text: str,
                                        value: str) -> None:
    assert meaning(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("pain_spreading", "Growing, aye, it's getting worse, but it's not going anywhere else"),
    ("worse_after_sleep", "i dont sleep well"),
])
def test_no_yes_read_from_a_sign_half_said(dialog: Dialog, key: str, text: str) -> None:
    # A pain that grows but stays put is no spreading pain; sleeping badly is no pain
    # after sleep: asked again.
    assert meaning(dialog, key, text) != (ANSWER, "yes")


def test_digging_the_garden_names_the_lifting(dialog: Dialog) -> None:
    talk = at(dialog, "before")
    talk.hear("dug garden saturday. veg beds. sore since")
    assert talk.model.findings.get("heavy_lifting_or_exercise") == "yes"
