"""Everyday ways of answering that are not yes or no, as a tired person or a caregiver
gives them: what the person can or cannot do, how it compares with always, a nod passed
on, a thing asked about left hanging.

Written from the kinds of reply an independent writer gave (tests/corpus/independent15)
and the answer reader did not understand; each case here is a phrasing of our own, not
one of theirs: the corpus measures those.
"""

from __future__ import annotations

import pytest

from assistant.dialog.matcher import (
    ANSWER,
    COMMAND,
    NOT_UNDERSTOOD,
    Matcher,
    confirmation_question,
)
from assistant.dialog.model import Dialog


def heard(dialog: Dialog, key: str, text: str) -> tuple[str, object]:
    question = confirmation_question(dialog.language) if key == "confirm" else next(
        q for q in dialog.questions.values() if q.finding.key == key)
    got = Matcher(dialog.language).interpret(question, text)
    return got.kind, got.value


@pytest.mark.parametrize(("key", "text", "value"), [
    # A caregiver passing on a nod or a shake of the head.
    ("shortness_of_breath", "she's nodding at me", "yes"),
    ("fever", "he's shaking his head", "no"),
    ("confirm", "she nods", "yes"),
    # What the person can and cannot do.
    ("daily_activities_affected", "I can't get my coat on by myself now", "yes"),
    ("daily_activities_affected", "no, I still go to bingo on Thursdays", "no"),
    ("daily_activities_affected", "I'm up and about, doing my own cooking", "no"),
    ("weakness", "I can't lift a full kettle", "yes"),
    ("weakness", "I can't hold my cup steady", "yes"),
    ("everything_hurts", "everything aches, top to toe", "yes"),
    ("worse_with_movement", "bending is the worst, it catches me", "yes"),
    ("swelling", "I can't get my shoes on in the morning", "yes"),
    # Compared with always: nothing changed is a no to a change, a yes to coming back.
    ("pain_worsening", "same as ever, really", "no"),
    ("pain_worsening", "no change since last week", "no"),
    ("pain_worsening", "no better and no worse", "no"),
    ("vision_problems", "no worse than before", "no"),
    ("vision_problems", "no change, I've worn the same glasses for years", "no"),
    ("bladder_problems", "same as usual down there", "no"),
    ("recurring", "on and off for years", "yes"),
    ("recurring", "first time I've had it", "no"),
    # Other everyday words.
    ("tearing_pain", "it's not there all the time", "no"),
    ("pain_not_relieved", "the tablets take the edge off", "no"),
    ("weight_loss", "I wish I had", "no"),
    ("kidney_area", "lower than that", "no"),
    ("painful_urination", "no bother there", "no"),
    ("blood_in_urine", "it's been pinkish", "yes"),
    ("leg_numbness_or_weakness", "his foot's gone dead", "yes"),
    ("headache_sudden_severe", "all at once, like being hit with a plank", "yes"),
    ("sudden_severe_pain", "came on like a shot", "yes"),
])
def test_an_everyday_answer(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    # A no to one thing asked, then another left hanging: the jaw is not answered.
    # ("The arm, no... the jaw", with "arm" no sign's name of its own, is a search for the
    # word, as "the leg, no, the arm" is: the jaw found, a yes; 2026-12-07.)
    ("pain_to_arm_or_jaw", "the left arm, no... the jaw"),
    ("pain_to_arm_or_jaw", "arm, no. jaw"),
    ("chest_pain", "no... my chest"),
    ("nausea_vomiting", "not sick... vomiting"),
    # An old numbness said to be unchanged, with a yes word: asked again, never a yes or
    # a no taken for it.
    ("leg_numbness_or_weakness", "numb since the stroke, no change"),
])
def test_a_part_left_hanging_is_asked_again(dialog: Dialog, key: str, text: str) -> None:
    assert heard(dialog, key, text)[0] == NOT_UNDERSTOOD


def test_a_learner_asking_what_a_word_means(dialog: Dialog) -> None:
    assert heard(dialog, "groin_numbness", "I no understand") == (COMMAND, "help")


def interpretation(dialog: Dialog, key: str, text: str) -> tuple[str, object, bool]:
    question = next(q for q in dialog.questions.values() if q.finding.key == key)
    got = Matcher(dialog.language).interpret(question, text)
    return got.kind, got.value, got.confirm


@pytest.mark.parametrize(("key", "text", "value"), [
    # Going back and forth, then settling on one answer, said again: that one, checked.
    ("previous_stroke", "no... no... yes, yes, sorry", "yes"),
    ("recurring", "yes... no, no", "no"),
    # A number said, then corrected: the later one, checked.
    ("severity", "eighty... no, eight", 8.0),
    ("days", "two days, no, three weeks", 21.0),
    # A number turned down beside the one meant (as to "I heard nine. Is that right?").
    ("severity", "I said six, not nine", 6.0),
    ("days", "it's not a month, it's about ten days", 10.0),
])
def test_an_answer_corrected_is_the_later_one_checked(dialog: Dialog, key: str, text: str,
                                                      value: object) -> None:
    assert interpretation(dialog, key, text) == (ANSWER, value, True)


