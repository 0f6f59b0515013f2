"""Normalising what people say (or type) so that phrases can be compared."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# Numbers keep their meaning through normalising: "1,000" is a thousand, "3.5" three and a
# half, "-5" minus five (so that an impossible answer is re-asked, not read as 5).
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_MINUS = re.compile(r"(?<![\w.])-(?=\d)")
_OUT_OF = re.compile(r"(?<=\d)\s*/\s*(?=10(?!\d))")  # "7/10": seven out of ten, not 7, 10
_POINT = "\u2024"  # stands for a decimal point while punctuation is removed
_NOT_WORD = re.compile(r"[^a-z0-9' \u2024]+")


def protect_numbers(text: str) -> str:
    """``text`` with thousands separators dropped, decimal points and minus signs kept
    safe from the punctuation that separates clauses."""
    text = _THOUSANDS.sub("", text)
    text = _DECIMAL.sub(_POINT, text)
    text = _OUT_OF.sub(" out of ", text)
    return _MINUS.sub(" minus ", text)


def normalize(text: str) -> str:
    """Lower case, plain apostrophes, no punctuation, single spaces."""
    text = protect_numbers(_plain_letters(text.lower().translate(_APOSTROPHES)))
    text = _NOT_WORD.sub(" ", text.replace("-", " "))
    return " ".join(word.strip("'").replace(_POINT, ".")
                    for word in text.split() if word.strip("'"))


def words(text: str) -> list[str]:
    return normalize(text).split()


def _plain_letters(text: str) -> str:
    """``text`` with accents taken off its letters: "não" is "nao", "café" "cafe" (a
    recognizer or a person typing may write either)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))
