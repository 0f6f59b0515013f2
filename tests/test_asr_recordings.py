"""How well pocketsphinx hears real people, through the dialogue's grammars and the voice loop.

Recordings: /work/shared/data/speech (Speech Commands clips of 30 words, Free Spoken
Digit Dataset). The measuring is :mod:`assistant.bench.recordings`, what ``backtalk
bench`` runs: each clip goes through the voice channel as an answer file would (silence
after it, endpointing, the pause and tail trimming) and is decoded with a real question's
grammar, then read by the real matcher. yes/no clips on ``fever``, left/right on ``side``,
up on ``location``, digits on ``severity``, and every word that is not a ``fever`` phrase
on ``fever`` again, where any answer is a false accept (the dangerous mistake: "bed"
heard as "no").

``pytest -s`` prints the table, the margins of the yes/no clips, and the trade-off of
the rejection margin re-read from the same decodes. vosk is measured by the benchmark
when an English model is installed (none can be downloaded here); the vosk code itself
is tested with the Korean model.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from corpus_figures import wilson
from speech import SPEECH_DATA

from assistant.asr.sphinx_engine import SphinxRecognizer
from assistant.bench.clips import CHOICE, DIGITS, DIGITS_8K, GROUPS, NON_ANSWER, YES_NO
from assistant.bench.recordings import measure_recordings
from assistant.dialog.model import Dialog

pytestmark = pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                                reason=f"no recordings in {SPEECH_DATA}")

SAMPLE = 6
"""Clips per word and per digit: every Speech Commands clip (2-6 a word) and 60 of the
300 spoken digits, which keeps the test near 30 s."""


def print_result(result: dict[str, Any], seconds: float) -> None:
    print(f"\n{result['engine']} through the voice loop: {result['clips']} clips in "
          f"{seconds:.1f} s, real-time factor {result['rtf']:.3f}")
    for group in GROUPS:
        row = result["groups"][group]
        low, high = wilson(row["right"], row["clips"])
        print(f"  {group:<19} right {row['right']:>3}/{row['clips']:<3} {row['rate']:6.1%}"
              f"  (95% interval {low:.0%}-{high:.0%})")
    false = result["false_accepts"]
    print(f"  {'other words':<19} taken as an answer {false['count']}/{false['clips']} "
          f"{false['rate']:.1%}: {', '.join(false['examples']) or 'none'}")
    for word, why in result["not_measured"].items():
        print(f"  {word}: {why}")
    margins = result["loop"].get("margins")
    if margins:
        print(f"  yes/no margins (threshold {margins['threshold']:g}): {margins[YES_NO]}")
        groups = [*GROUPS, NON_ANSWER]
        print("  margin  " + "  ".join(f"{g:>18}" for g in groups))
        for row in result["loop"]["margin_curve"]:
            cells = "  ".join(f"{row[g][0]:>14}/{row[g][1]:<3}" for g in groups)
            print(f"  {row['margin']:6.0f}  {cells}")


@pytest.fixture(scope="module")
def sphinx(dialog: Dialog) -> dict[str, Any]:
    started = time.monotonic()
    result = measure_recordings(SphinxRecognizer(), dialog, SPEECH_DATA, sample=SAMPLE,
                                bare_too=False)
    print_result(result, time.monotonic() - started)
    return result


# The rejection margin (-50) was tuned on the 11 yes/no clips the shared folder held on
# 2026-11-21 (11/11 there). The folder has since grown to ~140 clips a word from 100+ new
# speakers, and the first clips of each word are now mostly speakers the tuning never heard:
# measured 2026-11-30 (pocketsphinx 5.1.1), yes/no 9/12 (75 %, 95 % interval 47-91 %),
# left/right/up 6/18, digits 30/60, digits 8k 18/60, other words taken as answers 10/208.
# The 95 % target for yes/no is NOT met on new speakers (issue 12). These floors only guard
# against a regression: each sits a clip or two under that held-out measurement.
SPHINX_FLOORS = {YES_NO: 0.65, CHOICE: 0.25, DIGITS: 0.40, DIGITS_8K: 0.25}
SPHINX_MAX_FALSE_ACCEPTS = 0.05


def test_sphinx_hears_real_answers_through_the_voice_loop(sphinx: dict[str, Any]) -> None:
    for group, floor in SPHINX_FLOORS.items():
        row = sphinx["groups"][group]
        assert row["rate"] >= floor, (
            f"{group}: {row['right']}/{row['clips']} right, floor {floor:.0%}")


def test_sphinx_rarely_hears_an_answer_in_other_words(sphinx: dict[str, Any]) -> None:
    false = sphinx["false_accepts"]
    assert false["rate"] <= SPHINX_MAX_FALSE_ACCEPTS, (
        f"{false['count']}/{false['clips']} other words taken as answers: {false['examples']}")


def test_a_word_that_answers_no_question_is_named_not_measured(sphinx: dict[str, Any]) -> None:
    assert sphinx["grammars"][CHOICE] == {"left": "side", "right": "side", "up": "location",
                                          "down": None}
    assert "down" in sphinx["not_measured"]
    assert {"left", "right", "up"} <= set(sphinx["groups"][CHOICE]["words"])
