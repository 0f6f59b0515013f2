"""What the matcher makes of one reply to one question, for tests written as replies."""

from __future__ import annotations

from assistant.dialog.matcher import Interpretation, Matcher
from assistant.dialog.model import Dialog


def heard(dialog: Dialog, key: str, text: str) -> Interpretation:
    """What the matcher makes of ``text`` said to the question ``key``, whole (whether it
    is checked with the person, too)."""
    return Matcher(dialog.language).interpret(dialog.questions[key], text)


def read(dialog: Dialog, key: str, text: str) -> tuple[str, object]:
    """The kind and value of ``text`` said to the question ``key``."""
    meaning = heard(dialog, key, text)
    return meaning.kind, meaning.value
