"""Choosing how close a guess at a place or side may be (Whisper's ``GUESS_MIN_LOGP``).

Run ``python -m assistant.bench.guess_tuning [--half tune|held-out] [--kind choice|number]``.
The clips of left, right and up are decoded on their own choice question, and every other
word and noise clip on both choice questions (side and location), through the live answer
path with a low search floor; other words that answer a choice question ("left" on the
side question) are left out. ``--kind number`` does the same for the digits on the
number question (the digit words left out of the other words). Then, for
log-probability floors from the usual one down, it prints how many answers are right and
how many other words and noise would be taken as an answer, the margin over the free
decoding kept as for any answer. The floor is chosen on the tune half; the held-out half
is only measured, at the chosen floor.
"""

from __future__ import annotations

import argparse
import dataclasses

import numpy as np

from .clips import CHOICE, DIGITS, DIGITS_8K, NOISE, NON_ANSWER, NUMBER_QUESTION
from .interval import shown
from .split import HELD_OUT, SPEECH_DIR, TUNE, half_of
from .whisper_tuning import Decoded, decode_trials, trials

CHOICE_QUESTIONS = {"side": {"left", "right"}, "location": {"up", "down"}}
"""The choice questions and the recorded words that answer them."""
DIGIT_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
KINDS = {"choice": ((CHOICE,), CHOICE_QUESTIONS),
         "number": ((DIGITS, DIGITS_8K), {NUMBER_QUESTION: DIGIT_WORDS})}
"""Kind of question -> (its answer groups, its questions and the words that answer them)."""
FLOOR = -9.0


def decode(half: str, threads: int | None, kind: str = "choice") -> list[Decoded]:
    from ..asr.whisper_engine import WhisperRecognizer

    groups, questions = KINDS[kind]
    plan, dialog, matcher = trials(SPEECH_DIR)
    mine = [t for t in plan if half_of(t.clip) == half]
    picked = [t for t in mine if t.group in groups]
    for question, answers in questions.items():
        picked += [dataclasses.replace(t, question=question) for t in mine
                   if t.group in (NON_ANSWER, NOISE) and t.word not in answers]
    recognizer = WhisperRecognizer(threads=threads, search_floor=FLOOR)
    return decode_trials(recognizer, picked, dialog, matcher)


def counts(rows: list[Decoded], floor: float, margin: float) -> tuple[int, int, int, int]:
    """(right answers, answer clips, other words and noise taken, their clips)."""
    answers = [r for r in rows if r.group not in (NON_ANSWER, NOISE)]
    others = [r for r in rows if r.group in (NON_ANSWER, NOISE)]
    right = sum(1 for r in answers if all(r.judged(floor, margin)[:2]))
    taken = sum(1 for r in others if r.false_accept(floor, margin))
    return right, len(answers), taken, len(others)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=(TUNE, HELD_OUT), default=TUNE)
    parser.add_argument("--kind", choices=tuple(KINDS), default="choice")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    from ..asr.whisper_engine import GUESS_MIN_LOGP, MIN_LOGP, MIN_MARGIN

    rows = decode(args.half, args.threads, args.kind)
    floors = [GUESS_MIN_LOGP] if args.half == HELD_OUT else \
        [round(f, 1) for f in np.arange(MIN_LOGP, FLOOR, -0.1)]
    print(f"{args.half} half, {args.kind} questions; margin {MIN_MARGIN} as for any answer")
    for floor in ([MIN_LOGP] if args.half == HELD_OUT else []) + floors:
        right, clips, taken, others = counts(rows, floor, MIN_MARGIN)
        print(f"  floor {floor:5.1f}: right {shown(right, clips)}; other words and noise "
              f"taken as an answer {shown(taken, others)}")


if __name__ == "__main__":
    main()
