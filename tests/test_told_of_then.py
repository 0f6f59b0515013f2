"""Replies that tell of another time or of someone else, as people tell them.

Written from the kinds of reply that independent writers gave and the answer reader
misread (tests/corpus/independent4-10): a sign told of years ago is no emergency now, an
event the question asks about told in a story is a yes, the same event put on someone
else is no yes, and a thing said to be fine is a no. Each case here is a phrasing of our
own, not one of theirs: the corpus measures those.
"""

from __future__ import annotations

import pytest

from assistant.dialog.clauses import ClauseSplitter
from assistant.dialog.matcher import ANSWER, EMERGENCY, NOT_UNDERSTOOD, Matcher
from assistant.dialog.model import Dialog
from assistant.dialog.past import PastTeller


def heard(dialog: Dialog, key: str, text: str) -> tuple[str, object]:
    question = next(q for q in dialog.questions.values() if q.finding.key == key)
    got = Matcher(dialog.language).interpret(question, text)
    return got.kind, got.value


def told_of_past(dialog: Dialog, text: str) -> bool:
    clauses, _ = ClauseSplitter(dialog.language).split_marked(text)
    return PastTeller(dialog.language).told(clauses)


@pytest.mark.parametrize("text", [
    "my chest went tight three years ago",
    "it was a couple of winters back",
    "he was in hospital with it last March",
    "that was in 1998",
    "back in twenty twelve",
    "before five years, in my country",
    "last spring she had a fall",
])
def test_times_of_the_past(dialog: Dialog, text: str) -> None:
    assert told_of_past(dialog, text)


@pytest.mark.parametrize("text", [
    "two days ago it started",
    "ten minutes ago my arm went numb",
    "I took 2000 milligrams",
    "twenty, ten more in the other box",
    "it was in 2016 but it's happening again",
    "years ago, and still now and then today",
])
def test_times_that_are_not_the_past_or_come_with_now(dialog: Dialog, text: str) -> None:
    assert not told_of_past(dialog, text)


@pytest.mark.parametrize(("key", "text"), [
    ("fever", "no temperature. My daughter had a seizure with a fever three years ago, "
              "she's fine now"),
    ("chest_pain", "I had crushing chest pain back in 2009, nothing like that now"),
    ("cold_sweat", "not now, I was grey and sweating before my bypass in March"),
])
def test_signs_told_of_the_past_call_for_no_ambulance(dialog: Dialog, key: str,
                                                      text: str) -> None:
    assert heard(dialog, key, text)[0] != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    ("chest_pain", "I had a heart attack in 2012 and my chest is crushing right now"),
    ("previous_stroke", "yes in 2020, and it's happening again, my face has dropped"),
    ("fainting", "help me, I fell years ago and now I can't get up"),
])
def test_the_past_never_hides_what_is_happening(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text)[0] == EMERGENCY


@pytest.mark.parametrize(("key", "text", "value"), [
    ("previous_stroke", "she had her stroke two years ago, that's why I'm here with her",
     "yes"),
    ("previous_stroke", "the stroke was in 2021", "yes"),
    ("recent_heart_attack", "I had a heart attack back in 2011", "yes"),
    ("head_or_neck_injury", "I fell down the stairs on Sunday", "yes"),
    ("previous_stroke", "never had a stroke", "no"),
    ("head_or_neck_injury", "no falls at all", "no"),
    # Put on someone else: no yes, and the no said with it stands.
    ("previous_stroke", "no, that was my father who had the stroke", "no"),
    ("recent_heart_attack", "no, it was my brother had the heart attack in 2015", "no"),
])
def test_the_event_asked_about_told_in_a_story(dialog: Dialog, key: str, text: str,
                                               value: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, value)


def test_an_event_told_with_a_no_but_not_put_on_anyone_is_asked_again(dialog: Dialog) -> None:
    # A no beside a stroke told: whose stroke is not said. Asked again, never a yes or a no.
    assert heard(dialog, "previous_stroke", "no, the stroke was last year")[0] == \
        NOT_UNDERSTOOD


@pytest.mark.parametrize(("key", "text"), [
    ("shortness_of_breath", "my breathing is perfectly fine"),
    ("nausea_vomiting", "the stomach's been okay"),
    ("vision_problems", "my eyesight's normal"),
    ("headache", "head's fine thanks"),
])
def test_the_thing_asked_about_said_to_be_well_is_a_no(dialog: Dialog, key: str,
                                                       text: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    # How the person breathes, not whether breathing in makes the pain worse.
    ("worse_when_breathing", "I breathe fine"),
    # Fine apart from the fever is no no to a fever.
    ("fever", "I feel fine apart from the fever"),
    # The pain said to be fine is not the chest.
    ("chest_pain", "the pain is fine when I sit"),
    # "As well" is no word for being well.
    ("chest_pain", "my chest hurts as well"),
])
def test_being_well_said_of_something_else_is_no_no(dialog: Dialog, key: str,
                                                    text: str) -> None:
    assert heard(dialog, key, text) != (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    ("sudden_severe_pain", "the... the kettle... no, the..."),
    ("fever", "my... no, my..."),
    ("chest_pain", "the... glass. Glass. No. The other. The, the..."),
])
def test_a_no_in_a_search_for_a_word_answers_nothing(dialog: Dialog, key: str,
                                                     text: str) -> None:
    assert heard(dialog, key, text)[0] == NOT_UNDERSTOOD


@pytest.mark.parametrize(("key", "text"), [
    ("pain_worsening", "and if it gets worse in the night, what do I do?"),
    ("fever", "what if I get a temperature later"),
    ("previous_stroke", "I'm frightened of a stroke, my mum had one"),
])
def test_a_fear_or_a_question_of_what_to_do_answers_nothing(dialog: Dialog, key: str,
                                                           text: str) -> None:
    assert heard(dialog, key, text) != (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    ("cold_sweat", "I sweat in the night, but that's the change, isn't it"),
    ("fever", "it's the weather, isn't it"),
    ("headache", "she gets them when she's tired, doesn't she"),
])
def test_the_tag_of_a_question_is_no_no(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text) != (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    ("cold_sweat", "no it isn't"),
    ("fever", "it isn't, no"),
    ("headache", "no, it doesn't"),
])
def test_a_no_said_with_a_pronoun_is_still_a_no(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, "no")
