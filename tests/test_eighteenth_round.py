"""Replies of the eighteenth round of blind play (tests/played/play34, people of 70 to 95
at home, falls and knocks; play35, people who play things down), measured on the program
of f35df36, that were misread, each beside a phrasing of our own of the same kind."""

from __future__ import annotations

import pytest
from talking import nearly_asked
from test_named_signs import meaning
from test_twelfth_round import at

from assistant.dialog.matcher import ANSWER, DONT_KNOW, EMERGENCY, Matcher
from assistant.dialog.model import Dialog

BACK_STRAIN = "the paracetamol takes the edge off. it came on when i twisted, but it's not terrible"


def test_how_the_back_was_hurt_is_no_emergency(dialog: Dialog) -> None:
    # It asked "Do you need an ambulance now?" ("came on when" is how a stroke is told as
    # new; "i twisted" says how the back was hurt).
    said = Matcher(dialog.language).interpret(dialog.questions["pain_course"], BACK_STRAIN)
    assert said.kind != EMERGENCY


def test_tablets_taken_now_are_still_asked_about(dialog: Dialog) -> None:
    said = Matcher(dialog.language).interpret(dialog.questions["pain_course"],
                                              "I took ten paracetamol now")
    assert said.kind == EMERGENCY and said.nearly


@pytest.mark.parametrize("reply", [
    "pardon? an ambulance? no, no, it's only my back",
    "sorry? an ambulance? no",
    "what? no, no",
])
def test_an_ambulance_said_back_unheard_then_turned_down_is_no_call(
        dialog: Dialog, reply: str) -> None:
    # "pardon? an ambulance? no, no, it's only my back" was "You asked for help. Please
    # call an ambulance now." (tests/played/play34 p06).
    talk = nearly_asked(dialog)
    talk.hear(reply)
    assert talk.outcome is None or talk.outcome.level != "emergency"


@pytest.mark.parametrize("reply", ["pardon? an ambulance? yes", "an ambulance? yes please"])
def test_an_ambulance_said_back_then_wanted_is_one(dialog: Dialog, reply: str) -> None:
    talk = nearly_asked(dialog)
    talk.hear(reply)
    assert talk.outcome is not None and talk.outcome.level == "emergency"


@pytest.mark.parametrize("reply", ["No. Bit hot in the cab, that's all.",
                                   "bit hot in here, that's all"])
def test_hot_in_a_place_is_asked_not_a_fever(dialog: Dialog, reply: str) -> None:
    # "fever or chills: yes ** ALARM SIGN" went into the doctor's summary.
    assert meaning(dialog, "fever", reply)[0] == DONT_KNOW
    talk = at(dialog, "general")
    talk.hear(reply)
    assert talk.model.findings.get("fever") != "yes"


@pytest.mark.parametrize("text", ["I feel hot", "hot and cold", "hot in the face, shivering"])
def test_hot_said_of_the_person_is_still_a_fever(dialog: Dialog, text: str) -> None:
    assert meaning(dialog, "fever", text) == (ANSWER, "yes")


@pytest.mark.parametrize(("state", "reply"), [
    ("history", "no. the doctor said i've a bit of a prostate, that's all"),
    ("history", "no, a bit of a cold last year"),
])
def test_a_bit_of_a_thing_is_no_amount(dialog: Dialog, state: str, reply: str) -> None:
    # Read as "a bit", a yes to a stroke, a heart attack or a heart procedure.
    said = Matcher(dialog.language).interpret(dialog.questions[state], reply)
    assert (said.kind, said.value) == (ANSWER, "no")


def test_a_bit_of_the_sign_itself_is_still_told(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("a bit of a headache")
    assert talk.model.findings.get("headache") == "yes"


def test_a_sign_taken_back_a_question_later_is_asked_again(dialog: Dialog) -> None:
    # "Actually, sorry, thinking about it, it is a bit numb down below when I wipe" at the
    # urine's question left "numbness around the groin: no" (tests/played/play35 p02).
    talk = at(dialog, "urine")
    assert talk.model.findings.get("groin_numbness") == "no"
    reply = talk.hear("I don't think so, I haven't noticed anything. Actually, sorry, "
                      "thinking about it, it is a bit numb down below when I wipe.")
    # Not noticed is a no to confirm (2026-12-07), but taken back after "actually" by
    # words that answer nothing of the group, it is no no to confirm (later that day):
    # the sign told is asked at once.
    assert reply.text.endswith("Is the skin around your groin numb?")
    talk.hear("yes")
    assert talk.model.findings["groin_numbness"] == "yes"
