"""Which answers a person is asked to teach, taken from the dialogue files so that they
are exactly the phrases the recognizers are asked to hear.

From each list of ``dialogs/language.yaml`` the first phrase is the one taught: "yes",
"no", the first of ``dont_know``, the number words for 0 to 10, the choices of every
choice question asked, the first phrase of the commands repeat, slower, stop and go back, and
the first call for help; then the wake phrase, when one is set.
"""

from __future__ import annotations

from ..dialog.model import Dialog

COMMANDS = ("repeat", "slower", "stop", "back")
"""The commands taught (the others are rarer and have a spoken fallback: "help")."""
NUMBERS = range(0, 11)


class PhraseError(Exception):
    """The dialogue files lack a phrase that enrollment needs."""


def _first(phrases: tuple[str, ...] | None, what: str) -> str:
    if not phrases:
        raise PhraseError(f"the dialogue files have no phrase for {what}")
    return phrases[0]


def enroll_phrases(dialog: Dialog, wake: str | None = None) -> list[str]:
    """The phrases to teach, in the order they are asked, each once."""
    lang = dialog.language
    phrases = [_first(lang.yes_no.get("yes"), "yes"), _first(lang.yes_no.get("no"), "no"),
               _first(lang.dont_know, "I don't know")]
    for number in NUMBERS:
        words = tuple(word for word, value in lang.number_words.items() if value == number)
        phrases.append(_first(words, f"the number {number}"))
    for question in dialog.questions.values():
        # Only choices a question asks: "sex" is a choice a caregiver sets, never asked.
        if question.finding.type == "choice" and question.at_least is None:
            phrases += question.finding.choices
    for command in COMMANDS:
        phrases.append(_first(lang.commands.get(command), f"the command {command}"))
    phrases.append(_first(lang.emergency_calls, "a call for help"))
    if wake and wake.strip():
        phrases.append(" ".join(wake.lower().split()))
    return list(dict.fromkeys(phrases))


def find_phrase(wanted: str, phrases: list[str]) -> str | None:
    """The phrase of ``phrases`` that ``wanted`` names, however it is written: "I don't
    know", "i_dont_know" and "I DONT KNOW" all name "i don't know"."""
    def key(text: str) -> str:
        kept = "".join(c if c.isalnum() else " " for c in text.lower().replace("'", ""))
        return " ".join(kept.replace("_", " ").split())

    wanted_key = key(wanted)
    return next((phrase for phrase in phrases if key(phrase) == wanted_key), None)
