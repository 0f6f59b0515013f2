"""A number asked as a threshold: "Is the pain very strong, seven or more out of ten?"

Where the rules only ask whether a number reaches one cut-off, the question can ask that
directly: one idea, answered yes or no, instead of a scale a tired person must place
themselves on. The answer is kept as a range, worded for the clinician who reads the
record ("7 or more", "less than 7"); a number said instead is kept as said.
"""

from __future__ import annotations

import math
import re
from typing import Any

_AT_LEAST = re.compile(r"^(-?\d+(?:\.\d+)?) or more$")
_BELOW = re.compile(r"^less than (-?\d+(?:\.\d+)?)$")

ORDERED = (">=", ">", "<=", "<")


def as_range(cut: float, answer: str) -> str:
    """The range a yes or a no to "``cut`` or more?" stands for."""
    return f"{cut:g} or more" if answer == "yes" else f"less than {cut:g}"


def span_of(value: Any) -> tuple[float, float] | None:
    """``[low, high)`` for a range answer; None for anything else."""
    if not isinstance(value, str):
        return None
    if found := _AT_LEAST.match(value):
        return float(found[1]), math.inf
    if found := _BELOW.match(value):
        return -math.inf, float(found[1])
    return None


def surely(op: str, span: tuple[float, float], bound: float) -> bool | None:
    """Whether ``x op bound`` holds for every x in ``span`` (True), for none (False), or
    depends on where in it x is (None)."""
    low, high = span
    if op in (">=", ">"):
        if low > bound or (op == ">=" and low >= bound):
            return True
        return False if high <= bound else None
    if op in ("<", "<="):
        if high <= bound:
            return True
        return False if low > bound or (op == "<" and low >= bound) else None
    return None  # a range never says whether x equals a number


def decided_by(cut: float, op: str, bound: float) -> bool:
    """Whether a yes or a no to "``cut`` or more?" always settles ``x op bound``."""
    return all(surely(op, span, bound) is not None
               for span in ((cut, math.inf), (-math.inf, cut)))
