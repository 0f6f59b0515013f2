"""Whether a reply tells of the past: "five years ago", "in 2015", "last March".

A sign told of then ("I had a heart attack in 2015", "my neighbour had crushing chest pain
last week") calls for no ambulance now. Listing every such phrase did not carry over to
replies written by others, so besides the phrases of ``emergency_past`` the shapes people
use are read from words the dialogue already knows (:attr:`Language.duration_units`,
:attr:`Language.number_words`) and from ``past_times``:

- a time of a week or more, or a season, before a word like "ago": "two winters ago",
  "a few years back", and the learner's "before ten years";
- "last" before such a time, a season or a month: "last week", "last March";
- a word like "in" before a year or a month: "in 2015", "back in March", "since 1998";
- a year said in words, within one clause: "twenty ten", "nineteen ninety".

A day or hours ago is not the past here: "two days ago" may still be now. Nor is a reply
that also says something is going on ("happening again", "still", "in the last ten
minutes", ``past_times: present``): "yes, in 2019, and I think it's happening again".
"""

from __future__ import annotations

import re

from .model import Language
from .phrases import PhraseIndex

ARTICLES = frozenset({"a", "an", "the"})
"""Before a season's word, they make it a thing: "a fall"."""
WEEK = 7
"""Shortest time (days) whose "ago" puts a sign in the past."""
MONTH = 28
"""Shortest time (days) long enough ago that "not now" after it denies a sign now ("last
month, not since"; not "last week", which may still be lately)."""
_YEAR = re.compile(r"(19[3-9]\d|20[0-2]\d)$")
_SHORT_YEAR = re.compile(r"\d\d$")
"""A year said by its last two figures, after "back in": "back in '19"."""
OLD_SHORT_YEAR = 40
"""After "in" alone, two figures from this up are a year of the last century ("in '82"),
when no unit follows ("in 45 minutes")."""


class PastTeller:
    def __init__(self, language: Language) -> None:
        self._phrases: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.emergency_past)
        # Without those that name a shorter time ("last week"), for a time long ago.
        self._long_phrases: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.emergency_past
            if all(language.duration_units.get(w, MONTH) >= MONTH for w in p.split()))
        times = language.past_times
        self._ago = frozenset(times.get("ago", ()))
        self._before = frozenset(times.get("before", ()))
        self._anchors = frozenset(times.get("anchors", ()))
        self._last = frozenset(times.get("last", ()))
        self._months = frozenset(times.get("months", ()))
        self._present: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in times.get("present", ()))
        self._seasons = frozenset(times.get("seasons", ()))
        self._units = language.duration_units
        self._spans = self._at_least(WEEK)
        self._long_spans = self._at_least(MONTH)
        # "Twenty ten", "nineteen ninety-five": the hundreds said first, then 10 to 99.
        self._hundreds = frozenset(w for w, n in language.number_words.items() if n in (19, 20))
        self._tens = frozenset(w for w, n in language.number_words.items() if 10 <= n <= 90)

    def _at_least(self, shortest: int) -> frozenset[str]:
        """The words for times of ``shortest`` days or more, seasons too."""
        return frozenset(u for u, days in self._units.items() if days >= shortest) | \
            self._seasons

    def told(self, clauses: list[list[str]], long_ago: bool = False) -> bool:
        """Whether any clause puts what is told in the past: a week ago or more where a
        time is said, or ``long_ago`` a month ("two weeks ago", "last week" are not)."""
        whole = [t for tokens in clauses for t in tokens]
        if self._present.spans(whole):
            return False
        if (self._long_phrases if long_ago else self._phrases).spans(whole):
            return True
        spans = self._long_spans if long_ago else self._spans
        return any(self._clause(tokens, spans) for tokens in clauses)

    def _clause(self, tokens: list[str], spans: frozenset[str]) -> bool:
        for i, token in enumerate(tokens):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token in spans and (after in self._ago or
                                         i >= 2 and tokens[i - 2] in self._before) and \
                    not (token in self._seasons and i > 0 and tokens[i - 1] in ARTICLES):
                # (Not "just had a fall back": "a fall" is no season.)
                return True
            if token in self._last and (after in spans or after in self._months):
                return True
            if token in self._anchors and (_YEAR.match(after) or after in self._months):
                return True
            unit = tokens[i + 2] if i + 2 < len(tokens) else ""
            if token == "in" and _SHORT_YEAR.match(after) and (
                    i > 0 and tokens[i - 1] in self._ago or
                    int(after) >= OLD_SHORT_YEAR and unit not in self._units):
                return True  # "back in '19", "on the ferry in '82" (not "in 90 minutes")
            if token in self._hundreds and after in self._tens:
                return True
        return False
