"""What is overheard outside a screening (waiting for the wake phrase, after the outcome)
that tells an emergency in words no grammar holds.

The recognizer's own transcription of what it heard is read as the screening's first
question will read it, so that the check the screening opens with ("I heard ... Is that
right?") is about what woke it. Overheard speech is not said to BackTalk: the news, an
advert or a story about a neighbour names the emergency services without calling them. So
a service named (``emergency_services``) counts only after a verb of calling ("get me an
ambulance"), where in a reply to a question it counts anywhere.
"""

from __future__ import annotations

import re
from typing import Any

from .conversation import Conversation
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
        names = sorted(language.emergency_services, key=len, reverse=True)
        self._services = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b",
                                    re.IGNORECASE) if names else None

    def __call__(self, said: str) -> bool:
        return bool(said.strip()) and \
            self.matcher.interpret(self.first, self.called_only(said)).kind == EMERGENCY

    def called_only(self, said: str) -> str:
        """``said`` with every service named but not called for left out."""
        if self._services is None:
            return said

        def called(match: re.Match[str]) -> str:
            before = words(said[:match.start()])[-VERB_REACH:]
            return match.group(0) if self._verbs & set(before) else UNNAMED
        return self._services.sub(called, said)


def first_question(dialog: Dialog, emergency_number: str,
                   known: dict[str, Any] | None = None) -> Question | None:
    """The question a screening opens with for this person (known answers passed over)."""
    opening = Conversation(dialog, emergency_number, known=known)
    opening.start()
    return opening.question
