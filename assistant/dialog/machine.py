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


Guard = Callable[[Any], bool]
"""A transition's condition: given the event (``send_event``), it reads ``event.model``."""


def _always(_event: Any) -> bool:
    return True


def _holds(condition: Condition | None) -> Guard:
    if condition is None:
        return _always
    return lambda event: condition(event.model.context())


def _level_is(level: str) -> Guard:
    return lambda event: event.model.level == level


def _came_from(state: str) -> Guard:
    return lambda event: event.model.previous_state() == state


def _mark_emergency_phrase(event: Any) -> None:
    event.model.mark_emergency_phrase()


def _undo_last(event: Any) -> None:
    event.model.undo_last()


def build_machine(dialog: Dialog) -> Machine:
    """The dialogue's machine, with no model yet: its conditions and callbacks read the
    model each event is for, so one machine can drive every screening of the dialogue."""
    transitions: list[dict[str, Any]] = []
    came_from: dict[str, set[str]] = {s: set() for s in [*dialog.questions, *LEVELS, STOPPED]}
    for qid, question in dialog.questions.items():
        stop_level = dialog.stop_when
        transitions.append({"trigger": "answered", "source": qid, "dest": stop_level,
                            "conditions": [_level_is(stop_level)]})
        came_from[stop_level].add(qid)
        for branch in question.branches:
            guard = _holds(branch.condition)
            targets = LEVELS if branch.goto == FINISH else (branch.goto,)
            for dest in targets:
                conditions = [guard]
                if branch.goto == FINISH:
                    conditions.append(_level_is(dest))
                transitions.append({"trigger": "answered", "source": qid, "dest": dest,
                                    "conditions": conditions})
                came_from[dest].add(qid)
        transitions.append({"trigger": "emergency_phrase", "source": qid,
                            "dest": "emergency", "before": _mark_emergency_phrase})
        transitions.append({"trigger": "stop", "source": qid, "dest": STOPPED})
        came_from["emergency"].add(qid)
    for dest, sources in came_from.items():
        for source in sorted(sources):
            transitions.append({"trigger": "go_back", "source": dest, "dest": source,
                                "conditions": [_came_from(source)], "before": _undo_last})
    return Machine(model=None, states=[*dialog.questions, *LEVELS, STOPPED],
                   transitions=transitions, initial=dialog.start, auto_transitions=False,
                   send_event=True, ignore_invalid_triggers=False)


_SHARED: dict[int, tuple[Dialog, Machine]] = {}
_SHARED_MOST = 8
"""Dialogues whose machines are kept (a test run loads many; a device, one)."""


def start_machine(dialog: Dialog, model: Screening) -> Machine:
    """The dialogue's machine, driving ``model`` from the first question.

    The machine is made once per dialogue: making its hundreds of transitions anew cost each
    screening more than its first answers. ``model`` keeps its triggers while the machine
    keeps no hold on it, since a screening ends without telling the machine."""
    kept = _SHARED.get(id(dialog))
    # The entry holds its dialogue, so no other can take its id while it is kept.
    if kept is None or kept[0] is not dialog:
        if len(_SHARED) >= _SHARED_MOST:
            _SHARED.clear()
        kept = _SHARED[id(dialog)] = (dialog, build_machine(dialog))
    machine = kept[1]
    machine.add_model(model)
    machine.remove_model(model)
    return machine
