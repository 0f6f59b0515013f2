"""Choosing the personal recognizer's thresholds on the tune half of the speakers.

``python -m assistant.bench.personal_tuning [--speech-dir DIR] [--check]`` enrolls each
tune-half speaker's first three takes of each word (:mod:`.personal_sets`), hears the
later takes and the false-accept clips with the templates alone (among them each word's
takes with that word left out of the enrollment, :func:`.personal_sets.left_out`), and
picks
``MAX_DISTANCE``, ``MAX_RATIO`` and ``LOO_FACTOR`` of :mod:`assistant.asr.personal_engine`:
the most right answers among those with at most 1 % false accepts, then the fewest wrong
answers; then ``MAX_ALONE``, the limit when a person enrolled one phrase only (no
runner-up to compare with), the same way among those answers alone. ``--check`` also
hears the held-out half with the chosen values (to report, not to choose by).

``--agreement`` also hears every clip with Whisper behind the templates, as the product
does, and picks ``AGREE_DISTANCE``, ``AGREE_RATIO`` and ``AGREE_LOGP`` (an answer both
guess but neither is sure of): the most right answers given with no more false accepts
than without agreement, then the strictest values.

``--guess`` hears every clip with Whisper behind the templates too, and the later takes
also slowed to 0.6x and 20 dB quieter (as the benchmark does), and prints how a close
guess by the templates (``GUESS_DISTANCE``, ``GUESS_RATIO``, ``GUESS_FACTOR``: the nearest
phrase, one a screening lets them guess, given when nothing else is) would do with the
other limits as they are: right answers of the templates alone plus their guesses (Whisper
set aside, as for a voice it does not know) and of the answer given, and the false accepts
of the answer given, along each limit with the other two as chosen, and the most right
answers within 2 % false accepts over the whole grid. The limits are chosen from these
tables (README, "A number, place or side nearly made out by the person's takes").
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..asr import personal_engine as engine
from ..asr.base import speech_present
from ..asr.personal_engine import QUIET_FLOOR_DB, PersonalRecognizer, spread_limit
from ..asr.templates import TakeEncoder
from ..asr.whisper_engine import WhisperRecognizer
from ..voice.audio.wav import read_wav
from .interval import shown
from .live_answer import live_answer
from .personal import CONDITIONS, FALSE_ACCEPT_CLIPS, quieter, slowed
from .personal_sets import (
    enrolled,
    false_accept_clips,
    guessed_words,
    left_out,
    people_from_speech,
)
from .split import SPEECH_DIR

FALSE_ACCEPT_BUDGET = 0.01
DISTANCES = tuple(round(x, 2) for x in np.arange(0.30, 0.80, 0.01))
RATIOS = tuple(round(x, 2) for x in np.arange(0.70, 1.001, 0.02))
FACTORS = (1.4, 1.6, 1.8, 2.0, 2.5, 100.0)
AGREE_DISTANCES = (0.5, 0.55, 0.6, 0.62, 0.64, 0.66, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0)
AGREE_RATIOS = (0.88, 0.92, 0.96, 1.0)
AGREE_LOGPS = (-9.0, -8.0, -7.0, -6.0, -5.0)
GUESS_DISTANCES = tuple(round(float(x), 2) for x in np.arange(0.56, 0.805, 0.01))
GUESS_RATIOS = tuple(round(float(x), 2) for x in np.arange(0.84, 1.005, 0.01))
GUESS_FACTORS = (1.6, 1.8, 2.0, 2.5, math.inf)
GUESS_BUDGET = 0.02
"""False accepts of the answer given, with guesses, over the whole grid (issue 13's 2 %)."""


@dataclass(frozen=True)
class Reading:
    """One clip heard by the templates: what is needed to accept or reject it."""

    right: bool
    """The nearest phrase is the word said (always False for a false-accept clip)."""
    nearest: float
    runner_up: float
    spread: float | None
    """Leave-one-out spread of the nearest phrase's takes."""
    word: str = ""
    """The word said ("" for a false-accept clip)."""
    phrase: str = ""
    """The templates' nearest phrase."""
    general: str = ""
    """What Whisper behind the templates gave on its own thresholds ("" for nothing)."""
    guess: str | None = None
    """Whisper's best phrase, taken or not, and its log-probability."""
    guess_logp: float = -np.inf
    left_out: bool = False
    """A false-accept clip of the person's own word, left out of their enrollment."""
    condition: str = CONDITIONS[0]
    """How a later take was heard: as recorded, slowed or quieter (:mod:`.personal`)."""


def accepted(reading: Reading, distance: float, ratio: float, factor: float,
             alone: float = np.inf) -> bool:
    limit = spread_limit(distance, factor, reading.spread)
    if reading.runner_up == np.inf:
        limit = min(limit, alone)
    return reading.nearest < limit and reading.nearest < ratio * reading.runner_up


def hear(speech_dir: Path, half: str, general: WhisperRecognizer | None = None,
         conditions: bool = False) -> tuple[list[Reading], list[Reading]]:
    """(later takes, false-accept clips) of every speaker of ``half``; with ``general``,
    also what it makes of each clip; with ``conditions``, the later takes also slowed to
    0.6x and 20 dB quieter."""
    encoder = TakeEncoder((general or WhisperRecognizer()).encoder_frames)
    tests: list[Reading] = []
    others: list[Reading] = []
    with tempfile.TemporaryDirectory(prefix="backtalk-tuning-") as temporary:
        for person in people_from_speech(speech_dir, half):
            store = enrolled(person, Path(temporary) / person.speaker)
            recognizer = PersonalRecognizer(store, None, encoder)
            grammar = sorted(person.enroll)
            words, noise = false_accept_clips(speech_dir, person, half, FALSE_ACCEPT_CLIPS)
            for word, clip in [*person.tests, *(("", c) for c in words + noise)]:
                pcm = read_wav(clip)
                reading = _reading(recognizer, pcm, grammar, word, general)
                (tests if word else others).append(reading)
                if word and conditions:
                    tests += [replace(_reading(recognizer, changed, grammar, word, general),
                                      condition=condition) for condition, changed in
                              zip(CONDITIONS[1:], (slowed(pcm), quieter(pcm)), strict=True)]
            for word, clips in left_out(person):
                rest = [w for w in grammar if w != word]
                others += [replace(_reading(recognizer.without(word), read_wav(clip), rest,
                                            "", general), left_out=True) for clip in clips]
    return tests, others


def _reading(recognizer: PersonalRecognizer, pcm: bytes, grammar: list[str], word: str,
             general: WhisperRecognizer | None = None) -> Reading:
    """The clip heard as a live answer (:mod:`.live_answer`), as the benchmark hears it."""
    audio = live_answer(pcm)
    if audio is None or not speech_present(audio, floor_db=QUIET_FLOOR_DB):
        return Reading(False, np.inf, np.inf, None, word)
    details = recognizer.match(audio, grammar).details
    heard, runner_up = str(details["heard"]), details["runner_up"]
    reading = Reading(heard == word, float(str(details["distance"])),
                      np.inf if runner_up is None else float(str(runner_up)),
                      recognizer.spread.get(heard.replace(" ", "_")), word, heard)
    if general is None:
        return reading
    theirs = general.recognize(audio, grammar)
    guess, logp = theirs.details.get("heard"), theirs.details.get("logp")
    return replace(reading, general=theirs.text,
                   guess=None if guess is None else str(guess),
                   guess_logp=float(logp) if isinstance(logp, (int, float)) else -np.inf)


def counts(tests: Iterable[Reading], others: Iterable[Reading], values: tuple[float, ...]
           ) -> tuple[int, int, int]:
    """(right, wrong, false accepts) with thresholds ``values``."""
    taken = [(r.right, accepted(r, *values)) for r in tests]
    right = sum(1 for ok, yes in taken if ok and yes)
    wrong = sum(1 for ok, yes in taken if yes and not ok)
    return right, wrong, sum(1 for r in others if accepted(r, *values))


def choose(tests: list[Reading], others: list[Reading]) -> tuple[float, ...]:
    """(MAX_DISTANCE, MAX_RATIO, LOO_FACTOR) on the readings with a runner-up, then
    MAX_ALONE on those without one (a person who enrolled a single phrase)."""
    def lone(reading: Reading) -> bool:
        return reading.runner_up == np.inf and reading.nearest < np.inf

    values = _best([r for r in tests if not lone(r)], [r for r in others if not lone(r)],
                   [(d, r, f) for d in DISTANCES for r in RATIOS for f in FACTORS])
    return _best([r for r in tests if lone(r)], [r for r in others if lone(r)],
                 [(*values, a) for a in DISTANCES])


def _best(tests: list[Reading], others: list[Reading], grid: list[tuple[float, ...]]
          ) -> tuple[float, ...]:
    best: tuple[tuple[int, int, int], tuple[float, ...]] | None = None
    for values in grid:
        right, wrong, false = counts(tests, others, values)
        if false > FALSE_ACCEPT_BUDGET * len(others):
            continue
        key = (right, -wrong, -false)
        if best is None or key > best[0]:
            best = (key, values)
    if best is None:
        raise ValueError("no thresholds keep false accepts within the budget")
    return best[1]


def given(reading: Reading, values: tuple[float, ...],
          agree: tuple[float, float, float] | None = None) -> str:
    """What the person is given: the templates' phrase when they accept it, else Whisper's
    answer, else (with ``agree``: distance, ratio, log-probability) a phrase both guess."""
    if accepted(reading, *values):
        return reading.phrase
    if reading.general:
        return reading.general
    if agree is not None and reading.guess == reading.phrase and \
            reading.nearest < agree[0] and reading.nearest < agree[1] * reading.runner_up \
            and reading.guess_logp >= agree[2]:
        return reading.phrase
    return ""


def choose_agreement(tests: list[Reading], others: list[Reading], values: tuple[float, ...]
                     ) -> tuple[float, float, float]:
    """The agreement's limits: the most right answers given with no more false accepts
    than without agreement, then the strictest."""
    allowed = given_counts(tests, others, values, None)[2]
    best: tuple[tuple[int, float, float, float], tuple[float, float, float]] | None = None
    for agree in itertools.product(AGREE_DISTANCES, AGREE_RATIOS, AGREE_LOGPS):
        right, _, false = given_counts(tests, others, values, agree)
        if false > allowed:
            continue
        key = (right, -agree[0], -agree[1], agree[2])
        if best is None or key > best[0]:
            best = (key, agree)
    assert best is not None  # the strictest agreement adds nothing, so it always fits
    return best[1]


def given_counts(tests: Iterable[Reading], others: Iterable[Reading],
                 values: tuple[float, ...], agree: tuple[float, float, float] | None
                 ) -> tuple[int, int, int]:
    """(right, wrong, false accepts) of what the person is given (:func:`given`)."""
    answers = [(given(r, values, agree), r.word) for r in tests]
    right = sum(1 for text, word in answers if text == word)
    wrong = sum(1 for text, word in answers if text not in ("", word))
    return right, wrong, sum(1 for r in others if given(r, values, agree))


def report_given(title: str, tests: list[Reading], others: list[Reading],
                 values: tuple[float, ...], agree: tuple[float, float, float] | None) -> None:
    right, wrong, false = given_counts(tests, others, values, agree)
    own = [r for r in others if r.left_out]
    print(f"{title}: given right {shown(right, len(tests))}, wrong {shown(wrong, len(tests))},"
          f" false accepts {shown(false, len(others))} (own words left out "
          f"{shown(given_counts([], own, values, agree)[2], len(own))})")


def report(title: str, tests: list[Reading], others: list[Reading],
           values: tuple[float, ...]) -> None:
    right, wrong, false = counts(tests, others, values)
    nearest_right = sum(1 for r in tests if r.right)
    own = [r for r in others if r.left_out]
    print(f"{title}: right {shown(right, len(tests))}, wrong {shown(wrong, len(tests))}, "
          f"false accepts {shown(false, len(others))} (own words left out "
          f"{shown(counts([], own, values)[2], len(own))}); nearest phrase right "
          f"{shown(nearest_right, len(tests))}")


def guessed(reading: Reading, guess: tuple[float, float, float], scope: frozenset[str]
            ) -> bool:
    """Whether the templates' nearest phrase is near enough for a close guess (distance,
    ratio, factor of the phrase's spread), one ``scope`` lets them guess."""
    if reading.phrase not in scope or reading.runner_up == np.inf:
        return False
    distance, ratio, factor = guess
    limit = spread_limit(distance, factor, reading.spread)
    return reading.nearest < limit and reading.nearest < ratio * reading.runner_up


def guess_counts(tests: list[Reading], others: list[Reading], values: tuple[float, ...],
                 agree: tuple[float, float, float], guess: tuple[float, float, float] | None,
                 scope: frozenset[str]) -> dict[str, int]:
    """Right answers (templates alone plus guesses; the answer given plus guesses) per
    condition, wrong ones, and false accepts of the answer given plus guesses."""
    def close(reading: Reading) -> bool:
        return guess is not None and guessed(reading, guess, scope)

    out: dict[str, int] = {}
    for reading in tests:
        alone = reading.phrase if accepted(reading, *values) or close(reading) else ""
        given_ = given(reading, values, agree) or (reading.phrase if close(reading) else "")
        for name, text in (("alone", alone), ("given", given_)):
            key = f"{name} {reading.condition}"
            out[key] = out.get(key, 0) + (text == reading.word)
            out[f"{name} wrong"] = out.get(f"{name} wrong", 0) + (text not in ("",
                                                                               reading.word))
    for reading in others:
        key = "own words left out" if reading.left_out else "other words and noise"
        taken = bool(given(reading, values, agree)) or close(reading)
        out[key] = out.get(key, 0) + taken
    return out


def _guess_line(label: str, found: dict[str, int]) -> str:
    alone = [found.get(f"alone {c}", 0) for c in CONDITIONS]
    given_ = [found.get(f"given {c}", 0) for c in CONDITIONS]
    false = found.get("other words and noise", 0) + found.get("own words left out", 0)
    return (f"  {label}: right alone+guess {sum(alone)} ({' + '.join(map(str, alone))}), "
            f"given {sum(given_)} ({' + '.join(map(str, given_))}), wrong "
            f"{found.get('alone wrong', 0)}/{found.get('given wrong', 0)}; false accepts "
            f"{false} (other words and noise {found.get('other words and noise', 0)}, own "
            f"words left out {found.get('own words left out', 0)})")


def report_guess(tests: list[Reading], others: list[Reading], values: tuple[float, ...],
                 agree: tuple[float, float, float], scope: frozenset[str]) -> None:
    """The tables the close guess's limits are chosen from (module docstring)."""
    chosen = (engine.GUESS_DISTANCE, engine.GUESS_RATIO, engine.GUESS_FACTOR)
    own = sum(1 for r in others if r.left_out)
    print(f"tune half: {len(tests)} later takes heard ({', '.join(CONDITIONS)}), "
          f"{len(others) - own} other words and noise, {own} own words left out; words a "
          f"close guess may name: {', '.join(sorted(scope & {r.word for r in tests}))}")
    print(_guess_line("no guess", guess_counts(tests, others, values, agree, None, scope)))
    print(_guess_line(f"chosen {chosen}", guess_counts(tests, others, values, agree, chosen,
                                                      scope)))
    distance, ratio, factor = chosen
    for name, guesses in (("GUESS_DISTANCE", [(d, ratio, factor) for d in GUESS_DISTANCES]),
                          ("GUESS_RATIO", [(distance, r, factor) for r in GUESS_RATIOS]),
                          ("GUESS_FACTOR", [(distance, ratio, f) for f in GUESS_FACTORS])):
        print(f"{name}, the others as chosen:")
        for guess in guesses:
            print(_guess_line(f"{guess}", guess_counts(tests, others, values, agree, guess,
                                                      scope)))
    best: tuple[tuple[int, int], tuple[float, float, float]] | None = None
    for guess in itertools.product(GUESS_DISTANCES, GUESS_RATIOS, GUESS_FACTORS):
        found = guess_counts(tests, others, values, agree, guess, scope)
        false = found.get("other words and noise", 0) + found.get("own words left out", 0)
        if false > GUESS_BUDGET * len(others):
            continue
        key = (sum(found.get(f"alone {c}", 0) for c in CONDITIONS), -false)
        if best is None or key > best[0]:
            best = (key, guess)
    if best is not None:
        print(_guess_line(f"most right within {GUESS_BUDGET:.0%} false accepts {best[1]}",
                          guess_counts(tests, others, values, agree, best[1], scope)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speech-dir", type=Path,
                        default=SPEECH_DIR)
    parser.add_argument("--check", action="store_true", help="also hear the held-out half")
    parser.add_argument("--agreement", action="store_true",
                        help="also choose the limits of an answer both recognizers guess")
    parser.add_argument("--guess", action="store_true",
                        help="only the tables a close guess by the templates is chosen from")
    args = parser.parse_args(argv)
    general = None
    if args.agreement or args.guess:
        general = WhisperRecognizer(search_floor=min(AGREE_LOGPS))
    tests, others = hear(args.speech_dir, "tune", general, conditions=args.guess)
    if args.guess:
        report_guess(tests, others, (engine.MAX_DISTANCE, engine.MAX_RATIO,
                                     engine.LOO_FACTOR, engine.MAX_ALONE),
                     (engine.AGREE_DISTANCE, engine.AGREE_RATIO, engine.AGREE_LOGP),
                     guessed_words())
        return 0
    values = choose(tests, others)
    print(f"chosen on the tune half: MAX_DISTANCE = {values[0]}, MAX_RATIO = {values[1]}, "
          f"LOO_FACTOR = {values[2]}, MAX_ALONE = {values[3]}")
    report("tune half", tests, others, values)
    agree = None
    if general is not None:
        agree = choose_agreement(tests, others, values)
        print(f"chosen on the tune half: AGREE_DISTANCE = {agree[0]}, AGREE_RATIO = "
              f"{agree[1]}, AGREE_LOGP = {agree[2]}")
        report_given("tune half, without agreement", tests, others, values, None)
        report_given("tune half, with agreement", tests, others, values, agree)
    if args.check:
        held = hear(args.speech_dir, "held-out", general)
        report("held-out half", *held, values)
        if general is not None:
            report_given("held-out half, without agreement", *held, values, None)
            report_given("held-out half, with agreement", *held, values, agree)
    return 0


if __name__ == "__main__":
    sys.exit(main())
