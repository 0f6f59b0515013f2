"""Confirmation by consequence: which answers must be heard surely before they count.

A misheard answer costs most when it makes the screening less careful than the truth
would: a "no" to an alarm sign, a number below a rule's cut-off, a place or side that
leads past alarm questions another answer would have asked. Such answers are confirmed
unless the recognizer was very sure. What counts as such is read from the dialogue itself
(its rules and branches), not from a list of questions, so it follows the content when a
clinician changes it.

An answer that raises the outcome is held to the same bar (:meth:`Consequences.raises`;
the guide: an unsure answer that changes the outcome is confirmed), but it is taken when
the confirmation gets no answer: that mistake is the safe one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .coverage import could_fire, values_worth_trying
from .expr import LEVELS, UNKNOWN, Context
from .model import FINISH, Dialog, Question
from .triage import level_of

CONFIDENT_AT = 0.9
"""An answer with consequences (see :class:`Consequences`) counts without "Is that right?"
only when the recognizer's confidence is at least this. Recognizers give a logistic of
their margin over the rejection threshold, 0.5 at the threshold; 0.9 is a margin about
four times as wide as the one that gives 0.69, at which "up" was heard as "low" in the
recordings of issue 12. Calibrate it with ``backtalk bench`` on the tuning half of the
recordings: the confidence above which a wrong word is (nearly) never heard."""


class Consequences:
    """What an answer to a question would cost if it were misheard."""

    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        conditions = [r.condition for r in dialog.rules]
        self.values = {k: values_worth_trying(f, conditions) for k, f in dialog.findings.items()}
        self._alarms_after: dict[str, frozenset[str]] = {}

    def weighty(self, question: Question, value: Any, findings: Mapping[str, Any],
                floor: str = LEVELS[0]) -> bool:
        """Whether recording ``value`` would lower the outcome, or skip alarm questions,
        compared with another answer (or none) to ``question``."""
        changes = self.changes(question, value, findings)
        return self.lowers(changes, findings, floor) or \
            self.skips(question, value, findings, floor)

    @staticmethod
    def changes(question: Question, value: Any, findings: Mapping[str, Any]
                ) -> dict[str, Any]:
        """The findings recording ``value`` would set (a group's no answers each sign)."""
        if not question.members:
            return {question.finding.key: value}
        if value == "no":
            return {m: question.sign_value(m, "no") for m in question.members
                    if m not in findings}
        return {}

    def lowers(self, changes: Mapping[str, Any], findings: Mapping[str, Any],
               floor: str = LEVELS[0]) -> bool:
        """Whether ``changes`` rule out a rule that could raise the outcome above the level
        they give, where other answers would have left it possible. A no to an alarm sign
        always does: unsure, it would have stayed "possibly present"."""
        if any(value == "no" and self.dialog.findings[key].alarm
               for key, value in changes.items() if key in self.dialog.findings):
            return True
        before = {k: v for k, v in findings.items() if k not in changes}
        after = {**before, **changes}
        rank = max(LEVELS.index(level_of(self.dialog, after)), LEVELS.index(floor))
        alarms = self.dialog.alarm_keys
        return any(LEVELS.index(rule.level) > rank and rule.reads & changes.keys()
                   and could_fire(rule, before, self.values, alarms)
                   and not could_fire(rule, after, self.values, alarms)
                   for rule in self.dialog.rules)

    def raises(self, question: Question, value: Any, findings: Mapping[str, Any],
               floor: str = LEVELS[0]) -> bool:
        """Whether ``value`` keeps possible a rule above the outcome so far that another
        answer to ``question`` would rule out: a yes to an alarm sign (also when the rule
        waits on other answers: sudden pain, and then not after lifting), a number past a
        cut-off, "I don't know" to an alarm sign. A misheard one sends the person to a
        doctor they did not need."""
        if question.members:
            return False  # a group's yes says one of its signs, and each is then asked
        key = question.finding.key
        before = {k: v for k, v in findings.items() if k != key}
        rank = max(LEVELS.index(level_of(self.dialog, before)), LEVELS.index(floor))
        others = [v for v in self.values.get(key, []) if v != value and v != UNKNOWN]
        # "I don't know" to an alarm sign is read by no rule by name (any_alarm_unknown()
        # reads them all), but it raises the level at once, where a no would not.
        now = LEVELS.index(level_of(self.dialog, {**before, key: value}))
        if now > rank and any(LEVELS.index(level_of(self.dialog, {**before, key: other})) < now
                              for other in others):
            return True
        alarms = self.dialog.alarm_keys
        return any(LEVELS.index(rule.level) > rank and key in rule.reads
                   and could_fire(rule, {**before, key: value}, self.values, alarms)
                   and any(not could_fire(rule, {**before, key: other}, self.values, alarms)
                           for other in others)
                   for rule in self.dialog.rules)

    def skips(self, question: Question, value: Any, findings: Mapping[str, Any],
              floor: str = LEVELS[0]) -> bool:
        """Whether ``value`` leads past alarm questions that another value of the same
        question leads to, while a rule reading them could still raise the outcome."""
        if question.members:
            return False  # a group's no answers its signs; anything else asks each one
        key = question.finding.key
        here = self.alarms_from(question, {**findings, key: value}, floor)
        others: set[str] = set()
        for other in self.values.get(key, [UNKNOWN]):
            if other != value:
                others |= self.alarms_from(question, {**findings, key: other}, floor)
        skipped = {k for k in others - here if k not in findings}
        if not skipped:
            return False
        after = {**findings, key: value}
        rank = max(LEVELS.index(level_of(self.dialog, after)), LEVELS.index(floor))
        alarms = self.dialog.alarm_keys
        return any(LEVELS.index(rule.level) > rank and rule.reads & skipped
                   and could_fire(rule, after, self.values, alarms)
                   for rule in self.dialog.rules)

    def alarms_from(self, question: Question, findings: Mapping[str, Any],
                     floor: str) -> frozenset[str]:
        """The alarm signs asked on the way on from ``question`` with these findings."""
        level = max(level_of(self.dialog, findings), floor, key=LEVELS.index)
        if level == self.dialog.stop_when:
            return frozenset()
        ctx = Context(findings, level, self.dialog.alarm_keys)
        for branch in question.branches:
            if branch.condition is None or branch.condition(ctx):
                return self.alarms_after(branch.goto)
        return frozenset()

    def alarms_after(self, start: str) -> frozenset[str]:
        """Alarm signs some path from question ``start`` asks (every branch followed)."""
        if start not in self._alarms_after:
            seen: set[str] = set()
            todo = [start]
            while todo:
                qid = todo.pop()
                if qid in seen or qid == FINISH or qid not in self.dialog.questions:
                    continue
                seen.add(qid)
                todo += [b.goto for b in self.dialog.questions[qid].branches]
            self._alarms_after[start] = frozenset(
                k for q in seen for k in self.dialog.questions[q].keys
                if k in self.dialog.alarm_keys)
        return self._alarms_after[start]
