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
        readings: dict[str, Interpretation] = {}
        if not mentioned:
            # Only a form of a sign's word ("breathing's fine"): that sign when its own
            # question reads a no there, else read as said to the whole group.
            readings = {key: _own_reading(dialog, matcher, key, clause)
                        for key, n in signs.mentions(group, clause, forms=True).items() if n}
            if readings and all(_is_no(got) for got in readings.values()):
                mentioned = set(readings)
        if not mentioned:
            got = matcher.interpret(group, clause)
            if got.kind not in (NOT_UNDERSTOOD, SILENCE) and \
                    not (got.kind == ANSWER and got.value == "no" and not got.confirm):
                return None
            continue
        for key in mentioned:
            got = readings.get(key) or _own_reading(dialog, matcher, key, clause)
            if not _is_no(got):
                return None
            checked = checked or got.confirm
            denied.add(key)
    if denied != set(group.members):
        return None
    return Interpretation(ANSWER, "no", text or "", confirm=checked)


def _is_no(got: Interpretation) -> bool:
    return got.kind == ANSWER and got.value == "no"


def _own_reading(dialog: Dialog, matcher: Matcher, key: str, clause: str) -> Interpretation:
    """``clause`` read as the sign's own question reads it."""
    own = next(q for q in dialog.questions.values() if not q.members and q.finding.key == key)
    return matcher.interpret(own, clause)

