"""How sure a count is: the 95 % Wilson score interval of k right out of n.

A rate on a few dozen clips is a guess with a wide spread; the interval says how wide,
and unlike the normal approximation it stays inside 0..1 and is fair at 0/n and n/n,
which is where the targets (97 % right, 1 % false accepts) sit.
"""

from __future__ import annotations

import math
from typing import Any

Z95 = 1.959964
"""The normal quantile for a two-sided 95 % interval."""


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """(low, high) of the Wilson interval; (0, 1) when nothing was counted."""
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= k <= n:
        raise ValueError(f"{k} right out of {n} is not a count")
    p = k / n
    scale = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / scale
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / scale
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate(k: int, n: int) -> dict[str, Any]:
    """A count as the benchmark's JSON keeps it: k, n, the rate and its interval."""
    low, high = wilson(k, n)
    return {"right": k, "clips": n, "rate": round(k / n, 4) if n else None,
            "ci95": [round(low, 4), round(high, 4)]}


def shown(k: int, n: int) -> str:
    """``"284/291 (97.6%, 95% CI 95.1-98.8%)"``; ``"-"`` when nothing was counted."""
    if n <= 0:
        return "-"
    low, high = wilson(k, n)
    return f"{k}/{n} ({100 * k / n:.1f}%, CI {100 * low:.1f}-{100 * high:.1f}%)"
