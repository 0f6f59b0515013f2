"""Most of an emergency told in telegraphic speech, as people with aphasia speak after a
stroke: "Chest. Tight. Bad.", "Floor. Hours. Cold. Can't... up." No phrase of the other
readings is whole there, but a part of the body and a word of something wrong are.

Read only where nothing else is known of what is said (talk overheard while BackTalk waits,
or after the outcome): in a reply to a question, such pieces are an answer ("Back. Low.
Bad."). Chosen on the tune lines (tests/overheard.yaml, overheard2.yaml and
overheard_broken.yaml, read as words): 58, 51 and 122 emergencies heard became 67, 55 and
140 (of 80, 80 and 160), other talk taken for one 9, 11 and 12 became 9, 11 and 13.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import median

from .model import Language
from .phrases import PhraseIndex

PIECES = 3
"""Pieces (clauses) at least, for speech to be telegraphic."""
PIECE_WORDS = 2
"""Words in most pieces at most (the median piece)."""


class Telegraphic:
    def __init__(self, language: Language) -> None:
        self._where = frozenset(language.telegraphic_where)
        self._how = frozenset(language.telegraphic_how)
        self._calm = frozenset(language.telegraphic_calm)
        self._old: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in (*language.emergency_past, *language.emergency_left_by))

    def tells(self, clauses: list[list[str]],
              negated: Callable[[list[str], int], bool]) -> bool:
        """Whether ``clauses`` are telegraphic speech naming a part of the body and
        something wrong (neither ``negated``: "no chest pain"), with no calm word, no past
        and no old stroke told."""
        if len(clauses) < PIECES or median(len(c) for c in clauses) > PIECE_WORDS:
            return False
        tokens = [t for clause in clauses for t in clause]
        told = {t for clause in clauses for i, t in enumerate(clause)
                if not negated(clause, i)}
        return bool(told & self._where and told & self._how) and \
            not set(tokens) & self._calm and not any(True for _ in self._old.spans(tokens))
