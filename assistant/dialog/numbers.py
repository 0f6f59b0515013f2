"""Numbers in what people say: "five", "twenty one", "7", "about a week", "since yesterday".

When in doubt it reads the longer duration ("three or four weeks" is four weeks; "more
than a week" and "a week or more" are more than seven days): a screening must not
under-read how long pain has lasted.
"""

from __future__ import annotations

from .model import Language
from .text import words

_RANGE = ("or", "to")
_HALF = ["and", "a", "half"]


def parse_number(text: str, language: Language, with_units: bool) -> float | None:
    """The number said in ``text``, in days when ``with_units`` (durations), else plain.

    Returns None when no number is found.
    """
    tokens = words(text)
    if with_units:
        joined = f" {' '.join(tokens)} "
        # Longest phrase first, so "the day before yesterday" wins over "yesterday".
        for phrase in sorted(language.duration_phrases, key=len, reverse=True):
            if f" {phrase} " in joined:
                return language.duration_phrases[phrase]
    for start in range(len(tokens)):
        first = _quantity(tokens, start, language, with_units)
        if first is None:
            continue
        value, unit, end = first
        if end < len(tokens) and tokens[end] in _RANGE:  # "three or four weeks"
            second = _quantity(tokens, end + 1, language, with_units)
            if second is not None:
                value2, unit2, end = second
                unit, unit2 = unit or unit2, unit2 or unit
                value = max(value * (unit or 1.0), value2 * (unit2 or 1.0))
                unit = None
        total = value * (unit or 1.0)
        if _phrase_ends_at(tokens, start, language.more_than) or \
                _phrase_starts_at(tokens, end, language.or_more):
            total += 1
        return total
    return None


def _quantity(tokens: list[str], i: int, language: Language, with_units: bool
              ) -> tuple[float, float | None, int] | None:
    """(number, unit in days or None, index after) for a quantity starting at ``i``."""
    number = _number_at(tokens, i, language, with_units)
    if number is None:
        return None
    value, end = number
    if not with_units:
        return value, None, end
    if tokens[end:end + 3] == _HALF:  # "one and a half weeks"
        value, end = value + 0.5, end + 3
    unit = language.duration_units.get(tokens[end]) if end < len(tokens) else None
    if unit is not None:
        end += 1
        if tokens[end:end + 3] == _HALF:  # "a week and a half"
            value, end = value + 0.5, end + 3
    return value, unit, end


def _number_at(tokens: list[str], i: int, language: Language, with_units: bool
               ) -> tuple[float, int] | None:
    """The number starting at token ``i`` and the index just after it."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.isdigit():
        return float(token), i + 1
    if token in ("a", "the") and i + 1 < len(tokens) and tokens[i + 1] in ("couple", "few"):
        return _number_at(tokens, i + 1, language, with_units)
    if with_units and token in ("a", "an") and i + 1 < len(tokens) \
            and tokens[i + 1] in language.duration_units:
        return 1.0, i + 1  # "a week": the article stands for one
    if token not in language.number_words:
        return None
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


def _phrase_ends_at(tokens: list[str], index: int, phrases: tuple[str, ...]) -> bool:
    return any(tokens[max(0, index - len(p.split())):index] == p.split() for p in phrases)


def _phrase_starts_at(tokens: list[str], index: int, phrases: tuple[str, ...]) -> bool:
    return any(tokens[index:index + len(p.split())] == p.split() for p in phrases)
