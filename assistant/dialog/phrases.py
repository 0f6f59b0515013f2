"""Finding phrases in a list of words in linear time.

Phrases live in a trie of words, so looking at every position costs at most (the longest
phrase) steps: the time grows with the length of the input, never with its square, even
for a 100 KB line of "no no no".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Span(NamedTuple, Generic[T]):
    """A phrase found at ``tokens[start:end]``."""

    start: int
    end: int
    tag: T
    rank: int = 0
    """Among phrases of the same length, the higher rank wins an overlap."""

    @property
    def size(self) -> int:
        return self.end - self.start


_END = ""
"""The key of a trie node under which the phrase ending there keeps (tag, rank)."""


class PhraseIndex(Generic[T]):
    """Phrases with a tag each (what the phrase means), in a trie of words: looking for
    phrases at a position walks only as far as the words still match."""

    def __init__(self, entries: Iterable[tuple[str, T, int]] = ()) -> None:
        self._root: dict[str, Any] = {}
        for phrase, tag, rank in entries:
            self.add(phrase, tag, rank)

    def add(self, phrase: str, tag: T, rank: int = 0) -> None:
        words = phrase.split()
        if not words:
            return
        node = self._root
        for word in words:
            node = node.setdefault(word, {})
        old = node.get(_END)
        # The same phrase added again keeps its first meaning unless outranked.
        if old is None or rank > old[1]:
            node[_END] = (tag, rank)

    def spans(self, tokens: list[str]) -> list[Span[T]]:
        """Every phrase occurrence in ``tokens`` (overlapping ones included)."""
        found: list[Span[T]] = []
        root = self._root
        n = len(tokens)
        for i in range(n):
            node = root.get(tokens[i])
            j = i + 1
            while node is not None:
                end = node.get(_END)
                if end is not None:
                    found.append(Span(i, j, end[0], end[1]))
                if j >= n:
                    break
                node = node.get(tokens[j])
                j += 1
        return found

    def best(self, tokens: list[str]) -> list[Span[T]]:
        """The phrases that count, in order: longer phrases (then higher ranks) win over
        the ones they overlap ("i do not" over "i do")."""
        chosen: list[Span[T]] = []
        taken = bytearray(len(tokens))
        for span in sorted(self.spans(tokens), key=lambda s: (s.start - s.end, -s.rank,
                                                                s.start)):
            if not any(taken[span.start:span.end]):
                chosen.append(span)
                taken[span.start:span.end] = b"\x01" * (span.end - span.start)
        chosen.sort(key=lambda s: s.start)
        return chosen

    def __contains__(self, phrase: str) -> bool:
        node: dict[str, Any] | None = self._root
        for word in phrase.split():
            node = node.get(word) if node is not None else None
        return node is not None and _END in node
