"""Numbers in what people say: "five", "twenty one", "7", "about a week", "since yesterday".

When in doubt it reads the longer duration ("three or four weeks" is four weeks; "more
than a week" is more than seven days): a screening must not under-read how long pain
has lasted.
"""

from __future__ import annotations

from .model import Language
from .text import words

_ARTICLES = ("a", "an")
_RANGE = ("or", "to")
_HALF = ["and", "a", "half"]


def parse_number(text: str, language: Language, with_units: bool) -> float | None:
    """The number said in ``text``, in days when ``with_units`` (durations), else plain.

    Returns None when no number is found.
    """
    tokens = words(text)
    joined = f" {' '.join(tokens)} "
    if with_units:
        # Longest phrase first, so "the day before yesterday" wins over "yesterday".
        for phrase in sorted(language.duration_phrases, key=len, reverse=True):
            if f" {phrase} " in joined:
                return language.duration_phrases[phrase]
    more = any(f" {phrase} " in joined for phrase in language.more_than)
    for i in range(len(tokens)):
        value, end = _number_at(tokens, i, language, with_units)
        if value is None:
            continue
        if end < len(tokens) and tokens[end] in _RANGE:
            upper, after = _number_at(tokens, end + 1, language, with_units)
            if upper is not None and upper > value:
                value, end = upper, after
        if with_units:
            value, end = _with_unit(tokens, end, value, language)
        return value + 1 if more else value
    return None


def _with_unit(tokens: list[str], end: int, value: float, language: Language
               ) -> tuple[float, int]:
    if tokens[end:end + 3] == _HALF:  # "one and a half weeks"
        value, end = value + 0.5, end + 3
    unit = language.duration_units.get(tokens[end], 1.0) if end < len(tokens) else 1.0
    if end < len(tokens) and tokens[end] in language.duration_units:
        end += 1
        if tokens[end:end + 3] == _HALF:  # "a week and a half"
            value, end = value + 0.5, end + 3
    return value * unit, end


def _number_at(tokens: list[str], i: int, language: Language, with_units: bool
               ) -> tuple[float | None, int]:
    """The number starting at token ``i`` and the index just after it."""
    if i >= len(tokens):
        return None, i
    token = tokens[i]
    if token.isdigit():
        return float(token), i + 1
    if token in ("a", "the") and i + 1 < len(tokens) and tokens[i + 1] in ("couple", "few"):
        return _number_at(tokens, i + 1, language, with_units)
    if with_units and token in _ARTICLES and i + 1 < len(tokens) \
            and tokens[i + 1] in language.duration_units:
        return 1.0, i + 1  # "a week": the article stands for one
    if token not in language.number_words:
        return None, i
    value = language.number_words[token]
    end = i + 1
    follow = language.number_words.get(tokens[end]) if end < len(tokens) else None
    if follow is not None and 20 <= value < 100 and value % 10 == 0 and 0 < follow < 10:
        value, end = value + follow, end + 1  # "twenty one"
    elif follow == 100 and value < 10:
        value, end = value * 100, end + 1  # "two hundred"
    if end < len(tokens) and tokens[end] == "of" and token in ("couple", "few"):
        end += 1
    return value, end
