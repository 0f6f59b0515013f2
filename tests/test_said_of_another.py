"""An amount, a time or a change said of something else than what the question asks.

Replies of patients played through `backtalk chat` by testers who never saw the program:
each was read as a yes to the question and raised the outcome ("see a doctor today") for
a person who had said no. The ones that must stay yeses are said the same way but of the
question's own thing.
"""

from __future__ import annotations

import pytest

from assistant.dialog.matcher import ANSWER, Interpretation, Matcher
from assistant.dialog.model import Dialog


def read(dialog: Dialog, question_id: str, text: str) -> Interpretation:
    return Matcher(dialog.language).interpret(dialog.questions[question_id], text)


def heard(dialog: Dialog, key: str, text: str) -> tuple[str, object]:
    question = next(q for q in dialog.questions.values()
                    if q.finding.key == key and not q.members)
    got = Matcher(dialog.language).interpret(question, text)
    return got.kind, got.value


@pytest.mark.parametrize(("key", "text"), [
    ("worse_when_breathing", "No, dear. Maybe a little when I turn round to talk to the cat, "
                             "but my breathing is fine."),
    ("worse_when_breathing", "no. only when i bend or lift. no leg stuff no fever nothing"),
    ("pain_spreading", "no it's just in the same spot, left side low down. to be honest the "
                       "main thing is my wee has looked a bit pinky since yesterday, is that "
                       "normal when pregnant?"),
    ("pain_worsening", "No, I said, it's a bit better today."),
    ("worse_with_movement", "No, when I move it becomes better."),
    ("heavy_lifting_or_exercise", "No, I am avoiding lifting."),
    ("tearing_pain", "no, is not all time. only when move"),
    ("leg_cramps", "Nope. Only in the knees sometimes at night, that's years old."),
])
def test_said_of_another_thing_is_no_yes(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text) != (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    ("pain_worsening", "No, I said, it's a bit better today."),
    ("heavy_lifting_or_exercise", "No, I am avoiding lifting."),
    ("tearing_pain", "no, is not all time. only when move"),
])
def test_and_these_are_noes(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, "no")


@pytest.mark.parametrize(("key", "text"), [
    ("worse_when_breathing", "a bit when I take a deep breath"),
    ("worse_when_breathing", "only when I breathe in deep"),
    ("shortness_of_breath", "a bit when I walk"),
    ("fainting", "only when I stand up quick"),
    ("headache_with_cough", "Only when I'm straining on the toilet, then it really thumps."),
    ("weakness", "I can barely get myself up out of the chair"),
    ("pain_worsening", "a bit worse"),
    ("chest_pain", "a little"),
])
def test_said_of_the_questions_own_thing_is_a_yes(dialog: Dialog, key: str,
                                                  text: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, "yes")


@pytest.mark.parametrize(("key", "text"), [
    # A no beside an amount of another thing may be of that thing: asked again, not no.
    ("leg_cramps", "Nope. Only in the knees sometimes at night, that's years old."),
    ("pain_to_arm_or_jaw", "No. My arm goes numb sometimes from lying on it in the night"),
])
def test_a_no_beside_it_is_asked_again(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text)[0] != ANSWER


@pytest.mark.parametrize(("question_id", "text"), [
    ("pattern", "No, not really. It's a bit better today if anything."),
    ("pain_kind", "I wouldn't, no. It's a heavy sort of ache, been there since this morning."),
    ("pain_kind", "No, I don't reckon so. It's more of a dull achin' kind of pain, round "
                  "about where my kidney is."),
    # The fifth round (tests/played/play8, play9): tight said of the upper back sent a
    # man with stress to the ambulance.
    ("heart", "no, nothing like that. just my upper back between the shoulders, kind of tight"),
    ("chest_pain", "not really, no. it's more a tight ache in my upper back"),
    ("heart", "No, nothing like that. It's my lower back, I've had this on and off for "
              "years, this flare started after a weekend of gardening."),
])
def test_better_a_kind_of_pain_or_the_back_is_no_yes(dialog: Dialog, question_id: str,
                                                     text: str) -> None:
    got = read(dialog, question_id, text)
    assert (got.kind, got.value) != (ANSWER, "yes")


