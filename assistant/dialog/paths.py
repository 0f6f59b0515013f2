"""Check the flow over every path through it, by walking the real machine's transitions.

Every answer a question can get is tried at every question on every path: yes, no and
unknown; each choice and unknown; for numbers, values on both sides of every threshold
the conditions use, plus unknown. On each path it checks the safety rules of the guide.

The number of paths grows as a product of the answers, so the walk shares work: two
partial paths that reach the same question with the same values for everything that
can still matter (findings read by rules or conditions still ahead, the rules already
settled, and whether an alarm sign was unknown) have the same futures. Each future is
walked once and its figures are added for every path that reaches it, so every path is
counted and checked without being walked one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from .carried import CarriedScreening, Ranked
from .coverage import Coverage, values_worth_trying
from .expr import LEVELS, UNKNOWN
from .machine import Named, is_settled, start_machine
from .model import STOPPED, Dialog, Finding, Question, Rule
from .threshold import as_range
from .triage import level_of

MAX_VIOLATIONS = 20

Slot = tuple[tuple[str, Any], Callable[[Any, dict[str, Any]], Any], Any]
"""A value a path's key is made of: its name, how to work it out from the findings, and
what of (a rule, a condition)."""


@dataclass
class Tally:
    """Figures for all paths from one point of the flow to their outcomes."""

    paths: int = 0
    lengths: Counter[int] = field(default_factory=Counter)
    """Questions still to be asked -> number of paths."""
    outcomes: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    """Each broken rule with the path (from this point) that breaks it."""
    gaps: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Alarm finding never asked on a path to an outcome it could have raised -> the
    shortest such path (its length and the path with what it misses)."""

    def add(self, value: str, sub: Tally, asked: bool = True) -> None:
        """Add the paths of ``sub``, reached by answering ``value`` (``asked``: a question
        was put to the person; a question passed over because it was known was not)."""
        step = 1 if asked else 0
        self.paths += sub.paths
        self.lengths.update({n + step: c for n, c in sub.lengths.items()})
        self.outcomes.update(sub.outcomes)
        room = MAX_VIOLATIONS - len(self.violations)
        self.violations += [f"{value} -> {v}" for v in sub.violations[:room]]
        for finding, (length, path) in sub.gaps.items():
            mine = self.gaps.get(finding)
            if mine is None or length + 1 < mine[0]:
                self.gaps[finding] = (length + 1, f"{value} -> {path}")


@dataclass
class PathReport:
    """What walking every path found."""

    states: int
    tally: Tally
    unreachable: list[str]

    @property
    def violations(self) -> list[str]:
        return self.tally.violations

    @property
    def gaps(self) -> list[str]:
        """Each alarm sign some path leaves unasked, with the shortest such path."""
        return [f"'{finding}' is never asked on: {path}"
                for finding, (_, path) in sorted(self.tally.gaps.items())]

    @property
    def ok(self) -> bool:
        return not self.violations and not self.unreachable and not self.tally.gaps

    def figures(self) -> dict[str, Any]:
        lengths = self.tally.lengths or Counter({0: 1})
        return {
            "states": self.states,
            "paths": self.tally.paths,
            "questions_fewest": min(lengths),
            "questions_median": _median(lengths),
            "questions_most": max(lengths),
            "outcomes": {level: self.tally.outcomes.get(level, 0) for level in LEVELS},
        }


