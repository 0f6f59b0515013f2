"""A weak voice: recorded answers made quieter, over a microphone's hiss, heard by Whisper.

``python -m assistant.bench.weak_voices [--half tune|held-out] [--quieter 30 40]
[--others 200] [--no-raise] [--max-lift DB] [--no-unheard]`` lowers each answer of the half (yes/no,
left/right/up/down, digits at 16 kHz), a spread of its other words and its noise clips by
each ``--quieter`` value, sets it 1 s after and 1.5 s before silence, adds white noise at
-70 dBFS throughout (a microphone in a quiet room), and sends it the way a live answer
goes (:func:`.decoding.run_trials`: endpointed, pauses and tail shortened). Counted: right
answers per group, other words and noise taken as an answer, and how many reached the
recognizer at all (the rest the endpointer never heard), each with a 95 % interval.

``--no-raise`` turns off :mod:`assistant.asr.loudness` and ``--max-lift`` sets the
voice-activity model's own lift (:data:`assistant.voice.vad.MAX_LIFT`; 0: none), and
``--no-unheard`` leaves a wait with no speech heard as silence (:mod:`assistant.voice.
unheard`), to measure what each does.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..asr.base import Recognizer
from ..asr.whisper_engine import HIGH_CONFIDENCE
from ..dialog.matcher import ANSWER, Matcher
from ..dialog.model import Dialog
from ..voice.audio import read_wav, write_wav
from ..voice.endpoint import EndpointSettings
from .clips import CHOICE, DIGITS, NOISE, NON_ANSWER, YES_NO, Trial, spread
from .decoding import Outcome, run_trials
from .interval import shown
from .noise_mix import hiss, place, to_pcm
from .split import HELD_OUT, SPEECH_DIR, half_of

ANSWERS = (YES_NO, CHOICE, DIGITS)
BEFORE, AFTER = 1.0, 1.5
"""Seconds of hiss around the word in each answer file."""


def weak(pcm: bytes, quieter: float, rng: np.random.Generator) -> bytes:
    """``pcm`` ``quieter`` dB quieter, inside a microphone's hiss (:func:`.noise_mix.hiss`)."""
    word = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768.0 * 10 ** (-quieter / 20)
    stream = place(word, BEFORE, AFTER)
    return to_pcm(stream + hiss(len(stream), rng))


def chosen_trials(plan: Sequence[Trial], half: str, others: int) -> list[Trial]:
    """The half's answers and noise clips, and ``others`` of its other words, spread."""
    plan = [t for t in plan if half_of(t.clip) == half]
    kept = [t for t in plan if t.group in (*ANSWERS, NOISE)]
    words = [t for t in plan if t.group == NON_ANSWER]
    picked = set(spread([t.clip for t in words], others))
    return kept + [t for t in words if t.clip in picked]


@dataclass(frozen=True)
class Row:
    """One group's counts at one level."""

    right: int
    """Right answers (answer groups); nothing for other words and noise."""
    wrong: int
    """Answers taken that were not the one said: another answer, or any answer at all
    for other words and noise."""
    right_sure: int
    wrong_sure: int
    """The same, at confidence :data:`~assistant.asr.whisper_engine.HIGH_CONFIDENCE` or
    more (taken without confirmation even where a misheard answer would matter)."""
    reached: int
    """Clips the endpointer heard, so that the recognizer was asked."""
    clips: int


def counts(outcomes: Sequence[Outcome]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for group in (*ANSWERS, NON_ANSWER, NOISE):
        members = [o for o in outcomes if o.trial.group == group]
        right = [o for o in members if o.right]
        wrong = [o for o in members if o.kind == ANSWER and not o.right]
        out[group] = Row(len(right), len(wrong), _sure(right), _sure(wrong),
                         sum(o.utterance is not None for o in members), len(members))
    return out


def _sure(outcomes: list[Outcome]) -> int:
    return sum(o.utterance is not None and o.utterance.confidence >= HIGH_CONFIDENCE
               for o in outcomes)


def measure(recognizer: Recognizer, dialog: Dialog, matcher: Matcher, trials: list[Trial],
            quieter: float, settings: EndpointSettings, seed: int = 7,
            unheard_words: bool = True) -> dict[str, Row]:
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory(prefix="backtalk-weak-") as tmp:
        made = []
        for i, trial in enumerate(trials):
            path = Path(tmp) / f"{i:05d}.wav"
            write_wav(path, weak(read_wav(trial.clip), quieter, rng))
            made.append(dataclasses.replace(trial, clip=path))
        return counts(run_trials(recognizer, dialog, matcher, made, through_loop=True,
                                 settings=settings, unheard_words=unheard_words))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.weak_voices",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--speech-dir", type=Path, default=SPEECH_DIR)
    parser.add_argument("--half", default=HELD_OUT, choices=("tune", HELD_OUT))
    parser.add_argument("--quieter", type=float, nargs="+", default=[30.0, 40.0],
                        metavar="DB")
    parser.add_argument("--others", type=int, default=200,
                        help="other words of the half heard (spread over its speakers)")
    parser.add_argument("--no-raise", action="store_true",
                        help="do not raise quiet answers before Whisper hears them")
    parser.add_argument("--max-lift", type=float, default=None, metavar="DB",
                        help="the voice-activity model's lift (default: the settings')")
    parser.add_argument("--no-unheard", action="store_true",
                        help="leave a wait with no speech heard as silence (the loudest "
                             "sound of it not given to Whisper)")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    from ..asr.whisper_engine import WhisperRecognizer
    from .whisper_tuning import trials as planned

    settings = EndpointSettings() if args.max_lift is None \
        else EndpointSettings(max_lift=args.max_lift)
    recognizer = WhisperRecognizer(threads=args.threads)
    recognizer.raise_quiet = not args.no_raise
    plan, dialog, matcher = planned(args.speech_dir)
    trials = chosen_trials(plan, args.half, args.others)
    print(f"## {args.half} half, Whisper, quiet answers raised: {recognizer.raise_quiet}, "
          f"model lift up to {settings.max_lift:g} dB, the loudest sound of a wait with no "
          f"speech heard given to Whisper: {not args.no_unheard}\n")
    print(f"| quieter | group | right | wrong (any answer, for other words and noise) | "
          f"right / wrong at {HIGH_CONFIDENCE} or more | reached the recognizer |")
    print("| --- | --- | --- | --- | --- | --- |")
    for quieter in args.quieter:
        for group, row in measure(recognizer, dialog, matcher, trials, quieter, settings,
                                  unheard_words=not args.no_unheard).items():
            right = shown(row.right, row.clips) if group in ANSWERS else "-"
            print(f"| {quieter:g} dB | {group} | {right} | {shown(row.wrong, row.clips)} | "
                  f"{row.right_sure} / {row.wrong_sure} | {row.reached}/{row.clips} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