@pytest.mark.parametrize("text", ["Yeah nah, nothing like that mate.", "Yeah nah."])
def test_yeah_nah_is_no(dialog: Dialog, text: str) -> None:
    got = read(dialog, "heart", text)
    assert (got.kind, got.value) == (ANSWER, "no")


# A fifth round of blind play, after the changes above (tests/played/play8, play9).
@pytest.mark.parametrize(("question_id", "text", "value"), [
    ("chest_pain", "my chest is tight, and my back", "yes"),
    ("chest_pain", "yes, tight", "yes"),
    ("heart", "chest... a bit", "yes"),
    # A cutting pain that does not stop, said the way a person with aphasia says it, was a no.
    ("tearing_pain", "Sharp. Sharp, sharp... all time. Not stop.", "yes"),
    ("tearing_pain", "Not stop.", "yes"),
    ("erectile_dysfunction", "I am woman", "no"),
    ("erectile_dysfunction", "No, I am lady", "no"),
    ("groin_numbness", "you mean between the legs? no, nothing numb", "no"),
    ("leg_cramps", "And I get charley horses in my right calf at night.", "yes"),
    ("daily_activities_affected", "I can do my daily things", "no"),
])
def test_the_fifth_rounds_misreadings(dialog: Dialog, question_id: str, text: str,
                                      value: str) -> None:
    got = read(dialog, question_id, text)
    assert got.value == value and got.kind in (ANSWER, "emergency")


# A sixth round, after the fifth's changes (tests/played/play10, play11).
@pytest.mark.parametrize(("question_id", "text"), [
    ("heart", "no pain in chest. I have pain in back, between the shoulders, since three "
              "days. Sorry for my English"),
    ("chest_pain", "No, no chest pain at all, as I said it's my back and neck. I did read "
                   "online that chest pain is the thing to watch for, but I don't have any."),
    ("pain_course", "nah not spreadin. it just went when i was liftin boxes yesterday. aint "
                    "took nothin"),
])
def test_denied_or_read_of_is_no_emergency(dialog: Dialog, question_id: str,
                                          text: str) -> None:
    # Each called the ambulance, or asked for it, for a person with an everyday backache.
    got = read(dialog, question_id, text)
    assert got.kind != "emergency"


@pytest.mark.parametrize("text", ["my chest... tight", "chest. pain. bad",
                                  "no, but my chest is tight"])
def test_a_chest_told_in_pieces_is_still_one(dialog: Dialog, text: str) -> None:
    got = read(dialog, "heart", text)
    assert got.kind == "emergency"


def test_old_weakness_left_by_a_stroke_is_no_yes(dialog: Dialog) -> None:
    # A stroke survivor was sent to a neurosurgeon today for the weakness his stroke left.
    assert heard(dialog, "leg_numbness_or_weakness",
                 "new... no. old. right one weak since the... stroke. same") != (ANSWER, "yes")
    assert heard(dialog, "leg_numbness_or_weakness", "yes, weak, new since yesterday") == \
        (ANSWER, "yes")


def test_help_as_the_questions_own_word_among_others_is_told(dialog: Dialog) -> None:
    # "help" there is the pills helping, not a request for the help text.
    assert heard(dialog, "pain_not_relieved", "no. the... pills... help. bit. not sudden") == \
        (ANSWER, "no")
    got = read(dialog, "pain_not_relieved", "help")
    assert (got.kind, got.value) == ("command", "help")


# A seventh round, after the sixth's changes (tests/played/play12, play13).
@pytest.mark.parametrize(("key", "text", "value"), [
    # A stress ache sent to the ambulance: "sort of" before a word says what kind it is.
    ("tearing_pain", "No, it's not cutting, it's a sort of tight ache.", None),
    # New numbness typed by a man with slurred typing was recorded as no ("old" was a no).
    ("leg_numbness_or_weakness", "yse rihgt leg new. left one old from stokre", "yes"),
    # "no, legs ok" typed with one hand was new leg weakness.
    ("leg_numbness_or_weakness", "no said legs ok", "no"),
    ("leg_numbness_or_weakness", "no legs ok", "no"),
    ("leg_numbness_or_weakness", "legs no good", "yes"),
])
def test_the_seventh_rounds_misreadings(dialog: Dialog, key: str, text: str,
                                        value: str | None) -> None:
    assert heard(dialog, key, text)[1] == value
