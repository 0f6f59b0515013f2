"""What people really say (issue 10): the cases named in the issue, the conversation around
them (confirmations, emergencies after the outcome), the voice grammar that follows the
lexicon, and the loader's checks of the new language keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_loader_errors import find, line_number, problems_of

from assistant.asr.sphinx_engine import SphinxRecognizer
from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import (
    ANSWER,
    COMMAND,
    DONT_KNOW,
    EMERGENCY,
    NOT_UNDERSTOOD,
    OUT_OF_RANGE,
    Matcher,
    confirmation_question,
)
from assistant.dialog.model import Dialog, Question

Edit = Callable[[Path, str, str], str]


def ask(dialog: Dialog, key: str) -> Question:
    """The question that sets finding ``key`` (ids and order may change; keys stay)."""
    return next(q for q in dialog.questions.values() if q.finding.key == key)


def means(dialog: Dialog, key: str, text: str) -> tuple[str, Any]:
    got = Matcher(dialog.language).interpret(ask(dialog, key), text)
    return got.kind, got.value


# -- the issue's examples ---------------------------------------------------------------------
@pytest.mark.parametrize("text", ["I do not know", "I'm not certain", "not no",
                                  "I wouldn't say no", "I dont know", "dunno"])
def test_doubt_on_chest_pain_is_not_no(dialog: Dialog, text: str) -> None:
    assert means(dialog, "chest_pain", text) == (DONT_KNOW, None)


@pytest.mark.parametrize(("key", "text", "value"), [
    ("chest_pain", "no, well, a bit of pressure", "yes"),
    ("chest_pain", "I have no doubt", "yes"),
    ("tearing_pain", "it doesn't stop", "yes"),
    ("pain_not_relieved", "it didn't help", "yes"),
    ("groin_numbness", "no feeling down there", "yes"),
    ("fever", "uh huh", "yes"), ("fever", "mm-hmm", "yes"), ("fever", "definitely", "yes"),
    ("fever", "absolutely", "yes"), ("fainting", "it did", "yes"), ("fever", "aye", "yes"),
    ("fever", "no, not a bit", "no"),
])
def test_what_the_issue_names(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert means(dialog, key, text) == (ANSWER, value)


# Asked alone since a group with one sign left asks that sign's own question: "Does this
# pain keep coming back?" is answered with the pain's history, seldom with yes or no.
# ("I've had it before" is not taken: "I can't remember if I had it before" would be a yes.)
@pytest.mark.parametrize(("text", "value"), [
    ("it comes and goes", "yes"), ("had it a few times", "yes"),
    ("from time to time", "yes"), ("it's back again", "yes"), ("yes, many times", "yes"),
    ("it's new", "no"), ("I haven't had it before", "no"), ("never had this before", "no"),
    ("no, first time", "no"), ("brand new, this one", "no"),
    ("it doesn't come and go", "no"), ("it flares up now and then", "yes"),
    ("the pain returns each spring", "yes"), ("it always comes back", "yes")])
def test_a_pain_that_keeps_coming_back_told_as_its_history(dialog: Dialog, text: str,
                                                           value: str) -> None:
    assert means(dialog, "recurring", text) == (ANSWER, value)


@pytest.mark.parametrize("text", ["it's back pain", "it's back here, low down",
                                  "I can't remember if I had it before"])
def test_back_pain_or_a_doubt_is_not_a_pain_come_back(dialog: Dialog, text: str) -> None:
    assert means(dialog, "recurring", text) != (ANSWER, "yes")


# The question's own words said to be well are a no: "mornings" is a yes to "Is the pain
# worst after you sleep?" only when they are not said to be fine.
@pytest.mark.parametrize(("text", "value"), [
    ("the mornings are fine", "no"), ("no, my mornings are all right", "no"),
    ("first thing is okay, later it's bad", "no"), ("mornings are awful", "yes"),
    ("mornings aren't fine at all", "yes"), ("yes, in the morning", "yes")])
def test_the_questions_own_words_said_to_be_well(dialog: Dialog, text: str,
                                                value: str) -> None:
    assert means(dialog, "worse_after_sleep", text) == (ANSWER, value)


# A negation before a list reaches each thing in it.
@pytest.mark.parametrize(("text", "value"), [
    ("he doesn't lift or exercise", "no"), ("I didn't carry anything or exercise", "no"),
    ("lifting or exercise, one of the two", "yes")])
def test_a_negation_reaches_every_thing_of_a_list(dialog: Dialog, text: str,
                                                 value: str) -> None:
    assert means(dialog, "heavy_lifting_or_exercise", text) == (ANSWER, value)


@pytest.mark.parametrize(("text", "value"), [
    ("I lie awake worrying", "yes"), ("nothing to worry about", "no"), ("no worries", "no")])
def test_worry_told_in_other_words(dialog: Dialog, text: str, value: str) -> None:
    assert means(dialog, "stress", text) == (ANSWER, value)


# "Might do, might not" is doubt, never the no its "not" would make it: to an alarm sign
# a no that is not meant would lower the outcome.
@pytest.mark.parametrize("key", ["headache_with_cough", "fever", "leg_cramps", "chest_pain"])
@pytest.mark.parametrize("text", ["might do, might not", "it may not", "could do",
                                  "it might not, I've never noticed"])
def test_a_may_or_might_is_doubt_never_a_no(dialog: Dialog, key: str, text: str) -> None:
    assert means(dialog, key, text) == (DONT_KNOW, None)


# "Can't say it does" is a polite no, as "can't say I have" was.
@pytest.mark.parametrize(("key", "text"), [
    ("painful_urination", "can't say it does"), ("leg_cramps", "can't say I do, no"),
    ("headache_worsening", "can't say it is"), ("fever", "can't say she has")])
def test_cant_say_it_does_is_a_no(dialog: Dialog, key: str, text: str) -> None:
    assert means(dialog, key, text) == (ANSWER, "no")


# A headache "not like my usual" is a new one, though "my usual" alone is a no.
@pytest.mark.parametrize(("text", "value"), [
    ("it's not like my usual ones", "yes"), ("not my normal headache at all", "yes"),
    ("just my usual one", "no"), ("same as ever, I've always had them", "no")])
def test_a_headache_unlike_the_usual_is_new(dialog: Dialog, text: str, value: str) -> None:
    assert means(dialog, "headache_new_pattern", text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text", "value"), [
    ("headache_worsening", "it's building, a bit more every day", "yes"),
    ("headache_worsening", "no, it's easing", "no"),
    ("headache_worsening", "about the same", "no"),
    ("leg_cramps", "in my calves, at night", "yes"),
    ("pain_spreading", "it's gone up into my shoulders", "yes"),
    ("pain_spreading", "no, it's just in my lower back", "no"),
    ("erectile_dysfunction", "that's not new, it's been years", "no")])
def test_the_late_signs_told_in_other_words(dialog: Dialog, key: str, text: str,
                                           value: str) -> None:
    assert means(dialog, key, text) == (ANSWER, value)


# People who find words slowly name the thing, then answer: "heart attack... no". A bare
# "no" after a symptom answers a question about that thing; said to another question it
# may be telling the symptom, and the emergency stands (checked with the person).
@pytest.mark.parametrize(("key", "text", "kind", "value"), [
    ("chest_pain", "chest pain, no", ANSWER, "no"),
    ("chest_pain", "pain in my chest... no", ANSWER, "no"),
    ("chest_pain", "chest pain... no... legs... sore", ANSWER, "no"),
    ("fever", "chest pain, no", EMERGENCY, None),
    ("pain_to_arm_or_jaw", "chest pain, no", EMERGENCY, None),
    ("chest_pain", "chest pain, no, I mean yes", ANSWER, "yes")])
def test_a_no_after_the_questions_own_symptom_answers_it(dialog: Dialog, key: str, text: str,
                                                        kind: str, value: Any) -> None:
    got = means(dialog, key, text)
    assert got[0] == kind and (kind == EMERGENCY or got[1] == value), got


# The question's own thing named, then a bare no: a no, checked with the person on an alarm
# sign. A no before it, "never" said again after it, or a yes after the no are not that.
@pytest.mark.parametrize(("key", "text", "value", "confirm"), [
    ("fainting", "faint... no", "no", True), ("shortness_of_breath", "breathless, no", "no", True),
    ("shortness_of_breath", "no... short of breath", "yes", False),
    ("shortness_of_breath", "short of breath... no... yes", "yes", False),
    ("headache_new_pattern", "never had one like this, never", "yes", False),
    # Said without the pause a recognizer would write as a comma (play16 p03: "Blood no."
    # was a yes); not a word that is no answer alone ("can't do nothing").
    ("blood_in_urine", "Blood no.", "no", True), ("chest_pain", "chest pain no", "no", False),
    ("daily_activities_affected", "can't... can't do nothing", "yes", False)])
def test_the_thing_named_then_no(dialog: Dialog, key: str, text: str, value: str,
                                 confirm: bool) -> None:
    got = Matcher(dialog.language).interpret(ask(dialog, key), text)
    assert (got.kind, got.value, got.confirm) == (ANSWER, value, confirm), got


@pytest.mark.parametrize(("text", "kind"), [("no ambulance", NOT_UNDERSTOOD),
                                             ("no emergency services", NOT_UNDERSTOOD),
                                             ("no, ambulance", EMERGENCY),
                                             ("no... call an ambulance", EMERGENCY)])
def test_a_call_declined_straight_on_is_no_call(dialog: Dialog, text: str, kind: str) -> None:
    assert means(dialog, "fever", text)[0] == kind


def test_a_stroke_told_and_a_heart_attack_denied_calls_no_ambulance(dialog: Dialog) -> None:
    conversation = Conversation(dialog, known={"shortness_of_breath": "no", "fainting": "no",
                                               "chest_pain": "no"})
    conversation.start()
    while conversation.state != "history":
        conversation.hear("no")
    conversation.hear("Stroke... yes. Two years. Heart attack... no.")
    assert conversation.state != "emergency" and conversation.pending is None
    assert conversation.findings.get("recent_heart_attack") != "yes"


def test_havent_checked_is_doubt(dialog: Dialog) -> None:
    assert means(dialog, "fever", "I haven't checked") == (DONT_KNOW, None)


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("I didn't catch that", COMMAND, "repeat"), ("no more questions", COMMAND, "stop"),
    ("I don't understand the question", COMMAND, "help"), ("never mind", NOT_UNDERSTOOD, None),
])
def test_talk_about_the_conversation_is_never_an_answer(dialog: Dialog, text: str, kind: str,
                                                        value: Any) -> None:
    assert means(dialog, "chest_pain", text) == (kind, value)


@pytest.mark.parametrize("text", ["yes, no wait, no", "no... yes", "yes no"])
def test_conflicting_answers_are_asked_again(dialog: Dialog, text: str) -> None:
    got = Matcher(dialog.language).interpret(ask(dialog, "fever"), text)
    assert (got.kind, got.why) == (NOT_UNDERSTOOD, "conflict")


@pytest.mark.parametrize("text", ["call 911", "call 999", "phone 112", "I'm having chest pains",
                                  "my chest is tight", "can't breathe", "somebody help",
                                  "get help", "ring nine nine nine", "crushing in my chest"])
@pytest.mark.parametrize("key", ["days", "severity", "fever", "side"])
def test_emergencies_in_any_words(dialog: Dialog, key: str, text: str) -> None:
    assert means(dialog, key, text)[0] == EMERGENCY


@pytest.mark.parametrize("text", ["no chest pain", "never had a heart attack",
                                  "my chest is not tight", "no pain in my chest"])
def test_negated_symptoms_are_no_emergency(dialog: Dialog, text: str) -> None:
    assert means(dialog, "chest_pain", text)[0] != EMERGENCY


def test_the_configured_emergency_number_is_a_call(dialog: Dialog) -> None:
    matcher = Matcher(dialog.language, ("000",))
    assert matcher.interpret(ask(dialog, "days"), "call 000").kind == EMERGENCY
    assert matcher.interpret(ask(dialog, "days"), "zero zero zero").kind == EMERGENCY


def test_an_emergency_number_without_a_call_is_a_number(dialog: Dialog) -> None:
    # Said as a number of days it is a number, not a call ("911 days" is out of range).
    assert means(dialog, "days", "999 days") == (ANSWER, 999)


@pytest.mark.parametrize(("key", "text", "value"), [
    ("days", "twelve hours", 0.5), ("days", "half a day", 0.5),
    ("days", "two and a half weeks", 17.5), ("days", "a fortnight", 14),
    ("days", "1,000", 1000), ("severity", "3.5", 3.5),
    ("severity", "three when I sit, eight when I move", 8),
])
def test_numbers_people_say(dialog: Dialog, key: str, text: str, value: float) -> None:
    assert means(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("text", "value"), [("-5", -5), ("twelve", 12)])
def test_an_impossible_number_is_asked_again(dialog: Dialog, text: str, value: float) -> None:
    assert means(dialog, "severity", text) == (OUT_OF_RANGE, value)


def test_several_numbers_take_the_largest_and_ask_to_confirm(dialog: Dialog) -> None:
    got = Matcher(dialog.language).interpret(ask(dialog, "severity"), "five or six")
    assert (got.kind, got.value, got.confirm) == (ANSWER, 6, True)
    single = Matcher(dialog.language).interpret(ask(dialog, "severity"), "six")
    assert not single.confirm


# -- in the conversation ----------------------------------------------------------------------
def walk_to(conversation: Conversation, key: str) -> None:
    """Answer no (or a middle value) until the question for ``key`` is asked."""
    conversation.start()
    for _ in range(60):
        question = conversation.question
        assert question is not None, "the conversation ended before the question"
        if question.finding.key == key:
            return
        if key in question.members:
            conversation.hear("I'm not sure")  # a group: its signs are then asked one by one
            continue
        kind = question.finding.type
        conversation.hear("no" if kind == "yes_no" else "three" if kind == "number"
                          else question.finding.choices[0])
    raise AssertionError(f"never asked {key}")


@pytest.mark.parametrize("text", ["help me", "call an ambulance", "call 999"])
def test_a_call_for_help_after_the_outcome_gets_the_emergency_advice(dialog: Dialog,
                                                                     text: str) -> None:
    conversation = Conversation(dialog, emergency_number="911")
    conversation.start()
    reply = None
    for _ in range(80):
        if conversation.done:
            break
        reply = conversation.hear("no" if conversation.question and
                                  conversation.question.finding.type == "yes_no" else "3")
    assert conversation.done and reply is not None
    after = conversation.hear(text)
    assert "911" in after.text and "Goodbye" not in after.text
    assert conversation.hear("thank you").text == dialog.language.say["goodbye"]


@pytest.mark.parametrize("text", ["So do I need to see a doctor or not?",
                                  "what do I do now"])
def test_a_question_asked_back_after_a_stop_hears_the_end_again(dialog: Dialog,
                                                               text: str) -> None:
    # A tired man played through the chat stopped, asked this, and heard only goodbye.
    conversation = Conversation(dialog)
    conversation.start()
    conversation.hear("no")
    conversation.hear("I'm knackered, can we stop now?")
    conversation.hear("Aye, just tell us what to do.")
    assert conversation.done
    after = conversation.hear(text)
    assert after.says[1:] == conversation.final_words
    assert dialog.language.say["stopped_early"] in after.says
    assert conversation.hear("thank you").text == dialog.language.say["goodbye"]


def test_a_range_is_confirmed_before_it_counts(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    walk_to(conversation, "severity")
    reply = conversation.hear("three when I sit, eight when I move")
    assert "8" in reply.text and conversation.pending is not None
    reply = conversation.hear("yes")
    assert reply.recorded == {"severity": 8}


def test_a_confirmation_can_be_refused_in_other_words(dialog: Dialog) -> None:
    question = confirmation_question(dialog.language)
    matcher = Matcher(dialog.language)
    assert matcher.interpret(question, "no, that's wrong").value == "no"
    assert matcher.interpret(question, "that's it").value == "yes"


def test_doubt_on_an_alarm_sign_in_the_conversation_is_never_recorded_no(dialog: Dialog
                                                                         ) -> None:
    conversation = Conversation(dialog)
    walk_to(conversation, "fever")
    conversation.hear("no... I'm not sure")
    reply = conversation.hear("I haven't checked")
    assert reply.recorded == {"fever": "unknown"}


# -- the voice grammar follows the lexicon ------------------------------------------------------
def test_the_grammar_holds_the_new_words(dialog: Dialog) -> None:
    matcher = Matcher(dialog.language)
    grammar = matcher.grammar(ask(dialog, "pain_not_relieved"))
    for phrase in ("didn't help", "a bit", "uh huh", "do not know", "can't breathe",
                   "call nine one one", "no more questions"):
        assert phrase in grammar, phrase
    assert "half a day" in matcher.grammar(ask(dialog, "days"))


def test_phrases_left_out_of_the_grammar_are_still_understood(dialog: Dialog) -> None:
    matcher = Matcher(dialog.language)
    assert "isn't" not in matcher.grammar(ask(dialog, "fever"))
    assert means(dialog, "fever", "it just isn't") == (ANSWER, "no")
    assert "aye" not in matcher.grammar(ask(dialog, "fever"))
    assert means(dialog, "fever", "aye") == (ANSWER, "yes")


def test_a_phrase_marked_unheard_is_understood_but_not_listened_for(dialog_copy: Path,
                                                                    edit: Edit) -> None:
    # "~phrase" in any file: understood typed, left out of every question's grammar.
    edit(dialog_copy / "questions.yaml", "    reask: Do you feel hot, or shivery, or have a "
         "temperature?\n", "    reask: Do you feel hot, or shivery, or have a temperature?\n"
         '    answers: {yes: ["~roasting"]}\n')
    marked = load_dialog(dialog_copy)
    fever = ask(marked, "fever")
    assert "roasting" in fever.phrases["yes"]
    assert "roasting" not in Matcher(marked.language).grammar(fever)
    assert means(marked, "fever", "I'm roasting") == (ANSWER, "yes")


def test_a_mark_alone_is_no_phrase(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    text = edit(path, '"~beats me"', '"~"')
    problem = find(problems_of(dialog_copy), path, "is not a phrase")
    assert problem.line == line_number(text, '"~"')


def test_every_grammar_word_is_in_the_pocketsphinx_dictionary(dialog: Dialog) -> None:
    sphinx = SphinxRecognizer()
    matcher = Matcher(dialog.language)
    for question in [*dialog.questions.values(), confirmation_question(dialog.language)]:
        assert sphinx.vocabulary_filter(matcher.grammar(question))[1] == [], question.id


# -- the loader checks the new keys -----------------------------------------------------------
def test_finding_answers_for_an_unknown_finding(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    text = edit(path, "    tearing_pain:\n", "    tearing_pains:\n")
    problem = find(problems_of(dialog_copy), path, "'tearing_pains'", "finding")
    assert problem.line == line_number(text, "tearing_pains:")


def test_finding_answers_with_a_wrong_answer(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    old = '      upper: ["between my shoulders"'
    text = edit(path, old, old.replace("upper", "uper"))
    problem = find(problems_of(dialog_copy), path, "'uper'", "not an answer")
    assert problem.line == line_number(text, "uper:")


def test_finding_answers_may_not_take_a_command(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    edit(path, "no: [relaxed, calm,", "no: [relaxed, calm, \"go back\",")
    find(problems_of(dialog_copy), path, "'go back'", "command back")


def test_an_emergency_number_must_be_digits(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    text = edit(path, 'emergency_numbers: ["112",', 'emergency_numbers: ["one twelve",')
    problem = find(problems_of(dialog_copy), path, "'one twelve'", "digits")
    assert problem.line == line_number(text, "emergency_numbers:")


def test_a_spelling_must_be_one_word(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    edit(path, "spellings: {dont:", "spellings: {\"do nt\":")
    find(problems_of(dialog_copy), path, "'spellings'", "one word")


def test_a_duration_unit_takes_a_fraction(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    edit(path, "hour: 1/24,", "hour: one/24,")
    find(problems_of(dialog_copy), path, "'hour'", "fraction")


# The ninth round of blind play (tests/played/play16, play17).
@pytest.mark.parametrize(("key", "text", "value"), [
    ("heavy_lifting_or_exercise", "no heavy lifting", "no"),
    ("heavy_lifting_or_exercise", "I did some heavy lifting", "yes"),
    ("fainting", "No, I haven't passed out or nearly passed out", "no"),
    ("fainting", "I nearly passed out yesterday", "yes"),
    ("tearing_pain", "It's bad when I move, eases off a bit if I lie still.", "no"),
    ("tearing_pain", "Yes. Sharp. Hasn't stopped.", "yes"),
    ("fever", "I've had the shivers since Tuesday", "yes"),
    ("pain_not_relieved", "Ibuprofen's done nothing to be honest", "yes"),
    ("pain_not_relieved", "the tablets don't touch it", "yes"),
    ("pain_spreading", "Pain goes down my left leg", "yes"),
    ("pain_spreading", "it doesn't go down my leg", "no"),
    ("pain_spreading", "no it doesn't shoot down my legs", "no"),
    ("pain_worsening", "No, it is about the same, perhaps a little better.", "no"),
    # The tenth round (tests/played/play18, play19).
    ("pain_not_relieved", "the Panadol did grand", "no"),
    # The eleventh (tests/played/play20, play21).
    ("everything_hurts", "all body hurt", "yes"),
    ("sudden_severe_pain", "no came on slow", "no"),
    ("shortness_of_breath", "hard to breth", "yes"),
])
def test_replies_of_the_ninth_round(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert means(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("kidney_area", "No, a bit lower, at the belt."),  # an amount of a place
    ("tearing_pain", "Not cutting, no. It just aches all the time."),  # the ambulance
    ("tearing_pain", "not cutting. dull. but not stop"),
    # Not needed, then the pain wearing off: no medicine that failed (play20 p06 was sent
    # to a doctor today).
    ("pain_not_relieved", "No. I haven't really needed anything, it wears off once I'm up "
                          "and moving."),
])
def test_replies_of_the_tenth_round_that_are_no_yes(dialog: Dialog, key: str, text: str
                                                    ) -> None:
    assert means(dialog, key, text) != (ANSWER, "yes")

