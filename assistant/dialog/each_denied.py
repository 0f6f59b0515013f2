"""A no told sign by sign to a group: "No headache, no fever, nothing like that".

A no that names a sign is asked again one sign at a time (a negation of one sign is no
answer about the others). When each sign of the group is denied in a clause of its own,
read as that sign's own question reads it, the reply is a no to the whole group.
"""

from __future__ import annotations

from .matcher import ANSWER, NOT_UNDERSTOOD, SILENCE, Matcher
from .model import Dialog, Question
from .signs import SignWords


def each_denied(dialog: Dialog, matcher: Matcher, signs: SignWords, group: Question,
                text: str | None) -> bool:
    """Whether every sign of ``group`` is denied in a clause of ``text`` that speaks of
    it, and no clause says anything else than no (or nothing that is an answer)."""
    denied: set[str] = set()
    for clause in _denials_joined(matcher.clause_texts(text)):
        mentioned = {key for key, n in signs.mentions(group, clause).items() if n} | \
            signs.answered_alone(group, clause)
        if not mentioned:
            got = matcher.interpret(group, clause)
            if got.kind not in (NOT_UNDERSTOOD, SILENCE) and \
                    not (got.kind == ANSWER and got.value == "no" and not got.confirm):
                return False
            continue
        for key in mentioned:
            got = matcher.interpret(_own_question(dialog, key), clause)
            if not (got.kind == ANSWER and got.value == "no" and not got.confirm):
                return False
            denied.add(key)
    return denied == set(group.members)


def _own_question(dialog: Dialog, key: str) -> Question:
    return next(q for q in dialog.questions.values() if not q.members and q.finding.key == key)


_BARE = ("no", "nope", "not", "never", "none")


def _denials_joined(clauses: list[str]) -> list[str]:
    """A bare "no" put back with the clause before it, which it answers ("chest... no")."""
    joined: list[str] = []
    for clause in clauses:
        if joined and clause in _BARE:
            joined[-1] = f"{joined[-1]} {clause}"
        else:
            joined.append(clause)
    return joined
