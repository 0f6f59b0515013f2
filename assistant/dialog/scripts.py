"""Scripted conversations (``dialogs/scripts/*.yaml``): what the user says, turn by turn,
and what must hold after each turn.

A script::

    name: Chest pain ends the questions at once
    emergency_number: "911"          # optional
    turns:
      - expect: {state: heart, says: [not a doctor]}   # the opening, before any answer
      - user: "yes"
        expect: {state: chest_pain}                  # the group's signs one by one
      - user: "yes"
        expect: {outcome: emergency, says: [ambulance, "911"]}

``user`` is what is said (``""`` for silence), optionally with the ``confidence`` a
recognizer gave it (default 1: typed); ``action: end`` stands for Ctrl-D / input ending.
``expect`` may hold ``state``, ``says`` (all must appear), ``not_says``, ``outcome`` (a
level, or ``stopped``), ``done``, ``findings`` (those given must match; ``null`` means
not set, e.g. after "go back"), ``questions_asked``, and the speaking ``rate`` (words per
minute) and ``volume`` that "slower", "faster", "louder", "quieter" change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlfile
from .conversation import Conversation
from .expr import LEVELS
from .model import Dialog
from .moves import Reply
from .reader import answer_value, closest

EXPECT_KEYS = {"state", "says", "not_says", "outcome", "done", "findings", "questions_asked",
               "rate", "volume"}
TURN_KEYS = {"user", "confidence", "action", "expect"}
SCRIPT_KEYS = {"name", "emergency_number", "turns"}


@dataclass
class TurnFailure:
    """One turn whose expectations did not hold."""

    turn: int
    user: str | None
    expected: list[str]
    actual: list[str]


@dataclass
class ScriptResult:
    """The outcome of running one script."""

    path: Path
    name: str
    turns: int = 0
    failures: list[TurnFailure] = field(default_factory=list)
    error: str = ""
    """Set when the script itself is broken (then it counts as failed)."""

    @property
    def passed(self) -> bool:
        return not self.failures and not self.error


def find_scripts(paths: list[Path]) -> list[Path]:
    """Script files named directly, or every ``*.yaml`` inside named folders."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return found


def run_script(path: Path, dialog: Dialog) -> ScriptResult:
    result = ScriptResult(path, path.stem)
    try:
        data = yamlfile.load(path)
        turns = _validate(data, path)
    except (yamlfile.DialogFileError, ScriptError) as exc:
        result.error = str(exc)
        return result
    result.name = str(data.get("name", path.stem))
    conversation = Conversation(dialog, str(data.get("emergency_number", "112")))
    reply = conversation.start()
    for number, turn in enumerate(turns):
        user = None
        if "user" in turn:
            user = "" if turn["user"] is None else yamlfile.as_word(turn["user"])
            reply = conversation.hear(user, float(turn.get("confidence", 1.0)))
        elif turn.get("action") == "end":
            reply = conversation.end()
        elif number > 0:
            result.error = f"{path}:{turn.line}: a turn after the first needs 'user' or 'action'"
            return result
        result.turns += 1
        expected, actual = _compare(turn.get("expect") or {}, conversation, reply)
        if expected:
            result.failures.append(TurnFailure(number, user, expected, actual))
    return result


class ScriptError(Exception):
    """The script file is not a valid scripted conversation."""


