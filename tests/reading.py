"""What the matcher makes of one reply to one question, for tests written as replies."""

from __future__ import annotations

from assistant.dialog.matcher import Matcher
from assistant.dialog.model import Dialog


def read(dialog: Dialog, key: str, text: str) -> tuple[str, object]:
    """The kind and value of ``text`` said to the question ``key``."""
    meaning = Matcher(dialog.language).interpret(dialog.questions[key], text)
    return meaning.kind, meaning.value
