"""A recognizer's grammar for one question: the phrases worth listening for, and which of
them may be taken on a close guess.

A close guess is an answer a recognizer would otherwise reject but finds nearly likely
enough. It is offered only for the answers of a choice question (a place, a side) and, to
the person's own takes (the personal recognizer), for the numbers of a number question not
asked as yes or no ("seven or more?"): there a guess is always put back to the person ("Is
that right?", below the confidence at which anything counts unconfirmed), and a yes to
that is easier to say and to hear than the answer again. It is never offered for yes and
no (a confirmation is itself a yes or no), commands or calls for help (which act at once).
Whisper does not guess numbers: on the tune half its guesses there cost more false
accepts than they gained (README, "A place or side nearly made out").
"""

from __future__ import annotations

from collections.abc import Iterable


class Grammar(list[str]):
    """The phrases, in order, as a plain list; ``guessable``: those of them a recognizer
    may take on a close guess; ``by_templates``: those the person's own takes may take on a
    close guess besides (every ``guessable`` one is too). A copy made with ``list()`` is a
    plain grammar again."""

    def __init__(self, phrases: Iterable[str] = (), guessable: Iterable[str] = (),
                 by_templates: Iterable[str] = (), heard_whole: Iterable[str] = ()) -> None:
        super().__init__(phrases)
        self.guessable = frozenset(guessable) & frozenset(self)
        self.guessable_by_templates = (frozenset(by_templates) | self.guessable) & \
            frozenset(self)
        self.heard_whole = frozenset(heard_whole) & frozenset(self)
        """Phrases for a recognizer that judges each phrase whole against what it heard
        freely (Whisper) only: a decoder bound to its grammar (pocketsphinx, vosk) would
        find them in other words ("about a week" and the like)."""
