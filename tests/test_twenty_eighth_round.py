"""What the twenty-eighth round of conversations played through the chat found
(tests/played/play46: typed on a phone; play47: in a nurse's or a paramedic's words; play48:
steering the conversation), and what an earlier round left (play41: "faint how, do you mean
keeling over?" was a yes).

A question back about the question's own word asks what it means, so it is never a yes or a
no to an alarm sign. "Go back..." in a longer message after the outcome was a goodbye, and
the "no" typed by mistake to blood in the urine stayed in the doctor's summary. "Hang on,
someone's at the door" was not understood, and three such pauses made an alarm sign "not
known" and a doctor the same day. "yh" to "Are you short of breath?", three times, was a
"not known" where "yes" called the ambulance; "CVA 3 yrs ago, left hemi" was no stroke.
Each reply here is a phrasing of our own.
"""

from __future__ import annotations

import pytest
from reading import heard
from talking import at, nearly_asked

from assistant.dialog.conversation import Conversation
from assistant.dialog.matcher import ANSWER, COMMAND, DONT_KNOW, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text"), [
    ("fainting", "how do you mean, faint?"),
    ("fainting", "dizzy how?"),
    ("fainting", "Faint how? Do you mean keeling over?"),
    ("fainting", "how d'you mean dizzy"),
    ("bladder_problems", "how do you mean empty?"),
    ("heart", "faint how?"),
])
def test_asking_what_the_question_means_is_no_answer(dialog: Dialog, key: str,
                                                     text: str) -> None:
    meaning = heard(dialog, key, text)
    assert meaning.kind != ANSWER, meaning
    assert (meaning.kind, meaning.value) == (COMMAND, "help")


@pytest.mark.parametrize("text", ["yes, dizzy, I don't know how", "dizzy, yes"])
def test_telling_how_is_still_an_answer(dialog: Dialog, text: str) -> None:
    meaning = heard(dialog, "fainting", text)
    assert (meaning.kind, meaning.value) == (ANSWER, "yes")


def test_asked_what_faint_means_the_question_is_explained_and_asked_again(
        dialog: Dialog) -> None:
    talk = at(dialog, "heart")
    reply = talk.hear("faint how? like keeling over?")
    assert talk.outcome is None and talk.question is not None
    assert talk.question.id == "heart"
    assert "ambulance" not in reply.text.lower() and "faint" in reply.text.lower()
    talk.hear("no, none of that")
    assert talk.model.findings.get("fainting") == "no"


# -- play48: steering the conversation --------------------------------------------------------
def _to_the_end(dialog: Dialog) -> Conversation:
    talk = Conversation(dialog)
    talk.start()
    while talk.outcome is None:
        talk.hear("no")
    return talk


def test_going_back_in_a_longer_message_after_the_outcome_goes_back(dialog: Dialog) -> None:
    talk = _to_the_end(dialog)
    last = talk.questions_asked[-1]
    reply = talk.hear("Oh dear, go back please, I hit the wrong key on that last one. "
                      "She does have it, she told me just now")
    assert talk.outcome is None and talk.question is not None
    assert talk.question.id == last
    assert "Goodbye" not in reply.text


def test_thanks_after_the_outcome_is_still_goodbye(dialog: Dialog) -> None:
    talk = _to_the_end(dialog)
    assert "Goodbye" in talk.hear("right, thank you very much, that's all").text
    assert talk.outcome is not None


@pytest.mark.parametrize("pause", ["hang on, someone's at the door",
                                   "sorry, give me a minute, it's the phone",
                                   "one sec", "He's nodding off, give him a minute"])
def test_a_pause_asked_for_is_not_an_answer_not_understood(dialog: Dialog, pause: str) -> None:
    talk = at(dialog, "pain_kind")
    for _ in range(3):  # three pauses in a row: never "we don't know" for an alarm sign
        reply = talk.hear(pause)
        assert "understand" not in reply.text and "don't know" not in reply.text
        assert talk.question is not None and talk.question.id == "pain_kind"
        assert not talk.model.findings.keys() & {"worse_when_breathing", "tearing_pain"}
    talk.hear("no, none of those")
    assert talk.model.findings.get("tearing_pain") == "no"


def test_silence_after_a_pause_asks_again_and_then_counts(dialog: Dialog) -> None:
    talk = at(dialog, "pain_kind")
    talk.hear("hang on a minute")
    for _ in range(3):
        reply = talk.hear(None)
        assert reply.text.endswith(dialog.questions["pain_kind"].ask)
    talk.hear("ok, I'm back now, sorry about that")
    assert talk.failures == 0 and talk.question is not None
    assert talk.question.id == "pain_kind"
    talk.hear("no")
    assert talk.model.findings.get("worse_when_breathing") == "no"


def test_a_pause_keeps_the_check_of_an_ambulance(dialog: Dialog) -> None:
    talk = nearly_asked(dialog)
    talk.hear("hang on")
    assert talk.pending is not None and talk.outcome is None
    # No answer to "Do you need an ambulance now?" is still a yes, as without the pause.
    talk.hear(None)
    talk.hear(None)
    assert talk.outcome is not None and talk.outcome.level == "emergency"


def test_a_sign_told_with_a_pause_is_not_lost(dialog: Dialog) -> None:
    talk = at(dialog, "pain_kind")
    reply = talk.hear("hold on, it's the left arm, it goes right down into my left arm")
    assert talk.model.findings.get("pain_to_arm_or_jaw") != "no"
    assert "arm" in reply.text and "wait" not in reply.text


