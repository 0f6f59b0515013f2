"""Safety invariants of the answer matcher, checked on generated utterances (hypothesis).

- On every alarm question, an utterance with a doubt marker or any "don't know" form is
  never recorded as no (but for a no followed by a belief about another thing).
- On every alarm question, a negation of something else ("I don't smoke", "my car isn't
  working") is never recorded as no.
- An emergency phrase inside random surrounding words is an emergency, on any question.
- Case, punctuation marks and hesitations ("um", "er") do not change the meaning.
- Any bytes, decoded the way the chat decodes them, give an answer, a re-ask or a
  command: never an exception.
"""

from __future__ import annotations

import io
import sys

import corpus_figures as corpus
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.cli import TextChannel
from assistant.dialog.conversation import Conversation
from assistant.dialog.emergency import DENIED_AFTER
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import (
    ANSWER,
    COMMAND,
    DONT_KNOW,
    EMERGENCY,
    NOT_UNDERSTOOD,
    OUT_OF_RANGE,
    SILENCE,
    Matcher,
)
from assistant.dialog.model import Dialog, Question

DIALOG = load_dialog(corpus.CORPUS.parents[1] / "dialogs")
MATCHER = Matcher(DIALOG.language)
ALARMS = [q for q in DIALOG.questions.values() if q.finding.alarm and
          q.finding.type == "yes_no"]
QUESTIONS = list(DIALOG.questions.values())
KINDS = {ANSWER, COMMAND, DONT_KNOW, EMERGENCY, NOT_UNDERSTOOD, OUT_OF_RANGE, SILENCE}

# Words people put around an answer: yes and no, negations, fillers, unrelated talk.
AROUND = ["no", "yes", "not", "never", "i", "it", "have", "had", "the", "my", "back", "well",
          "really", "so", "and", "um", "er", "oh", "please", "today", "doctor", "pain",
          "nurse", "tea", "it's", "that", "was", "legs", "a", "bit", "dog", "yesterday"]
PUNCT = ["", ",", ".", "...", "!", "?", ";", " -"]
# Doubt in the lexicon, and "don't know" in the ways it is written and said.
DOUBT = [*DIALOG.language.dont_know, "do not know", "dont know", "dunno", "don't really know",
         "I really don't know", "I DO NOT KNOW", "don't knoww", "can't remember", "not certain",
         "haven't checked", "I'm not sure", "wouldn't know"]
CALLS = [*DIALOG.language.emergency_calls, "call 911", "call 999", "phone 112", "ring 999",
         "dial nine one one", "call nine nine nine", "I think I'm having a stroke",
         "I'm dying", "call the doctor"]
SYMPTOMS = [*DIALOG.language.emergency_symptoms, "my chest is tight", "crushing chest pain",
            "tightness in my chest", "chest pains", "my chest hurts", "my chest is sore",
            "it hurts in my chest", "my chest is aching"]
HESITATIONS = list(DIALOG.language.hesitations)
YESES = ["yes", "yeah", "I do", "I have", "it does", "I think so, yes"]
NOES = ["no", "nope", "I don't", "I haven't", "not really", "no, never"]
# Words around an answer that are no answer themselves.
NEUTRAL = [w for w in AROUND if w not in DIALOG.language.negations and w != "yes"]


def words(min_size: int = 0) -> st.SearchStrategy[list[str]]:
    word = st.tuples(st.sampled_from(AROUND), st.sampled_from(PUNCT)).map("".join)
    return st.lists(word, min_size=min_size, max_size=8)


def said(before: list[str], phrase: str, after: list[str]) -> str:
    return " ".join([*before, phrase, *after])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(ALARMS), before=words(), doubt=st.sampled_from(DOUBT),
       after=words())
def test_doubt_on_an_alarm_sign_is_never_no(question: Question, before: list[str],
                                            doubt: str, after: list[str]) -> None:
    assume(not _belief_of_another_after_no(before, doubt, after))
    got = MATCHER.interpret(question, said(before, doubt, after))
    assert not (got.kind == ANSWER and got.value == "no"), got


# "No, no. Just aching, bit of a flu I reckon": a no, and then what the person believes of
# something else. The belief hedges the other thing, not the no, which stands
# (tests/test_seventeenth_round.py). Generated replies of that shape (a no word, a belief,
# two or more other words) are that rule's, not this property's: "no, I think back well".
BELIEVING = ("think", "reckon", "guess", "suppose")
BARE_NOES = {"no", "nope", "never", "not"}


