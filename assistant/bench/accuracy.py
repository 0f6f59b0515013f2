"""Summing up decoded clips into the benchmark's figures, and re-reading the same decodes
at other rejection margins to show what each would have traded."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ..dialog.matcher import ANSWER, Matcher
from ..dialog.model import Dialog
from .clips import GROUPS, NOISE, NON_ANSWER
from .decoding import Outcome
from .interval import rate

MARGINS = (-300.0, -200.0, -100.0, -50.0, 0.0, 100.0)
"""Rejection margins whose trade-off is re-read from the same decodes (pocketsphinx)."""


def summarize(outcomes: Sequence[Outcome], dialog: Dialog, matcher: Matcher
              ) -> dict[str, Any]:
    """The figures of one run: accuracy per group and per word, false accepts on other
    words and on noise, each with its 95 % interval; speed and (for an engine that
    reports a rejection margin) the margins and their trade-off."""
    groups: dict[str, Any] = {}
    for group in GROUPS:
        mine = [o for o in outcomes if o.trial.group == group]
        groups[group] = {**_rate(sum(o.right for o in mine), len(mine)),
                         "words": _per_word(mine, lambda o: o.right)}
    audio = sum(o.audio_seconds for o in outcomes)
    decode = sum(o.decode_seconds for o in outcomes)
    cpu = sum(o.cpu_seconds for o in outcomes)
    decoded = sum(o.utterance is not None for o in outcomes)
    result: dict[str, Any] = {
        "groups": groups,
        "false_accepts": _false_accepts([o for o in outcomes if o.trial.group == NON_ANSWER]),
        "noise_accepts": _false_accepts([o for o in outcomes if o.trial.group == NOISE]),
        "rtf": round(decode / audio, 4) if audio else None,
        "rtf_cpu": round(cpu / audio, 4) if audio else None,
        "audio_seconds": round(audio, 2), "decode_seconds": round(decode, 2),
        "cpu_seconds": round(cpu, 3), "answers_decoded": decoded,
        "cpu_ms_per_answer": round(1000 * cpu / decoded, 1) if decoded else None,
        "wall_ms_per_answer": round(1000 * decode / decoded, 1) if decoded else None,
        "not_heard": sum(o.utterance is None for o in outcomes if o.trial.expected is not None),
    }
    if any(isinstance((o.utterance.details if o.utterance else {}).get("margin"), float)
           for o in outcomes):
        result["margins"] = margins(outcomes, dialog, matcher)
        result["margin_curve"] = margin_curve(outcomes, dialog, matcher)
    return result


def _rate(right: int, clips: int) -> dict[str, Any]:
    return rate(right, clips)


def _per_word(outcomes: Sequence[Outcome], hit: Callable[[Outcome], bool]
              ) -> dict[str, Any]:
    words = dict.fromkeys(o.trial.word for o in outcomes)
    return {w: _rate(sum(hit(o) for o in outcomes if o.trial.word == w),
                     sum(o.trial.word == w for o in outcomes)) for w in words}


def _false_accepts(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Answers heard in clips that hold none (``right`` counts the accepts)."""
    wrong = [o for o in outcomes if o.false_accept]
    return {**_rate(len(wrong), len(outcomes)), "count": len(wrong),
            "examples": [f"{o.trial.word}/{o.trial.clip.stem} -> {o.text!r}" for o in wrong],
            "words": sorted({o.trial.word for o in outcomes}),
            "per_word": {w: c for w, c in _per_word(outcomes, lambda o: o.false_accept).items()
                         if c["right"]}}


def _reread(o: Outcome, margin: float, dialog: Dialog, matcher: Matcher) -> bool:
    """Whether ``o`` would be a hit (right, or a false accept) with ``margin``."""
    details = o.utterance.details if o.utterance else {}
    heard, score = details.get("heard"), details.get("margin")
    accepted = isinstance(score, float) and score >= margin and isinstance(heard, str)
    meaning = matcher.interpret(dialog.questions[o.trial.question],
                                heard if accepted and isinstance(heard, str) else "")
    return meaning.kind == ANSWER and (o.trial.expected is None
                                       or meaning.value == o.trial.expected)


def margin_curve(outcomes: Sequence[Outcome], dialog: Dialog, matcher: Matcher,
                 levels: Sequence[float] = MARGINS) -> list[dict[str, Any]]:
    """Hits per group (right answers; false accepts for non-answers) had the recognizer
    used each margin in ``levels``, re-read from the same decodes."""
    curve = []
    for level in levels:
        row: dict[str, Any] = {"margin": level}
        for group in (*GROUPS, NON_ANSWER, NOISE):
            mine = [o for o in outcomes if o.trial.group == group]
            row[group] = [sum(_reread(o, level, dialog, matcher) for o in mine), len(mine)]
        curve.append(row)
    return curve


def margins(outcomes: Sequence[Outcome], dialog: Dialog, matcher: Matcher
            ) -> dict[str, Any]:
    """The margins (grammar minus garbage score) of the clips whose grammar pass found the
    wanted answer (for non-answers: any answer), lowest first: how far each group sits
    from the threshold, which a count of a dozen clips cannot show."""
    out: dict[str, Any] = {}
    thresholds = {o.utterance.details.get("threshold") for o in outcomes if o.utterance}
    out["threshold"] = next((t for t in thresholds if isinstance(t, float)), None)
    for group in (*GROUPS, NON_ANSWER, NOISE):
        found = []
        for o in outcomes:
            margin = o.utterance.details.get("margin") if o.utterance else None
            if (o.trial.group == group and isinstance(margin, float)
                    and _reread(o, -math.inf, dialog, matcher)):
                found.append(round(margin))
        out[group] = sorted(found)
    return out
