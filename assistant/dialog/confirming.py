"""What waits for "yes, that's right" before it counts, and the turns that ask for it.

An answer that would call an ambulance, an answer heard with little confidence (or not
surely enough for what it would change: consequence.py; one that would raise the outcome
is held to the same :data:`.consequence.CONFIDENT_AT` as one that would lower it, but
taken when no answer to "Is that right?" is made out; so is an unsure "I don't know" to
an alarm sign), a number picked from several,
an alarm symptom named outright and a request to stop are each confirmed first: "Is that
right?" A place or number said instead ("no, upper") is taken as the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .each_denied import BARE_NOES
from .expr import UNKNOWN
from .hints import answer_hint
from .matcher import (
    ANSWER,
    COMMAND,
    EMERGENCY,
    NOT_UNDERSTOOD,
    SILENCE,
    WAIT,
    Interpretation,
)
from .model import Question
from .moves import MAX_REASKS, Moves, Reply
from .text import words
from .threshold import span_of

STOP = "stop"
PACE = "pace"
ASKED_TO_STOP = "the person asked to stop"
ECHO_MOST = 8
"""Most words of an emergency told that "I heard ... Is that right?" says back."""
ECHOED = frozenset({"pardon", "sorry", "what", "eh", "huh", "come", "again"})
"""Words of not having heard, said before the question said back ("pardon? an
ambulance?")."""


@dataclass
class Pending:
    """Something said that waits for "yes, that's right" before it counts."""

    what: str
    """``answer`` (an answer heard), ``emergency`` (an alarm symptom named), ``stop``
    (the user asked to stop) or ``pace`` (slower, faster, louder or quieter, heard
    unsure: it is kept for later runs)."""
    meaning: Interpretation
    ends_in_emergency: bool = False
    raises: bool = False
    """The answer would raise the outcome, or is a group's yes (it was confirmed for that,
    being unsure); taken if "Is that right?" gets no answer."""
    tries: int = 0


class Confirming(Moves):
    """The turns of "Is that right?"."""

    def _ask_confirmation(self, pending: Pending) -> Reply:
        if pending.what == EMERGENCY and not pending.meaning.nearly and \
                len(words(pending.meaning.heard)) > ECHO_MOST and \
                not self._asked_aside(pending):
            # "I heard <a whole story>. Is that right?" was answered "yes, that is right"
            # by people telling of a relative's heart attack or a scare taken back, and
            # called the ambulance (tests/played/play42, play43): a long story is asked
            # about as a need ("Do you need an ambulance now?").
            pending = replace(pending, meaning=replace(pending.meaning, nearly=True))
        self.pending = pending
        return self._reply([self._confirm_question(pending)], pending.meaning)

    def _confirm_question(self, pending: Pending) -> str:
        if pending.what == STOP:
            return self.say["confirm_stop"]
        if pending.what == EMERGENCY and pending.meaning.nearly:
            return self.say["confirm_nearly"]
        aside = self.aside
        if self._asked_aside(pending) and aside is not None:
            # The yes to a sign asked out of turn that would call an ambulance.
            return self.say["confirm_yes_no"].replace("{answer}", "yes").replace(
                "{about}", aside.finding.about)
        if pending.what in (EMERGENCY, PACE):
            return self.say["confirm"].replace("{answer}", " ".join(words(pending.meaning.heard)))
        value = pending.meaning.value
        if value == UNKNOWN:
            return self.say["confirm_dont_know"]
        question = self.question
        assert question is not None
        if question.members and value == "no":
            return self.say["confirm_none"]
        finding = question.finding
        if isinstance(value, float):
            said = f"{value:g}" + (f" {finding.unit}" if finding.unit else "")
        elif span_of(value) is not None:  # "more than 7", from yes/no questions
            said = f"{value} {finding.unit}".strip()
        else:
            said = str(value).replace("_", " ")
        if finding.type == "yes_no" and finding.about and not question.members:
            return self.say["confirm_yes_no"].replace("{answer}", said).replace(
                "{about}", finding.about)
        return self.say["confirm"].replace("{answer}", said)

    def _asked_aside(self, pending: Pending) -> bool:
        """Whether ``pending`` is the yes to a sign asked out of turn whose yes would call
        an ambulance (checked in the sign's words)."""
        return pending.what == EMERGENCY and self.aside is not None and \
            pending.meaning.value == "yes" and bool(self.aside.finding.about)

    def _confirming(self, question: Question, text: str | None, confidence: float = 1.0,
                    unclear: bool = False) -> Reply:
        """The reply to "Is that right?". ``unclear``: something was said but not made out
        (not silence)."""
        pending = self.pending
        assert pending is not None
        if pending.what == EMERGENCY and pending.meaning.nearly:
            text = self._without_echo(text)
        meaning = self.matcher.interpret(self._yes_no, text)
        if pending.what == EMERGENCY and pending.meaning.nearly and \
                meaning.kind in (COMMAND, NOT_UNDERSTOOD, EMERGENCY) and \
                self._declined(text):
            # "What? No! I don't need an ambulance": the answer, whatever came before it.
            meaning = Interpretation(ANSWER, "no", meaning.heard)
        if pending.what == EMERGENCY and pending.meaning.nearly and \
                meaning.kind == EMERGENCY and not meaning.symptom and self._no_then_asked(text):
            # "Lord no, an ambulance for a bit of pink wee?" called one (tests/played/play45
            # p04): a no, then the ambulance asked back, tells no emergency.
            meaning = Interpretation(ANSWER, "no", meaning.heard)
        if pending.what == "answer" and not question.yes_no and not question.members and \
                meaning.kind != COMMAND and meaning.value != "yes":
            # "No, upper" to "I heard lower": the answer itself, said again.
            again = self.matcher.interpret(question, text)
            if again.kind == ANSWER and again.value != pending.meaning.value:
                self.pending = None
                return self._answered(question, again, confidence)
        if pending.what == "answer" and meaning.kind not in (COMMAND, EMERGENCY) and \
                meaning.value != "yes" and question.yes_no and \
                self._safe_to_take(pending, question) and self._only_bare_noes(text):
            again = self.matcher.interpret(question, text)
            if again.kind in (ANSWER, EMERGENCY) and again.value == pending.meaning.value:
                # "no... no... chest. tight." to "I heard yes: pain or pressure in the chest.
                # Is that right?": the answer said again, after the "no" a person who
                # perseverates says first; an alarm sign's yes is the one safe to take.
                self.pending = None
                return self._take(question, pending, [])
            if meaning.kind != ANSWER and again.kind == ANSWER and again.value == "no":
                meaning = again  # "No, no chest pain.": the check's no, in the sign's words
        if pending.what == "answer" and pending.meaning.value == "no" and question.yes_no and \
                not question.members and meaning.kind not in (COMMAND, EMERGENCY) and \
                meaning.value != "yes" and not unclear and \
                confidence >= max(self.confident_at, self.confirm_below) and \
                self._no_said_again(question, text):
            # "I heard no: breathing in makes it worse. Is that right?" - "No, love,
            # breathing doesn't make it worse.": the no said again, in the sign's words.
            self.pending = None
            return self._take(question, pending, [])
        if meaning.kind == COMMAND and meaning.value == "repeat":
            return self._reply([self._confirm_question(pending)], meaning)
        if meaning.kind == COMMAND and meaning.value == WAIT:
            # "Hang on" to "Is that right?" keeps the check: to "Do you need an ambulance
            # now?" silence after it is still taken as yes.
            return self._reply([self.say["waiting"]], meaning)
        if pending.what == STOP and self._goes_on(text, meaning):
            meaning = Interpretation(ANSWER, "no", meaning.heard)
        if pending.what in (STOP, PACE) and meaning.kind == COMMAND and \
                meaning.value == pending.meaning.value:
            meaning = Interpretation(ANSWER, "yes", meaning.heard)  # said again: meant
        if meaning.kind in (COMMAND, EMERGENCY):
            self.pending = None
            if meaning.kind == COMMAND:
                return self._command(meaning, confidence)
            if meaning.symptom and pending.meaning.value == "yes" and \
                    (pending.what == EMERGENCY or pending.ends_in_emergency):
                # "he's too puffed to talk. he is short of breath and sweating" to "I heard
                # yes: short of breath. Is that right?": the sign checked is confirmed and
                # kept; the summary for a paramedic had no answer (tests/played/play39
                # p03). A call ("No! Ring 999") confirms no sign.
                return self._take(question, pending, [])
            return self._emergency(question, Interpretation(EMERGENCY, None, meaning.heard))
        if meaning.kind == ANSWER:
            self.pending = None
            if pending.what == STOP:
                if meaning.value == "yes":
                    self.model.stop()
                    return self._stopped(meaning, because=ASKED_TO_STOP)
                return self._reply([self.say["going_on"], question.ask], meaning)
            if pending.what == PACE:
                said = self._change_pace(pending.meaning.value) if meaning.value == "yes" \
                    else self.say["going_on"]
                return self._reply([said, question.ask], meaning)
            if meaning.value == "yes":
                return self._take(question, pending, [])
            if pending.meaning.nearly:
                self.no_ambulance = True
            if question.members and not pending.raises:
                # Not what they meant: the simpler way on is one sign at a time.
                return self._record(question, UNKNOWN, meaning, [self.say["one_at_a_time"]])
            return self._reply([self.say["try_again"], question.reask,
                                answer_hint(self.say, question)], meaning)
        pending.tries += 1
        alarm_yes = self._safe_to_take(pending, question)
        # Silence may mean they cannot answer; words not made out (other voices in the room)
        # do not, so short of an ambulance the question is put once more.
        # "Do you need an ambulance now?" was a question of ours, not what they said: one
        # silence is not yet their answer.
        ask_again = not alarm_yes or (unclear and not pending.ends_in_emergency) or \
            pending.meaning.nearly
        if pending.tries < MAX_REASKS and ask_again:
            return self._reply([self._confirm_question(pending), self.say["help_yes_no"]],
                               meaning)
        self.pending = None
        if pending.what == PACE:  # not confirmed: nothing changes
            return self._reply([self.say["going_on"], question.ask], meaning)
        if pending.what == STOP:
            # They asked to stop and do not answer: stopping gives them the safety advice.
            self.model.stop()
            return self._stopped(meaning, because=f"{ASKED_TO_STOP}, then did not answer "
                                 "\"Do you want to stop?\"")
        if alarm_yes:
            # Silence after "yes, chest pain" may mean they cannot answer any more: the
            # safe mistake is the ambulance (or the doctor the sign calls for).
            taken = "as_ambulance" if pending.meaning.nearly else "as_said"
            heard_none = meaning.kind == SILENCE and not unclear
            taken = ("taken_" if heard_none else "unclear_") + taken
            return self._take(question, pending, [self.say[taken]])
        # Never let an answer that was not confirmed count: it becomes unknown (on an
        # alarm sign that means "possibly present").
        return self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])

    def _goes_on(self, text: str | None, meaning: Interpretation) -> bool:
        """Whether ``text``, to "Do you want to stop?", asks to go on: a phrase of going on
        with no negation before it in its clause ("carry on, love"; not "I can't go on"),
        or a bare no beside the stop said again ("Stop? No, no."): going on is the safe
        way, and a person who meant to stop says so again."""
        negations = set(self.dialog.language.negations)
        clauses = [" ".join(tokens) for tokens in self.matcher.clauses(text)]
        for clause in clauses:
            said = f" {clause} "
            for phrase in self.dialog.language.go_on:
                at = said.find(f" {phrase} ")
                if at >= 0 and not any(t in negations or t.endswith("n't")
                                       for t in said[:at].split()):
                    return True
        return meaning.kind == COMMAND and meaning.value == STOP and any(
            clause and all(t in BARE_NOES for t in clause.split()) for clause in clauses)

    def _no_said_again(self, question: Question, text: str | None) -> bool:
        """Whether ``text``, less its bare noes, is a sure no to ``question`` itself that
        names what it asks ("breathing doesn't make it worse"; not "none")."""
        rest = [tokens for tokens in self.matcher.clauses(text)
                if not all(t in BARE_NOES for t in tokens)]
        if not any(self.matcher.names_own(question, tokens) for tokens in rest):
            return False
        again = self.matcher.interpret(question, ". ".join(" ".join(t) for t in rest))
        return again.kind == ANSWER and again.value == "no" and not again.confirm

    def _only_bare_noes(self, text: str | None) -> bool:
        """Whether the only negations said are bare noes ("no... no... chest. tight."), not
        "that's not right" or "NOT cutting": said so, the check's no is meant."""
        said = words(text or "")
        negations = set(self.dialog.language.negations) - {"no"}
        return not any(t in negations or t.endswith("n't") for t in said)

    def _declined(self, text: str | None) -> bool:
        """Whether ``text`` turns an ambulance down, and tells no emergency besides ("No,
        I don't reckon I need an ambulance, I just wanna know if I oughta see a doctor";
        not "I don't need an ambulance, but my chest is crushing me")."""
        clauses = self.matcher.clauses(text)
        emergencies = self.matcher.emergencies
        if not emergencies.declines(clauses):
            return False
        rest = [c for c in clauses if not emergencies.declines([c])]
        return not rest or self.matcher.interpret(
            self._yes_no, ". ".join(" ".join(c) for c in rest)).kind != EMERGENCY

    def _no_then_asked(self, text: str | None) -> bool:
        """Whether ``text`` opens with a no and asks the rest ("No! An ambulance? For
        this?")."""
        clauses = self.matcher.clauses(text)
        if len(clauses) < 2 or not (text or "").rstrip().endswith("?"):
            return False
        first = self.matcher.interpret(self._yes_no, " ".join(clauses[0]))
        return first.kind == ANSWER and first.value == "no"

    def _without_echo(self, text: str | None) -> str | None:
        """"An ambulance? Good heavens, no.", "pardon? an ambulance? no, no": the question
        said back, before the answer, is no call for one (nor is not having heard it)."""
        asked = set(words(self.say["confirm_nearly"])) | {"a", "an"} | ECHOED
        rest = text or ""
        while True:
            head, mark, after = rest.partition("?")
            if not (mark and words(after) and words(head) and set(words(head)) <= asked):
                return rest if text else text
            rest = after

    @staticmethod
    def _safe_to_take(pending: Pending, question: Question) -> bool:
        """A yes to an alarm sign, an alarm symptom named, or any answer that raises the
        outcome: confirmed once at most, as the safe mistake is to take it."""
        return pending.ends_in_emergency or pending.raises or (
            pending.what == "answer" and pending.meaning.value == "yes" and
            not question.members and question.finding.alarm)

    def _take(self, question: Question, pending: Pending, lead: list[str]) -> Reply:
        """Let a held answer or named symptom count."""
        if pending.what == EMERGENCY:
            reply = self._emergency(question, pending.meaning)
            reply.says[:0] = lead
            return reply
        if pending.meaning.value == UNKNOWN:
            lead = [*lead, self.say["recorded_unknown"]]
        return self._record(question, pending.meaning.value, pending.meaning, lead)
