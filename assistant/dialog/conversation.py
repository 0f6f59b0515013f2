"""One screening conversation, turn by turn, independent of how words go in and out.

``Conversation.hear(text)`` takes what the user said and returns what the assistant
says next. The text chat, the virtual patient, the scripted tests and the voice loop
all drive this same object; the flow itself is the ``transitions`` machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..setup.pace import COMMANDS as PACE_COMMANDS
from ..setup.pace import Pace
from .expr import LEVELS, UNKNOWN
from .machine import Named, Screening, build_machine, is_settled
from .matcher import (
    ANSWER,
    COMMAND,
    DONT_KNOW,
    EMERGENCY,
    NOT_UNDERSTOOD,
    OUT_OF_RANGE,
    SILENCE,
    Interpretation,
    Matcher,
    confirmation_question,
)
from .model import STOPPED, Dialog, Question
from .text import words
from .triage import Outcome, fill, triage

MAX_REASKS = 2
"""Re-asks after an answer that was not understood, before it is recorded as unknown."""

CONFIRM_BELOW = 0.6
"""A recognised answer less sure than this is confirmed before it counts (typed answers
have confidence 1)."""

SILENT_QUESTIONS = 2
"""Questions in a row with no answer at all (only silence through every re-ask) after
which the questions stop: the person may not be able to answer, and the safety advice
(when to call for help) matters more than the next question."""

STOP = "stop"


@dataclass
class _Pending:
    """Something said that waits for "yes, that's right" before it counts."""

    what: str
    """``answer`` (an answer heard), ``emergency`` (an alarm symptom named) or ``stop``
    (the user asked to stop)."""
    meaning: Interpretation
    ends_in_emergency: bool = False
    tries: int = 0


@dataclass
class Reply:
    """What the assistant says after a turn, and where the conversation is."""

    says: list[str]
    state: str
    done: bool = False
    interpretation: Interpretation | None = None
    recorded: dict[str, Any] = field(default_factory=dict)
    """The findings set by this turn, if any."""
    findings: dict[str, Any] = field(default_factory=dict)
    """Every finding as the conversation holds it after this turn (for the record: a cut
    short record still says what was known, whatever groups and "go back" did)."""

    @property
    def text(self) -> str:
        return " ".join(self.says)


class Conversation:
    """A screening in progress."""

    def __init__(self, dialog: Dialog, emergency_number: str = "112",
                 confirm_below: float = CONFIRM_BELOW, pace: Pace | None = None,
                 known: dict[str, Any] | None = None) -> None:
        self.dialog = dialog
        self.confirm_below = confirm_below
        self.pace = pace or Pace()
        """Speaking rate and volume; the voice channel reads it before each prompt."""
        self.emergency_number = emergency_number
        self.model = Screening(dialog, known)
        """``known``: facts that do not change between screenings (sex, a past stroke),
        set by a caregiver in the config file; their questions are not asked."""
        self.machine = build_machine(dialog, self.model)
        self.matcher = Matcher(dialog.language, (emergency_number,))
        self.say = dialog.language.say
        self.failures = 0
        self.questions_asked: list[str] = []
        self.outcome: Outcome | None = None
        self.last_reply: Reply | None = None
        self.final_words: list[str] = []
        """What was said when the conversation ended, for "repeat"."""
        self.pending: _Pending | None = None
        """An answer or a stop waiting for "yes, that's right"."""
        self._only_silence = True
        """Nothing but silence was heard since the current question was asked."""
        self._silent_questions = 0
        self._yes_no = _yes_no_question(dialog)
        self._said_yes_to_group: set[str] = set()
        self._sign_words: dict[str, dict[str, set[str]]] = {}
        """Signs whose group was answered yes: a yes to one of them has been heard twice,
        so it is not confirmed again before the ambulance."""

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.model.state

    @property
    def findings(self) -> dict[str, Any]:
        return dict(self.model.findings)

    @property
    def question(self) -> Question | None:
        return self.dialog.questions.get(self.state)

    @property
    def done(self) -> bool:
        return self.state in LEVELS or self.state == STOPPED

    # -- turns -------------------------------------------------------------------------------
    def start(self) -> Reply:
        intro = [self.say["welcome"], self.say["disclaimer"], self.say["help_commands"]]
        self._pass_settled()
        if self.done:
            return self._finish(intro, Interpretation(SILENCE))
        return self._reply([*intro, *self._ask()])

    def grammar(self) -> list[str]:
        """The phrases worth listening for now (for a speech recognizer's grammar)."""
        if self.pending is not None:
            return self.matcher.grammar(self._yes_no)
        return self.matcher.grammar(self.question)

    def hear(self, text: str | None, confidence: float = 1.0, unclear: bool = False) -> Reply:
        """Take one utterance (None or "" for silence) and answer it.

        ``confidence`` is the recognizer's (0..1); a typed answer is sure (1). ``unclear``:
        something was said but the recognizer could not make it out, which is not silence
        ("Sorry, I did not understand", and the person is not taken as unable to answer).
        """
        if self.done:
            return self._after_end(text)
        question = self.question
        assert question is not None  # not done, so the state is a question
        if self.pending is not None:
            return self._confirming(question, text)
        meaning = self.matcher.interpret(question, text)
        if unclear and meaning.kind == SILENCE:
            meaning = Interpretation(NOT_UNDERSTOOD, heard="")
        if meaning.kind != SILENCE:
            self._only_silence = False
        named = _named(question, text) if question.names else frozenset()
        if named and (meaning.kind == NOT_UNDERSTOOD or meaning.value == "yes"):
            return self._record(question, Named(named), meaning, [])
        if meaning.value == "no" and (named or self._names_a_sign(question, text)):
            # "No chest pain" to three signs, "no, just the lifting": which sign the no is
            # about is unclear, and a negation of one sign is no answer about the others.
            meaning = Interpretation(NOT_UNDERSTOOD, heard=meaning.heard)
        if question.members and meaning.kind in (DONT_KNOW, NOT_UNDERSTOOD, SILENCE,
                                                 OUT_OF_RANGE):
            # The simpler way to ask several signs is one at a time (not the same words again).
            why = self.say["no_answer_heard"] if meaning.kind == SILENCE else \
                self.say["not_understood"] if meaning.kind == NOT_UNDERSTOOD else ""
            return self._record(question, UNKNOWN, meaning,
                                [w for w in (why, self.say["one_at_a_time"]) if w])
        if meaning.kind == ANSWER:
            # An answer that would call an ambulance is checked first: a misheard "yes"
            # must not send one. Emergency phrases ("help me") are never held back.
            ends = not question.members and question.finding.key not in \
                self._said_yes_to_group and self.model.level_with(
                    question.finding.key, meaning.value) == self.dialog.stop_when
            # So is a number picked from several said ("three, or eight when I move").
            if ends or confidence < self.confirm_below or meaning.confirm:
                return self._ask_confirmation(_Pending("answer", meaning, ends))
            return self._record(question, meaning.value, meaning, [])
        if meaning.kind == COMMAND:
            return self._command(meaning)
        if meaning.kind == EMERGENCY and meaning.symptom:
            # "Chest pain" named outright is checked like an answer; a call for help
            # ("help me") never waits.
            return self._ask_confirmation(_Pending(EMERGENCY, meaning, True))
        if meaning.kind == EMERGENCY:
            return self._emergency(question, meaning)
        if meaning.kind == DONT_KNOW and (not question.finding.alarm or self.failures >= 1):
            return self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])
        self.failures += 1
        if self.failures > MAX_REASKS:
            return self._give_up(question, meaning)
        if meaning.kind == OUT_OF_RANGE and question.at_least is not None:
            # "Fifteen" to "seven or more out of ten?": the scale, then the question that
            # names it, not a plea for yes or no on top.
            return self._reply([self._range_hint(question), question.ask], meaning)
        if meaning.kind == OUT_OF_RANGE:
            why = self._range_hint(question)
        elif meaning.kind == DONT_KNOW:
            why = self.say["reask_dont_know"]
        elif meaning.kind == SILENCE:
            why = self.say["no_answer_heard"]
        else:
            why = self.say["not_understood"]
        return self._reply([why, question.reask, self._answer_hint(question)], meaning)

    def _give_up(self, question: Question, meaning: Interpretation) -> Reply:
        """The re-asks ran out: the answer is unknown; after several questions of nothing
        but silence, the questions stop with the safety advice."""
        silent = self._only_silence
        asked = len(self.questions_asked)
        reply = self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])
        self._silent_questions = self._silent_questions + 1 if silent else 0
        if self.done or self._silent_questions < SILENT_QUESTIONS:
            return reply
        del self.questions_asked[asked:]  # the next question is not said after all
        self.model.stop()
        stopped = self._stopped(meaning, lead=[self.say["no_answers"]])
        stopped.recorded = reply.recorded
        return stopped

    def _ask_confirmation(self, pending: _Pending) -> Reply:
        self.pending = pending
        return self._reply([self._confirm_question(pending)], pending.meaning)

    def _confirm_question(self, pending: _Pending) -> str:
        if pending.what == STOP:
            return self.say["confirm_stop"]
        if pending.what == EMERGENCY:
            return self.say["confirm"].replace("{answer}", " ".join(words(pending.meaning.heard)))
        value = pending.meaning.value
        question = self.question
        assert question is not None
        finding = question.finding
        if isinstance(value, float):
            said = f"{value:g}" + (f" {finding.unit}" if finding.unit else "")
        else:
            said = str(value).replace("_", " ")
        if finding.type == "yes_no" and finding.about and not question.members:
            return self.say["confirm_yes_no"].replace("{answer}", said).replace(
                "{about}", finding.about)
        return self.say["confirm"].replace("{answer}", said)

    def _confirming(self, question: Question, text: str | None) -> Reply:
        pending = self.pending
        assert pending is not None
        meaning = self.matcher.interpret(self._yes_no, text)
        if meaning.kind == COMMAND and meaning.value == "repeat":
            return self._reply([self._confirm_question(pending)], meaning)
        if pending.what == STOP and meaning.kind == COMMAND and meaning.value == STOP:
            meaning = Interpretation(ANSWER, "yes", meaning.heard)
        if meaning.kind in (COMMAND, EMERGENCY):
            self.pending = None
            if meaning.kind == COMMAND:
                return self._command(meaning)
            return self._emergency(question, Interpretation(EMERGENCY, None, meaning.heard))
        if meaning.kind == ANSWER:
            self.pending = None
            if pending.what == STOP:
                if meaning.value == "yes":
                    self.model.stop()
                    return self._stopped(meaning)
                return self._reply([self.say["going_on"], question.ask], meaning)
            if meaning.value == "yes":
                return self._take(question, pending, [])
            if question.members:
                # Not what they meant: the simpler way on is one sign at a time.
                return self._record(question, UNKNOWN, meaning, [self.say["one_at_a_time"]])
            return self._reply([self.say["try_again"], question.reask,
                                self._answer_hint(question)], meaning)
        pending.tries += 1
        if pending.tries < MAX_REASKS:
            return self._reply([self._confirm_question(pending), self.say["help_yes_no"]],
                               meaning)
        self.pending = None
        if pending.what == STOP:
            # They asked to stop and do not answer: stopping gives them the safety advice.
            self.model.stop()
            return self._stopped(meaning)
        if pending.ends_in_emergency:
            # Silence after "yes, chest pain" may mean they cannot answer any more: the
            # safe mistake is the ambulance.
            return self._take(question, pending, [self.say["taken_as_said"]])
        # Never let an answer that was not confirmed count: it becomes unknown (on an
        # alarm sign that means "possibly present").
        return self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])

    def _take(self, question: Question, pending: _Pending, lead: list[str]) -> Reply:
        """Let a held answer or named symptom count."""
        if pending.what == EMERGENCY:
            reply = self._emergency(question, pending.meaning)
            reply.says[:0] = lead
            return reply
        return self._record(question, pending.meaning.value, pending.meaning, lead)

    def end(self) -> Reply:
        """Stop now (the user said stop, or input ended): what is known and safety advice."""
        if self.done:
            return self._reply([])
        self.model.stop()
        return self._stopped()

    # -- pieces --------------------------------------------------------------------------------
    def _record(self, question: Question, value: Any, meaning: Interpretation,
                lead: list[str]) -> Reply:
        self.model.answer(question, value)
        recorded = {k: self.model.findings[k] for k, _ in self.model.history[-1].changes}
        if question.members and value == "yes":
            self._said_yes_to_group |= set(question.members)
            lead = [*lead, self.say["one_at_a_time"]]
        self.model.answered()
        self._pass_settled()
        self.failures = 0
        self._only_silence = True
        if value != UNKNOWN:
            self._silent_questions = 0
        if self.done:
            reply = self._finish(lead, meaning)
        else:
            reply = self._reply([*lead, *self._ask()], meaning)
        reply.recorded = recorded
        return reply

    def _names_a_sign(self, question: Question, text: str | None) -> bool:
        """Whether ``text`` speaks of one of the group's signs in particular."""
        return any(self._sign_mentions(question, text).values())

    def _sign_mentions(self, question: Question, text: str | None) -> dict[str, int]:
        """For each sign of a group, how many of its own words ``text`` uses."""
        if not question.members:
            return {}
        if question.id not in self._sign_words:
            no_words = {w for p in self.dialog.language.yes_no["no"] for w in p.split()}
            for key in question.members:
                said = [self.dialog.findings[key].about]
                said += [q.ask for q in self.dialog.questions.values()
                         if not q.members and q.finding.key == key]
                # Words of four letters or more stand for the signs ("chest", "breath").
                self._sign_words.setdefault(question.id, {})[key] = {
                    w for text_ in said for w in words(text_) if len(w) >= 4} - no_words
        heard = set(words(text or ""))
        return {k: len(signs & heard) for k, signs in self._sign_words[question.id].items()}

    def _pass_settled(self) -> None:
        """Go on past questions whose findings are known already."""
        while (question := self.question) is not None and is_settled(question,
                                                                    self.model.findings):
            self.model.skip()
            self.model.answered()

    def _emergency(self, question: Question, meaning: Interpretation) -> Reply:
        key = question.finding.key
        if question.members and meaning.value == "yes" and meaning.symptom:
            # "Yes, I had a heart attack" to a group: keep the sign it most clearly names.
            mentions = self._sign_mentions(question, meaning.heard)
            best = max(mentions.values(), default=0)
            named = [k for k, n in mentions.items() if n == best]
            key = named[0] if best and len(named) == 1 else ""
        if meaning.value is None or not key or key not in self.dialog.findings:
            self.model.emergency_phrase()
            return self._finish([self.say["emergency_heard"]], meaning)
        # The phrase also answered the question ("yes, I had a heart attack"): keep it.
        self.model.set_finding(key, meaning.value)
        self.model.emergency_phrase()
        reply = self._finish([], meaning)
        reply.recorded = {key: meaning.value}
        return reply

    def _ask(self) -> list[str]:
        question = self.question
        assert question is not None
        self.questions_asked.append(question.id)
        return [question.ask]

    def _command(self, meaning: Interpretation) -> Reply:
        question = self.question
        assert question is not None
        name = meaning.value
        if name == "repeat":
            return self._reply([self.say["repeat_intro"], question.ask], meaning)
        if name == "help":
            extra = [question.help] if question.help else []
            return self._reply([*extra, self._answer_hint(question), self.say["help_all"],
                                question.ask], meaning)
        if name == "back":
            if not self.model.history:
                return self._reply([self.say["nothing_to_undo"], question.ask], meaning)
            self._go_back()
            self.failures = 0
            self._only_silence = True
            return self._reply([self.say["going_back"], *self._ask()], meaning)
        if name in PACE_COMMANDS:
            return self._reply([self._change_pace(name), question.ask], meaning)
        return self._ask_confirmation(_Pending(STOP, meaning))

    def _go_back(self) -> None:
        """Undo the last answer; questions passed over because they were known are passed
        over again (back to the last question really asked)."""
        self.model.go_back()
        while self.model.history and (question := self.question) is not None and \
                is_settled(question, self.model.findings):
            self.model.go_back()
        if (question := self.question) is not None and question.members:
            # Back at a group: its "yes" is undone, so its signs need confirming again.
            self._said_yes_to_group -= set(question.members)

    def _change_pace(self, name: str) -> str:
        limit = {"slower": "slowest", "faster": "fastest", "louder": "loudest",
                 "quieter": "quietest"}
        return self.say[name] if self.pace.change(name) else self.say[limit[name]]

    def _after_end(self, text: str | None) -> Reply:
        meaning = self.matcher.interpret(None, text)
        if meaning.kind == EMERGENCY:
            # "Help me" after the outcome is a call for help, never a goodbye.
            return self._reply([self.say["emergency_heard"], *self._emergency_words()], meaning)
        if meaning.kind == COMMAND and meaning.value == "repeat":
            return self._reply([self.say["repeat_intro"], *self.final_words], meaning)
        if meaning.kind == COMMAND and meaning.value in PACE_COMMANDS:
            return self._reply([self._change_pace(meaning.value), *self.final_words], meaning)
        if meaning.kind == COMMAND and meaning.value == "back" and self.state in LEVELS:
            self._go_back()
            self.outcome = None
            return self._reply([self.say["going_back"], *self._ask()], meaning)
        return self._reply([self.say["goodbye"]], meaning)

    def _emergency_words(self) -> list[str]:
        text = self.dialog.outcomes["emergency"]
        words = [fill(text.say, self.emergency_number), *(self._advice(a) for a in text.advice)]
        return [w for w in words if w]

    def _finish(self, lead: list[str], meaning: Interpretation) -> Reply:
        self.outcome = triage(self.dialog, self.model.findings, self.emergency_number,
                              floor=self.model.floor)
        self.final_words = self._outcome_words()
        return self._reply([*lead, *self.final_words, self.say["repeat_hint"]], meaning)

    def _stopped(self, meaning: Interpretation | None = None,
                 lead: list[str] | None = None) -> Reply:
        partial = triage(self.dialog, self.model.findings, self.emergency_number,
                         floor=self.model.floor)
        words = [*(lead or []), self.say["stopped"]]
        if partial.level == "self_care":
            # Unfinished questions can never mean "manage at home": record what was said.
            safety = self.dialog.safety
            partial = replace(partial, next_step=self.say["stopped_early"], reasons=(),
                              specialists=(), advice=safety, sources=tuple(dict.fromkeys(
                                  s for a in safety for s in self.dialog.advice[a].sources)))
            words.append(self.say["stopped_early"])
        else:
            words += [partial.next_step, *partial.reasons, self._who(partial)]
        words += [self._advice(a) for a in self.dialog.safety if a not in partial.advice]
        if partial.level == "self_care":
            words += [self._advice(a) for a in partial.advice]
        self.outcome = partial
        self.final_words = [w for w in words if w]
        return self._reply([*self.final_words, self.say["repeat_hint"]], meaning)

    def _outcome_words(self) -> list[str]:
        outcome = self.outcome
        assert outcome is not None
        words = [outcome.next_step, *outcome.reasons, self._who(outcome)]
        words += [self._advice(a) for a in outcome.advice]
        if outcome.level != "emergency":
            words += [self._advice(a) for a in self.dialog.safety if a not in outcome.advice]
        return [w for w in words if w]

    def _who(self, outcome: Outcome) -> str:
        if not outcome.specialists:
            return ""
        names = list(outcome.specialists)
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        return self.say["specialists"].replace("{specialists}", listed)

    def _advice(self, advice_id: str) -> str:
        return fill(self.dialog.advice[advice_id].say, self.emergency_number)

    def _answer_hint(self, question: Question) -> str:
        kind = question.finding.type
        if question.yes_no:
            return self.say["help_yes_no"]
        if kind == "choice":
            return self.say["help_choice"].replace("{choices}", ", ".join(question.phrases))
        return self.say["help_number"]

    def _range_hint(self, question: Question) -> str:
        f = question.finding
        return self.say["out_of_range"].replace("{min}", f"{f.minimum:g}").replace(
            "{max}", f"{f.maximum:g}")

    def _reply(self, says: list[str], meaning: Interpretation | None = None) -> Reply:
        reply = Reply(says, self.state, self.done, meaning, findings=dict(self.model.findings))
        self.last_reply = reply
        return reply

    # -- summary -------------------------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        """The conversation's result, as recorded and as ``simulate --json`` prints it."""
        outcome = self.outcome
        stopped = self.state == STOPPED
        return {
            "outcome": "stopped" if stopped else None if outcome is None else outcome.level,
            "level_so_far": None if outcome is None else outcome.level,
            "completed": self.state in LEVELS,
            "stopped": stopped,
            "next_step": None if outcome is None else outcome.next_step,
            "reasons": [] if outcome is None else list(outcome.reasons),
            # A question asked again (repeat, go back) counts once.
            "questions_asked": len(dict.fromkeys(self.questions_asked)),
            "questions": list(dict.fromkeys(self.questions_asked)),
            "findings": self.findings,
            "rules": [] if outcome is None else list(outcome.rules),
            "specialists": [] if outcome is None else list(outcome.specialists),
            "advice": [] if outcome is None else [
                {"id": a, "say": self._advice(a)} for a in outcome.advice],
            "sources": [] if outcome is None else [
                {"article": s.article, "heading": s.heading} for s in outcome.sources],
        }


def _named(question: Question, text: str | None) -> frozenset[str]:
    """The signs of a group named in ``text`` ("yes, after lifting")."""
    said = f" {' '.join(words(text or ''))} "
    return frozenset(key for key, names in question.names.items()
                     if any(f" {name} " in said for name in names))


def _yes_no_question(dialog: Dialog) -> Question:
    """A stand-in question for "Is that right?": the shared yes and no phrases, and the
    extra answers to a confirmation ("that's it", "not quite")."""
    return confirmation_question(dialog.language)
