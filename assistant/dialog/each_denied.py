"""A no told sign by sign to a group: "No headache, no fever, nothing like that".

A no that names a sign is asked again one sign at a time (a negation of one sign is no
answer about the others). When each sign of the group is denied in a clause of its own,
read as that sign's own question reads it, the reply is a no to the whole group.
"""

from __future__ import annotations

from .emergency import denials_joined
from .matcher import ANSWER, NOT_UNDERSTOOD, SILENCE, Matcher
from .model import Dialog, Question
from .signs import SignWords


def each_denied(dialog: Dialog, matcher: Matcher, signs: SignWords, group: Question,
                text: str | None) -> bool:
    """Whether every sign of ``group`` is denied in a clause of ``text`` that speaks of
    it, and no clause says anything else than no (or nothing that is an answer)."""
    denied: set[str] = set()
    for tokens in denials_joined(matcher.clauses(text)):
        clause = " ".join(tokens)
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

