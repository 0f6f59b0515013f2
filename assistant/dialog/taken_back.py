"""An answer taken back a question later: "Sorry, I said yes before, I misread. None of
those."

Older people and people after a stroke correct themselves once they see where a wrong
answer led, and by then the next question is asked (blind play, tests/played/play16 p06
and p08: both corrections were "not understood", and each sign had to be denied again
one by one). The phrases that take an answer back (``taken_back``) are cut from the
reply; what is left answers the question before.
"""

from __future__ import annotations

import re

from .model import Language
from .phrases import PhraseIndex
from .text import words

_PARTS = re.compile(r"[.,;!?\n]+")
LEADS = frozenset({"sorry", "oh", "oops", "but", "and", "so", "wait", "well", "dear"})
"""Words that only lead into a correction or out of it ("sorry", "but it wasn't ...")."""


class TakenBack:
    def __init__(self, language: Language) -> None:
        self._index: PhraseIndex[bool] = PhraseIndex((p, True, 0) for p in language.taken_back)

    def rest(self, text: str | None) -> str | None:
        """What ``text`` says besides taking back the answer before ("" when nothing),
        or None when it takes nothing back."""
        kept: list[str] = []
        found = False
        for part in _PARTS.split(text or ""):
            tokens = words(part)
            spans = self._index.spans(tokens)
            if spans:
                found = True
                tokens = tokens[max(s.end for s in spans):]
            while tokens and tokens[0] in LEADS and spans:
                tokens = tokens[1:]
            if tokens and not all(t in LEADS for t in tokens):
                kept.append(" ".join(tokens))
        return ". ".join(kept) if found else None