def test_settling_on_no_to_an_alarm_sign_is_asked_again(dialog: Dialog) -> None:
    # An answer that went back and forth may end on either: never a no to an alarm sign.
    assert interpretation(dialog, "chest_pain", "yes... no. no.")[0] == NOT_UNDERSTOOD


def test_a_correction_followed_by_no_number_keeps_the_first(dialog: Dialog) -> None:
    # "one side" after the correction is no number said for the pain.
    assert interpretation(dialog, "severity", "nine... no, more... one side")[:2] == \
        (ANSWER, 9.0)


@pytest.mark.parametrize(("key", "text", "kind", "value"), [
    # A "no" that corrects a word ("the hand, no, the arm") answers nothing.
    ("pain_to_arm_or_jaw", "the hand, no, the arm, yes", ANSWER, "yes"),
    ("chest_pain", "the back, no, the chest", NOT_UNDERSTOOD, None),
    ("bladder_problems", "I try and nothing comes", ANSWER, "yes"),
    ("recurring", "again and again, for years", ANSWER, "yes"),
    ("pain_spreading", "it stays put", ANSWER, "no"),
])
def test_words_corrected_and_described(dialog: Dialog, key: str, text: str, kind: str,
                                       value: object) -> None:
    assert interpretation(dialog, key, text)[:2] == (kind, value)


@pytest.mark.parametrize(("key", "text", "value"), [
    # A duration in two units is one duration; "no more than" is at most.
    ("days", "a fortnight and three days", 17.0),
    ("days", "one month and a week", 37.0),
    ("severity", "no more than a two", 2.0),
    ("severity", "aboot fower", 4.0),
])
def test_numbers_as_people_say_them(dialog: Dialog, key: str, text: str, value: float) -> None:
    assert interpretation(dialog, key, text)[:2] == (ANSWER, value)


@pytest.mark.parametrize(("key", "text", "value"), [
    ("location", "round where my bra strap sits", "middle"),
    ("location", "just above my bum", "lower"),
    ("side", "either side of the spine", "both"),
])
def test_places_told_by_the_body(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert interpretation(dialog, key, text)[:2] == (ANSWER, value)


@pytest.mark.parametrize(("text", "value"), [("near enough", "yes"),
                                             ("close, but it was a six", "no")])
def test_a_check_answered_in_everyday_words(dialog: Dialog, text: str, value: str) -> None:
    assert heard(dialog, "confirm", text) == (ANSWER, value)


# Short answers (the kinds of independent24's that were not understood; our phrasings).
@pytest.mark.parametrize(("key", "text", "value"), [
    # Agreement and refusal as sounds, written as a recognizer writes them.
    ("confirm", "Mm-hm!", "yes"),
    ("fever", "uh-uh", "no"),
    ("confirm", "nuh-uh", "no"),
    # Yes and no in other tongues and ways of speaking.
    ("confirm", "ja, ja", "yes"),
    ("rash", "nae", "no"),
    ("confirm", "yeth", "yes"),
    # Neither of two things asked; at some times only is some of the time.
    ("pain_to_arm_or_jaw", "neither of them", "no"),
    ("worse_with_movement", "only when I turn in bed", "yes"),
    # A check told by pointing back to what was said, and a check gone back and forth that
    # ends on no (the question is then asked again).
    ("confirm", "that's what I said", "yes"),
    ("confirm", "yes... no. No, no.", "no"),
    ("confirm", "you've got it all mixed up", "no"),
])
def test_a_short_answer(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert heard(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [("fainting", "I don't think so"),
                                           ("blood_in_urine", "don't believe so, dear"),
                                           ("chest_pain", "I wouldn't think so")])
def test_a_doubtful_no_to_an_alarm_sign_is_checked(dialog: Dialog, key: str, text: str
                                                   ) -> None:
    assert interpretation(dialog, key, text) == (ANSWER, "no", True)


@pytest.mark.parametrize(("key", "text"), [("fainting", "no, I don't think so"),
                                           ("stress", "I don't think so")])
def test_a_plain_no_beside_it_or_no_alarm_sign_is_not_checked(dialog: Dialog, key: str,
                                                              text: str) -> None:
    assert interpretation(dialog, key, text) == (ANSWER, "no", False)


def test_a_doubtful_no_is_asked_about_in_a_conversation(dialog: Dialog) -> None:
    from assistant.dialog.conversation import Conversation

    talk = Conversation(dialog)
    talk.start()
    # To the first question (short of breath, faint, chest pain: alarm signs).
    says = talk.hear("I don't think so").says
    assert says == ["I heard no to all of them. Is that right?"]
    assert talk.summary()["findings"] == {}
    talk.hear("yes, that's right")
    assert set(talk.summary()["findings"].values()) == {"no"}