def _median(counts: Counter[int]) -> float:
    total = sum(counts.values())
    ordered = sorted(counts.items())

    def nth(n: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        return ordered[-1][0]

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def answers_for(question: Question, dialog: Dialog) -> list[Any]:
    """Every answer worth trying at ``question``."""
    if question.members:
        # Yes and unsure both lead to the signs one by one; or some signs are named.
        named = sorted(question.names)
        subsets = [Named(frozenset(k for i, k in enumerate(named) if mask >> i & 1))
                   for mask in range(1, 2 ** len(named))]
        return ["yes", "no", *subsets]
    if question.at_least is not None:
        # A number said instead falls on one side of the cut: the same to every condition
        # (the loader checks that each one is decided by the cut).
        return [as_range(question.at_least, "yes"), as_range(question.at_least, "no"), UNKNOWN]
    return values_of(question.finding, dialog)


def values_of(finding: Finding, dialog: Dialog, conditions: list[Any] | None = None
              ) -> list[Any]:
    """Every value of ``finding`` worth trying: each on its side of every threshold."""
    return values_worth_trying(finding, conditions or _conditions(dialog))


def _conditions(dialog: Dialog) -> list[Any]:
    found = [r.condition for r in dialog.rules]
    for q in dialog.questions.values():
        found += [b.condition for b in q.branches if b.condition is not None]
    return found


def emergency_signs(dialog: Dialog) -> set[str]:
    """Yes/no findings whose "yes" alone makes the outcome an emergency."""
    # A finding no rule reads gives the level of no answers at all: trying only the read
    # ones keeps this linear in the rules (20,000 declared findings took 10 s here).
    read = {k for r in dialog.rules for k in r.reads}
    alone = level_of(dialog, {}) == "emergency"
    return {k for k, f in dialog.findings.items() if f.type == "yes_no" and (
        level_of(dialog, {k: "yes"}) == "emergency" if k in read else alone)}


class _Walker:
    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        self.model = CarriedScreening(dialog)
        self.machine = start_machine(dialog, self.model)
        self.visited: set[str] = set()
        self.on_path: set[str] = set()
        self.memo: dict[tuple[Any, ...], Tally] = {}
        self.signs = emergency_signs(dialog)
        self.alarms = dialog.alarm_keys
        self.moves: dict[str, list[tuple[str, list[Callable[[], bool]]]]] = {}
        # The guards read the model of the event they are given: here, always the walker's.
        event = SimpleNamespace(model=self.model)
        for source, transitions in self.machine.events["answered"].transitions.items():
            self.moves[source] = [(str(t.dest), [_check(c, event) for c in t.conditions])
                                  for t in transitions]
        self.answers = {qid: answers_for(q, dialog) for qid, q in dialog.questions.items()}
        conditions = _conditions(dialog)
        self.coverage = Coverage(dialog, {k: values_of(f, dialog, conditions)
                                          for k, f in dialog.findings.items()})
        self._plan_keys()
        self._plan_slots()

    def _plan_keys(self) -> None:
        """For each question: the findings that can still matter, and the settled rules."""
        ahead: dict[str, set[str]] = {}
        for qid in self.dialog.questions:
            ahead[qid] = self._reachable(qid)
        self.key_conditions: dict[str, list[Any]] = {}
        self.key_members: dict[str, tuple[str, ...]] = {}
        self.key_known: dict[str, tuple[str, ...]] = {}
        self.open_rules: dict[str, list[Any]] = {}
        self.settled: dict[str, list[Any]] = {}
        for qid, reachable in ahead.items():
            asked_ahead = {k for q in reachable for k in self.dialog.questions[q].keys}
            open_rules = [r for r in self.dialog.rules
                          if self.coverage.reads[r.id] and
                          set(self.coverage.reads[r.id]) & asked_ahead]
            self.open_rules[qid] = open_rules
            # The conditions of the ways on are summed up by their signatures too (a
            # condition that reads no finding depends only on the level and the rules).
            conditions = {id(b.condition): b.condition for q in reachable
                          for b in self.dialog.questions[q].branches
                          if b.condition is not None and b.condition.reads}
            self.key_conditions[qid] = list(conditions.values())
            # Of the findings asked ahead, whether they are known matters as well: a known
            # one is not asked again. For a group's sign, so does its value: a sign already
            # known to be present has its group asked one sign at a time.
            members = {k for q in reachable for k in self.dialog.questions[q].members}
            self.key_known[qid] = tuple(sorted(asked_ahead - members))
            self.key_members[qid] = tuple(sorted(members))
            # (What the open rules read is summed up by their signatures.)
            self.settled[qid] = [r for r in self.dialog.rules if r not in open_rules]

    def _plan_slots(self) -> None:
        """Name what the keys are made of, to be carried from step to step while the
        findings it reads stay the same (what it is depends on those findings only)."""
        carried = self.model.carried
        coverage = self.coverage
        for rule in self.dialog.rules:
            for kind in ("signature", "unasked"):
                carried.track((kind, rule.id), coverage.reads[rule.id])
        for conditions in self.key_conditions.values():
            for condition in conditions:
                carried.track(("condition", id(condition)), condition.reads)

        def unasked(rule: Rule, findings: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
            missing = coverage.unasked(rule, findings)
            return (rule.id, tuple(missing)) if missing else None

        self.condition_slots: dict[str, list[Slot]] = {}
        self.rule_slots: dict[str, list[Slot]] = {}
        self.unasked_slots: dict[str, list[Slot]] = {}
        self.settled_ranked: dict[str, Ranked] = {}
        for qid in self.dialog.questions:
            self.condition_slots[qid] = [(("condition", id(c)), coverage.condition_signature, c)
                                         for c in self.key_conditions[qid]]
            self.rule_slots[qid] = [(("signature", r.id), coverage.signature, r)
                                    for r in self.open_rules[qid]]
            self.unasked_slots[qid] = [(("unasked", r.id), unasked, r)
                                       for r in self.settled[qid]]
            self.settled_ranked[qid] = self.model.ranked(self.settled[qid])
        # At an outcome, the gaps are those of the rules above it.
        self.gap_slots: dict[str, list[Slot]] = {
            level: [(("unasked", r.id), unasked, r) for r in self.dialog.rules
                    if LEVELS.index(r.level) > LEVELS.index(level)]
            for level in LEVELS}
        self.outcome_gaps: dict[tuple[Any, ...], dict[str, str]] = {}

    def _carried(self, slots: list[Slot]) -> tuple[Any, ...]:
        """The value of each slot for the findings now: kept, or worked out and kept."""
        values = self.model.carried.values
        try:
            return tuple([values[name] for name, _, _ in slots])
        except KeyError:
            findings = self.model.findings
            for name, work_out, item in slots:
                if name not in values:
                    values[name] = work_out(item, findings)
            return tuple([values[name] for name, _, _ in slots])

    def _reachable(self, start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            state = todo.pop()
            if state in seen or state not in self.dialog.questions:
                continue
            seen.add(state)
            todo += [dest for dest, _ in self.moves.get(state, [])]
        return seen

    def key(self, state: str, flag: bool) -> tuple[Any, ...]:
        model = self.model
        findings = model.findings
        settled = model.first_holding(self.settled_ranked[state])
        values = self._carried(self.condition_slots[state])
        known = (tuple(k in findings for k in self.key_known[state]),
                 tuple(findings.get(k) for k in self.key_members[state]))
        rules = self._carried(self.rule_slots[state])
        unasked = frozenset(u for u in self._carried(self.unasked_slots[state]) if u is not None)
        return (state, flag, settled, self.model.floor, values, known, rules, unasked)

    def next_state(self, state: str) -> str | None:
        for dest, checks in self.moves.get(state, []):
            for check in checks:
                if not check():
                    break
            else:
                return dest
        return None

    def walk(self, state: str, flag: bool) -> Tally:
        self.visited.add(state)
        if state in LEVELS:
            tally = Tally(1, Counter({0: 1}), Counter({state: 1}))
            if state == "self_care" and flag:
                tally.violations.append("self_care, although an alarm sign was unknown")
            # The gaps are those of the rules' unasked signs, which are kept: the same
            # unasked signs, the same gaps.
            unasked = (state, self._carried(self.gap_slots[state]))
            gaps = self.outcome_gaps.get(unasked)
            if gaps is None:
                gaps = self.outcome_gaps[unasked] = self.coverage.gaps(state, self.model.findings)
            for finding, why in gaps.items():
                tally.gaps[finding] = (0, f"{state}, {why}")
            return tally
        key = self.key(state, flag)
        if key in self.memo:
            return self.memo[key]
        self.on_path.add(state)
        total = Tally()
        question = self.dialog.questions[state]
        finding = question.finding.key
        settled = is_settled(question, self.model.findings)
        if settled:
            self.model.state = state
            self.model.skip()
            total.add(f"({state} known)", self._step(state, finding, None, flag), asked=False)
            self.model.undo_last()
        for value in [] if settled else self.answers[state]:
            self.model.state = state
            self.model.answer(question, value)
            label = f"{state}={_show(value)}"
            total.add(label, self._step(state, finding, value, flag))
            self.model.undo_last()
        self.on_path.discard(state)
        self.memo[key] = total
        return total

    def _step(self, state: str, finding: str, value: Any, flag: bool) -> Tally:
        dest = self.next_state(state)
        if dest is None:
            return _broken("no transition fits this answer")
        if dest in self.on_path:
            return _broken(f"goes round in a loop back to '{dest}'")
        problems = []
        if self.model.level == "emergency" and dest != "emergency":
            problems.append(f"the answers make it an emergency, but the questions go on to "
                            f"'{dest}'")
        if finding in self.signs and value == "yes" and dest != "emergency":
            problems.append(f"yes to emergency sign '{finding}' does not end in emergency")
        sub = self.walk(dest, flag or (value == UNKNOWN and finding in self.alarms))
        if problems:
            sub = Tally(sub.paths, sub.lengths, sub.outcomes, [*problems, *sub.violations])
        return sub


def _broken(message: str) -> Tally:
    return Tally(violations=[message])


def _check(condition: Any, event: Any) -> Callable[[], bool]:
    func, target = condition.func, condition.target
    return lambda: bool(func(event)) == target


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def check_paths(dialog: Dialog) -> PathReport:
    """Walk every path from the start; report figures and every rule broken."""
    walker = _Walker(dialog)
    tally = walker.walk(dialog.start, False)
    unreachable = [s for s in [*dialog.questions, *LEVELS]
                   if s not in walker.visited and s != STOPPED]
    return PathReport(len(dialog.questions) + len(LEVELS), tally, unreachable)
