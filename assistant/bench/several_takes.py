"""Several takes in one recording (:mod:`assistant.enroll.several`), measured on real
recordings: is a recording of three takes of a word split into its three takes, and is a
recording of two different words ("yes ... no", "yes ... no ... yes") left whole?

Per speaker of one half of ``../shared/data/speech`` (:mod:`.split`), each word they said
three times or more makes one recording of its first three takes, and each two words they
said (in name order) a recording of the two and one of the first, the second and the first
again, all with 1 s pauses in a faint room noise. Run ``python -m
assistant.bench.several_takes [--half tune|held-out]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..enroll.checks import default_likeness
from ..enroll.several import takes_in
from ..voice.audio import RATE, read_wav
from .interval import rate, shown_rate
from .personal_sets import people_from_speech
from .split import SPEECH_DIR

PAUSE = 1.0
"""Seconds between the takes of a recording."""


def recording(takes: list[bytes], seed: int = 0) -> bytes:
    """``takes`` with :data:`PAUSE` seconds before, between and after, in a room's faint
    noise (about -72 dBFS)."""
    gap = bytes(round(PAUSE * RATE) * 2)
    samples = np.frombuffer(gap.join([gap, *takes, gap]), "<i2").astype(np.float64)
    samples += np.random.default_rng(seed).normal(0.0, 8.0, len(samples))
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


def measure(speech_dir: Path, half: str) -> dict[str, tuple[int, int]]:
    """(recordings split as they should be, recordings) of each kind."""
    likeness = default_likeness()
    counts = {"three takes of a word, split into three": [0, 0],
              "two words, left whole": [0, 0],
              "a word, another, the first again, left whole": [0, 0]}
    kinds = list(counts)
    for person in people_from_speech(speech_dir, half, takes=2):
        words = sorted(person.enroll)
        for word in words:
            clips = person.enroll[word] + [c for w, c in person.tests if w == word]
            if len(clips) >= 3:
                heard = takes_in(recording([read_wav(c) for c in clips[:3]]), likeness)
                counts[kinds[0]][0] += len(heard) == 3
                counts[kinds[0]][1] += 1
        for first, second in zip(words, words[1:], strict=False):
            a, b = (read_wav(person.enroll[w][0]) for w in (first, second))
            again = read_wav(person.enroll[first][1])
            for kind, takes in ((kinds[1], [a, b]), (kinds[2], [a, b, again])):
                counts[kind][0] += len(takes_in(recording(takes), likeness)) == 1
                counts[kind][1] += 1
    return {kind: (right, total) for kind, (right, total) in counts.items()}


def command(measured: Callable[[Path, str], dict[str, tuple[int, int]]], doc: str
            ) -> Callable[[list[str] | None], int]:
    """A ``main`` that prints each count of ``measured`` (speech folder, half) as a rate
    with its interval; ``doc``'s first paragraph is its description."""
    def main(argv: list[str] | None = None) -> int:
        parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
        parser.add_argument("--half", choices=("tune", "held-out", "all"), default="held-out")
        parser.add_argument("--speech-dir", type=Path, default=SPEECH_DIR)
        args = parser.parse_args(argv)
        for kind, (right, total) in measured(args.speech_dir, args.half).items():
            print(f"{kind}: {shown_rate(rate(right, total))}")
        return 0
    return main


main = command(measure, __doc__ or "")


if __name__ == "__main__":
    raise SystemExit(main(None))
