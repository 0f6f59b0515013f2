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
from dataclasses import dataclass
from typing import Any

from transitions import Machine

from .expr import LEVELS, Condition, Context
from .model import FINISH, STOPPED, Dialog
from .triage import level_of

_MISSING = object()


@dataclass(frozen=True)
class Step:
    """One entry of the undo history."""

    state: str
    finding: str | None
    previous: Any
    floor: str


class Screening:
    """The model the machine drives: findings so far and how to undo them."""

    # Set by transitions: the current state and one method per trigger.
    state: str
    answered: Callable[[], bool]
    go_back: Callable[[], bool]
    emergency_phrase: Callable[[], bool]
    stop: Callable[[], bool]

    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        self.findings: dict[str, Any] = {}
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
        rules = level_of(self.dialog, {**self.findings, key: value})
        return max(rules, self.floor, key=LEVELS.index)

    def context(self) -> Context:
        return Context(self.findings, self.level, self.dialog.alarm_keys)

    # -- changing findings -----------------------------------------------------------------
    def set_finding(self, key: str, value: Any) -> None:
        self.history.append(Step(self.state, key, self.findings.get(key, _MISSING),
                                 self.floor))
        self.findings[key] = value
        self._level = None

    def mark_emergency_phrase(self) -> None:
        self.history.append(Step(self.state, None, _MISSING, self.floor))
        self.floor = "emergency"
        self._level = None

    def undo_last(self) -> None:
        step = self.history.pop()
        if step.finding is not None:
            if step.previous is _MISSING:
                self.findings.pop(step.finding, None)
            else:
                self.findings[step.finding] = step.previous
        self.floor = step.floor
        self._level = None

    def previous_state(self) -> str | None:
        return self.history[-1].state if self.history else None


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
