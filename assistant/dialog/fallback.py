"""Yes/no fallbacks: a number or a choice not understood twice, asked as yes or no.

"Left, right, the middle, or both?" and "how many days?" are the answers a recognizer
gets wrong most, and yes or no the ones it gets right most. So when such an answer is not
made out twice, the question is asked again in its own words, one choice at a time
("Where on your back is the pain? Upper back?"), or at the cut-offs the rules use for the
number ("How many days have you had this pain? More than a week?"). A yes to a choice
records it; a number is recorded as the range the yeses and noes leave ("more than 3 and
7 or less"), which settles the rules as the number itself would. The value found is then
taken like any answer: confirmed by its consequences (consequence.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .coverage import could_fire
from .expr import LEVELS, UNKNOWN
from .matcher import ANSWER, COMMAND, DONT_KNOW, EMERGENCY, SILENCE, WAIT, Interpretation
from .model import Question
from .moves import Moves, Reply
from .threshold import as_more_than, as_range, range_words, span_of, surely

_OWN = ("repeat", "help", "slower", "faster", "louder", "quieter", WAIT)
"""Commands the fallback answers itself (the others leave it)."""

_FIRST_SENTENCE = re.compile(r"^.*?[?.!](?=\s|$)")


@dataclass(frozen=True)
class Option:
    """One yes or no question of a fallback."""

    value: str
    """A choice, or for a number the range a yes stands for ("more than 7")."""
    otherwise: str = ""
    """For a number: the range a no stands for ("7 or less")."""
    op: str = ""
    """For a number: the comparison the rules make at this cut-off (">" or ">=")."""
    cut: float = 0


@dataclass
class Fallback:
    """A number or choice question being asked as yes or no questions."""

    question: str
    options: list[Option]
    """What is left to ask, the next first."""
    parts: list[str] = field(default_factory=list)
    """For a number: the ranges answered so far."""
    failures: int = 0
    """Yes/no questions in a row not understood."""
    confidence: float = 1.0
    """The least sure of the answers that led to the value."""


class Fallbacks(Moves):
    """The turns of a question asked as yes or no questions."""

    def _can_fall_back(self, question: Question) -> bool:
        return not question.members and not question.yes_no and \
            bool(self._options(question))

    def _start_fallback(self, question: Question, lead: list[str]) -> Reply:
        self.fallback = Fallback(question.id, self._options(question))
        self.failures = 0
        first = _FIRST_SENTENCE.match(question.ask)
        opening = first[0] if first else question.ask
        return self._reply([*lead, self.say["ask_yes_no_instead"], opening,
                            self._option_words(question, self.fallback.options[0])])

    def _fallback_turn(self, question: Question, text: str | None, confidence: float,
                       direct: Interpretation) -> Reply | None:
        """Take an answer to the current yes/no question; None when ``direct`` (the same
        words read as an answer to the question itself) is to be taken instead."""
        state = self.fallback
        assert state is not None
        meaning = self.matcher.interpret(self._yes_no, text)
        if direct.kind in (ANSWER, EMERGENCY) or \
                (meaning.kind == COMMAND and meaning.value not in _OWN):
            self.fallback = None  # "lower back", "help me", "go back": not a yes or no
            return None
        option = state.options[0]
        if meaning.kind == COMMAND:
            if meaning.value == "help":
                return self._reply([self.say["help_yes_no"],
                                    self._option_words(question, option)], meaning)
            if meaning.value == WAIT:
                return self._reply([self.say["waiting"]], meaning)
            lead = [] if meaning.value == "repeat" else [self._change_pace(meaning.value)]
            return self._reply([*lead, self._option_words(question, option)], meaning)
        if meaning.kind == DONT_KNOW:  # what the answers so far say, or unknown
            return self._fallback_found(question, self._so_far(state), meaning)
        if meaning.kind != ANSWER:
            state.failures += 1
            if state.failures > 1:
                return self._fallback_found(question, self._so_far(state), meaning)
            why = self.say["no_answer_heard"] if meaning.kind == SILENCE else \
                self.say["not_understood"]
            return self._reply([why, self._option_words(question, option),
                                self.say["help_yes_no"]], meaning)
        state.failures = 0
        state.confidence = min(state.confidence, confidence)
        if not option.op:  # a choice: yes takes it, no asks the next
            if meaning.value == "yes":
                return self._fallback_found(question, option.value, meaning)
            state.options.pop(0)
        else:
            state.parts.append(option.value if meaning.value == "yes" else option.otherwise)
            span = span_of(" and ".join(state.parts))
            assert span is not None
            state.options = [o for o in state.options[1:] if surely(o.op, span, o.cut) is None]
        if not state.options:
            return self._fallback_found(question, self._so_far(state), meaning)
        return self._reply([self._option_words(question, state.options[0])], meaning)

    def _fallback_found(self, question: Question, value: Any, meaning: Interpretation
                        ) -> Reply:
        """The fallback is over: take what it found like any answer (unknown at worst)."""
        state = self.fallback
        assert state is not None
        self.fallback = None
        if value == UNKNOWN:
            return self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])
        return self._answered(question, Interpretation(ANSWER, value, meaning.heard),
                              state.confidence)

    @staticmethod
    def _so_far(state: Fallback) -> str:
        """The value the answers so far give: the range for a number, else unknown."""
        span = span_of(" and ".join(state.parts))
        return UNKNOWN if span is None else range_words(span)

    def _option_words(self, question: Question, option: Option) -> str:
        if not option.op:
            label = _label(question, option.value)
            return self.say["one_choice"].replace("{choice}", label[:1].upper() + label[1:])
        amount = self._amount(question, option.cut)
        if option.op == ">":
            return self.say["more_than"].replace("{amount}", amount)
        return self.say["at_least"].replace("{amount}", amount)

    def _amount(self, question: Question, cut: float) -> str:
        """A cut-off in words: "a week" for 7 days, else "3 days" or "7"."""
        unit = question.finding.unit
        if unit == "days":
            for name, days in self.dialog.language.duration_units.items():
                if days == cut and days > 1 and not name.endswith("s"):
                    return f"a {name}"
        return f"{cut:g} {unit}".strip()

    def _options(self, question: Question) -> list[Option]:
        finding = question.finding
        findings = self.model.findings
        if finding.type == "choice":
            return [Option(c) for c in self._most_dangerous_first(question)]
        if finding.type != "number":
            return []
        # Each cut-off the rules compare the number with, if a rule using it could still
        # fire: the one that could raise the outcome most (then the one most rules use)
        # first. "More than 7" and "7 or less" are one question.
        # The advice's cut-offs come last: they change what is said, not the outcome.
        weight: dict[tuple[str, float], tuple[int, int]] = {}  # (best level, how many)
        marked = [(LEVELS.index(r.level), r.condition) for r in self.dialog.rules
                  if could_fire(r, findings, self.consequences.values, self.dialog.alarm_keys)]
        spoken = self._advice_that_may_be_said()
        marked += [(-1, a.when) for a in self.dialog.advice.values()
                   if a.when is not None and a.id in spoken]
        for level, condition in marked:
            for op, cut in condition.comparisons.get(finding.key, frozenset()):
                if op in ("==", "!="):
                    continue
                asked = ">" if op in (">", "<=") else ">="
                best, count = weight.get((asked, cut), (-2, 0))
                weight[(asked, cut)] = (level, 1) if level > best else \
                    (best, count + (level == best))
        # Then the highest cut: a yes to it settles the lower ones too.
        ranked = sorted(weight, key=lambda k: (weight[k], k[1]), reverse=True)
        return [Option(as_more_than(cut, "yes"), as_more_than(cut, "no"), op, cut)
                if op == ">" else Option(as_range(cut, "yes"), as_range(cut, "no"), op, cut)
                for op, cut in ranked if _inside(question, cut)]

    def _advice_that_may_be_said(self) -> set[str]:
        """Advice of an outcome the screening may still reach, or of a rule that may still
        fire."""
        rank = LEVELS.index(self.model.level)
        ids = {a for level, text in self.dialog.outcomes.items()
               if LEVELS.index(level) >= rank for a in text.advice}
        ids |= {a for r in self.dialog.rules for a in r.advice
                if could_fire(r, self.model.findings, self.consequences.values,
                              self.dialog.alarm_keys)}
        return ids

    def _most_dangerous_first(self, question: Question) -> list[str]:
        """The choices, those that could lead to the most urgent outcome first (the
        question's own order otherwise)."""
        key = question.finding.key
        findings = self.model.findings
        consequences = self.consequences

        def danger(choice: str) -> tuple[int, int]:
            trial = {**findings, key: choice}
            levels = [LEVELS.index(r.level) for r in self.dialog.rules if key in r.reads
                      and could_fire(r, trial, consequences.values, self.dialog.alarm_keys)]
            alarms = consequences.alarms_from(question, trial, self.model.floor)
            return max(levels, default=0), len(alarms)

        return sorted(question.finding.choices, key=danger, reverse=True)


def _inside(question: Question, cut: float) -> bool:
    """Whether ``cut`` is on the finding's scale (so that yes and no are both possible)."""
    return question.finding.minimum <= cut <= question.finding.maximum


def _label(question: Question, choice: str) -> str:
    """How a choice is said on its own: the question's first longer phrase that starts
    with it ("lower back", "left side"), else the choice itself."""
    said = choice.replace("_", " ")
    return next((p for p in question.phrases.get(choice, ()) if p.startswith(f"{said} ")),
                said)
