"""Signs told in passing, at a question that does not ask them.

People tell what worries them when it comes to mind, not when its question comes: "No,
nowt like that. But I've gone numb down below" to a question about the legs' cramps.
Read only as an answer to the question asked, such a sign waits for its own question,
perhaps ten questions on, and a person who stops before then leaves with less advice than
they told (blind play, tests/played/play4 p13 and p14). So each clause naming a sign
(``told_in_passing``) is read as that sign's own question reads it; a yes there is the
sign told.
"""

from __future__ import annotations

import re

from .emergency import with_denials
from .matcher import ANSWER, Matcher
from .model import Language, Question
from .text import words

_ASKED = re.compile(r"[^.,;!?]*\?")
"""A part of a reply that asks ("Groin numb means what exactly?"): it tells nothing."""


class InPassing:
    """Which signs a reply tells besides the question it answers."""

    def __init__(self, language: Language, matcher: Matcher,
                 own: dict[str, Question]) -> None:
        """``own``: each finding's own question (:func:`.signs.own_questions`)."""
        self.matcher = matcher
        self._names = {key: tuple(f" {p} " for p in phrases)
                       for key, phrases in language.told_in_passing.items()}
        self._elsewhere = tuple(f" {p} " for p in language.someone_else)
        self.own = {key: q for key, q in own.items() if key in self._names}
        """Each sign told in passing's own question (the one a group asks it by)."""

    def told(self, question: Question | None, text: str | None) -> dict[str, str]:
        """The signs ``text`` tells in a clause of its own, read as each sign's own
        question reads it, other than those ``question`` asks -> that clause. None in a
        reply that puts what it tells on someone else ("my husband had a stroke, not me")."""
        said = _ASKED.sub(".", text or "")
        if any(p in f" {' '.join(words(said))} " for p in self._elsewhere):
            return {}
        asked = set() if question is None else {question.finding.key, *question.members}
        found: dict[str, str] = {}
        for unit in with_denials(self.matcher.clauses(said)):
            clause = ", ".join(" ".join(tokens) for tokens in unit)
            # "my pee's been pink": the name without what is joined to it.
            bare = " ".join(t.removesuffix("'s") for tokens in unit for t in tokens)
            padded = f" {bare} "
            for key, names in self._names.items():
                if key in asked or key in found or key not in self.own or \
                        not any(name in padded for name in names):
                    continue
                got = self.matcher.interpret(self.own[key], clause)
                if got.kind == ANSWER and got.value == "yes":
                    found[key] = clause
        return found
