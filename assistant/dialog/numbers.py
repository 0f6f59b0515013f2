"""Numbers in what people say: "five", "twenty one", "7", "3.5", "1,000", "about a week",
"twelve hours", "two and a half weeks", "since yesterday".

Every number said is read; the caller takes the most urgent (largest) one and confirms
it when there were several ("three when I sit, eight when I move" is 8; "two or three
days" is 3): a screening must not under-read how bad or how long the pain is.
"""

from __future__ import annotations

import re

from .model import Language
from .phrases import PhraseIndex

_HALF = ["and", "a", "half"]
_ARTICLES = ("a", "an", "the")
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_SCALE = ["out", "of"]  # "7 out of 10": the 10 is the scale, not an answer
_OF_TEN = (["of", "ten"], ["of", "10"])
VAGUE = ("few", "several")
"""Numbers said vaguely ("a good few days, dear"): taken as the number they stand for, and
checked. (A day of the week, "since Saturday", is not counted from the clock: a machine
kept offline may be days out.)"""


def parse_number(text: str, language: Language, with_units: bool) -> float | None:
    """The largest number said in ``text`` (in days when ``with_units``), or None."""
    from .text import words

    found = numbers_said(words(text), language, with_units)
    return max(found) if found else None


def numbers_said(tokens: list[str], language: Language, with_units: bool,
                 denied: bool = True, spans: list[tuple[int, int]] | None = None
                 ) -> list[float]:
    """Every quantity said, in order: in days for durations when ``with_units``. Without
    those ``denied`` ("five, not nine"; "not" just before) if any other is said.
    ``spans``, when given, gets the (start, end) of the words each quantity took."""
    taken = [False] * len(tokens)
    found: list[tuple[int, float, bool]] = []  # (position, value, has a unit)
    bound: list[tuple[int, int]] = []  # the words each quantity took
    if with_units:
        phrases = PhraseIndex((p, v, 0) for p, v in language.duration_phrases.items())
        for span in phrases.best(tokens):
            found.append((span.start, span.tag, True))
            for i in range(span.start, span.end):
                taken[i] = True
    more_than = [p.split() for p in language.more_than]
    or_more = [p.split() for p in language.or_more]
    i = 0
    while i < len(tokens):
        quantity = None if taken[i] else _quantity(tokens, i, language, with_units)
        if quantity is None:
            i += 1
            continue
        value, unit, end = quantity
        if unit is not None and tokens[end:end + 1] == ["and"]:
            # "a week and two days", "two weeks and three days": one duration.
            rest = _quantity(tokens, end + 1, language, with_units)
            if rest is not None and rest[1] is not None and rest[1] < unit:
                value, end = value + rest[0] * rest[1] / unit, rest[2]
        if _more_than(tokens, i, more_than) or _starts_at(tokens, end, or_more):
            value += 1 / (unit or 1.0)  # "more than a week": longer than the week itself
        found.append((i, value * (unit or 1.0), unit is not None))
        bound.append((i, end))
        if tokens[end:end + 2] == _SCALE:
            end += 3
        elif tokens[end:end + 2] in _OF_TEN:
            end += 2  # "seven of ten"
        i = end
    bound += [(j, j + 1) for j, used in enumerate(taken) if used]
    if spans is not None:
        spans += bound
    if with_units:
        found = _share_units(tokens, found, language, loose_units(tokens, language, bound))
    if not denied:
        kept = [f for f in found if tokens[f[0] - 1:f[0]] != ["not"]]
        found = kept or found
    return [round(v, 6) for _, v, _ in sorted(found)]


def loose_units(tokens: list[str], language: Language, bound: list[tuple[int, int]]
                ) -> list[int]:
    """Where a unit is said with no amount of its own ("*months*, maybe two", "for
    *weeks*"): positions of unit words outside every quantity (``bound``: the (start,
    end) of each, as :func:`numbers_said` gives them)."""
    inside = {j for start, end in bound for j in range(start, end)}
    return [j for j, token in enumerate(tokens)
            if token in language.duration_units and j not in inside]


