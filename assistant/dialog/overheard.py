"""What is overheard outside a screening (waiting for the wake phrase, after the outcome)
that tells an emergency in words no grammar holds.

The recognizer's own transcription of what it heard is read as the screening's first
question will read it, so that the check the screening opens with ("I heard ... Is that
right?") is about what woke it. Overheard speech is not said to BackTalk: the news, an
advert or a story about a neighbour names the emergency services, and emergencies, without
anyone needing one. So a service named (``emergency_services``) counts only after a verb
of calling ("get me an ambulance"), and an emergency named (``emergency_conditions``: "a
heart attack", "a stroke") only as happening ("I think I'm having a heart attack",
``emergency_conditions_happening``) or with a word for now; in a reply to a question both
count anywhere.
"""

from __future__ import annotations

import re
from typing import Any

from .conversation import Conversation
from .emergency import NOW
from .matcher import EMERGENCY, Matcher
from .model import Dialog, Question
from .text import words

ASKING_VERBS = ("need", "needs", "send", "fetch")
"""Besides ``call_verbs``: "I need an ambulance", "send the paramedics"."""
VERB_REACH = 3
"""Words a verb of calling may stand before the service: "call for an ambulance"."""
UNNAMED = "it"
"""What a service named without a call stands for: a word that calls for nothing."""


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
            self.matcher.interpret(self.first, self.told_here(said)).kind == EMERGENCY

    def told_here(self, said: str) -> str:
        """``said`` with every service named but not called for, and every emergency named
        but not as happening, left out."""
        def called(match: re.Match[str]) -> str:
            before = words(said[:match.start()])[-VERB_REACH:]
            return match.group(0) if self._verbs & set(before) else UNNAMED

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
