"""A reply to a group read sign by sign: "No headache, no fever, nothing like that".

A no that names a sign is asked again one sign at a time (a negation of one sign is no
answer about the others). When each sign of the group is denied in a clause of its own,
read as that sign's own question reads it, the reply is a no to the whole group. Signs
told so, in a clause with no negation ("Just the breathless bit. No chest pain"), are
what :meth:`~.asides.Asides._told_to_group` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .emergency import with_denials
from .matcher import ANSWER, DONT_KNOW, NOT_UNDERSTOOD, SILENCE, Interpretation, Matcher
from .model import Dialog, Question
from .signs import SignWords

BARE_NOES = frozenset({"no", "nope", "nah", "naw"})
"""A clause of these only is a no to the question asked, of no sign in particular."""


@dataclass
class Denials:
    """What a reply to a group says sign by sign."""

    sure: set[str] = field(default_factory=set)
    """Signs denied by a negation just before their own words ("no *swelling*"), in a
    clause that speaks of no other sign, read as their own question reads it, and not
    checked: as sure as that question's own no, so kept alone (not a sign asked in the
    negative: "not stop" agrees that a pain does not stop)."""
    loose: set[str] = field(default_factory=set)
    """Signs denied in a clause that speaks of them, read as their own question reads it,
    not so surely ("he's never been a headache person" speaks of every headache sign):
    a no to them only with the rest of the group."""
    checked: set[str] = field(default_factory=set)
    """Signs so denied, that their own question would check."""
    affirmed: set[str] = field(default_factory=set)
    """Signs told in a clause that tells no other sign (or names this one most: "numb
    around my groin") and holds no negation, read as a yes, unchecked, by their own
    question ("yes short of breath today, no chest pain"; not "blood no", "no heavy
    lifting", "mornings are no different"), unless that question is asked in the negative
    ("ibuprofen's done nothing"); and read so by it from all the reply says besides of
    the other signs ("leg weak... stroke" is not)."""
    told: set[str] = field(default_factory=set)
    """Signs read so in a clause that may speak of others too ("lifting the car seat and
    it's worst when I get up in the morning"): the affirmed among them."""
    said_no: bool = False
    """A clause is a bare no ("No, my legs are fine"): the signs the others deny, even
    loosely, are denied."""
    doubt: bool = False
    """A clause is doubt ("maybe a bit puffy, I'm not sure"): what is told is not sure."""
    other: bool = False
    """A clause says something else than no (or nothing that is an answer), or a sign it
    speaks of is not denied."""
    someone: bool = False
    """A clause that tells a sign names another person ("My sister had kidney stones and
    had blood in hers"): whose the sign is needs asking (a carer's "my husband" may be the
    person, so it is asked, not taken as no)."""

    def denied_surely(self) -> set[str]:
        """The signs denied surely enough to be kept without the rest of the group: the
        sure, and the loose or checked beside a bare no when nothing else is said ("no...
        no. chest no": the chest is not asked again)."""
        return self.sure | (self.loose | self.checked if self.said_no and not self.other
                            else set())


def denials(dialog: Dialog, matcher: Matcher, signs: SignWords, group: Question,
            text: str | None) -> Denials:
    """The signs of ``group`` that ``text`` denies by name, one clause each."""
    out = Denials()
    undenied: set[str] = set()
    denied: set[str] = set()  # in some clause: a sign denied, then told, is neither
    negations = frozenset(dialog.language.negations)
    noes = negations | {p for p in dialog.language.yes_no["no"] if " " not in p}
    # (Not "one": "the good one", "this one keeps coming back" say no number.)
    numbers = frozenset(w for w, n in dialog.language.number_words.items() if n and n != 1)
    wellness = frozenset(dialog.language.wellness)
    people = frozenset(dialog.language.other_people)
    spoken: list[tuple[str, set[str]]] = []  # each clause, with the signs it speaks of
    # (those it tells, where it tells one)
    for unit in with_denials(matcher.clauses(text)):
        clause = ", ".join(" ".join(tokens) for tokens in unit)  # "chest, no": as said
        counts = signs.mentions(group, clause)
        mentioned = signs.spoken_of(group, clause) | signs.answered_alone(group, clause)
        if group.cuts and any(t.isdigit() or t in numbers for tokens in unit for t in tokens):
            # "No. It's about a 4.": a number speaks of the sign asked as a threshold.
            mentioned |= set(group.cuts)
        spoken.append((clause, set(mentioned)))
        # Each sign spoken of (by a form of its word too: "breathing's fine"), read as its
        # own question reads the clause.
        readings = {key: matcher.interpret(signs.own[key], clause) for key in mentioned}
        whole = matcher.interpret(group, clause)
        if whole.kind == DONT_KNOW and not (mentioned and all(
                _is_no(got) for got in readings.values())):
            # Not doubt where each sign the clause speaks of reads a plain no by its own
            # question ("I've not taken anything for it": no medicine that failed).
            out.doubt = True
        if not mentioned:
            if not (whole.kind == ANSWER and whole.value == "no" and not whole.confirm) and \
                    whole.kind not in (NOT_UNDERSTOOD, SILENCE):
                out.other = True
            out.said_no = out.said_no or all(t in BARE_NOES for tokens in unit for t in tokens)
            continue
        told_here: set[str] = set()
        denials_said = sum(t in negations or t.endswith("n't") for tokens in unit
                           for t in tokens)
        for key in mentioned:
            got = readings[key]
            if not _is_no(got):
                out.other = True
                undenied.add(key)
                if (key in signs.asked_in_negative or not _denies(unit, noes)) and \
                        _tells(matcher, signs.own[key], unit, signs.yeses):
                    told_here.add(key)
                continue
            denied.add(key)
            # "nope legs are fine", "Didn't take nothing. No.": a bare no with the sign
            # denied in other words, in one breath (not "no heavy lifting": the no is
            # the denial).
            out.said_no = out.said_no or unit[0][0] in BARE_NOES and any(
                t in wellness or t in noes for t in unit[0][1:]) or len(unit) > 1 and \
                all(t in BARE_NOES for t in unit[-1])
            if got.confirm:
                out.checked.add(key)
            elif (len(mentioned) == 1 or denials_said >= len(mentioned)) and \
                    key not in signs.asked_in_negative and \
                    signs.denied_by_word(group, key, clause, negations) or \
                    key not in signs.asked_in_negative and \
                    signs.said_well(group, key, clause, wellness, negations):
                # "My chest is alright": said well by a word of its own.
                # Several signs in one clause, each with a negation of its own ("it
                # doesn't hurt and there's no blood"; not "he's never been a headache
                # person", one negation for every headache sign).
                out.sure.add(key)
            else:
                out.loose.add(key)
        out.told |= told_here
        if told_here and people.intersection(t for tokens in unit for t in tokens):
            out.someone = True
        named = max(told_here, key=lambda k: counts.get(k, 0), default=None)
        if len(told_here) > 1 and named is not None and counts.get(named, 0) > 1 and all(
                counts.get(k, 0) < counts.get(named, 0) for k in told_here - {named}):
            # "Yes, it's numb around my groin": numb is a word of the legs' numbness too,
            # but the groin is what the clause names.
            told_here = {named}
        if len(told_here) == 1:
            spoken[-1] = (clause, told_here)
        if len(told_here) == 1 and told_here <= undenied and not denied & mentioned:
            # "My legs have gone weak this week" speaks of the legs' cramps too, but tells
            # only the weakness.
            out.affirmed |= told_here
    # Denied surely in one clause and loosely in another ("it wasn't sudden, it crept
    # up"): surely.
    out.sure -= undenied | out.checked
    out.loose -= undenied | out.sure
    out.checked -= undenied
    out.told -= denied
    out.affirmed -= denied
    # Told in one clause, but what the reply says besides of the other signs is no sure
    # yes to it ("leg weak... stroke": what the stroke left, asked again as new or not).
    out.affirmed = {key for key in out.affirmed if _is_yes(matcher.interpret(
        signs.own[key], ". ".join(clause for clause, mentioned in spoken
                                  if not mentioned - {key})))}
    return out


def each_denied(found: Denials, group: Question, text: str | None,
                alarms: frozenset[str] = frozenset()) -> Interpretation | None:
    """A no to the whole of ``group`` when every sign of it is denied in a clause of
    ``text`` that speaks of it, and no clause says anything else than no (or nothing that
    is an answer); checked with the person when any of those noes is ("faint... no").
    Beside a bare no, with no doubt, a sign that is not an alarm sign (``alarms``) needs
    no denial of its own ("No. It's about a 4." to the pain's pattern). None otherwise."""
    denied = found.sure | found.loose | found.checked
    if found.said_no and not found.doubt and denied:
        denied |= set(group.members) - alarms - found.told
    if found.other or denied != set(group.members):
        return None
    return Interpretation(ANSWER, "no", text or "", confirm=bool(found.checked))


def _is_yes(got: Interpretation) -> bool:
    return got.kind == ANSWER and got.value == "yes"


def _is_no(got: Interpretation) -> bool:
    return got.kind == ANSWER and got.value == "no"


def _denies(unit: list[list[str]], noes: frozenset[str]) -> bool:
    """Whether a clause (with its bare denials) holds a negation or a word of a no."""
    return any(t in noes or t.endswith("n't") for tokens in unit for t in tokens)


def _tells(matcher: Matcher, own: Question, unit: list[list[str]], yeses: frozenset[str]
           ) -> bool:
    """Whether a clause tells the sign ``own`` asks in words of its own: read as a yes,
    unchecked, without the yes it starts with, which answers the group ("yes after the
    gym" tells of exercise, not of mornings; "breathing in yes" names, then answers)."""
    first = unit[0]
    start = next((i for i, t in enumerate(first) if t not in yeses), len(first))
    said = ", ".join(" ".join(tokens) for tokens in [first[start:], *unit[1:]] if tokens)
    got = matcher.interpret(own, said)
    return got.kind == ANSWER and got.value == "yes" and not got.confirm
