"""Replies that ask something back: which of their clauses answer, and which only ask.

A sentence asks when it ends with a question mark, and may ask when it opens as a
question does (``asked_back`` in ``language.yaml``; "What's got me worried is my pee's
been pink" opens so and tells a sign): :meth:`.clauses.ClauseSplitter.split_asking`
marks its clauses. A number in either is checked; only a sentence marked as asked is
set aside. People answer a question with one ("Lost weight? Chance would be a fine
thing! No."), ask before answering ("Zero to ten? Eight.") or instead ("Is what right?"),
and what such a sentence says is no answer of theirs: a "right" in "Is what right?" took
a check of a no to an alarm sign as confirmed (independent34, 2026-12-06).
"""

from __future__ import annotations

from .answers import AnswerReader
from .clauses import MARKED_ASKED
from .model import Language
from .numbers import numbers_said
from .phrases import Span


def without_asking_words(reader: AnswerReader, clauses: list[list[str]],
                         spans: list[list[Span[str]]], asking: list[int],
                         answering: list[int], words: frozenset[str]) -> list[int]:
    """``answering`` less the clauses of a question with one of ``words`` in it ("is
    what right", "what's a ten"); doubt in one still counts ("what would I know")."""
    return [k for k in answering
            if not (asking[k] == MARKED_ASKED and not words.isdisjoint(clauses[k])
                    and not reader.read([clauses[k]], [spans[k]]).doubt)]


def told_numbers(clauses: list[list[str]], asking: list[int], answering: list[int],
                 language: Language, units: bool) -> tuple[list[int], bool]:
    """The answering clauses to read a number in, and whether a number was said in a
    question ("is it about a week?": a guess, or no answer at all, so checked). A number
    told in another sentence ("Zero to ten? Eight.") is the one read."""
    guessed = [k for k in answering
               if asking[k] and numbers_said(clauses[k], language, with_units=units)]
    told = [k for k in answering if k not in guessed]
    if any(numbers_said(clauses[k], language, with_units=units) for k in told):
        return told, bool(guessed)
    return answering, bool(guessed)


def without_echoes(reader: AnswerReader, clauses: list[list[str]],
                   spans: list[list[Span[str]]], asking: list[int],
                   answering: list[int]) -> list[int]:
    """``answering`` less the question's own words said back as a question ("Lost
    weight?", "Blood?"), when what is left answers ("Blood? I haven't looked."); said
    with nothing else that answers ("Stress? This job is killing me") they still do."""
    rest = [k for k in answering
            if not (asking[k] == MARKED_ASKED and _echo(reader, clauses[k], spans[k]))]
    said = reader.read([clauses[k] for k in rest], [spans[k] for k in rest])
    return rest if said.answered or said.doubt else answering


def _echo(reader: AnswerReader, clause: list[str], spans: list[Span[str]]) -> bool:
    """Whether ``clause`` only names what the question asks about ("lost weight", "a
    fever"): no yes word, no doubt, no other answer."""
    reading = reader.read([clause], [spans])
    return reading.answered and not reading.doubt and set(reading.content) <= {"yes"} \
        and reading.named == len(reading.particles)
