"""A number asked as a threshold: "Is the pain very strong, seven or more out of ten?"

Where the rules only ask whether a number reaches one cut-off, the question can ask that
directly: one idea, answered yes or no, instead of a scale a tired person must place
themselves on. The answer is kept as a range, worded for the clinician who reads the
record ("7 or more", "less than 7", "more than 7", "7 or less", or two of them joined by
"and" when a number was asked at two cut-offs); a number said instead is kept as said.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, NamedTuple

_NUMBER = r"(-?\d+(?:\.\d+)?)"
_EDGES = (
    # pattern, is it a lower edge, is the edge itself inside the range
    (re.compile(rf"^{_NUMBER} or more$"), True, True),
    (re.compile(rf"^more than {_NUMBER}$"), True, False),
    (re.compile(rf"^less than {_NUMBER}$"), False, False),
    (re.compile(rf"^{_NUMBER} or less$"), False, True),
)

ORDERED = (">=", ">", "<=", "<")


class Span(NamedTuple):
    """The numbers a range answer stands for: from ``low`` to ``high``, each edge in the
    range or not."""

    low: float
    high: float
    low_in: bool = True
    high_in: bool = False


def as_range(cut: float, answer: str) -> str:
    """The range a yes or a no to "``cut`` or more?" stands for."""
    return f"{cut:g} or more" if answer == "yes" else f"less than {cut:g}"


def as_more_than(cut: float, answer: str) -> str:
    """The range a yes or a no to "more than ``cut``?" stands for."""
    return f"more than {cut:g}" if answer == "yes" else f"{cut:g} or less"


def range_words(span: Span) -> str:
    """A span as the record words it: "more than 3 and 7 or less"."""
    parts = []
    if span.low > -math.inf:
        parts.append(f"{span.low:g} or more" if span.low_in else f"more than {span.low:g}")
    if span.high < math.inf:
        parts.append(f"{span.high:g} or less" if span.high_in else f"less than {span.high:g}")
    return " and ".join(parts)


def span_of(value: Any) -> Span | None:
    """The numbers a range answer stands for; None for anything else."""
    return _span_of_text(value) if isinstance(value, str) else None


@lru_cache(maxsize=512)  # read for every ordered condition on every step of the path checker
def _span_of_text(value: str) -> Span | None:
    span = Span(-math.inf, math.inf, False, False)
    for part in value.split(" and "):
        for pattern, lower, inside in _EDGES:
            if found := pattern.match(part.strip()):
                edge = float(found[1])
                if lower and (edge, not inside) > (span.low, not span.low_in):
                    span = span._replace(low=edge, low_in=inside)
                elif not lower and (edge, inside) < (span.high, span.high_in):
                    span = span._replace(high=edge, high_in=inside)
                break
        else:
            return None
    return span


def surely(op: str, span: Span, bound: float) -> bool | None:
    """Whether ``x op bound`` holds for every x in ``span`` (True), for none (False), or
    depends on where in it x is (None)."""
    low, high, low_in, high_in = span
    if op == ">=":
        if low >= bound:
            return True
        return False if high < bound or (high == bound and not high_in) else None
    if op == ">":
        if low > bound or (low == bound and not low_in):
            return True
        return False if high <= bound else None
    if op == "<=":
        if high <= bound:
            return True
        return False if low > bound or (low == bound and not low_in) else None
    if op == "<":
        if high < bound or (high == bound and not high_in):
            return True
        return False if low >= bound else None
    return None  # a range never says whether x equals a number


def decided_by(cut: float, op: str, bound: float) -> bool:
    """Whether a yes or a no to "``cut`` or more?" always settles ``x op bound``."""
    return all(surely(op, span, bound) is not None
               for span in (Span(cut, math.inf), Span(-math.inf, cut)))
