"""The screening as a ``transitions`` state machine, built from the dialogue data.

Questions and outcome levels are states. Triggers:

- ``answered``: the answer to the current question has been recorded; conditions taken
  from the question's ``next`` pick the destination (``finish`` becomes one transition per
  outcome level, guarded by what the rules say). Before those, a transition to
  ``stop_when`` (emergency) is tried, so such an answer ends the questions at once.
- ``go_back``: undo the last answer and return to the question it answered.
- ``emergency_phrase``: straight to ``emergency`` from any question.
- ``stop``: to ``stopped`` from any question.

This machine is the only place the flow lives; the path checker walks its transitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from transitions import Machine

from .expr import LEVELS, Condition, Context
from .model import FINISH, STOPPED, Dialog, Question
from .triage import level_of

_MISSING = object()


@dataclass(frozen=True)
class Named:
    """The answer to a group that named some of its signs."""

    keys: frozenset[str]

    def __str__(self) -> str:
        return "+".join(sorted(self.keys))


@dataclass(frozen=True)
class Step:
    """One entry of the undo history: the question it left, and what it changed."""

    state: str
    changes: tuple[tuple[str, Any], ...]
    """Each finding set, with its value before (``_MISSING`` if it had none)."""
    floor: str


class Screening:
    """The model the machine drives: findings so far and how to undo them."""

    # Set by transitions: the current state and one method per trigger.
    state: str
    answered: Callable[[], bool]
    go_back: Callable[[], bool]
    emergency_phrase: Callable[[], bool]
    stop: Callable[[], bool]

    def __init__(self, dialog: Dialog, known: dict[str, Any] | None = None) -> None:
        self.dialog = dialog
        self.findings: dict[str, Any] = dict(known or {})
        """Answers so far; starts with the facts known beforehand (the config file)."""
        self.history: list[Step] = []
        self.floor = "self_care"
        """Raised to ``emergency`` when an emergency phrase was heard."""
        self._level: str | None = None

    # -- what conditions read --------------------------------------------------------------
    @property
    def level(self) -> str:
        if self._level is None:
            rules = level_of(self.dialog, self.findings)
            self._level = max(rules, self.floor, key=LEVELS.index)
        return self._level

    def level_with(self, key: str, value: Any) -> str:
        """The level the rules would give if ``key`` were answered ``value``."""
        return self.level_with_all({key: value})

    def level_with_all(self, values: dict[str, Any]) -> str:
        """The level the rules would give with the findings ``values`` as well."""
        rules = level_of(self.dialog, {**self.findings, **values})
        return max(rules, self.floor, key=LEVELS.index)

    def context(self) -> Context:
        return Context(self.findings, self.level, self.dialog.alarm_keys)

    # -- changing findings -----------------------------------------------------------------
    def set_finding(self, key: str, value: Any) -> None:
        self._change({key: value})

    def answer(self, question: Question, value: Any) -> None:
        """Record the answer to ``question``. For a group, "no" answers every sign in it
        that has no answer yet; yes or unsure answers none (they are asked one by one)."""
        if not question.members:
            self._change({question.finding.key: value})
        elif value == "no":
            self._change({m: question.sign_value(m, "no") for m in question.members
                          if m not in self.findings})
        elif isinstance(value, Named):
            # "Yes, after lifting": the signs named are yes, the group's other signs that
            # could have been named are no; alarm signs are still asked one by one, and so
            # is a sign the way on depends on ("Stroke... yes" is no "no" to a stent put in
            # five days before: its yes opens questions of its own).
            branched = {key for branch in question.branches
                        if branch.condition and branch.goto not in question.members
                        for key in branch.condition.reads}
            self._change({m: question.sign_value(m, "yes" if m in value.keys else "no")
                          for m in question.names if m not in self.findings and
                          (m in value.keys or m not in branched)})
        else:
            self._change({})

    def also(self, key: str, value: Any) -> None:
        """Set a finding beside the last answer (a sign told in passing, asked out of turn):
        going back undoes it with that answer, as it was asked with it."""
        if not self.history:
            self.set_finding(key, value)
            return
        step = self.history[-1]
        if key not in dict(step.changes):
            self.history[-1] = replace(
                step, changes=(*step.changes, (key, self.findings.get(key, _MISSING))))
        self.findings[key] = value
        self._level = None

    def skip(self) -> None:
        """Leave a question unasked (its findings are already known): an undo step all the
        same, so that going back passes over it."""
        self._change({})

    def _change(self, values: dict[str, Any]) -> None:
        before = tuple((k, self.findings.get(k, _MISSING)) for k in values)
        self.history.append(Step(self.state, before, self.floor))
        self.findings.update(values)
        self._level = None

    def mark_emergency_phrase(self) -> None:
        self.history.append(Step(self.state, (), self.floor))
        self.floor = "emergency"
        self._level = None

    def undo_last(self) -> None:
        step = self.history.pop()
        for key, previous in step.changes:
            if previous is _MISSING:
                self.findings.pop(key, None)
            else:
                self.findings[key] = previous
        self.floor = step.floor
        self._level = None

    def previous_state(self) -> str | None:
        return self.history[-1].state if self.history else None


def is_settled(question: Question, findings: dict[str, Any]) -> bool:
    """Nothing to ask: the finding is known already (set in the config file, or answered
    on the way). A group with a sign known to be present (or unsure) is asked one sign at a
    time instead: a yes to the group would not say which. So is a group with one sign left
    to ask: its own question is shorter and does not ask again what was answered."""
    if question.members:
        known = [m for m in question.members if m in findings]
        return len(known) >= len(question.members) - 1 or \
            any(not question.sign_is_no(m, findings[m]) for m in known)
    return question.finding.key in findings


def _holds(model: Screening, condition: Condition | None) -> Callable[..., bool]:
    if condition is None:
        return lambda *_a, **_k: True
    return lambda *_a, **_k: condition(model.context())


def _level_is(model: Screening, level: str) -> Callable[..., bool]:
    return lambda *_a, **_k: model.level == level


def _came_from(model: Screening, state: str) -> Callable[..., bool]:
    return lambda *_a, **_k: model.previous_state() == state


def build_machine(dialog: Dialog, model: Screening) -> Machine:
    """A machine over ``model``, starting at the dialogue's first question."""
    transitions: list[dict[str, Any]] = []
    came_from: dict[str, set[str]] = {s: set() for s in [*dialog.questions, *LEVELS, STOPPED]}
    for qid, question in dialog.questions.items():
        stop_level = dialog.stop_when
        transitions.append({"trigger": "answered", "source": qid, "dest": stop_level,
                            "conditions": [_level_is(model, stop_level)]})
        came_from[stop_level].add(qid)
        for branch in question.branches:
            guard = _holds(model, branch.condition)
            targets = LEVELS if branch.goto == FINISH else (branch.goto,)
            for dest in targets:
                conditions = [guard]
                if branch.goto == FINISH:
                    conditions.append(_level_is(model, dest))
                transitions.append({"trigger": "answered", "source": qid, "dest": dest,
                                    "conditions": conditions})
                came_from[dest].add(qid)
        transitions.append({"trigger": "emergency_phrase", "source": qid,
                            "dest": "emergency", "before": model.mark_emergency_phrase})
        transitions.append({"trigger": "stop", "source": qid, "dest": STOPPED})
        came_from["emergency"].add(qid)
    for dest, sources in came_from.items():
        for source in sorted(sources):
            transitions.append({"trigger": "go_back", "source": dest, "dest": source,
                                "conditions": [_came_from(model, source)],
                                "before": model.undo_last})
    return Machine(model=model, states=[*dialog.questions, *LEVELS, STOPPED],
                   transitions=transitions, initial=dialog.start, auto_transitions=False,
                   send_event=False, ignore_invalid_triggers=False)
