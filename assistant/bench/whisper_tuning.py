"""Choosing the Whisper recognizer's thresholds on one half of the speakers, measuring on the other.

Run ``python -m assistant.bench.whisper_tuning [--speech DIR] [--cache FILE]``. Every clip
of :func:`.clips.plan_trials` (the noise clips of ``commands/_noise_`` included) is decoded
once with its real question's grammar and a low search floor, so that the best phrase and
its margin are known even where the answer will be rejected. Each clip goes the way a
live answer goes and ``backtalk bench`` sends it (:func:`.decoding.run_trials`: read after
silence, endpointed, pauses and tail shortened): thresholds chosen on bare clips held on
them but not on the endpointed answer the product hears (held out, left/right/up went from
90 % bare to 84 % live with thresholds chosen bare). The decodes are kept in ``--cache``
so that the choice can be redone without decoding again. Then:

1. on the :data:`~.split.TUNE` half only, the (``min_logp``, ``min_margin``) pair that keeps
   false accepts (answers taken from other words and from noise) at or under
   ``--max-false`` and costs the fewest extra turns is chosen: the most right answers
   (yes/no, choices, digits), each counted once more when it comes at high confidence
   (:func:`choose`);
2. the confidence scale puts :data:`~assistant.asr.whisper_engine.HIGH_CONFIDENCE` just
   above the most confident wrong answer of the tune half;
3. the held-out figures (counts and 95 % Wilson intervals) are printed, and CPU per
   answer and peak RSS are measured with the chosen values on a sample of held-out clips.

``--compare pocketsphinx`` measures that engine on the same held-out clips.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..asr.base import Recognizer
from ..asr.whisper_engine import confidence_at
from ..dialog.loader import load_dialog
from ..dialog.matcher import ANSWER, Matcher
from ..dialog.reader import default_dialogs_dir
from .clips import CHOICE, DIGITS, DIGITS_8K, NOISE, NON_ANSWER, YES_NO, Trial, plan_trials
from .decoding import Outcome, run_trials
from .interval import shown
from .split import HELD_OUT, SPEECH_DIR, TUNE, half_of

ANSWER_GROUPS = (YES_NO, CHOICE, DIGITS, DIGITS_8K)
BATCH = 200
"""Clips decoded between two progress lines."""
RARE = 0.005
"""Share of wrong answers allowed above the "high confidence" level (1 in 200)."""
FLOOR = -6.0
"""Search floor of the tuning decodes: thresholds are chosen above it."""


@dataclass
class Decoded:
    """One clip's decode, enough to judge it under any thresholds above :data:`FLOOR`."""

    group: str
    half: str
    clip: str
    expected: Any
    readings: list[tuple[str, float, bool]]
    """Best phrases: (phrase, log-probability, whether the matcher takes it as the
    expected answer)."""
    answers: list[bool]
    """For each reading: whether the matcher takes it as an answer at all."""
    free_logp: float | None
    cpu: float

    def judged(self, min_logp: float, min_margin: float) -> tuple[bool, bool, float]:
        """(accepted, right, how far over the thresholds) under these thresholds."""
        if not self.readings or self.free_logp is None:
            return False, False, -math.inf
        _, logp, right = self.readings[0]
        over = min(logp - min_logp, logp - self.free_logp - min_margin)
        return over >= 0, right, over

    def false_accept(self, min_logp: float, min_margin: float) -> bool:
        accepted, _, _ = self.judged(min_logp, min_margin)
        return accepted and self.expected is None and self.answers[0]


def trials(speech: Path) -> tuple[list[Trial], Any, Matcher]:
    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    return list(plan_trials(dialog, matcher, speech).trials), dialog, matcher


def decode_all(recognizer: Recognizer, speech: Path, halves: Iterable[str],
               progress: bool = True, known: Iterable[Decoded] = ()) -> list[Decoded]:
    """Every clip of ``halves`` decoded through the live answer path, except those already
    ``known`` (kept as they are)."""
    wanted = set(halves)
    out: list[Decoded] = list(known)
    done = {(r.group, r.clip) for r in out}
    return out + _decode(recognizer, speech, lambda t: half_of(t.clip) in wanted
                         and (t.group, str(t.clip)) not in done, progress)


def _decode(recognizer: Recognizer, speech: Path, chosen: Callable[[Trial], bool],
            progress: bool) -> list[Decoded]:
    """The ``chosen`` clips of the plan, each decoded through the live answer path."""
    plan, dialog, matcher = trials(speech)
    return decode_trials(recognizer, [t for t in plan if chosen(t)], dialog, matcher,
                         progress)


def decode_trials(recognizer: Recognizer, picked: list[Trial], dialog: Any, matcher: Matcher,
                  progress: bool = True) -> list[Decoded]:
    """Each of ``picked`` decoded through the live answer path, :data:`BATCH` at a time."""
    out: list[Decoded] = []
    for start in range(0, len(picked), BATCH):
        batch = picked[start:start + BATCH]
        for trial, heard in zip(batch, run_trials(recognizer, dialog, matcher, batch,
                                                  through_loop=True), strict=True):
            out.append(_decoded(trial, heard, dialog, matcher))
        if progress:
            print(f"  {start + len(batch)}/{len(picked)} decoded", flush=True)
    return out


