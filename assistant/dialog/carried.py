"""What each rule says, carried from one answer to the next while the findings it reads
stay the same.

The path checker works out, after every answer, the level (every rule's truth) and, at
every question, what the answers so far mean for each rule still open. One answer sets
one finding, or a group's few, and most rules read none of them: only the values that
read a changed finding are worked out again, and going back restores them as they were.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from .expr import LEVELS, Context
from .machine import Screening
from .model import Dialog, Rule

_MISSING = object()


class Carried:
    """Values that each depend on a few findings only, by name (``values``): a value is
    dropped when a finding it reads changes, and put back when that change is undone."""

    def __init__(self) -> None:
        self.values: dict[Hashable, Any] = {}
        """Name -> its value for the findings as they are now (if worked out since)."""
        self._readers: dict[str, list[Hashable]] = {}
        self._steps: list[dict[Hashable, Any]] = []
        """For each step not undone: the values it dropped, as they were before it."""

    def track(self, name: Hashable, reads: Iterable[str]) -> None:
        """Name a value that depends on the findings ``reads`` only."""
        for key in reads:
            self._readers.setdefault(key, []).append(name)

    def changed(self, keys: Iterable[str]) -> None:
        """A new step set the findings ``keys``."""
        dropped: dict[Hashable, Any] = {}
        values = self.values
        for key in keys:
            for name in self._readers.get(key, ()):
                if name not in dropped:
                    dropped[name] = values.pop(name, _MISSING)
        self._steps.append(dropped)

    def changed_again(self, key: str) -> None:
        """The last step set the finding ``key`` as well."""
        dropped = self._steps[-1]
        for name in self._readers.get(key, ()):
            before = self.values.pop(name, _MISSING)
            dropped.setdefault(name, before)

    def undone(self) -> None:
        """The last step was undone: its findings are as they were before it."""
        for name, before in self._steps.pop().items():
            if before is _MISSING:
                self.values.pop(name, None)
            else:
                self.values[name] = before


def _sees_level(rule: Rule) -> bool:
    return rule.condition.reads_level or bool(rule.scope and rule.scope.reads_level)


def _sees_alarms(rule: Rule) -> bool:
    return rule.condition.reads_alarms or bool(rule.scope and rule.scope.reads_alarms)


Ranked = list[tuple[int, Hashable | None, Rule]]
"""Rules most urgent first, each with its rank and the name its truth is kept under (None:
worked out each time, as it reads the level)."""


class CarriedScreening(Screening):
    """A screening that keeps each rule's truth while the findings it reads stay the same
    (and ``carried``, for values of the caller's that depend on a few findings each)."""

    def __init__(self, dialog: Dialog, known: dict[str, Any] | None = None) -> None:
        super().__init__(dialog, known)
        self.carried = Carried()
        for rule in dialog.rules:
            # any_alarm_unknown() reads every alarm sign, though they are not in its reads.
            self.carried.track(("applies", rule.id), rule.reads | (
                dialog.alarm_keys if _sees_alarms(rule) else frozenset()))
        # The rules give the level with no level known (as level_of does): a rule reading
        # the level sees it as self care, whatever the findings.
        self._ranked: Ranked = [(rank, ("applies", rule.id), rule)
                        for rank, _, rule in self.ranked(dialog.rules)]
        self._contexts: dict[str, Context] = {}
        """Level -> the context of the findings at that level: they are one dict, changed
        in place, so a context holds as long as the level does."""

    def ranked(self, rules: Iterable[Rule]) -> Ranked:
        """``rules`` for ``first_holding``."""
        return sorted(((LEVELS.index(r.level), None if _sees_level(r) else ("applies", r.id), r)
                       for r in rules), key=lambda t: -t[0])

    def first_holding(self, ranked: Ranked) -> int:
        """The rank of the most urgent of the ``ranked`` rules that holds now (as
        ``rule.applies(self.context())``), or 0 if none does."""
        values = self.carried.values
        for rank, name, rule in ranked:
            if name is None:
                truth: bool | None = bool(rule.applies(self.context()))
            else:
                truth = values.get(name)
                if truth is None:
                    truth = values[name] = bool(rule.applies(self._context(LEVELS[0])))
            if truth:
                return rank
        return 0

    @property
    def level(self) -> str:
        if self._level is None:
            # As level_of, but with the truths kept: this is asked after every answer.
            rank = self.first_holding(self._ranked)
            self._level = max(LEVELS[rank], self.floor, key=LEVELS.index)
        return self._level

    def context(self) -> Context:
        return self._context(self.level)

    def _context(self, level: str) -> Context:
        ctx = self._contexts.get(level)
        if ctx is None or ctx.findings is not self.findings:
            ctx = self._contexts[level] = Context(self.findings, level, self.dialog.alarm_keys)
        return ctx

    # -- changing findings -----------------------------------------------------------------
    def _change(self, values: dict[str, Any]) -> None:
        super()._change(values)
        self.carried.changed(values)

    def also(self, key: str, value: Any) -> None:
        new_step = not self.history
        super().also(key, value)
        if not new_step:
            self.carried.changed_again(key)

    def mark_emergency_phrase(self) -> None:
        super().mark_emergency_phrase()
        self.carried.changed(())

    def undo_last(self) -> None:
        super().undo_last()
        self.carried.undone()
