"""Emergencies said in any words: calls for help, emergency numbers, alarm symptoms.

A call for help ("help me", "call 999", "can't breathe") counts wherever it is said. An
alarm symptom ("chest pains", "my chest is tight", "her face has dropped", "a heart
attack") counts unless a negation turns it round ("no chest pain", "I never had a heart
attack", "my chest is not tight"). So do signs of a stroke, two together or one said to
be new, told in phrases or in parts ("her mouth's gone all crooked"), unless put on an
earlier stroke. Most of an emergency told is asked about (:mod:`.parts_told`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from .answers import names
from .model import Language
from .parts_told import NOW, PartsTold, Told
from .past import PastTeller
from .phrases import PhraseIndex
from .telegraphic import Telegraphic

CALL = "call"
SYMPTOM = "symptom"
NEARLY = "nearly"
"""Most of an emergency told (``emergency_nearly``): the person is asked whether they need
an ambulance now."""
_NEAR = 4
"""Words that may stand between an area and its feeling ("pain in my chest")."""
_BEFORE_NOW = 3
"""Words before a word for now that may deny it: "nothing like that *now*", "fine now"."""
_NONE = ("nothing", "none")
"""Words that deny what follows them without being a negation of a verb ("nothing like
that now")."""
_WELL_AFTER = 3
"""Words after a concept that may say it is well: "my chest *is fine*", "*feels all right*"."""
_COPULAS = ("is", "was", "feels", "seems", "looks", "are", "all", "quite", "perfectly")
"""Words between a thing and the word saying it is well."""
_JUST = "just"
"""Said with a sign of a stroke, it is happening now: "her face has just dropped"."""
_JUST_BEFORE = 6
"""Words before a sign of a stroke that "just" may stand: "I've *just* stood up and I'm
going sideways"."""
DENIED_AFTER = ("no", "nope", "not", "never", "none")
"""Said right after a thing, ending its clause, it answers for it: "heart attack... no",
"chest pain, no" (people who find words slowly name the thing, then answer)."""
_ANY_QUESTION = ("pain", "pains", "back", "hurts", "hurt")
"""Words of nearly every question: they do not make a symptom the question's own."""
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


_TALKED = frozenset({"told", "said", "asked", "telling", "saying", "tellin"})
"""Words of the talk itself: a "now" after them is of the talk ("I told you twice now")."""
_AGO = frozenset({"ago"})
"""A "now" after it counts back to a time past ("a month or more ago now")."""
_STILL = frozenset({"still"})
"""A "now" after it tells what goes on, not what has just begun: "paracetamol helps but
it's still sore now" was asked "Do you need an ambulance now?" (tests/played/play46)."""
SERVICES = ("ambulance", "emergency")
"""Words for what "Do you need an ambulance now?" asks about."""
NEEDED = frozenset({*SERVICES, "one"})
"""What a need turned down names, said to that question ("I don't need *one*")."""
NEEDING = ("need", "needs", "want", "wants")
NEED_REACH = 4
"""Words before a need in which a negation turns it down ("I *don't* reckon I need")."""
DOUBTING = frozenset({"know", "sure", "if", "whether", "unless"})
"""Words before a need that make it doubt, not a no ("I don't know *if* I need one")."""


WHETHER = ("should i", "shall i", "should we", "shall we", "do i call", "do i ring",
           "do i phone", "ought i", "must i", "do we need", "do i need", "do we call",
           "do we ring", "do we phone", "should she", "should he", "should they")
"""Words that ask whether to call, not call: a call after them, with no :data:`IF`, is the
person unsure whether they need one ("should I ring 999?")."""
IF = frozenset({"if", "when", "whenever", "unless", "case", "later"})
"""Words that put a call asked about off to another time ("should I ring 999 *if* it
gets worse?")."""
ASKING = frozenset({"help", "ambulance", "emergency", "doctor", "someone", "somebody",
                    "anybody", "come", "send"})
"""Words of a call that ask for someone (besides the verbs of calling)."""
LISTED_NOES = frozenset({"not", "no"})
"""How a list of denials denies each thing ("not breathing, not arm")."""


class EmergencyFinder:
    def __init__(self, language: Language, numbers: tuple[str, ...] = ()) -> None:
        self._calls: PhraseIndex[str] = PhraseIndex((p, CALL, 0) for p in
                                                    language.emergency_calls)
        self._symptoms: PhraseIndex[str] = PhraseIndex((p, SYMPTOM, 0) for p in
                                                       language.emergency_symptoms)
        self._idioms: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.emergency_idioms)
        self._hypothetical: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.emergency_hypothetical)
        self._whether: PhraseIndex[bool] = PhraseIndex((p, True, 0) for p in WHETHER)
        # One index per concept: a phrase may belong to two ("full of blood").
        self._concepts = {name: PhraseIndex((p, True, 0) for p in phrases)
                          for name, phrases in language.emergency_concepts.items()}
        self._rules = language.emergency_when
        self._parts_told = PartsTold(language)
        self.past = PastTeller(language)
        """Whether a reply tells of the past (shared with the answer readers)."""
        self._telegraphic = Telegraphic(language)
        self._together: PhraseIndex[str] = PhraseIndex(
            (p, kind, 0) for kind, phrases in language.emergency_signs_together.items()
            for p in phrases)
        self.numbers = tuple(dict.fromkeys(
            n for n in (*language.emergency_numbers, *numbers) if n.isdigit()))
        # Said digit by digit ("nine one one") an emergency number is a call even without
        # "call" before it; as digits ("911") only after a verb: "911 days" is not a call.
        for number in self.numbers:
            self._calls.add(" ".join(_DIGITS[int(d)] for d in number), CALL)
        self._verbs = set(language.call_verbs)
        # "can't get my breath" asks for no one.
        self._asking = ASKING | (self._verbs - {"get"})
        self._negations = set(language.negations)
        self._links = set(language.negation_links)
        self._parts = {kind: (frozenset(where), PhraseIndex((p, True, 0) for p in how),
                              tuple(begins))
                       for kind, (where, how, begins) in language.emergency_sign_parts.items()}
        self._stroke_places = frozenset(w for where, _, _ in self._parts.values()
                                        for w in where)
        self._left: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.emergency_left_by)
        self._areas = {area: frozenset(feelings)
                       for area, feelings in language.emergency_areas.items()}
        self._wellness = set(language.wellness)
        # "Three days now", "a week now": how long it has lasted, not what happens now.
        self._lasting = frozenset(u for u, days in language.duration_units.items() if days >= 1)
        self._well_words = self._wellness - {"right", "well"}

    def spoken_calls(self) -> list[str]:
        """Calls worth listening for: "call nine one one", for each number."""
        verb = next(iter(sorted(self._verbs)), "call")
        return [f"{verb} {' '.join(_DIGITS[int(d)] for d in n)}" for n in self.numbers]

    def find(self, clauses: list[list[str]], nearly: bool = True,
             asked: frozenset[str] = frozenset(), telegraphic: bool = False,
             own: frozenset[str] = frozenset()) -> str | None:
        """CALL or SYMPTOM when the clauses raise an emergency, NEARLY when they tell most
        of one (only if ``nearly``), else None. ``asked``: the concepts the question asks
        about (``emergency_asked_about``); ``telegraphic``: most of one told in telegraphic
        speech counts too (:mod:`.telegraphic`; not in a reply to a question); ``own``: the
        things the question asked names (``AnswerReader.asked``), which a bare "no" after
        them answers ("heart attack... no" to "Have you had a heart attack?")."""
        found = None
        clauses = denials_joined(clauses)
        # A pause must not hide one: "help... help", "my chest... tight" are said by
        # people who find words slowly. The whole utterance is looked at after its
        # clauses (a symptom there only with nothing well said between area and feeling).
        whole = [t for tokens in clauses for t in tokens]
        # Each clause on its own: a denial ends with its clause ("hand won't grip. Just
        # now." is new).
        now = any(self._now(tokens) for tokens in clauses)
        # "I had a heart attack five years ago": told of the past, with no "now" anywhere,
        # the signs told call for nothing (a call for help still does).
        past = not now and self.past.told(clauses)
        now_for_all = now and not any(self._left.spans(whole))
        # The concepts told, where, of the last tokens looked at: the whole.
        told: Told = {}
        # Where each clause ends in the whole: a denial there ends what it answers.
        ends = frozenset(accumulate(len(tokens) for tokens in clauses))
        for tokens in (*clauses, whole) if len(clauses) > 1 else clauses:
            quiet = self._quiet(tokens)
            denials = _Denials(ends if tokens is whole else frozenset((len(tokens),)), own)
            if any(not any(quiet[span.start:span.end]) for span in self._calls.spans(tokens)) \
                    or self._number_called(tokens, quiet):
                return CALL
            if found is None and not past:
                told = self._told_where(tokens, quiet)
                # Now said in a clause of its own counts for the others ("Arm won't. Now."),
                # unless signs are put on an earlier stroke ("...since my stroke, it's just
                # how I talk now").
                if self._symptom(tokens, quiet, set(told) | ({NOW} if now_for_all else set()),
                                 denials):
                    found = SYMPTOM
        if found is None and nearly and not past:
            if not now:
                told.pop(NOW, None)
            if self._parts_told.most_of_one(told, asked) or \
                    telegraphic and self._telegraphic.tells(clauses, self.negated) or \
                    not telegraphic and self._one_sign(clauses, whole, asked):
                return NEARLY
        return found

    def declines(self, clauses: list[list[str]]) -> bool:
        """Whether ``clauses`` say no ambulance is needed ("he doesn't need an ambulance",
        "no ambulance", "I don't reckon I need an ambulance"), as said to "Do you need an
        ambulance now?"."""
        return any(any(t in SERVICES for t in tokens[s.start:s.end]) and
                   any(t in self._negations for t in tokens[s.start:s.end])
                   for tokens in clauses for s in self._idioms.spans(tokens)) or \
            any(self._needs_none(tokens) for tokens in clauses)

    def _needs_none(self, tokens: list[str]) -> bool:
        """"I don't reckon I need an ambulance": a need of one, with a negation a few words
        before it and no doubt between ("I don't know if I need an ambulance" is none)."""
        for i, token in enumerate(tokens):
            # "I don't need any ambulance", and "I don't need one" said to the question.
            after = [t for t in tokens[i + 1:i + 3] if t not in ("a", "an", "the", "any")]
            if token not in NEEDING or not after or after[0] not in NEEDED:
                continue
            before = tokens[max(0, i - NEED_REACH):i]
            if any(t in self._negations for t in before) and not DOUBTING & set(before):
                return True
        return False

    def calls_of(self, clauses: list[list[str]], own: frozenset[str]) -> bool:
        """Whether the calls said in ``clauses`` are only things the question asks about,
        denied in a list of denials: "Not breathing, not arm" to "worse when you breathe
        in, or into your arm?" answers it, as likely as it calls. Each call is a clause
        of its own, "not" and the question's own words, and another clause starts with a
        negation ("he's not breathing", "can't breathe, not faint" stay calls)."""
        calls = [tokens for tokens in clauses if self._calls.spans(tokens)]
        whole = [t for tokens in clauses for t in tokens]
        if not calls or len(self._calls.spans(whole)) != len(calls):
            return False
        listed = [tokens for tokens in clauses
                  if tokens not in calls and tokens[0] in self._negations]
        return bool(listed) and all(
            tokens[0] in LISTED_NOES and all(names(t, own) for t in tokens[1:])
            for tokens in calls)

    def asks(self, clauses: list[list[str]]) -> bool:
        """Whether a call in ``clauses`` asks for help, someone or an ambulance ("help
        me", "call an ambulance"), not only tells what is happening ("I can't get my
        breath", "he's not breathing")."""
        whole = [t for tokens in clauses for t in tokens]
        return any(self._asking.intersection(tokens[s.start:s.end])
                   for tokens in (*clauses, whole) for s in self._calls.spans(tokens)) or \
            any(self._number_called(tokens, self._quiet(tokens)) for tokens in clauses)

    def asks_whether_to_call(self, clauses: list[list[str]]) -> bool:
        """Whether ``clauses`` ask whether to call for help now ("the worst pain of my
        life... should I ring 999?"), not what to do should something happen ("should I
        call an ambulance if it gets worse?", which stays a question, no call)."""
        if any(t in IF for tokens in clauses for t in tokens):
            return False
        for tokens in clauses:
            for span in self._whether.spans(tokens):
                rest = tokens[span.start:]  # "do i *ring* 999": the verb may be in it
                if self._calls.spans(rest) or \
                        self._number_called(rest, bytearray(len(rest))):
                    return True
        return False

    def pleads_only(self, clauses: list[list[str]]) -> bool:
        """Whether every call said in ``clauses`` only asks for help ("I need help", "help
        me"), none for an ambulance, a doctor or anyone to come."""
        whole = [t for tokens in clauses for t in tokens]
        spans = [(tokens, span) for tokens in (*clauses, whole)
                 for span in self._calls.spans(tokens)]
        return bool(spans) and all("help" in tokens[span.start:span.end]
                                   for tokens, span in spans)

    def _one_sign(self, clauses: list[list[str]], whole: list[str],
                  asked: frozenset[str]) -> bool:
        """Whether a reply tells one sign of a stroke as a part of the body and what has
        happened to it ("her mouth's gone all crooked"), with no word for when: it may be
        new, so it is asked about, unless put on the earlier stroke ("since the stroke")
        or of a kind the question asks about (``asked``: "weakness" asks about an arm).
        Not in talk overheard (``telegraphic``), which tells of other people and of the
        past too often ("the bloke next door's slurring")."""
        if self._left_told(whole, self._quiet(whole)):
            return False
        return any(set(self._signs_in_parts(tokens, self._quiet(tokens))) - asked
                   for tokens in clauses)

    def _told_where(self, tokens: list[str], quiet: bytearray) -> Told:
        """The concepts told in ``tokens`` and where, none denied, said to be well ("my
        chest is fine") nor in a fear or an idiom."""
        told: Told = {}
        for name, index in self._concepts.items():
            spans = [(s.start, s.end) for s in index.spans(tokens)
                     if self._told(tokens, quiet, s.start) and not self._well(tokens, s.end)]
            if spans:
                told[name] = spans
        return told

    def _well(self, tokens: list[str], end: int) -> bool:
        """Whether what ends before ``end`` is said to be well just after: "my chest *is
        fine*", "chest's okay" (not "my chest *right* now")."""
        for token in tokens[end:end + _WELL_AFTER]:
            if token in self._well_words:
                return True
            if token not in _COPULAS:
                return False
        return False

    def _now(self, tokens: list[str]) -> bool:
        """Whether a word for now is said and not denied ("nothing like that now", "I'm
        fine now", "but now no" say what is not happening now), nor of the talk ("I told
        you twice now"), nor counting back ("a month ago now"), nor how long it has lasted
        ("three days now")."""
        index = self._concepts.get(NOW)
        return index is not None and any(
            not any(t in self._negations or t in self._wellness or t in _NONE or
                    t in _TALKED or t in _AGO or t in _STILL
                    for t in tokens[max(0, span.start - _BEFORE_NOW):span.start])
            and not (span.start > 0 and tokens[span.start - 1] in self._lasting)
            and not (span.end < len(tokens) and tokens[span.end] in self._negations)
            for span in index.spans(tokens))

    def _quiet(self, tokens: list[str]) -> bytearray:
        """Positions where emergency words call for nothing: inside an idiom ("dying to"),
        or after a word that makes the rest of the clause a fear or a question."""
        quiet = bytearray(len(tokens))
        for span in self._idioms.spans(tokens):
            quiet[span.start:span.end] = b"\x01" * (span.end - span.start)
        for span in self._hypothetical.spans(tokens):
            quiet[span.start:] = b"\x01" * (len(tokens) - span.start)
        return quiet

    def _number_called(self, tokens: list[str], quiet: bytearray) -> bool:
        for i, token in enumerate(tokens):
            if token in self.numbers and not quiet[i] and \
                    any(t in self._verbs for t in tokens[max(0, i - 3):i]):
                return True
        return False

    def _symptom(self, tokens: list[str], quiet: bytearray, said: set[str],
                 denials: _Denials) -> bool:
        """``said``: the concepts told in ``tokens`` (:meth:`_told_where`)."""
        for span in self._symptoms.spans(tokens):
            if self._told(tokens, quiet, span.start) and \
                    not denials.answer(tokens, span.start, span.end):
                return True
        # Two different signs of a stroke in one reply ("his arm's gone floppy, he's
        # talking daft"), or one said to be happening now: one alone may be what an
        # earlier stroke left.
        parts = self._signs_in_parts(tokens, quiet)
        whole_signs = [span for span in self._together.best(tokens)
                       if self._told(tokens, quiet, span.start)]
        signs = {span.tag for span in whole_signs} | set(parts)
        # "I've just knocked the tea flying": "just" shortly before a sign makes it new.
        just = any(_JUST in tokens[max(0, span.start - _JUST_BEFORE):span.start]
                   for span in whole_signs)
        # "Since the stroke", "ever since": signs an earlier stroke left are no new one, nor
        # is one said to be so "now" ("it's how I talk now"); "just now" still is.
        left = self._left_told(tokens, quiet)
        now = any(parts.values()) or just or \
            NOW in said and not (left and self._bare_now(tokens))
        # Concepts said together ("my chest", "tight", "just now"), none denied.
        if len(signs) >= 2 and not left or (signs and now):
            return True
        if any(rule <= said for rule in self._rules):
            return True
        for i, token in enumerate(tokens):
            feelings = self._areas.get(token)
            if feelings is None or quiet[i] or left and token in self._stroke_places:
                continue
            own = denials.clause_of(i, len(tokens))
            # "No pain in chest. I have pain in back": an area told with its own feeling
            # in its clause goes with that one, not with one of the next clause.
            told_there = any(tokens[k] in feelings for k in range(*own) if k != i)
            for j in range(max(0, i - _NEAR), min(len(tokens), i + _NEAR + 1)):
                if told_there and not own[0] <= j < own[1]:
                    continue
                if tokens[j] in feelings and self._together_well(tokens, i, j, j + 1) and \
                        not denials.answer(tokens, i, max(i, j) + 1, area=i):
                    return True
        return False

    def _signs_in_parts(self, tokens: list[str], quiet: bytearray) -> dict[str, bool]:
        """The kinds of stroke sign told as a part of the body and what has happened to it,
        close together (``emergency_sign_parts``: "her mouth's gone all crooked"), each
        with whether "just" is said with it ("his arm has *just* gone floppy": now)."""
        out: dict[str, bool] = {}
        for kind, (where, how, begins) in self._parts.items():
            places = [i for i, t in enumerate(tokens) if t in where and not quiet[i]]
            if not places:
                continue
            # Any form of a word of what happened: "sagged", "sagging" of "sag" (no word
            # begins with none of an empty ``begins``).
            hows = [(s.start, s.end) for s in how.spans(tokens)] + \
                [(k, k + 1) for k, t in enumerate(tokens) if t.startswith(begins)]
            for start, end in hows:
                for i in places:
                    first, last = min(i, start), max(i + 1, end)
                    if quiet[start] or last - first - (end - start) - 1 > _NEAR or \
                            not self._together_well(tokens, i, start, end):
                        continue
                    out[kind] = out.get(kind, False) or _JUST in tokens[first:last]
        return out

    def _left_told(self, tokens: list[str], quiet: bytearray) -> bool:
        """Whether signs are put on an earlier stroke ("since the stroke", "ever since"),
        not denied nor in a fear."""
        return any(self._told(tokens, quiet, span.start) for span in self._left.spans(tokens))

    def _bare_now(self, tokens: list[str]) -> bool:
        """Whether the only word for now is a bare "now"."""
        index = self._concepts.get(NOW)
        return index is not None and all(span.end - span.start == 1 and tokens[span.start] ==
                                          NOW for span in index.spans(tokens))

    def _together_well(self, tokens: list[str], i: int, start: int, end: int) -> bool:
        """Whether the word at ``i`` and what is at ``start:end`` are told of together: no
        negation or word of wellness between them or in the word, and not negated before
        ("my chest is not tight", "chest fine, pain in the back", "no droop in her face");
        what is told may hold its own ("hand *won't grip*")."""
        first, last = min(i, start), max(i + 1, end)
        inside = any(t in self._negations or t in self._wellness
                     for k, t in enumerate(tokens[first:last], first) if not start <= k < end)
        return not inside and not self.negated(tokens, first)

    def _told(self, tokens: list[str], quiet: bytearray, start: int) -> bool:
        """Whether what starts at ``start`` is told as happening: neither in an idiom or a
        fear (``quiet``) nor denied."""
        return not quiet[start] and not self.negated(tokens, start)

    def negated(self, tokens: list[str], start: int) -> bool:
        """Whether a negation stands just before ``tokens[start]`` (link words between),
        or before an item of the list it ends: "no stroke *or heart attack*"."""
        i = start - 1
        while i >= 0 and tokens[i] in self._links:
            i -= 1
        if i >= 0 and tokens[i] in self._negations:
            return True
        return i >= 1 and tokens[i] in ("or", "nor") and \
            any(self.negated(tokens, item) for item in range(i - 1, max(0, i - 3) - 1, -1))