def _belief_of_another_after_no(before: list[str], doubt: str, after: list[str]) -> bool:
    plain = [w.strip(",.!?;- ") for w in [*before, *after]]
    noes = [i for i, w in enumerate(plain[:len(before)]) if w in BARE_NOES]
    if not noes or not set(BELIEVING) & set(doubt.lower().split()):
        return False
    told = set(plain[noes[0] + 1:])
    return len(told - BARE_NOES - {"", *HESITATIONS}) >= 2


# Everyday things no screening question asks about, denied the ways people deny things.
DENIALS = ["I don't {verb}", "I do not {verb}", "I can't {verb}", "I never {verb}",
           "I haven't {done}", "I have not {done}", "I didn't {verb}", "I'm not {state}",
           "I am not {state}", "my {thing} isn't {state}", "my {thing} doesn't {verb}",
           "the {thing} is not {state}", "it's not the {thing}", "no {thing}", "never {done}",
           "I won't {verb}", "we haven't got a {thing}"]
VERBS = ["smoke", "drive", "cook", "watch television", "go out much", "like hospitals",
         "read the paper", "live alone", "play cards", "garden"]
DONE = ["had my lunch", "seen my daughter", "been shopping", "driven for years",
        "read the paper", "watched the news", "called my son", "fed the cat"]
STATES = ["hungry", "married", "working", "retired yet", "bored", "alone today", "ready"]
THINGS = ["car", "television", "telly", "dog", "cat", "garden", "kettle", "radio", "phone",
          "lunch", "daughter", "newspaper"]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(ALARMS), denial=st.sampled_from(DENIALS),
       verb=st.sampled_from(VERBS), done=st.sampled_from(DONE), state=st.sampled_from(STATES),
       thing=st.sampled_from(THINGS),
       before=st.sampled_from(["", "well", "oh", "um", "er", "no,", "nope..."]),
       end=st.sampled_from(["", ".", "!", "...", ", no", "... never have", ", not me"]))
def test_a_negation_of_something_else_is_never_no(question: Question, denial: str,
                                                  verb: str, done: str, state: str,
                                                  thing: str, before: str, end: str) -> None:
    # GUIDE, "What the matcher misreads": a negation of something else is never a "no"
    # to an alarm sign. It says nothing about the question: asked again.
    text = f"{before} {denial.format(verb=verb, done=done, state=state, thing=thing)}{end}"
    got = MATCHER.interpret(question, text)
    assert not (got.kind == ANSWER and got.value == "no"), (question.id, text, got)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(QUESTIONS), before=words(), call=st.sampled_from(CALLS),
       after=words())
def test_a_call_for_help_in_any_words_is_an_emergency(question: Question, before: list[str],
                                                      call: str, after: list[str]) -> None:
    # "No ambulance", "no emergency services" said straight on decline one (a call negated
    # is quiet: assistant/dialog/emergency.py; tests/test_understanding.py); with a pause,
    # "no, ambulance", it is a call.
    assume(not before or before[-1] != "no")
    assert MATCHER.interpret(question, said(before, call, after)).kind == EMERGENCY


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(QUESTIONS), call=st.sampled_from(
    [c for c in CALLS if " " in c]), data=st.data())
def test_a_call_for_help_broken_by_pauses_is_an_emergency(question: Question, call: str,
                                                          data: st.DataObject) -> None:
    # People after a stroke find words slowly: "help... me", "call... an ambulance".
    pauses = data.draw(st.lists(st.sampled_from(PUNCT), min_size=len(call.split()) - 1,
                                max_size=len(call.split()) - 1))
    parts = call.split()
    text = parts[0] + "".join(f"{p} {w}" for p, w in zip(pauses, parts[1:], strict=True))
    assert MATCHER.interpret(question, text).kind == EMERGENCY, text


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(ALARMS), before=st.lists(st.sampled_from(NEUTRAL), max_size=5),
       first=st.sampled_from(YESES),
       fix=st.sampled_from([*DIALOG.language.corrections, *DIALOG.language.clause_breaks]),
       second=st.sampled_from(NOES), after=st.lists(st.sampled_from(NEUTRAL), max_size=5),
       punct=st.sampled_from(PUNCT))
def test_a_yes_corrected_to_no_is_never_taken_unchecked(question: Question, before: list[str],
                                                        first: str, fix: str, second: str,
                                                        after: list[str], punct: str) -> None:
    # "Yes... sorry, no": people correct themselves, and people with aphasia also say the
    # word they did not mean; a no reached that way is asked back before it counts.
    text = said(before, f"{first}{punct} {fix}{punct} {second}", after)
    got = MATCHER.interpret(question, text)
    assert not (got.kind == ANSWER and got.value == "no" and not got.confirm), (text, got)


