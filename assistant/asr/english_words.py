"""The English words of the CMU pronouncing dictionary that pocketsphinx ships.

A recognizer that writes any text (Whisper) accepts any phrase to listen for, but hears a
made-up word badly: "hello backtalk" woke it for 0 of 6 espeak-ng recordings of "hello back
talk", written as two words 4 of 6. So a wake phrase for it is held to dictionary words.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path


@cache
def _words() -> frozenset[str]:
    import pocketsphinx

    path = Path(pocketsphinx.get_model_path("en-us")) / "cmudict-en-us.dict"
    with path.open(encoding="utf-8") as lines:
        # "read(2) R EH D": alternative pronunciations are numbered after the word.
        return frozenset(line.split(" ", 1)[0].split("(", 1)[0] for line in lines)


def english_filter(phrases: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split ``phrases`` into (every word in the dictionary, not): as
    :meth:`~assistant.asr.base.Recognizer.vocabulary_filter` does for one vocabulary."""
    known = _words()
    usable = [p for p in phrases if p.split() and all(w in known for w in p.lower().split())]
    return usable, [p for p in phrases if p not in usable]
