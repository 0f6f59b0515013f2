"""Takes filed under the wrong answer (:mod:`assistant.enroll.mislabelled`), measured on
real recordings: how often a genuine take is refused as sounding like another answer, and
how often another answer's take filed among a word's takes is caught.

Per speaker of one half of ``../shared/data/speech`` (:mod:`.split`) with two words or
more said four times or more: each of the first three takes of each word is judged
against the other two and the other words' three; then, word by word, the first take of
the next word (in name order) is judged as if filed among the word's first two takes.
Run ``python -m assistant.bench.mislabelled_takes [--half tune|held-out]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..enroll.checks import default_likeness
from ..enroll.mislabelled import sounds_like
from ..voice.audio import read_wav
from .interval import rate, shown_rate
from .personal_sets import people_from_speech
from .split import SPEECH_DIR


def measure(speech_dir: Path, half: str) -> dict[str, tuple[int, int]]:
    """(takes refused or caught, takes judged) for genuine and for misfiled takes."""
    likeness = default_likeness()
    genuine, misfiled = [0, 0], [0, 0]
    for person in people_from_speech(speech_dir, half):
        words = sorted(person.enroll)
        if len(words) < 2:
            continue
        takes = {w: [read_wav(c) for c in person.enroll[w]] for w in words}
        for word in words:
            others = {o: takes[o] for o in words if o != word}
            for i, take in enumerate(takes[word]):
                own = takes[word][:i] + takes[word][i + 1:]
                genuine[0] += sounds_like(take, own, others, likeness) is not None
                genuine[1] += 1
        for word, filed in zip(words, words[1:] + words[:1], strict=True):
            wrong = takes[filed][0]
            others = {o: takes[o][1:] if o == filed else takes[o] for o in words if o != word}
            misfiled[0] += sounds_like(wrong, takes[word][:2], others, likeness) == filed
            misfiled[1] += 1
    return {"genuine takes refused": (genuine[0], genuine[1]),
            "another answer's take caught": (misfiled[0], misfiled[1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("tune", "held-out", "all"), default="held-out")
    parser.add_argument("--speech-dir", type=Path, default=SPEECH_DIR)
    args = parser.parse_args(argv)
    for kind, (count, total) in measure(args.speech_dir, args.half).items():
        print(f"{kind}: {shown_rate(rate(count, total))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
