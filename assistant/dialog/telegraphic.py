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
RUN_WORDS = (4, 12)
"""Words of one run with no stop in it that may be read as telegraphic pieces: a news
headline, also short of small words, is longer ("Waiting lists for hip and knee operations
now stand at over seven million")."""
SMALL_SHARE = 0.25
"""The share of small words at most in such a run. Chosen on the tune lines with every
stop taken out (as Whisper often writes pieces): 58, 51 and 121 emergencies heard became
64, 55 and 137 (of 80, 80, 160), other talk 9, 11 and 11 became 9, 11 and 12; the lines as
written were read as before."""


class Telegraphic:
    def __init__(self, language: Language) -> None:
        self._where = frozenset(language.telegraphic_where)
        self._how = frozenset(language.telegraphic_how)
        self._calm = frozenset(language.telegraphic_calm)
        self._small = frozenset(language.telegraphic_small_words)
        self._old: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in (*language.emergency_past, *language.emergency_left_by))

    def tells(self, clauses: list[list[str]],
              negated: Callable[[list[str], int], bool]) -> bool:
        """Whether ``clauses`` are telegraphic speech naming a part of the body and
        something wrong (neither ``negated``: "no chest pain"), with no calm word, no past
        and no old stroke told."""
        pieces = [[token] for token in clauses[0]] \
            if len(clauses) == 1 and self._run_of_pieces(clauses[0]) else clauses
        if len(pieces) < PIECES or median(len(c) for c in pieces) > PIECE_WORDS:
            return False
        tokens = [t for clause in clauses for t in clause]
        # Denied as it was said, before a run is cut into pieces: "my head doesn't hurt".
        told = {t for clause in clauses for i, t in enumerate(clause)
                if not negated(clause, i)}
        return bool(told & self._where and told & self._how) and \
            not set(tokens) & self._calm and not any(True for _ in self._old.spans(tokens))

    def _run_of_pieces(self, tokens: list[str]) -> bool:
        """Whether ``tokens``, written with no stop, are telegraphic pieces run together:
        few words, few of them small ones."""
        least, most = RUN_WORDS
        return least <= len(tokens) <= most and \
            sum(t in self._small for t in tokens) <= SMALL_SHARE * len(tokens)
