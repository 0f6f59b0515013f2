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


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """(low, high) of the Wilson interval; (0, 1) when nothing was counted. ``k`` and
    ``n`` may be effective counts (see :func:`clustered`)."""
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= k <= n:
        raise ValueError(f"{k} right out of {n} is not a count")
    p = k / n
    scale = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / scale
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / scale
    return (max(0.0, centre - half), min(1.0, centre + half))


def design_effect(groups: list[tuple[int, int]]) -> float:
    """How many times fewer independent counts ``groups`` of (right, tried) hold than their
    sum: 1 + (m - 1) * the intra-group correlation (one-way ANOVA estimate, m the mean
    group size). With no spread to estimate it from (all right, or all wrong), each group
    counts once: the size of the groups."""
    groups = [(k, n) for k, n in groups if n > 0]
    total = sum(n for _, n in groups)
    if len(groups) < 2 or total <= len(groups):
        return 1.0
    m = total / len(groups)
    p = sum(k for k, _ in groups) / total
    between = sum(n * (k / n - p) ** 2 for k, n in groups) / (len(groups) - 1)
    within = sum(k * (1 - k / n) for k, n in groups) / (total - len(groups))
    if between + within == 0:
        return m
    rho = (between - within) / (between + (m - 1) * within)
    return 1 + (m - 1) * min(1.0, max(0.0, rho))


def clustered(groups: list[tuple[int, int]]) -> dict[str, Any]:
    """A count made of groups that are not independent (one patient screened three
    times): the Wilson interval of the effective counts, the sum shrunk by
    :func:`design_effect`."""
    effect = design_effect(groups)
    return {**rate(sum(g[0] for g in groups), sum(g[1] for g in groups), effect),
            "design_effect": round(effect, 3)}


def rate(k: int, n: int, effect: float = 1.0) -> dict[str, Any]:
    """A count as the benchmark's JSON keeps it: k, n, the rate and its interval (that of
    the count shrunk by ``effect``, a design effect, when its parts are not independent)."""
    low, high = wilson(k / effect, n / effect)
    return {"right": k, "clips": n, "rate": round(k / n, 4) if n else None,
            "ci95": [round(low, 4), round(high, 4)]}


def shown_rate(counted: dict[str, Any]) -> str:
    """A count as :func:`rate` or :func:`clustered` keep it, as :func:`shown` writes it."""
    k, n = counted["right"], counted["clips"]
    if n <= 0:
        return "-"
    low, high = counted["ci95"]
    return f"{k}/{n} ({100 * k / n:.1f}%, CI {100 * low:.1f}-{100 * high:.1f}%)"


def shown(k: int, n: int) -> str:
    """``"284/291 (97.6%, 95% CI 95.1-98.8%)"``; ``"-"`` when nothing was counted."""
    return shown_rate(rate(k, n))