def denials_joined(clauses: list[list[str]]) -> list[list[str]]:
    """The clauses with a bare denial ("... no.") put back at the end of the one before,
    which it answers."""
    return [[t for clause in unit for t in clause] for unit in with_denials(clauses)]


def with_denials(clauses: list[list[str]]) -> list[list[list[str]]]:
    """The clauses, each with the bare denials after it ("chest", "no")."""
    units: list[list[list[str]]] = []
    for tokens in clauses:
        if units and len(tokens) == 1 and tokens[0] in DENIED_AFTER:
            units[-1].append(tokens)
        else:
            units.append([tokens])
    return units


@dataclass(frozen=True)
class _Denials:
    """A bare "no" after a symptom, ending its clause, answers the question when the
    symptom is what the question asks about ("heart attack... no" to "Have you had a
    heart attack?"); said of something else ("chest pain, no" to "Do you have a fever?")
    it may tell the symptom, and the emergency stands."""

    ends: frozenset[int]
    """Where the clauses end among the words looked at."""
    own: frozenset[str]
    """The things the question asked names."""

    def clause_of(self, at: int, length: int) -> tuple[int, int]:
        """Where the clause holding word ``at`` starts and ends."""
        start = max((e for e in self.ends if e <= at), default=0)
        end = min((e for e in self.ends if e > at), default=length)
        return start, end

    def answer(self, tokens: list[str], start: int, end: int, area: int | None = None
               ) -> bool:
        """Whether what is at ``start:end`` (its area at ``area``: "chest" of "pain in my
        chest") is the question's own thing, denied by a "no" that ends its clause."""
        named = [tokens[area]] if area is not None else \
            [t for t in tokens[start:end] if len(t) >= 4 and t not in _ANY_QUESTION]
        return bool(named) and all(t in self.own for t in named) and end < len(tokens) \
            and tokens[end] in DENIED_AFTER and end + 1 in self.ends
