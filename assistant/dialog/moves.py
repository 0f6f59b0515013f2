"""Where a conversation is, and the moves that take it on: record an answer, ask the next
question, call for help, finish, stop.

Every kind of turn makes these moves: an answer to a question (conversation.py), the
answer to "Is that right?" (confirming.py) and a command (commands.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..setup.pace import Pace
from .consequence import CONFIDENT_AT, Consequences
from .each_denied import denials
from .ending import outcome_words, stopped_words
from .expr import LEVELS, UNKNOWN
from .machine import Screening, is_settled, start_machine
from .matcher import Interpretation, shared_matcher
from .model import STOPPED, Dialog, Question
from .passing import InPassing
from .signs import SignWords
from .taken_back import TakenBack
from .triage import Outcome, triage

if TYPE_CHECKING:
    from .confirming import Pending
    from .fallback import Fallback

NOISE_WINDOW = 12
"""Turns over which :data:`~.conversation.NOISE_LIMIT` is counted. Not a run: with other
voices in the room an answer is now and then heard at low confidence, and a count of
turns in a row started again at each (held-out spoken screenings in babble went on to
40 answers, 28 of them not made out, and were cut off by the bench)."""

VOICES_LATELY = 3
"""Turns back over which other voices heard round an answer count for the next one: a
group's answer lost then is asked again whole (conversation.py), even where no voice
stood out enough to try the nearest."""

WAIT_TURNS = 3
"""After a pause asked for ("hang on"), silences that are asked the question again without
counting as no answer: a person gone to the door is away longer than one listening. After
these, silence counts as usual."""

MAX_REASKS = 2
"""Re-asks after an answer that was not understood, before it is recorded as unknown."""

CONFIRM_BELOW = 0.6
"""A recognised answer less sure than this is confirmed before it counts (typed answers
have confidence 1). An answer that would lower or raise the outcome or skip alarm
questions must be surer: :data:`.consequence.CONFIDENT_AT`."""


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


class Moves(ABC):
    """A screening in progress: its state, and the moves every kind of turn makes."""

    def __init__(self, dialog: Dialog, emergency_number: str = "112",
                 confirm_below: float = CONFIRM_BELOW, pace: Pace | None = None,
                 known: dict[str, Any] | None = None, *,
                 confident_at: float = CONFIDENT_AT) -> None:
        self.dialog = dialog
        self.confirm_below = confirm_below
        self.confident_at = confident_at
        """Answers with consequences (see consequence.py) are confirmed below this."""
        self.consequences = Consequences(dialog)
        self.pace = pace or Pace()
        """Speaking rate and volume; the voice channel reads it before each prompt."""
        self.emergency_number = emergency_number
        self.known = dict(known or {})
        """Facts that do not change between screenings (sex, a past stroke), set by a
        caregiver in the config file; their questions are not asked."""
        self.model = Screening(dialog, known)
        self.machine = start_machine(dialog, self.model)
        self.matcher = shared_matcher(dialog.language, (emergency_number,))
        self.say = dialog.language.say
        self.failures = 0
        self.stopped_because = ""
        """Why the questions stopped before the end, in words for the caregiver's summary."""
        self.questions_asked: list[str] = []
        self.outcome: Outcome | None = None
        self.last_reply: Reply | None = None
        self.final_words: list[str] = []
        """What was said when the conversation ended, for "repeat"."""
        self.pending: Pending | None = None
        """An answer or a stop waiting for "yes, that's right"."""
        self.no_ambulance = False
        """The person said they need no ambulance when most of an emergency was told: it
        is not asked again (they tire, and tell the same story again), while a whole
        emergency told or a call for help still counts."""
        self.fallback: Fallback | None = None
        """A number or choice being asked as yes or no questions (fallback.py)."""
        self._only_silence = True
        """Nothing but silence was heard since the current question was asked."""
        self._silent_questions = 0
        self._no_answer: deque[bool] = deque(maxlen=NOISE_WINDOW)
        """For each of the last turns, whether no answer was made out (silence, or speech
        not made out)."""
        self._unclear_run = 0
        """Of those, the ones with speech the recognizer could not make out (noise, voices)."""
        self._crowded_run = 0
        """Answers in a row made out only in the nearest of several voices."""
        self._voices_lately: deque[bool] = deque(maxlen=VOICES_LATELY)
        """For each of the last turns, whether other voices were heard round it."""
        self._yes_no = self.matcher.confirmation
        """A stand-in question for "Is that right?": the shared yes and no phrases, and the
        extra answers to a confirmation ("that's it", "not quite")."""
        self._said_yes_to_group: set[str] = set()
        """Signs whose group was answered yes: a yes to one of them has been heard twice,
        so it is not confirmed again before the ambulance."""
        self._raise_confirmed: set[str] = set()
        """Questions whose answer was held for confirmation because it raised the outcome
        (or said yes to a group): the next such answer counts without (once at most)."""
        self._signs = SignWords(dialog)
        self.aside: Question | None = None
        """A sign's own question asked out of turn, as it was told in passing (asides.py):
        while it waits for its answer, it is the question."""
        self._told: dict[str, str] = {}
        """Signs told in passing at another question -> the words that told them."""
        self._asided: set[str] = set()
        """Signs whose own question was asked out of turn (once at most)."""
        self._after_aside: list[str] = []
        """What was to be said before the screening's next question, said after the aside."""
        self.waiting = 0
        """Silences left of a pause asked for (:data:`WAIT_TURNS`)."""
        self.paused = False
        """A pause was asked for and nothing has been said since: the first reply not
        made out ("right, I'm back") is asked the question again, not counted."""
        self._passing = InPassing(dialog.language, self.matcher, self._signs.own)
        self._taken_back = TakenBack(dialog.language)

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.model.state

    @property
    def findings(self) -> dict[str, Any]:
        return dict(self.model.findings)

    @property
    def question(self) -> Question | None:
        """The question being asked: the state's, or a sign's asked out of turn."""
        return self.aside or self.dialog.questions.get(self.state)

    @property
    def done(self) -> bool:
        return self.state in LEVELS or self.state == STOPPED

    # -- made by the other turns -------------------------------------------------------------
    @abstractmethod
    def _ask_confirmation(self, pending: Pending) -> Reply:
        """Hold ``pending`` until "yes, that's right" (confirming.py)."""

    @abstractmethod
    def _command(self, meaning: Interpretation, confidence: float = 1.0) -> Reply:
        """Carry out repeat, help, back, a change of pace or stop (commands.py); a change
        of pace heard with less than ``confirm_below`` confidence is confirmed first."""

    @abstractmethod
    def _change_pace(self, name: str) -> str:
        """Speak slower, faster, louder or quieter; what to say about it (commands.py)."""

    @abstractmethod
    def _answered(self, question: Question, meaning: Interpretation, confidence: float
                  ) -> Reply:
        """Take an answer to ``question``: at once, or after "Is that right?" when it is
        unsure for what it would change (conversation.py)."""

    @abstractmethod
    def _next_aside(self) -> Question | None:
        """A sign told in passing whose own question is to be asked now (asides.py)."""

    # -- moves -------------------------------------------------------------------------------
    def _record(self, question: Question, value: Any, meaning: Interpretation,
                lead: list[str], also: dict[str, Any] | None = None) -> Reply:
        """Record ``value`` for ``question``, and the findings ``also`` told with it."""
        self.model.answer(question, value)
        if not question.members:
            self._told.pop(question.finding.key, None)  # asked in its turn: answered
        for key, told in (also or {}).items():
            self.model.also(key, told)
        recorded = {k: self.model.findings[k] for k, _ in self.model.history[-1].changes}
        self.fallback = None
        if question.members and value == "yes":
            self._said_yes_to_group |= set(question.members)
            lead = [*lead, self.say["one_at_a_time"]]
        self.model.answered()
        self._pass_settled()
        if question.members and (self.question is None or
                                 self.question.finding.key not in question.members):
            # Every sign left is known already, or the screening needs none of them.
            lead = [x for x in lead if x != self.say["one_at_a_time"]]
        self.failures = 0
        self._only_silence = True
        if value != UNKNOWN:
            self._silent_questions = 0
        if self.done:
            reply = self._finish(lead, meaning)
        else:
            reply = self._reply(self._ask_next(lead), meaning)
        reply.recorded = recorded
        return reply

    def _ask_next(self, lead: list[str]) -> list[str]:
        """``lead``, then the next question: a sign told in passing first, when its yes
        would raise the outcome; else the screening's own. "Let me ask about each one" is
        kept for after the sign's question: it speaks of the screening's; "I did not
        understand" is not said: the reply told the sign."""
        self.aside = self._next_aside()
        current = self.question
        # Its own turn, for a sign told ("Just the breathless bit"), is said so too.
        own_turn = self.aside is None and current is not None and not current.members and \
            current.finding.key in self._told
        if self.aside is None and not own_turn:
            return [*lead, *self._ask()]
        later = [self.say["one_at_a_time"]]
        unsaid = [self.say["not_understood"], self.say["no_answer_heard"], *later]
        if self.aside is not None:
            self._after_aside = [x for x in lead if x in later]
        return [*(x for x in lead if x not in unsaid), self.say["told_before"], *self._ask()]

    def _pass_settled(self) -> None:
        """Go on past questions whose findings are known already."""
        while (question := self.question) is not None and is_settled(question,
                                                                    self.model.findings):
            self.model.skip()
            self.model.answered()

    def _emergency(self, question: Question, meaning: Interpretation) -> Reply:
        key = question.finding.key
        if question.members and meaning.value == "yes" and meaning.symptom:
            # "Yes, I had a heart attack" to a group: keep the sign it most clearly names,
            # not one it denies ("I'm not short of breath ... my chest aches a bit").
            found = denials(self.dialog, self.matcher, self._signs, question, meaning.heard)
            mentions = {k: n for k, n in self._signs.mentions(question, meaning.heard).items()
                        if k not in found.sure | found.loose | found.checked}
            best = max(mentions.values(), default=0)
            named = [k for k, n in mentions.items() if n == best]
            key = named[0] if best and len(named) == 1 else ""
        # An unsure "no" to an alarm sign is never recorded, not even beside an emergency.
        unsure_no = meaning.value == "no" and key in self.dialog.alarm_keys
        if meaning.value is None or unsure_no or not key or key not in self.dialog.findings:
            self.model.emergency_phrase()
            asked = not meaning.symptom and self.matcher.emergencies.asks(
                self.matcher.clauses(meaning.heard))
            # "I can't get my breath" is told, not asked for ("You asked for help").
            lead = self.say["emergency_heard" if asked else "emergency_told"]
            return self._finish([lead], meaning)
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

    def _finish(self, lead: list[str], meaning: Interpretation) -> Reply:
        self.aside = None
        self.outcome = triage(self.dialog, self.model.findings, self.emergency_number,
                              floor=self.model.floor)
        self.final_words = outcome_words(self.dialog, self.outcome, self.emergency_number)
        return self._reply([*lead, *self.final_words, self.say["repeat_hint"]], meaning)

    def _stopped(self, meaning: Interpretation | None = None,
                 lead: list[str] | None = None, because: str = "") -> Reply:
        """The questions stopped before the end (asked to, input ended, noise, silence):
        the unasked signs of a group answered yes, and those told in passing that would
        raise the outcome, are possibly present, and at least what a yes to any of them
        would mean."""
        self.stopped_because = because
        self.aside = None
        self._possibly_present()
        partial = triage(self.dialog, self.model.findings, self.emergency_number,
                         floor=self.model.floor)
        self.outcome, self.final_words = stopped_words(self.dialog, partial,
                                                       self.emergency_number, lead or [])
        return self._reply([*self.final_words, self.say["repeat_hint"]], meaning)

    def _rank_if_yes(self, key: str) -> int:
        """How urgent the outcome would be with a yes to ``key`` (the index in LEVELS)."""
        return LEVELS.index(self.model.level_with(key, "yes"))

    def _possibly_present(self) -> None:
        rank = LEVELS.index(self.model.level)
        told = {k for k in self._told if self._rank_if_yes(k) > rank}
        unasked = sorted(k for k in self._said_yes_to_group | told
                         if k not in self.model.findings)
        if unasked:
            least = min((self.model.level_with(k, "yes") for k in unasked), key=LEVELS.index)
            for key in unasked:
                self.model.set_finding(key, UNKNOWN)
            if least == self.dialog.stop_when:
                self.model.mark_emergency_phrase()

    def _reply(self, says: list[str], meaning: Interpretation | None = None) -> Reply:
        reply = Reply(says, self.state, self.done, meaning, findings=dict(self.model.findings))
        self.last_reply = reply
        return reply