def _validate(data: Any, path: Path) -> list[Any]:
    if not isinstance(data, yamlfile.Located) or not isinstance(data.get("turns"),
                                                                 yamlfile.LocatedList):
        raise ScriptError(f"{path}: a script needs 'turns', a list")
    _known(data, SCRIPT_KEYS, path, "script key")
    if not isinstance(data.get("name", ""), str) or not str(
            data.get("emergency_number", "112")).isdigit():
        raise ScriptError(f"{path}:{data.line}: 'name' must be text and 'emergency_number' "
                          "digits")
    for i, turn in enumerate(data["turns"]):
        if not isinstance(turn, yamlfile.Located):
            raise ScriptError(f"{path}:{data['turns'].line_of(i)}: a turn must be a mapping")
        _known(turn, TURN_KEYS, path, "turn key")
        expect = turn.get("expect") or yamlfile.Located()
        if not isinstance(expect, yamlfile.Located):
            raise ScriptError(f"{path}:{turn.line}: 'expect' must be a mapping")
        _known(expect, EXPECT_KEYS, path, "expectation")
        if turn.get("action") not in (None, "end"):
            raise ScriptError(f"{path}:{turn.line}: the only action is 'end'")
        for key, ok, what in _VALUE_CHECKS:
            holder = turn if key in turn else expect
            if key in holder and not ok(holder[key]):
                raise ScriptError(f"{path}:{holder.line_of(key)}: '{key}' must be {what}")
    return list(data["turns"])


def _known(node: Any, known: set[str], path: Path, what: str) -> None:
    for key in node:
        if key not in known:
            raise ScriptError(f"{path}:{node.line_of(key)}: unknown {what} '{key}'"
                              f"{closest(key, sorted(known))}; use {', '.join(sorted(known))}")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _words(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(isinstance(v, (str, bool, int)) for v in items)


def _finding_values(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    try:
        [answer_value(v) for v in value.values() if v is not None]
    except ValueError:
        return False
    return True


_VALUE_CHECKS: tuple[tuple[str, Any, str], ...] = (
    ("user", lambda v: v is None or isinstance(v, (str, bool, int)), "what is said (text)"),
    ("confidence", lambda v: _number(v) and 0 <= v <= 1, "a number from 0 to 1"),
    ("state", lambda v: isinstance(v, str), "a state name"),
    ("says", _words, "a phrase or a list of phrases"),
    ("not_says", _words, "a phrase or a list of phrases"),
    ("outcome", lambda v: v in (*LEVELS, "stopped"), f"one of {', '.join(LEVELS)}, stopped"),
    ("done", lambda v: isinstance(v, bool), "true or false"),
    ("findings", _finding_values, "a mapping of findings to values"),
    ("questions_asked", lambda v: _number(v) and v == int(v), "a whole number"),
    ("rate", _number, "a number"),
    ("volume", _number, "a number"),
)


def _compare(expect: dict[str, Any], conversation: Conversation, reply: Reply
             ) -> tuple[list[str], list[str]]:
    expected: list[str] = []
    actual: list[str] = []
    said = reply.text
    summary = conversation.summary()
    outcome = "stopped" if summary["stopped"] else summary["outcome"]

    def differs(label: str, want: Any, got: Any) -> None:
        expected.append(f"{label}: {want}")
        actual.append(f"{label}: {got}")

    if "state" in expect and expect["state"] != reply.state:
        differs("state", expect["state"], reply.state)
    for phrase in _list(expect.get("says")):
        if phrase.lower() not in said.lower():
            differs("says", repr(phrase), repr(said))
    for phrase in _list(expect.get("not_says")):
        if phrase.lower() in said.lower():
            differs("does not say", repr(phrase), repr(said))
    if "outcome" in expect and expect["outcome"] != (outcome if reply.done else None):
        differs("outcome", expect["outcome"], outcome if reply.done else "(not ended)")
    if "done" in expect and bool(expect["done"]) != reply.done:
        differs("done", expect["done"], reply.done)
    if "questions_asked" in expect and expect["questions_asked"] != summary["questions_asked"]:
        differs("questions asked", expect["questions_asked"], summary["questions_asked"])
    for key in ("rate", "volume"):
        got = getattr(conversation.pace, key)
        if key in expect and float(expect[key]) != got:
            differs(key, expect[key], got)
    for key, value in (expect.get("findings") or {}).items():
        want = None if value is None else answer_value(value)  # null: not (or no longer) set
        got = summary["findings"].get(key)
        if got != want:
            differs(f"finding {key}", want, got)
    return expected, actual


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [yamlfile.as_word(v) for v in items]
