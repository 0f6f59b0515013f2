"""A number said in a question asked back: a guess, or no answer at all.

A sentence may ask when it ends with a question mark or opens as a question does
(``asked_back`` in ``language.yaml``; :meth:`.clauses.ClauseSplitter.split_asking` marks
its clauses): "Is it about a week?" is a guess, and "Is it going to rain today, do you
know?" no answer at all, though its "today" reads as 0 days. Such a number is checked
with the person before it counts. What the sentence says is still read as said: a
question mark alone changes no meaning ("seven. eight?" is 8, as "seven, eight" is), and
an opening alone may be a statement ("What's got me worried is my pee's been pink").
"""

from __future__ import annotations

from .model import Language
from .numbers import numbers_said


def guessed(clauses: list[list[str]], asking: list[bool], answering: list[int],
            language: Language, units: bool) -> bool:
    """Whether a number is said in an answering clause of a sentence that may ask."""
    return any(asking[k] and numbers_said(clauses[k], language, with_units=units)
               for k in answering)
