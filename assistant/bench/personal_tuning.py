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
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..asr.base import speech_present
from ..asr.personal_engine import QUIET_FLOOR_DB, PersonalRecognizer
from ..asr.templates import TakeEncoder
from ..asr.whisper_engine import WhisperRecognizer
from ..setup.enrollment import EnrollmentStore
from ..voice.audio.wav import read_wav
from .interval import shown
from .live_answer import live_answer
from .personal import FALSE_ACCEPT_CLIPS
from .personal_sets import false_accept_clips, left_out, people_from_speech
from .split import SPEECH_DIR

FALSE_ACCEPT_BUDGET = 0.01
DISTANCES = tuple(round(x, 2) for x in np.arange(0.30, 0.80, 0.01))
RATIOS = tuple(round(x, 2) for x in np.arange(0.70, 1.001, 0.02))
FACTORS = (1.4, 1.6, 1.8, 2.0, 2.5, 100.0)
AGREE_DISTANCES = (0.5, 0.55, 0.6, 0.62, 0.64, 0.66, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0)
AGREE_RATIOS = (0.88, 0.92, 0.96, 1.0)
AGREE_LOGPS = (-9.0, -8.0, -7.0, -6.0, -5.0)


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


def accepted(reading: Reading, distance: float, ratio: float, factor: float,
             alone: float = np.inf) -> bool:
    limit = distance if reading.spread is None else min(distance, factor * reading.spread)
    if reading.runner_up == np.inf:
        limit = min(limit, alone)
    return reading.nearest < limit and reading.nearest < ratio * reading.runner_up


def hear(speech_dir: Path, half: str, general: WhisperRecognizer | None = None
         ) -> tuple[list[Reading], list[Reading]]:
    """(later takes, false-accept clips) of every speaker of ``half``; with ``general``,
    also what it makes of each clip."""
    encoder = TakeEncoder((general or WhisperRecognizer()).encoder_frames)
    tests: list[Reading] = []
    others: list[Reading] = []
    with tempfile.TemporaryDirectory(prefix="backtalk-tuning-") as temporary:
        for person in people_from_speech(speech_dir, half):
            store = EnrollmentStore(Path(temporary) / person.speaker)
            for word, clips in person.enroll.items():
                for clip in clips:
                    store.add(word, read_wav(clip))
            recognizer = PersonalRecognizer(store, None, encoder)
            grammar = sorted(person.enroll)
            words, noise = false_accept_clips(speech_dir, person, half, FALSE_ACCEPT_CLIPS)
            for word, clip in [*person.tests, *(("", c) for c in words + noise)]:
                reading = _reading(recognizer, read_wav(clip), grammar, word, general)
                (tests if word else others).append(reading)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speech-dir", type=Path,
                        default=SPEECH_DIR)
    parser.add_argument("--check", action="store_true", help="also hear the held-out half")
    parser.add_argument("--agreement", action="store_true",
                        help="also choose the limits of an answer both recognizers guess")
    args = parser.parse_args(argv)
    general = None
    if args.agreement:
        general = WhisperRecognizer(search_floor=min(AGREE_LOGPS))
    tests, others = hear(args.speech_dir, "tune", general)
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