# A named symptom counts unless negated, so no negation right before it; nor a bare "no"
# right after it, which answers a question about that very thing ("chest pain, no" to
# "Is there pain in your chest?"; tests/test_understanding.py).
CALM = [w for w in AROUND if w not in DIALOG.language.negations]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(QUESTIONS),
       before=st.lists(st.sampled_from(CALM), max_size=6), punct=st.sampled_from(PUNCT[1:]),
       symptom=st.sampled_from(SYMPTOMS), after=words())
def test_a_symptom_in_any_words_is_an_emergency(question: Question, before: list[str],
                                                punct: str, symptom: str, after: list[str]
                                                ) -> None:
    # A hesitation between does not change what comes next ("heart attack um no" is the
    # question's own thing named, then a no).
    spoken = [w for w in (a.rstrip(",.!?; -") for a in after)
              if w not in DIALOG.language.hesitations]
    assume(not spoken or spoken[0] not in DENIED_AFTER)
    text = said(before, symptom, after) if not before else \
        f"{' '.join(before)}{punct} {symptom} {' '.join(after)}"
    assert MATCHER.interpret(question, text).kind == EMERGENCY


ITEMS = corpus.load_items()


CONCEPTS = DIALOG.language.emergency_concepts
# The concepts each question asks about (it may name kinds of stroke sign too: those are
# told in parts, tests/test_stroke_signs.py).
ASKED = [(q, sorted(set(DIALOG.language.emergency_asked_about[q.finding.key]) & set(CONCEPTS)))
         for q in QUESTIONS if set(DIALOG.language.emergency_asked_about.get(q.finding.key, ()))
         & set(CONCEPTS)]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(asked=st.sampled_from(ASKED), data=st.data(), start=st.sampled_from(["", "yes, ", "aye "]))
def test_telling_only_what_the_question_asks_never_asks_for_an_ambulance(
        asked: tuple[Question, list[str]], data: st.DataObject, start: str) -> None:
    # "I fell and banged my head" to "Have you hurt your head or neck?" is an answer. (A
    # whole emergency told in its words still calls: that is not "most of one".)
    question, concepts = asked
    told = [data.draw(st.sampled_from(CONCEPTS[c])) for c in
            data.draw(st.lists(st.sampled_from(concepts), min_size=1, max_size=3))]
    got = MATCHER.interpret(question, start + " and ".join(told))
    assert not got.nearly, (question.finding.key, got.heard)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(item=st.sampled_from(ITEMS), data=st.data())
def test_case_punctuation_and_hesitations_do_not_change_the_meaning(item: corpus.Item,
                                                                     data: st.DataObject
                                                                     ) -> None:
    question = corpus.question_for(DIALOG, item.question)
    before = MATCHER.interpret(question, item.reply)
    tokens = item.reply.split()
    out = []
    for i, token in enumerate(tokens):
        # Not inside "uh huh" or "mm hmm": those are answers, not hesitations.
        inside = i > 0 and tokens[i - 1].lower().strip(",.!?;-") in HESITATIONS
        if not inside and data.draw(st.booleans(), "hesitate"):
            out.append(data.draw(st.sampled_from(HESITATIONS), "hesitation"))
        # Swap one punctuation mark for another where there is one; change the case.
        core = token.rstrip(",.!?;")
        mark = token[len(core):]
        if mark:
            mark = data.draw(st.sampled_from([",", ".", "...", "!", ";"]), "mark")
        case = data.draw(st.sampled_from([str.lower, str.upper, str.title, str]), "case")
        out.append(case(core) + mark)
    end = data.draw(st.sampled_from(["", ".", "!", "?", "..."]), "end")
    changed = " ".join(out) + end
    after = MATCHER.interpret(question, changed)
    assert (after.kind, after.value) == (before.kind, before.value), changed


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from([None, *QUESTIONS]), data=st.binary(max_size=300))
def test_any_bytes_give_a_meaning_never_an_error(question: Question | None, data: bytes) -> None:
    got = MATCHER.interpret(question, data.decode("utf-8", errors="replace"))
    assert got.kind in KINDS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.binary(max_size=80).filter(lambda b: b"\n" not in b), max_size=12))
def test_any_bytes_on_the_chat_input_keep_the_conversation_going(lines: list[bytes]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"\n".join(lines) + b"\n"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        channel = TextChannel()  # the chat's own input path
        conversation = Conversation(DIALOG)
        conversation.start()
        for _ in lines:
            heard = channel.listen([])
            assert heard is not None
            reply = conversation.hear(heard.text)
            assert reply.says or reply.done


def test_dialog_fixture_is_the_same(dialog: Dialog) -> None:
    # The module-level dialogue (hypothesis needs it before fixtures) is the real one.
    assert set(dialog.questions) == set(DIALOG.questions)