def _share_units(tokens: list[str], found: list[tuple[int, float, bool]], language: Language,
                 loose: list[int]) -> list[tuple[int, float, bool]]:
    """A bare number next to one with a unit takes its unit: "three or four weeks",
    "two days, maybe three"; with none, the unit said with no amount of its own
    (``loose``: "months, maybe two"), the nearest; with no unit anywhere, numbers are
    days."""
    found = sorted(found)
    # The next and the previous quantity with a unit, for each one: two passes, so that
    # a long list of bare numbers stays linear.
    following: list[int | None] = [None] * len(found)
    after = None
    for k in range(len(found) - 1, -1, -1):
        following[k] = after
        if found[k][2]:
            after = found[k][0]
    out = []
    before = None
    for k, (pos, value, has_unit) in enumerate(found):
        if not has_unit:
            near = following[k] if following[k] is not None else before
            if near is not None:
                value *= _unit_near(tokens, near, language)
            elif loose:
                nearest = min(loose, key=lambda j: abs(j - pos))
                value *= language.duration_units[tokens[nearest]]
        else:
            before = pos
        out.append((pos, value, True))
    return out


def _unit_near(tokens: list[str], start: int, language: Language) -> float:
    for token in tokens[start:start + 6]:
        if token in language.duration_units:
            return language.duration_units[token]
    return 1.0


def _quantity(tokens: list[str], i: int, language: Language, with_units: bool
              ) -> tuple[float, float | None, int] | None:
    """(number, unit in days or None, index after) for a quantity starting at ``i``."""
    units = language.duration_units
    if with_units and tokens[i] == "half" and i + 2 < len(tokens) + 1 \
            and tokens[i + 1:i + 2] in (["a"], ["an"]) and tokens[i + 2:i + 3] \
            and tokens[i + 2] in units:
        return 0.5, units[tokens[i + 2]], i + 3  # "half a day"
    number = _number_at(tokens, i, language, with_units)
    if number is None:
        return None
    value, end = number
    if tokens[end:end + 3] == _HALF:  # "two and a half weeks", "seven and a half"
        value, end = value + 0.5, end + 3
    if not with_units:
        return value, None, end
    unit = units.get(tokens[end]) if end < len(tokens) else None
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
    if token == "minus" and i + 1 < len(tokens):
        after = _number_at(tokens, i + 1, language, with_units)
        return (-after[0], after[1]) if after else None
    if _DECIMAL.match(token):
        return float(token), i + 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in _ARTICLES and nxt in ("couple", "few", "dozen", "hundred", "thousand"):
        return _number_at(tokens, i + 1, language, with_units)
    if token in ("a", "an") and nxt in language.number_words and nxt not in ("nothing",):
        return _number_at(tokens, i + 1, language, with_units)  # "a seven", "an eight"
    if with_units and token in ("a", "an") and nxt in language.duration_units:
        return 1.0, i + 1  # "a week": the article stands for one
    if token not in language.number_words:
        return None
    value = language.number_words[token]
    end = i + 1
    follow = language.number_words.get(tokens[end]) if end < len(tokens) else None
    if follow is not None and 20 <= value < 100 and value % 10 == 0 and 0 < follow < 10:
        value, end = value + follow, end + 1  # "twenty one"
    elif follow in (100, 1000) and value < 100:
        value, end = value * follow, end + 1  # "two hundred"
    if end < len(tokens) and tokens[end] == "of" and token in ("couple", "few", "dozen"):
        end += 1
    return value, end


def _more_than(tokens: list[str], index: int, phrases: list[list[str]]) -> bool:
    """Whether one of ``phrases`` ends just before ``index``, not itself denied: "no more
    than a one" is one at most."""
    return any(index >= len(p) and tokens[index - len(p):index] == p and
               tokens[index - len(p) - 1:index - len(p)] not in (["no"], ["not"])
               for p in phrases)


def _starts_at(tokens: list[str], index: int, phrases: list[list[str]]) -> bool:
    return any(tokens[index:index + len(p)] == p for p in phrases)
