"""Conditions written by clinicians, e.g. ``fever and days > 4``.

A small, safe language parsed with :mod:`ast` and checked against the declared
findings when the dialogue is loaded, so that a misspelt finding or an
impossible value is reported at ``backtalk check`` time, not mid-conversation.

- a yes/no finding on its own means "answered yes": ``chest_pain``
- comparisons: ``location == lower``, ``side in [left, right]``, ``days > 4``,
  ``level >= urgent`` (``level`` is the outcome the rules give so far)
- ``unknown(a, b)``: any of them answered "unknown" (re-asks ran out)
- ``any_alarm_unknown()``: some alarm sign was answered "unknown"
- ``and``, ``or``, ``not`` and parentheses
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .threshold import span_of, surely

LEVELS = ("self_care", "soon", "urgent", "emergency")
"""Outcome levels, least urgent first (so a higher index is more urgent)."""

UNKNOWN = "unknown"


class ExpressionError(ValueError):
    """A condition does not parse or names something that does not exist."""


@dataclass(frozen=True)
class Context:
    """What a condition can see while it is evaluated."""

    findings: Mapping[str, Any]
    """Answers so far: "yes"/"no"/"unknown", a choice word, or a number."""
    level: str = "self_care"
    """The outcome level the rules give for the findings so far."""
    alarm_keys: frozenset[str] = field(default_factory=frozenset)
    """Findings that are alarm signs (for ``any_alarm_unknown()``)."""


@dataclass(frozen=True)
class Condition:
    """A compiled condition: its source text, the findings it reads, and how to test it."""

    text: str
    reads: frozenset[str]
    test: Callable[[Context], bool]
    numbers: Mapping[str, frozenset[float]]
    """For each number finding, the constants it is compared with (used to pick test values)."""
    comparisons: Mapping[str, frozenset[tuple[str, float]]] = field(default_factory=dict)
    """For each number finding, each ordered comparison made with it: (">=", 7)."""
    reads_level: bool = False
    """Whether it compares the ``level`` reached (not a finding, so not in ``reads``)."""
    reads_alarms: bool = False
    """Whether it reads every alarm sign (``any_alarm_unknown()``, not in ``reads``)."""

    def __call__(self, ctx: Context) -> bool:
        return self.test(ctx)


_SYMBOL: dict[type, str] = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
                            ast.Gt: ">", ast.GtE: ">="}

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


class _Compiler:
    def __init__(self, kinds: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
        # kinds: finding -> (type, choices); type is yes_no | choice | number
        self.kinds = kinds
        self.reads: set[str] = set()
        self.numbers: dict[str, set[float]] = {}
        self.comparisons: dict[str, set[tuple[str, float]]] = {}
        self.reads_level = False
        self.reads_alarms = False

    def compile(self, node: ast.AST) -> Callable[[Context], bool]:
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v) for v in node.values]
            if isinstance(node.op, ast.And):
                return lambda c: all(p(c) for p in parts)
            return lambda c: any(p(c) for p in parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.compile(node.operand)
            return lambda c: not inner(c)
        if isinstance(node, ast.Name):
            return self._bare(node.id)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise ExpressionError(f"'{ast.unparse(node)}' is not a condition")

    def _bare(self, name: str) -> Callable[[Context], bool]:
        kind = self._finding(name)
        if kind != "yes_no":
            raise ExpressionError(
                f"'{name}' is a {kind} finding; compare it, e.g. '{name} == ...'"
            )
        return lambda c: c.findings.get(name) == "yes"

    def _finding(self, name: str) -> str:
        if name not in self.kinds:
            raise ExpressionError(f"'{name}' is not a declared finding")
        self.reads.add(name)
        return self.kinds[name][0]

    def _call(self, node: ast.Call) -> Callable[[Context], bool]:
        func = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
        if node.keywords:
            raise ExpressionError(f"'{func}' takes no keyword arguments")
        if func == "any_alarm_unknown":
            if node.args:
                raise ExpressionError("any_alarm_unknown() takes no arguments")
            self.reads_alarms = True
            return lambda c: any(c.findings.get(k) == UNKNOWN for k in c.alarm_keys)
        if func == "unknown":
            names = []
            for arg in node.args:
                if not isinstance(arg, ast.Name):
                    raise ExpressionError("unknown(...) takes finding names")
                self._finding(arg.id)
                names.append(arg.id)
            if not names:
                raise ExpressionError("unknown(...) needs at least one finding")
            return lambda c: any(c.findings.get(n) == UNKNOWN for n in names)
        raise ExpressionError(f"'{func}' is not a known function (unknown, any_alarm_unknown)")

    def _compare(self, node: ast.Compare) -> Callable[[Context], bool]:
        if len(node.ops) != 1:
            raise ExpressionError(f"'{ast.unparse(node)}': compare one thing at a time")
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if not isinstance(left, ast.Name):
            raise ExpressionError(f"'{ast.unparse(node)}': put the finding on the left")
        name = left.id
        if name == "level":
            return self._compare_level(op, right)
        kind = self._finding(name)
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                raise ExpressionError(f"'{ast.unparse(node)}': 'in' needs a list like [a, b]")
            values = frozenset(self._value(name, kind, v) for v in right.elts)
            negate = isinstance(op, ast.NotIn)
            self._note(name, kind, "!=" if negate else "==", *values)
            return lambda c: (c.findings.get(name) in values) != negate
        fn = _COMPARE.get(type(op))
        if fn is None:
            raise ExpressionError(f"'{ast.unparse(node)}': unsupported comparison")
        value = self._value(name, kind, right)
        if isinstance(op, (ast.Eq, ast.NotEq)):
            self._note(name, kind, _SYMBOL[type(op)], value)
        else:
            if kind != "number":
                raise ExpressionError(f"'{name}' is not a number; use == or !=")
            self.numbers.setdefault(name, set()).add(float(value))
            symbol = _SYMBOL[type(op)]
            self._note(name, kind, symbol, value)

            def ordered(c: Context) -> bool:
                got = c.findings.get(name)
                if isinstance(got, (int, float)):
                    return bool(fn(got, value))
                # "7 or more" (a threshold asked directly): true only if true all over it.
                span = span_of(got)
                return span is not None and surely(symbol, span, value) is True

            return ordered
        return lambda c: fn(c.findings.get(name), value)

    def _note(self, name: str, kind: str, symbol: str, *values: Any) -> None:
        if kind == "number":
            self.comparisons.setdefault(name, set()).update(
                (symbol, float(v)) for v in values if v != UNKNOWN)

    def _compare_level(self, op: ast.cmpop, right: ast.expr) -> Callable[[Context], bool]:
        if not isinstance(right, ast.Name) or right.id not in LEVELS:
            raise ExpressionError(f"'level' compares with one of {', '.join(LEVELS)}")
        fn = _COMPARE.get(type(op))
        if fn is None:
            raise ExpressionError("'level' supports ==, !=, <, <=, >, >=")
        rank = LEVELS.index(right.id)
        self.reads_level = True
        return lambda c: fn(LEVELS.index(c.level), rank)

    def _value(self, name: str, kind: str, node: ast.expr) -> Any:
        if kind == "number":
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
                return node.value
            if isinstance(node, ast.Name) and node.id == UNKNOWN:
                return UNKNOWN
            raise ExpressionError(f"'{name}' is a number; compare it with a number")
        word = node.id if isinstance(node, ast.Name) else getattr(node, "value", None)
        allowed = ("yes", "no", UNKNOWN) if kind == "yes_no" else (*self.kinds[name][1], UNKNOWN)
        if word not in allowed:
            raise ExpressionError(
                f"'{ast.unparse(node)}' is not a value of {name} ({', '.join(allowed)})"
            )
        return word


def compile_condition(text: object, kinds: Mapping[str, tuple[str, tuple[str, ...]]]) -> Condition:
    """Parse and check a condition; raise ExpressionError saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("a condition must be text, e.g. 'fever and days > 4'")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"'{text}' does not parse ({exc.msg})") from exc
    compiler = _Compiler(kinds)
    test = compiler.compile(tree.body)
    numbers = {k: frozenset(v) for k, v in compiler.numbers.items()}
    comparisons = {k: frozenset(v) for k, v in compiler.comparisons.items()}
    return Condition(text.strip(), frozenset(compiler.reads), test, numbers, comparisons,
                     compiler.reads_level, compiler.reads_alarms)
