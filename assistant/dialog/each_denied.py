"""A no told sign by sign to a group: "No headache, no fever, nothing like that".

A no that names a sign is asked again one sign at a time (a negation of one sign is no
answer about the others). When each sign of the group is denied in a clause of its own,
read as that sign's own question reads it, the reply is a no to the whole group.
"""

from __future__ import annotations

from .emergency import with_denials
from .matcher import ANSWER, NOT_UNDERSTOOD, SILENCE, Interpretation, Matcher
from .model import Dialog, Question
from .signs import SignWords


def each_denied(dialog: Dialog, matcher: Matcher, signs: SignWords, group: Question,
                text: str | None) -> Interpretation | None:
    """A no to the whole of ``group`` when every sign of it is denied in a clause of
    ``text`` that speaks of it, and no clause says anything else than no (or nothing that
    is an answer); checked with the person when any of those noes is ("faint... no").
    None otherwise."""
    denied: set[str] = set()
    checked = False
    for unit in with_denials(matcher.clauses(text)):
        clause = ", ".join(" ".join(tokens) for tokens in unit)  # "chest, no": as said
        mentioned = {key for key, n in signs.mentions(group, clause).items() if n} | \
            signs.answered_alone(group, clause)
        if not mentioned:
            got = matcher.interpret(group, clause)
            if got.kind not in (NOT_UNDERSTOOD, SILENCE) and \
                    not (got.kind == ANSWER and got.value == "no" and not got.confirm):
                return None
            continue
        for key in mentioned:
            got = matcher.interpret(_own_question(dialog, key), clause)
            if not (got.kind == ANSWER and got.value == "no"):
                return None
            checked = checked or got.confirm
            denied.add(key)
    if denied != set(group.members):
        return None
    return Interpretation(ANSWER, "no", text or "", confirm=checked)


def _own_question(dialog: Dialog, key: str) -> Question:
    return next(q for q in dialog.questions.values() if not q.members and q.finding.key == key)

