"""Normalising what people say (or type) so that phrases can be compared."""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def normalize(text: str) -> str:
    """Lower case, plain apostrophes, no punctuation, single spaces."""
    text = text.lower().translate(_APOSTROPHES)
    text = _NOT_WORD.sub(" ", text.replace("-", " "))
    return " ".join(word.strip("'") for word in text.split() if word.strip("'"))


def words(text: str) -> list[str]:
    return normalize(text).split()