def test_a_correction_after_a_pause_word_is_still_a_correction(dialog: Dialog) -> None:
    meaning = heard(dialog, "fever", "yes, hang on, no, that was last week")
    assert meaning.kind != COMMAND


# -- play46: typed on a phone ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [("yh", "yes"), ("yws", "yes"), ("yess", "yes"),
                                             ("yh abit", "yes"), ("nooo", "no")])
def test_phone_typing_of_yes_and_no(dialog: Dialog, text: str, value: str) -> None:
    meaning = heard(dialog, "shortness_of_breath", text)
    assert (meaning.kind, meaning.value) == (ANSWER, value)


def test_i_dont_know_typed_short_is_doubt(dialog: Dialog) -> None:
    assert heard(dialog, "fever", "idk").kind == DONT_KNOW


def test_scots_the_noo_is_no_no(dialog: Dialog) -> None:
    meaning = heard(dialog, "pain_spreading", "aye, it's gaun doon ma leg the noo")
    assert meaning.value != "no"


# -- play47: in a nurse's words ----------------------------------------------------------------
def test_a_stroke_written_as_a_nurse_writes_it_is_a_stroke(dialog: Dialog) -> None:
    talk = at(dialog, "history")
    talk.hear("CVA in 2021, right hemi")
    assert talk.model.findings.get("previous_stroke") == "yes"


def test_a_tearing_pain_between_the_shoulder_blades_in_clinical_words(dialog: Dialog) -> None:
    meaning = heard(dialog, "heart", "acute, sudden onset, tearing interscapular pain")
    assert meaning.kind == EMERGENCY


@pytest.mark.parametrize(("key", "text", "value"), [
    ("bladder_problems", "yes, urinary retention since yesterday", "yes"),
    ("groin_numbness", "no saddle anaesthesia", "no"),
    ("groin_numbness", "a bit of saddle paraesthesia", "yes"),
    ("fever", "she was pyrexial overnight, with rigors", "yes"),
    ("fever", "he's afebrile", "no"),
    ("fainting", "no syncope, no LOC", "no"),
    ("fainting", "an episode of syncope this morning", "yes"),
    ("painful_urination", "no dysuria", "no"),
])
def test_clinical_words_for_the_signs(dialog: Dialog, key: str, text: str, value: str) -> None:
    meaning = heard(dialog, key, text)
    assert (meaning.kind, meaning.value) == (ANSWER, value)


def test_a_handover_of_negatives_answers_the_group(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("no headache, no poisoning, afebrile")
    assert {k: talk.model.findings.get(k) for k in ("headache", "recent_poisoning", "fever")} \
        == {"headache": "no", "recent_poisoning": "no", "fever": "no"}


def test_asked_what_a_poisoning_means_the_poisoning_is_explained(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    reply = talk.hear("sorry, what do you mean by a poisoning?")
    assert "poison" in " ".join(reply.says[:1]).lower()
    assert "fever is" not in reply.text.lower()


# -- play50: long-term conditions, typed one-handed ------------------------------------------
@pytest.mark.parametrize("text", ["breathless n dizzy", "sweaty n faint"])
def test_n_between_words_is_and_not_no(dialog: Dialog, text: str) -> None:
    meaning = heard(dialog, "heart", text)
    assert meaning.value != "no", meaning


def test_n_alone_is_still_no(dialog: Dialog) -> None:
    assert (heard(dialog, "fever", "n").kind, heard(dialog, "fever", "n").value) == (ANSWER, "no")


def test_a_fever_typed_one_handed_at_the_first_question_is_asked_next(dialog: Dialog) -> None:
    talk = Conversation(dialog)
    talk.start()
    reply = talk.hear("no breath ok. no chest. hot n shivry since sunday, all my back hurts")
    assert talk.question is not None and talk.question.finding.key == "fever", reply.text


# -- play51: confused patients and their carers ----------------------------------------------
@pytest.mark.parametrize("text", ["no hang on, she says yes to everything. no chest pain",
                                  "no no, she says aye to everything",
                                  "no, mum agrees with everything, her chest is fine"])
def test_a_carer_saying_the_person_says_yes_to_everything_is_no_yes(dialog: Dialog,
                                                                    text: str) -> None:
    talk = Conversation(dialog)
    talk.start()
    talk.hear("typing for my mum, 86, her back is sore when she gets up")
    talk.hear("aye")  # hers, to one of the heart signs asked one by one
    assert talk.pending is not None  # "I heard yes: ... Is that right?"
    talk.hear(text)
    assert talk.outcome is None or talk.outcome.level != "emergency"
    assert "yes" not in {talk.model.findings.get(k) for k in dialog.questions["heart"].members}


@pytest.mark.parametrize("text", ["the tablets help but it's still sore now",
                                  "paracetamol takes the edge off, still aching now"])
def test_still_sore_now_is_no_emergency_begun(dialog: Dialog, text: str) -> None:
    talk = at(dialog, "pain_course")
    reply = talk.hear(text)
    assert "ambulance" not in reply.text.lower()


@pytest.mark.parametrize("text", ["his chest is still tight now and he's sweating",
                                  "she's still grey and clammy now"])
def test_an_emergency_still_going_on_now_is_still_one(dialog: Dialog, text: str) -> None:
    meaning = heard(dialog, "pain_course", text)
    assert meaning.kind == EMERGENCY
