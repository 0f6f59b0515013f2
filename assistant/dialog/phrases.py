"""Finding phrases in a list of words in linear time.

A phrase is a tuple of words. The index keeps, for each first word, the phrases that start
with it, so looking at every position costs at most (phrases sharing a first word) x
(longest phrase) comparisons: the time grows with the length of the input, never with
its square, even for a 100 KB line of "no no no".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Span(Generic[T]):
    """A phrase found at ``tokens[start:end]``."""

    start: int
    end: int
    tag: T
    rank: int = 0
    """Among phrases of the same length, the higher rank wins an overlap."""

    @property
    def size(self) -> int:
        return self.end - self.start


class PhraseIndex(Generic[T]):
    """Phrases with a tag each (what the phrase means)."""

    def __init__(self, entries: Iterable[tuple[str, T, int]] = ()) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], T, int]]] = {}
        for phrase, tag, rank in entries:
            self.add(phrase, tag, rank)

    def add(self, phrase: str, tag: T, rank: int = 0) -> None:
        words = tuple(phrase.split())
        if not words:
            return
        bucket = self._by_first.setdefault(words[0], [])
        # A later entry of the same phrase with a higher rank replaces the earlier one.
        bucket[:] = [e for e in bucket if e[0] != words or e[2] > rank]
        if not any(e[0] == words for e in bucket):
            bucket.append((words, tag, rank))

    def spans(self, tokens: list[str]) -> list[Span[T]]:
        """Every phrase occurrence in ``tokens`` (overlapping ones included)."""
        found: list[Span[T]] = []
        for i, token in enumerate(tokens):
            for words, tag, rank in self._by_first.get(token, ()):
                n = len(words)
                if tuple(tokens[i:i + n]) == words:
                    found.append(Span(i, i + n, tag, rank))
        return found

    def best(self, tokens: list[str]) -> list[Span[T]]:
        """The phrases that count, in order: longer phrases (then higher ranks) win over
        the ones they overlap ("i do not" over "i do")."""
        chosen: list[Span[T]] = []
        taken = [False] * len(tokens)
        for span in sorted(self.spans(tokens), key=lambda s: (-s.size, -s.rank, s.start)):
            if not any(taken[span.start:span.end]):
                chosen.append(span)
                for i in range(span.start, span.end):
                    taken[i] = True
        return sorted(chosen, key=lambda s: s.start)

    def __contains__(self, phrase: str) -> bool:
        words = tuple(phrase.split())
        return bool(words) and any(e[0] == words for e in self._by_first.get(words[0], ()))
