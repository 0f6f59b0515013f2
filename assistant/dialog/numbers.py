"""Numbers in what people say: "five", "twenty one", "7", "about a week", "since yesterday"."""

from __future__ import annotations

from .model import Language
from .text import words

_ARTICLES = ("a", "an", "one")


def parse_number(text: str, language: Language, with_units: bool) -> float | None:
    """The first number said in ``text``, in days when ``with_units`` (durations), else plain.

    Returns None when no number is found.
    """
    tokens = words(text)
    joined = " ".join(tokens)
    if with_units:
        # Longest phrase first, so "the day before yesterday" wins over "yesterday".
        for phrase in sorted(language.duration_phrases, key=len, reverse=True):
            if f" {phrase} " in f" {joined} ":
                return language.duration_phrases[phrase]
    i = 0
    while i < len(tokens):
        value, used = _number_at(tokens, i, language)
        if value is None and with_units and tokens[i] in _ARTICLES and i + 1 < len(tokens) \
                and tokens[i + 1] in language.duration_units:
            value, used = 1.0, 1  # "a week": the article stands for one
        if value is not None:
            if with_units:
                nxt = tokens[i + used] if i + used < len(tokens) else ""
                if nxt == "and" and tokens[i + used + 1:i + used + 3] == ["a", "half"]:
                    value, used = value + 0.5, used + 3
                    nxt = tokens[i + used] if i + used < len(tokens) else ""
                value *= language.duration_units.get(nxt, 1.0)
            return value
        i += 1
    return None


def _number_at(tokens: list[str], i: int, language: Language) -> tuple[float | None, int]:
    token = tokens[i]
    if token.isdigit():
        return float(token), 1
    if token in ("a", "the") and i + 1 < len(tokens) and tokens[i + 1] in ("couple", "few"):
        value, used = _number_at(tokens, i + 1, language)
        return value, used + 1
    if token not in language.number_words:
        return None, 0
    value = language.number_words[token]
    used = 1
    # "twenty one", "one hundred"
    if i + 1 < len(tokens):
        nxt = tokens[i + 1]
        follow = language.number_words.get(nxt)
        if follow is not None and 20 <= value < 100 and value % 10 == 0 and 0 < follow < 10:
            value, used = value + follow, 2
        elif follow == 100 and value < 10:
            value, used = value * 100, 2
    if i + used < len(tokens) and tokens[i + used] == "of" and token in ("couple", "few"):
        used += 1
    return value, used
