"""What is overheard outside a screening (waiting for the wake phrase, after the outcome)
that tells an emergency in words no grammar holds.

The recognizer's own transcription of what it heard is read as the screening's first
question will read it, so that the check the screening opens with ("I heard ... Is that
right?") is about what woke it. Overheard speech is not said to BackTalk: the news, an
advert or a story about a neighbour names the emergency services, and emergencies, without
anyone needing one. So a service named (``emergency_services``) counts only after a verb
of calling ("get me an ambulance"), and an emergency named (``emergency_conditions``: "a
heart attack", "a stroke") only as happening ("I think I'm having a heart attack",
``emergency_conditions_happening``) or with a word for now, and a medicine taken only with
an amount (:data:`EVERYDAY`); in a reply to a question all of them count anywhere. An
emergency told in pieces, a pause ending each turn, is read whole (:class:`Pieces`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .conversation import Conversation
from .emergency import NOW
from .matcher import EMERGENCY, Matcher
from .model import Dialog, Question
from .text import words

ASKING_VERBS = ("need", "needs", "send", "fetch")
"""Besides ``call_verbs``: "I need an ambulance", "send the paramedics"."""
SAYING_SO = ("is an", "it's an", "is a", "it's a")
"""Words just before a service that make it a call: "this is an emergency"."""
VERB_REACH = 3
"""Words a verb of calling may stand before the service: "call for an ambulance"."""
EVERYDAY = frozenset({"medicine", "swallowed"})
"""Concepts of emergencies that are everyday talk too: "have you taken your tablets?",
"I took two paracetamol". Overheard, they are read as if a question asked about them: the
two alone are no part of an emergency to ask about (all of one still is: "taken the whole
packet of pills"). On the tune lines, 5 fewer lines of other talk of 630 were taken for one;
one emergency of 320 was lost and heard again with its amount ("the bottle's empty")."""
UNNAMED = "it"
"""What a service named without a call stands for: a word that calls for nothing."""
PIECE_WORDS = 3
"""A turn of this many words at most is a piece of a longer telling ("I fell." ... "Can't
move.", "I can't see out of my right eye." ... "Just now."): it goes on with the turn before
it and the one after. Chosen on tests/overheard.yaml and overheard2.yaml said in pieces (a
turn ending at every pause): 58 and 49 emergencies of 80 heard, against 55 and 40 with each
piece read alone (whole lines: 58 and 51); other talk taken for one 9 and 13 of 235 against
9 and 11. Joining whole sentences two at a time took 7 and 15 more lines of other talk for
one: the television's lines follow one another."""
PIECES = 3
"""Turns read together at most: the last one and the pieces just before it."""
PIECE_PAUSE = 4.0
"""Seconds of silence a turn may begin after (beyond the end of the turn before, itself a
second of silence) and still go on with it: a choice for slow speakers, not tuned (no
recording of a person telling an emergency in pieces is here)."""


class EmergencyOverheard:
    """Whether a transcription tells an emergency, read as ``first`` reads it."""

    def __init__(self, matcher: Matcher, first: Question | None) -> None:
        self.matcher = matcher
        self.first = first
        language = matcher.language
        self._verbs = {*language.call_verbs, *ASKING_VERBS}
        self._happening = language.emergency_conditions_happening
        self._now = language.emergency_concepts.get(NOW, ())
        self._services = _any_of(language.emergency_services)
        self._conditions = _any_of(language.emergency_conditions)

    def __call__(self, said: str) -> bool:
        return bool(said.strip()) and \
            self.matcher.interpret(self.first, self.told_here(said), about=EVERYDAY,
                                   telegraphic=True).kind == EMERGENCY

    def told_here(self, said: str) -> str:
        """``said`` with every service named but not called for, and every emergency named
        but not as happening, left out."""
        def called(match: re.Match[str]) -> str:
            before = words(said[:match.start()])[-VERB_REACH:]
            so = f" {' '.join(before)}".endswith(tuple(f" {s}" for s in SAYING_SO))
            return match.group(0) if so or self._verbs & set(before) else UNNAMED

        def happening(match: re.Match[str]) -> str:
            before = f" {' '.join(words(said[:match.start()])[-VERB_REACH:])} "
            return match.group(0) if any(f" {h} " in before for h in self._happening) \
                else UNNAMED
        if self._services is not None:
            said = self._services.sub(called, said)
        whole = f" {' '.join(words(said))} "
        if self._conditions is not None and not any(f" {n} " in whole for n in self._now):
            said = self._conditions.sub(happening, said)
        return said


def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of ``phrases`` as whole words, longest first, in any case."""
    names = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b",
                      re.IGNORECASE) if names else None


def first_question(dialog: Dialog, emergency_number: str,
                   known: dict[str, Any] | None = None) -> Question | None:
    """The question a screening opens with for this person (known answers passed over)."""
    opening = Conversation(dialog, emergency_number, known=known)
    opening.start()
    return opening.question


class Pieces:
    """The turns heard one after another, so that an emergency told in pieces with pauses
    between them, as people do after a stroke, is read whole."""

    def __init__(self) -> None:
        self._turns: list[str] = []

    def joined(self, said: str, started_after: object) -> str:
        """``said`` after the turns it goes on with: those just before it, as long as one
        of each two next to each other is a piece (:data:`PIECE_WORDS`). ``started_after``:
        the seconds of silence before ``said`` began (the voice channel's
        ``started_after`` detail, None without speech); after a longer pause, or when
        nothing was said, the turns before are dropped."""
        soon = isinstance(started_after, float | int) and started_after <= PIECE_PAUSE
        if not soon or not said.strip():
            self._turns = []
        if not said.strip():
            return said
        self._turns = [*self._turns, said.strip()][-PIECES:]
        told = [self._turns[-1]]
        for before in reversed(self._turns[:-1]):
            if min(len(words(before)), len(words(told[0]))) > PIECE_WORDS:
                break
            told.insert(0, before)
        return " ".join([*(_ended(t) for t in told[:-1]), told[-1]])


class Overhearing:
    """Talk overheard turn after turn (the wait for the wake phrase): the words that tell
    an emergency, of a turn alone or of it with the pieces just before it."""

    def __init__(self, told: Callable[[str], bool]) -> None:
        self.told = told  # an EmergencyOverheard
        self._pieces = Pieces()

    def telling(self, said: str, started_after: object) -> str | None:
        """The words of this turn (``started_after``: as for :meth:`Pieces.joined`) that
        tell an emergency: ``said`` itself, or it after its pieces; None if neither."""
        joined = self._pieces.joined(said, started_after)
        if self.told(said):
            return said
        return joined if joined != said and self.told(joined) else None


def _ended(turn: str) -> str:
    """A turn as a sentence: the pause after it is a break."""
    return turn if turn[-1] in ".?!,;:" else f"{turn}."
