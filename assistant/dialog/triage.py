"""Findings -> outcome: the most urgent level any rule reaches, with who to see and advice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .expr import LEVELS, UNKNOWN, Context
from .model import Dialog, Rule, Source


@dataclass(frozen=True)
class Outcome:
    """What the screening concludes from the findings."""

    level: str
    """One of ``emergency``, ``urgent``, ``soon``, ``self_care``."""
    next_step: str
    """The spoken next step for this level, with the emergency number filled in."""
    reasons: tuple[str, ...]
    """What the signs may point to (from the rules that reached this level)."""
    specialists: tuple[str, ...]
    advice: tuple[str, ...]
    """Advice ids, most specific first."""
    rules: tuple[str, ...]
    """Ids of every rule that matched, at any level."""
    sources: tuple[Source, ...]


def level_of(dialog: Dialog, findings: Mapping[str, Any]) -> str:
    """The outcome level for ``findings`` (cheap: used after every answer)."""
    ctx = Context(findings, alarm_keys=dialog.alarm_keys)
    best = 0
    for rule in dialog.rules:
        rank = LEVELS.index(rule.level)
        if rank > best and rule.applies(ctx):
            best = rank
    return LEVELS[best]


def triage(dialog: Dialog, findings: Mapping[str, Any], emergency_number: str = "112",
           floor: str = "self_care") -> Outcome:
    """Decide the outcome. ``floor`` raises the level (e.g. an emergency phrase was heard)."""
    ctx = Context(findings, alarm_keys=dialog.alarm_keys)
    matched = [rule for rule in dialog.rules if rule.applies(ctx)]
    rank = max([LEVELS.index(floor)] + [LEVELS.index(r.level) for r in matched])
    level = LEVELS[rank]
    top: list[Rule] = [r for r in matched if r.level == level]
    text = dialog.outcomes[level]
    specialists = _unique(s for r in top for s in r.specialists) or text.specialists
    # An appointment soon keeps the advice for what brought the pain on (stress, lifting,
    # the mattress): the doctor is days away, and the articles' advice still holds.
    below = [r for r in matched if r.level == "self_care"] if level == "soon" else []
    said = replace(ctx, level=level)
    advice = _unique(a for a in [*(a for r in top for a in r.advice), *text.advice,
                                 *(a for r in below for a in r.advice)]
                     if _holds(dialog.advice[a].when, said))
    sources = _unique([*(s for r in top for s in r.sources), *_unsure_sources(dialog, top, ctx),
                       *text.sources, *(s for a in advice for s in dialog.advice[a].sources)])
    return Outcome(
        level=level,
        next_step=fill(text.say, emergency_number),
        reasons=_unique(r.reason for r in top),
        specialists=specialists,
        advice=advice,
        rules=tuple(r.id for r in matched),
        sources=sources,
    )


def _unsure_sources(dialog: Dialog, top: list[Rule], ctx: Context) -> list[Source]:
    """When an unsure answer to an alarm sign sets the level, the passages that name the
    sign say why it matters."""
    if not any(r.condition.text == "any_alarm_unknown()" for r in top):
        return []
    unsure = {k for k in dialog.alarm_keys if ctx.findings.get(k) == UNKNOWN}
    return [s for q in dialog.questions.values()
            if not q.members and q.finding.key in unsure for s in q.sources]


def _holds(condition: Any, ctx: Context) -> bool:
    return condition is None or bool(condition(ctx))


def fill(text: str, emergency_number: str) -> str:
    return text.replace("{emergency_number}", emergency_number)


def _unique(items: Any) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))
