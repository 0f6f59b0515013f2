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

from pathlib import Path

from ..enroll.checks import default_likeness
from ..enroll.mislabelled import sounds_like
from ..voice.audio import read_wav
from .personal_sets import people_from_speech
from .several_takes import command


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


main = command(measure, __doc__ or "")


if __name__ == "__main__":
    raise SystemExit(main(None))
