"""What the twenty-second round of conversations played through the chat found
(tests/played/play40: numbers, times and amounts as people tell them).

"Wife made me take my temperature, it was 100.9. Thats not a fever is it" was a sure no
to a fever, and the screening ended a level lower; "Since the angioplasty, a week last
Monday" was 7 days, no more than a week, and a patient past the article's week was sent
home; the summary for a doctor listed the person's "yes" to a sign, twice, under
"Emergency words heard", as if they had called for help. Each reply here is a phrasing of
our own.
"""

from __future__ import annotations

import pytest
from reading import heard
from talking import at

from assistant.dialog.matcher import ANSWER, NOT_UNDERSTOOD
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text"), [
    ("fever", "She was 38.2 this morning. That's not a fever, is it?"),
    ("fever", "no fever, right?"),
    ("fainting", "I haven't passed out, have I"),
    ("chest_pain", "Not chest pain, is it, nurse?"),
    ("chest_pain", "no pain in the chest, is that right?"),
])
def test_a_no_asking_to_be_agreed_with_is_checked(dialog: Dialog, key: str, text: str) -> None:
    got = heard(dialog, key, text)
    assert (got.kind, got.value, got.confirm) == (ANSWER, "no", True)


@pytest.mark.parametrize(("key", "text"), [
    ("worse_when_breathing", "Breathing's grand, it's the stairs that does it."),
    ("fever", "No fever."),
])
def test_a_no_without_a_tag_is_a_no(dialog: Dialog, key: str, text: str) -> None:
    got = heard(dialog, key, text)
    assert (got.kind, got.value, got.confirm) == (ANSWER, "no", False)


@pytest.mark.parametrize("text", ["A week last Tuesday.", "ten days come Sunday",
                                  "Since the op, a fortnight on Friday",
                                  "Three days now, four tomorrow"])
def test_an_amount_counted_from_a_day_is_asked_as_yes_or_no(dialog: Dialog,
                                                            text: str) -> None:
    assert heard(dialog, "days", text).why == "date"
    talk = at(dialog, "days")
    reply = talk.hear(text)
    assert reply.recorded == {} and reply.text.endswith("More than a week?")


@pytest.mark.parametrize(("text", "days"), [("three days, since Saturday", 3.0),
                                            ("ten days ago", 10.0),
                                            ("two weeks on and off", 14.0)])
def test_an_amount_with_no_day_counted_from_is_the_days(dialog: Dialog, text: str,
                                                        days: float) -> None:
    got = heard(dialog, "days", text)
    assert (got.kind, got.value) == (ANSWER, days)


def test_a_reply_naming_another_day_is_not_a_date(dialog: Dialog) -> None:
    assert heard(dialog, "days", "Since Monday").kind == NOT_UNDERSTOOD
