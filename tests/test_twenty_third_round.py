"""What the twenty-third round of conversations played through the chat found
(tests/played/play41: people who mishear or misunderstand the question).

"faint as in dizzy or as in out cold?" was a yes to fainting, and "naw, I was asking ye. I
havenae been dizzy or fainted" said to "Is that right?" kept it: an ambulance for blood
in the urine. A husband's "no she didnt" and a granddaughter's "no he says breathing
doesnt make any difference" were not made out, or doubt, and a sign not known sent a
mattress ache to a doctor the same day; "not a bit dizzy" was a no to breathlessness.
Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import heard, read
from talking import at

from assistant.dialog.matcher import ANSWER, COMMAND, NOT_UNDERSTOOD
from assistant.dialog.model import Dialog


def test_which_meaning_is_asked_not_answered(dialog: Dialog) -> None:
    assert read(dialog, "fainting", "Faint as in woozy or as in out cold?") == (COMMAND, "help")


def test_asked_which_meaning_then_denied_in_scots(dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    talk.hear("no chest pain, and my breathing's fine")
    assert talk.state == "fainting"
    reply = talk.hear("Faint as in woozy or as in out cold?")
    assert reply.recorded == {} and reply.text.endswith("Have you fainted, or felt faint "
                                                        "or dizzy?")
    assert talk.hear("Naw. I havenae been woozy or fainted.").recorded == {"fainting": "no"}


@pytest.mark.parametrize(("key", "text"), [
    ("fainting", "no he didnt"),
    ("fainting", "I hasnae fainted"),
    ("worse_when_breathing", "no he says"),
    ("worse_when_breathing", "no, she says it's no different when she breathes"),
    ("fainting", "not a bit light-headed"),
])
def test_a_no_told_for_another_or_in_scots_is_a_no(dialog: Dialog, key: str,
                                                   text: str) -> None:
    got = heard(dialog, key, text)
    assert (got.kind, got.value, got.confirm) == (ANSWER, "no", False)


def test_not_a_bit_of_another_sign_is_no_answer(dialog: Dialog) -> None:
    assert read(dialog, "shortness_of_breath", "not a bit giddy, she says")[0] == NOT_UNDERSTOOD