def _decoded(trial: Trial, heard: Outcome, dialog: Any, matcher: Matcher) -> Decoded:
    details = heard.utterance.details if heard.utterance else {}
    top = details.get("top")
    free = details.get("free_logp")
    if isinstance(top, list):  # Whisper: every phrase above the floor
        phrases = [(str(p), float(lp)) for p, lp in top]
        free_logp = float(free) if isinstance(free, (int, float)) else None
    else:  # another engine (or no speech found): its own decision, at 0 with margin 0
        phrases = [(heard.text, 0.0)] if heard.text else []
        free_logp = 0.0
    question = dialog.questions[trial.question]
    meanings = [matcher.interpret(question, p) for p, _ in phrases]
    return Decoded(
        trial.group, half_of(trial.clip), str(trial.clip), trial.expected,
        [(p, lp, m.kind == ANSWER and m.value == trial.expected)
         for (p, lp), m in zip(phrases, meanings, strict=True)],
        [m.kind == ANSWER for m in meanings], free_logp, heard.cpu_seconds)


def figures(rows: list[Decoded], min_logp: float, min_margin: float) -> dict[str, tuple[int, int]]:
    """Group -> (count, clips): right answers per answer group, false accepts otherwise."""
    out: dict[str, tuple[int, int]] = {}
    for group in (*ANSWER_GROUPS, NON_ANSWER, NOISE):
        members = [r for r in rows if r.group == group]
        if group in ANSWER_GROUPS:
            count = sum(1 for r in members if _right(r, min_logp, min_margin))
        else:
            count = sum(1 for r in members if r.false_accept(min_logp, min_margin))
        out[group] = (count, len(members))
    return out


def _right(row: Decoded, min_logp: float, min_margin: float) -> bool:
    accepted, right, _ = row.judged(min_logp, min_margin)
    return accepted and right


def choose(rows: list[Decoded], max_false: float, high: float) -> tuple[float, float]:
    """The thresholds within ``max_false`` that cost the fewest extra turns: each right
    answer counts once for being taken and once more for coming at confidence ``high`` or
    over (the scale set by :func:`confidence_scale` for those thresholds), as a rejected
    answer is always asked again and one under ``high`` is confirmed when it matters.
    Ties go to the most right answers, then to the stricter pair.

    Counting right answers alone chose, with silence before each answer, a loose floor
    and a strict margin (-5.9, -2.1) that took one answer more than (-5.1, -3.6) on the
    tune half but put 18 of them at 0.9 or more, against 431: almost every answer would
    have been confirmed."""
    best: tuple[tuple[int, int, float, float], float, float] | None = None
    for min_logp in np.arange(FLOOR, 0.001, 0.1):
        for min_margin in np.arange(-5.0, 0.501, 0.1):
            seen = figures(rows, float(min_logp), float(min_margin))
            false = seen[NON_ANSWER][0] + seen[NOISE][0]
            clips = seen[NON_ANSWER][1] + seen[NOISE][1]
            if clips and false / clips > max_false:
                continue
            right = sum(seen[g][0] for g in ANSWER_GROUPS)
            scale, _ = confidence_scale(rows, float(min_logp), float(min_margin), high)
            sure = _right_at(rows, float(min_logp), float(min_margin), scale, high)
            key = (right + sure, right, float(min_logp), float(min_margin))
            if best is None or key > best[0]:
                best = (key, float(min_logp), float(min_margin))
    if best is None:
        raise ValueError(f"no thresholds keep false accepts within {max_false:.1%}")
    return round(best[1], 2), round(best[2], 2)


def _right_at(rows: list[Decoded], min_logp: float, min_margin: float, scale: float,
              high: float) -> int:
    """Right answers taken at confidence ``high`` or more."""
    return sum(1 for r in rows if r.group in ANSWER_GROUPS
               for accepted, right, over in [r.judged(min_logp, min_margin)]
               if accepted and right and confidence_at(over, scale) >= high)


def confidence_scale(rows: list[Decoded], min_logp: float, min_margin: float,
                     high: float, rare: float = RARE) -> tuple[float, int]:
    """The scale that puts confidence ``high`` where wrong answers become rare: the lowest
    margin over the thresholds above which at most ``rare`` of the accepted answers are
    wrong. Also how many wrong answers were accepted on these rows."""
    judged = [(over, not right and (r.expected is not None or r.answers[0]))
              for r in rows for accepted, right, over in [r.judged(min_logp, min_margin)]
              if accepted and (right or r.expected is not None or r.answers[0])]
    wrong = sorted(over for over, bad in judged if bad)
    level = 0.1
    for candidate in [0.0, *wrong]:
        above = [bad for over, bad in judged if over > candidate]
        if not above or sum(above) <= rare * len(above):
            level = max(candidate, 0.1)
            break
    return round(level / math.log(high / (1 - high)), 3), len(wrong)


