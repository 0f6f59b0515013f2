"""What a path never asks: the coverage property that ``backtalk check`` proves.

On every path that ends in an outcome, every alarm sign that a rule could still raise
above that outcome must have been asked (answered yes, no or unknown). A rule can still
fire when some values of the findings the path left unasked make its condition, and its
scope, hold; a rule the answers already rule out (``recent_angioplasty and cold_sweat``
after "no angioplasty", or a scope like "men only" after the config file says female)
needs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import product
from typing import Any

from .expr import LEVELS, UNKNOWN, Condition, Context
from .model import Dialog, Finding, Rule

MAX_TRIES = 4096
"""Combinations of unasked values tried per rule; past this, assume it can fire (safe)."""


def values_worth_trying(finding: Finding, conditions: Iterable[Condition]) -> list[Any]:
    """Every value of ``finding`` worth trying: each on its side of every threshold the
    ``conditions`` compare it with, and unknown."""
    if finding.type == "yes_no":
        return ["yes", "no", UNKNOWN]
    if finding.type == "choice":
        return [*finding.choices, UNKNOWN]
    points = {finding.minimum, finding.maximum}
    for condition in conditions:
        for t in condition.numbers.get(finding.key, ()):
            points.update({t - 1, t, t + 1})
    values = sorted(p for p in points if finding.minimum <= p <= finding.maximum)
    return [*values, UNKNOWN]


def could_fire(rule: Rule, findings: Mapping[str, Any], values: Mapping[str, list[Any]],
               alarms: frozenset[str] = frozenset()) -> bool:
    """Whether some answers to what ``findings`` leave unasked make ``rule`` hold (True
    when there are too many to try: the safe guess)."""
    open_keys = sorted(k for k in rule.reads if k not in findings)
    choices = [values[k] for k in open_keys]
    count = 1
    for c in choices:
        count *= len(c)
    if count > MAX_TRIES:
        return True
    for combo in product(*choices):
        trial = {**findings, **dict(zip(open_keys, combo, strict=True))}
        if rule.applies(Context(trial, alarm_keys=alarms)):
            return True
    return False


class Coverage:
    """Which alarm signs a path left unasked although a rule could still raise them."""

    def __init__(self, dialog: Dialog, values: Mapping[str, list[Any]]) -> None:
        self.dialog = dialog
        self.values = values
        """Finding -> the values worth trying (each side of every threshold, unknown)."""
        self.alarms = dialog.alarm_keys
        self.reads = {r.id: sorted(r.reads) for r in dialog.rules}
        self._cache: dict[tuple[Any, ...], bool] = {}
        self._signatures: dict[tuple[Any, ...], int] = {}
        self._numbered: dict[Any, int] = {}
        """Each distinct signature -> a small number: keys made of numbers hash fast, and
        a path's key is hashed at every step of the walk."""

    def could_fire(self, rule: Rule, findings: Mapping[str, Any]) -> bool:
        reads = self.reads[rule.id]
        key = (rule.id, tuple(findings.get(k) for k in reads))
        if key not in self._cache:
            self._cache[key] = could_fire(rule, findings, self.values, self.alarms)
        return self._cache[key]

    def signature(self, rule: Rule, findings: Mapping[str, Any]) -> int:
        """What the answers so far mean for ``rule``'s future: its truth for every way the
        unasked findings it reads may still be answered (or stay unasked), as a number
        (the same truths, the same number). Two paths with the same signature for every
        rule still open have the same futures."""
        return self._table(rule.id, self.reads[rule.id], findings, (LEVELS[0],),
                           lambda ctx: rule.applies(ctx))

    def condition_signature(self, condition: Condition, findings: Mapping[str, Any]) -> int:
        """The same for a condition of the flow (``next``'s ``if``), whose truth may also
        depend on the level reached: its truth at every level as well."""
        return self._table(id(condition), sorted(condition.reads), findings, LEVELS,
                           condition)

    def _table(self, name: Any, reads: list[str], findings: Mapping[str, Any],
               levels: tuple[str, ...], test: Callable[[Context], bool]) -> int:
        key = (name, tuple([findings.get(k) for k in reads]))
        number = self._signatures.get(key)
        if number is None:
            open_keys = [k for k in reads if k not in findings]
            choices = [[None, *self.values[k]] for k in open_keys]
            count = len(levels)
            for c in choices:
                count *= len(c)
            signature: Any = key
            if count <= MAX_TRIES:
                table = []
                for combo in product(*choices):
                    trial = {**findings, **{k: v for k, v in zip(open_keys, combo,
                                                                 strict=True) if v is not None}}
                    table += [test(Context(trial, level, self.alarms)) for level in levels]
                signature = (tuple(open_keys), tuple(table))
            number = self._signatures[key] = self._numbered.setdefault(
                signature, len(self._numbered))
        return number

    def unasked(self, rule: Rule, findings: Mapping[str, Any]) -> list[str]:
        """Alarm signs ``rule`` reads that the path has not asked, if it could still fire."""
        missing = [k for k in self.reads[rule.id] if k in self.alarms and k not in findings]
        return missing if missing and self.could_fire(rule, findings) else []

    def gaps(self, outcome: str, findings: Mapping[str, Any]) -> dict[str, str]:
        """For a path ending in ``outcome``: each unasked alarm sign and why it matters."""
        rank = LEVELS.index(outcome)
        found: dict[str, str] = {}
        for rule in self.dialog.rules:
            if LEVELS.index(rule.level) <= rank:
                continue
            for key in self.unasked(rule, findings):
                found.setdefault(key, f"'{key}' was never asked, and rule '{rule.id}' could "
                                 f"have made it {rule.level}")
        return found
