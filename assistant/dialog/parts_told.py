"""Most of an emergency told: BackTalk asks "Do you need an ambulance now?".

An emergency told in everyday words is a set of concepts said together
(``emergency_when``: "my chest", "tight", "just now"). A reply may tell only part of one:
all but one concept of an emergency of three, one of them saying how bad or how sudden
("he's sweating and holding his chest"), or two parts told in different words ("he came
off the ladder *ten minutes ago* and landed on his *neck*"). Either way one part must be
more than the question asked about ("I fell and banged my head" to "Have you hurt your
head or neck?" is an answer), and no amount ("a lot"). An amount and a time alone tell
no part of any emergency: "it hurts a lot more now" to "Is the pain getting worse?" is
an answer, though "a lot" and "now" are two of a bleed's three parts.
"""

from __future__ import annotations

from .model import Language

Span = tuple[int, int]
Told = dict[str, list[Span]]
"""Concept -> where in the reply it is told (start, end of each phrase)."""
NOW = "now"
"""The concept of ``emergency_concepts`` that says something is happening now."""


class PartsTold:
    def __init__(self, language: Language) -> None:
        self._rules = language.emergency_when
        self._nearly = language.emergency_nearly
        self._places = language.emergency_places
        self._amounts = language.emergency_amounts
        self._how = frozenset(self._amounts) | {NOW}
        """How much and when: said of anything, so never the only part told."""

    def most_of_one(self, told: Told, asked: frozenset[str]) -> bool:
        """Whether ``told`` is most of an emergency, to a question that ``asked`` about
        those concepts (``emergency_asked_about``)."""
        told = _besides(told, asked)
        return self._all_but_one(told, asked) or self._two_apart(told, asked)

    def _all_but_one(self, told: Told, asked: frozenset[str]) -> bool:
        """Whether all but one concept of an emergency of three is told, one of those
        saying how bad or how sudden ("sweating", "holding his chest"), two of them in
        different words and one of those more than the question ``asked`` about."""
        said = set(told)
        return any(len(rule) >= 3 and len(rule & said) == len(rule) - 1 and
                   rule & said & self._nearly and rule & said - self._how and
                   any(self._beyond(told, a, b, asked) for a in rule & said for b in rule & said)
                   for rule in self._rules)

    def _two_apart(self, told: Told, asked: frozenset[str]) -> bool:
        """Whether two parts of an emergency are told in different words, one of them more
        than the question ``asked`` about: both of one item of ``emergency_when`` ("into my
        chest and down my arm"), or that one happening (neither a place nor an amount) and
        the other no amount ("landed on his neck *ten minutes ago*" to "Have you hurt your
        head or neck?")."""
        return any((a not in self._places and b not in self._amounts or
                    any(a in rule and b in rule for rule in self._rules) and
                    not {a, b} <= self._how) and
                   self._beyond(told, a, b, asked) for a in told for b in told)

    def _beyond(self, told: Told, a: str, b: str, asked: frozenset[str]) -> bool:
        """Whether ``a``, more than the question ``asked`` about and no amount ("bringing
        up a lot" to "Have you been vomiting?" is an answer), is told in other words than
        ``b`` ("bringing up" is both much and up: one thing told)."""
        return a != b and a not in asked and a not in self._amounts and any(
            x[1] <= y[0] or y[1] <= x[0] for x in told[a] for y in told[b])


def _besides(told: Told, asked: frozenset[str]) -> Told:
    """``told`` without words of a concept the question ``asked`` about counted for another
    concept too, or part of them ("fallen" is a fall and a long lie; to "Did it start after
    lifting...?" it is the question's)."""
    theirs = [x for name in asked for x in told.get(name, ())]
    out = {}
    for name, spans in told.items():
        mine = spans if name in asked else \
            [x for x in spans if not any(y[0] <= x[0] and x[1] <= y[1] for y in theirs)]
        if mine:
            out[name] = mine
    return out