def report(title: str, seen: dict[str, tuple[int, int]]) -> None:
    print(title)
    for group, (count, clips) in seen.items():
        what = "right" if group in ANSWER_GROUPS else "false accepts"
        print(f"  {group:22s} {what:14s} {shown(count, clips)}")
    false = seen[NON_ANSWER][0] + seen[NOISE][0]
    print(f"  {'other words + noise':22s} {'false accepts':14s} "
          f"{shown(false, seen[NON_ANSWER][1] + seen[NOISE][1])}")


def cost(rows: list[Decoded]) -> str:
    cpu = np.array([r.cpu for r in rows]) * 1000
    by = {g: np.array([r.cpu for r in rows if r.group == g]) * 1000
          for g in (YES_NO, CHOICE, DIGITS, NON_ANSWER, NOISE)}
    parts = ", ".join(f"{g} {v.mean():.0f}" for g, v in by.items() if len(v))
    return (f"CPU ms per answer: mean {cpu.mean():.0f}, median {np.median(cpu):.0f}, p95 "
            f"{np.quantile(cpu, 0.95):.0f} (n={len(cpu)}; by group: {parts}); peak RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speech", type=Path, default=SPEECH_DIR)
    parser.add_argument("--cache", type=Path, default=Path("whisper-tuning.json"))
    parser.add_argument("--max-false", type=float, default=0.01)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--timing-sample", type=int, default=40,
                        help="held-out clips per group timed with the chosen values")
    parser.add_argument("--compare", choices=("pocketsphinx",), default=None)
    args = parser.parse_args(argv)
    from ..asr import whisper_engine as engine

    known = ([Decoded(**r) for r in json.loads(args.cache.read_text(encoding="utf-8"))]
             if args.cache.exists() else [])
    print(f"decoding every clip not in {args.cache} with search floor {FLOOR} ...", flush=True)
    recognizer = engine.WhisperRecognizer(threads=args.threads, search_floor=FLOOR)
    rows = decode_all(recognizer, args.speech, (TUNE, HELD_OUT), known=known)
    if len(rows) > len(known):
        args.cache.write_text(json.dumps([r.__dict__ for r in rows]), encoding="utf-8")
    tune = [r for r in rows if r.half == TUNE]
    held = [r for r in rows if r.half == HELD_OUT]
    min_logp, min_margin = choose(tune, args.max_false, engine.HIGH_CONFIDENCE)
    scale, wrong = confidence_scale(tune, min_logp, min_margin, engine.HIGH_CONFIDENCE)
    print(f"chosen on the tune half ({len(tune)} clips): MIN_LOGP = {min_logp}, "
          f"MIN_MARGIN = {min_margin}, CONFIDENCE_SCALE = {scale} ({wrong} wrong answers "
          f"accepted on the tune half; at most {RARE:.1%} of those at confidence "
          f"{engine.HIGH_CONFIDENCE} or more are wrong)")
    report("tune half", figures(tune, min_logp, min_margin))
    report("held-out half", figures(held, min_logp, min_margin))
    over = [o for r in held for a, right, o in [r.judged(min_logp, min_margin)]
            if a and not right and (r.expected is not None or r.answers[0])]
    confident = sum(1 for o in over if confidence_at(o, scale) >= engine.HIGH_CONFIDENCE)
    high = sum(1 for r in held for a, right, o in [r.judged(min_logp, min_margin)]
               if a and confidence_at(o, scale) >= engine.HIGH_CONFIDENCE)
    print(f"  wrong answers accepted on the held-out half: {len(over)}; answers at "
          f"confidence {engine.HIGH_CONFIDENCE} or more: {high}, of them wrong: {confident}")
    if args.timing_sample:
        timed = engine.WhisperRecognizer(threads=args.threads, min_logp=min_logp,
                                         min_margin=min_margin)
        sample = _sample(held, args.timing_sample)
        measured = decode_all(timed, args.speech, (HELD_OUT,), progress=False) if not sample \
            else _retime(timed, sample, args.speech)
        print(f"with the chosen values, {len(measured)} held-out clips: {cost(measured)}")
    if args.compare:
        from ..asr.sphinx_engine import SphinxRecognizer

        other = decode_all(SphinxRecognizer(), args.speech, (HELD_OUT,))
        report(f"{args.compare}, held-out half", figures(other, 0.0, 0.0))
        print(f"{args.compare}: {cost(other)}")


def _sample(rows: list[Decoded], per_group: int) -> set[str]:
    clips: set[str] = set()
    for group in (*ANSWER_GROUPS, NON_ANSWER, NOISE):
        clips.update(r.clip for r in [r for r in rows if r.group == group][:per_group])
    return clips


def _retime(recognizer: Recognizer, clips: set[str], speech: Path) -> list[Decoded]:
    return _decode(recognizer, speech, lambda t: str(t.clip) in clips, progress=False)


if __name__ == "__main__":
    main()
