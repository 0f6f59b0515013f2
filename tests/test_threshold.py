"""A number asked as a threshold: "Is the pain very strong, seven or more out of ten?".

Only "seven or more" matters to the rules, so the screening asks that as one yes or no
(a scale is hard after a stroke) and keeps the answer as a range; a number said instead
is kept as said. Conditions must be ones such an answer settles: the loader refuses the
others, and the ranges must behave as every number in them would.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.dialog.conversation import Conversation
from assistant.dialog.expr import Context, compile_condition
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import ANSWER, Matcher
from assistant.dialog.model import Dialog
from assistant.dialog.reader import DialogInvalid
from assistant.dialog.threshold import ORDERED, Span, as_range, decided_by, span_of, surely

Edit = Callable[[Path, str, str], str]
KINDS = {"severity": ("number", ())}


# -- ranges behave as every number in them -------------------------------------------------------
def holds(op: str, x: float, bound: float) -> bool:
    return {">=": x >= bound, ">": x > bound, "<=": x <= bound, "<": x < bound}[op]


numbers = st.integers(min_value=-20, max_value=20).map(float)


@given(cut=numbers, bound=numbers, op=st.sampled_from(ORDERED),
       answer=st.sampled_from(["yes", "no"]),
       offsets=st.lists(st.floats(min_value=0, max_value=30), min_size=1, max_size=8))
def test_a_range_is_true_only_where_every_number_in_it_is(
        cut: float, bound: float, op: str, answer: str, offsets: list[float]) -> None:
    span = span_of(as_range(cut, answer))
    assert span is not None
    low, high = span.low, span.high
    # Numbers inside the range, its edge included (yes) or just below it (no).
    inside = [low + d for d in offsets] if answer == "yes" else [high - 1e-9 - d for d in offsets]
    inside.append(cut if answer == "yes" else cut - 1e-9)
    verdict = surely(op, span, bound)
    if verdict is True:
        assert all(holds(op, x, bound) for x in inside)
    elif verdict is False:
        assert not any(holds(op, x, bound) for x in inside)
    # Undecided is never claimed when the edge alone already disagrees with far inside.
    far = low + 1e6 if answer == "yes" else high - 1e6
    edge = cut if answer == "yes" else cut - 1e-9
    if holds(op, far, bound) != holds(op, edge, bound):
        assert verdict is None


def test_the_cut_itself_settles_at_least_and_below_only() -> None:
    assert decided_by(7, ">=", 7) and decided_by(7, "<", 7)
    assert not decided_by(7, ">", 7)
    assert not decided_by(7, ">=", 5)
    assert span_of("7 or more") == Span(7, math.inf, True, False)
    assert span_of("less than 7") == Span(-math.inf, 7, False, False)
    assert span_of("7") is None and span_of(7) is None


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("severity >= 7", "7 or more", True),
    ("severity >= 7", "less than 7", False),
    ("not severity >= 7", "less than 7", True),
    ("severity < 7", "less than 7", True),
    ("severity >= 7", 8.0, True),
    ("severity >= 5", "less than 7", False),  # undecided: not taken as true
    ("severity >= 7", "unknown", False),
])
def test_conditions_read_a_range(text: str, value: object, expected: bool) -> None:
    condition = compile_condition(text, KINDS)
    assert condition(Context({"severity": value})) is expected


# -- in the conversation ---------------------------------------------------------------------
def to_pattern(dialog: Dialog) -> Conversation:
    conversation = Conversation(dialog)
    conversation.start()
    while conversation.state != "pattern":
        conversation.hear("2" if conversation.state == "days" else "no")
    return conversation


@pytest.mark.parametrize(("said", "value"), [
    ("yes", "7 or more"), ("no", "less than 7"), ("terrible", "7 or more"),
    ("it's bearable", "less than 7"), ("it is not strong", "less than 7"),
    ("about an eight", 8.0), ("three, maybe four", None),
])
def test_the_threshold_question_takes_yes_no_or_a_number(dialog: Dialog, said: str,
                                                        value: object) -> None:
    meaning = Matcher(dialog.language).interpret(dialog.questions["severity"], said)
    assert meaning.kind == ANSWER
    if value is None:  # two numbers: the larger, confirmed before it counts
        assert meaning.value == 4.0 and meaning.confirm
    else:
        assert meaning.value == value


def test_no_to_the_pattern_group_records_less_than_seven(dialog: Dialog) -> None:
    conversation = to_pattern(dialog)
    reply = conversation.hear("no")
    assert reply.recorded == {"recurring": "no", "pain_worsening": "no",
                              "severity": "less than 7"}
    assert conversation.outcome is not None and conversation.outcome.level == "self_care"


def test_very_strong_named_at_the_group_makes_it_soon(dialog: Dialog) -> None:
    conversation = to_pattern(dialog)
    reply = conversation.hear("yes, it's very strong")
    assert reply.recorded == {"recurring": "no", "pain_worsening": "no",
                              "severity": "7 or more"}
    assert conversation.outcome is not None and conversation.outcome.level == "soon"
    assert "Strong pain is worth treating early" in reply.text


def test_a_number_said_after_yes_is_kept_and_a_low_one_does_not_raise(dialog: Dialog) -> None:
    conversation = to_pattern(dialog)
    conversation.hear("yes")
    assert conversation.state == "severity"
    assert conversation.last_reply is not None
    assert "seven or more" in conversation.last_reply.text
    conversation.hear("five")
    assert conversation.findings["severity"] == 5.0
    assert conversation.state == "pain_worsening"


def test_an_unsure_yes_is_confirmed_in_words(dialog: Dialog) -> None:
    conversation = to_pattern(dialog)
    conversation.hear("yes")
    reply = conversation.hear("yes", confidence=0.2)
    assert "7 or more" in reply.text and "is that right" in reply.text.lower()


# -- what the loader refuses -----------------------------------------------------------------
def problems(folder: Path) -> str:
    with pytest.raises(DialogInvalid) as info:
        load_dialog(folder)
    return str(info.value)


@pytest.mark.parametrize("condition", ["severity > 7", "severity >= 5", "severity == 8"])
def test_a_condition_the_threshold_cannot_settle_is_refused(dialog_copy: Path, edit: Edit,
                                                            condition: str) -> None:
    edit(dialog_copy / "rules.yaml", "  - id: severe_pain\n    when: severity >= 7",
         f"  - id: severe_pain\n    when: {condition}")
    message = problems(dialog_copy)
    assert "rule 'severe_pain'" in message and "not settled by question 'severity'" in message


def test_a_branch_the_threshold_cannot_settle_is_refused(dialog_copy: Path, edit: Edit) -> None:
    edit(dialog_copy / "questions.yaml", '      - {if: "level >= soon", goto: finish}\n'
         "      - {goto: pattern}",
         '      - {if: "severity > 3", goto: finish}\n      - {goto: pattern}')
    assert "'severity > 3' is not settled" in problems(dialog_copy)


@pytest.mark.parametrize(("old", "new", "words"), [
    ("    at_least: 7\n", "    at_least: 11\n", ["'at_least'", "11"]),
    ("    at_least: 7\n", "    at_least: seven\n", ["'at_least'", "seven"]),
    ("    at_least: 7\n", "", ["'severity' is a number", "at_least"]),
])
def test_a_wrong_threshold_is_refused(dialog_copy: Path, edit: Edit, old: str, new: str,
                                      words: list[str]) -> None:
    edit(dialog_copy / "questions.yaml", old, new)
    message = problems(dialog_copy)
    for word in words:
        assert word in message, message


def test_a_number_out_of_range_is_asked_again_with_the_scale(dialog: Dialog) -> None:
    conversation = to_pattern(dialog)
    conversation.hear("yes")
    reply = conversation.hear("fifteen")
    assert conversation.state == "severity"
    assert reply.says[-1] == dialog.questions["severity"].ask
    assert "0 to 10" in reply.says[0]
    assert dialog.language.say["help_yes_no"] not in reply.says
