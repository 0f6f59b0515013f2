"""The answer model: what each clause of an utterance says about the question.

For every clause it finds the answer phrases (the longest phrase wins an overlap), what
a negation applies to ("not dizzy" is no; "not no" is doubt), markers of doubt ("not
sure", "I do not know", "haven't checked") and amounts that imply yes ("a bit"). The
clauses are then put together:

- doubt with a "no" is never a no: it is doubt (an alarm sign is asked again, then
  recorded as unknown); doubt with a "yes" stays a yes ("I think so");
- an answer about the question's own words (content: "it didn't help", "a bit of
  pressure") is more precise than a bare "no" next to it and wins when it says yes;
- answers that disagree ("no... yes") are asked again (after a correction, "no, I
  mean yes", the matcher takes the later one and has it checked).
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from .model import Language, Question
from .past import PastTeller
from .phrases import PhraseIndex, Span

DOUBT = "?doubt"
INTENSITY = "?intensity"
NOTHING = "?nothing"
"""Something told as new ("never been like this": its "never" denies nothing), an "or not"
that asks or shrugs ("coming today *or not*?"), or another thing named with a question's
word ("blood *pressure*"): it answers nothing."""
BELIEFS = frozenset({"think", "reckon", "guess", "suppose", "expect", "imagine"})
"""Verbs of a belief: a doubt phrase holding one hedges what it is said with ("I think
my kidneys are cold")."""
SIGN_NO = "?sign-no"
"""Asked as a group, a sign's own words of no ("ibuprofen *helps a bit*"): nothing for the
group (each sign is read alone too), and an amount said with them is of them."""

PARTICLE, CONTENT, TOLD = 0, 1, 2
"""Ranks: a shared yes/no word, a phrase that belongs to the question, or a word for the
event it asks about (:attr:`Language.told_answers`): a yes no surer than a bare one, and
negated a no."""


@dataclass
class Reading:
    """What an utterance says about one question."""

    content: list[str] = field(default_factory=list)
    particles: list[str] = field(default_factory=list)
    doubt: bool = False
    denials: int = 0
    """How many "no" phrases so far denied something the question did not name ("I
    don't smoke")."""
    left_open: bool = False
    """The reply ends on something else the question asks about, unanswered ("Arm, no.
    Jaw..."): what was said answers part of it only."""
    amounts: int = 0
    """How many of ``content`` are an amount said alone ("a bit"): weak, beside talk about
    the conversation ("Pardon? Short of what? I'm a bit deaf")."""
    elsewhere: bool = False
    """An amount is said of another thing ("No. I dribble a bit on the left"): no yes,
    but the no beside it may be of that thing, or of the question, so it is no answer."""
    named: int = 0
    """How many of ``particles`` are a yes told by naming what is asked ("a fever")."""
    denied_by_name: list[str] = field(default_factory=list)
    """The words of the signs named and denied so far ("not in my *jaw*"), each a "no" of
    ``content``."""
    named_then_no: bool = False
    """The reply names what the question asks about, then ends on a bare no ("faint...
    no", "short of breath, no"): people who find words slowly name the thing, then
    answer."""

    @property
    def answered(self) -> bool:
        return bool(self.content or self.particles)

    def value(self) -> str | None:
        """The answer, or None when there is none or the answers disagree."""
        content, particles = set(self.content), set(self.particles)
        if len(content) > 1 or self.left_open:
            return None
        said: str | None
        if content:
            said = next(iter(content))
            if particles - {said} and said != "yes":
                return None  # "yes, it helped" to a question asked in the negative
        else:
            said = next(iter(particles)) if len(particles) == 1 else None
        return None if said == "no" and self.elsewhere else said

    def conflict(self) -> bool:
        return self.answered and self.value() is None


class AnswerReader:
    """Reads clauses against the answers of one question."""

    def __init__(self, language: Language, question: Question,
                 past: PastTeller | None = None) -> None:
        """``past``: the dialogue's reader of times past, when one is made already."""
        self.language = language
        self.question = question
        yes_no = question.yes_no
        shared = {p for ps in language.yes_no.values() for p in ps} if yes_no else set()
        self.index: PhraseIndex[str] = PhraseIndex()
        for value, phrases in question.phrases.items():
            for phrase in phrases:
                self.index.add(phrase, value, PARTICLE if phrase in shared else CONTENT)
        extra = language.finding_answers.get(question.finding.key, {})
        for value, phrases in extra.items():
            for phrase in phrases:
                self.index.add(phrase, DOUBT if value == "dont_know" else value, CONTENT)
        for key in question.members:
            # A sign's own words of no hide what is in them from its group: "No. Ibuprofen
            # helps *a bit*" is no amount of the group's signs.
            for phrase in language.finding_answers.get(key, {}).get("no", ()):
                if phrase not in shared:
                    self.index.add(phrase, SIGN_NO, PARTICLE)
        for phrase in language.told_answers.get(question.finding.key, ()):
            self.index.add(phrase, "yes", TOLD)  # "he had the stroke in 2019"
        self._named_now = frozenset(language.named_answers.get(question.finding.key, ()))
        for phrase in self._named_now:
            self.index.add(phrase, "yes", TOLD)  # "I've got a fever"
        self._past = past or PastTeller(language)
        # "Sick as a dog years ago, but not now": to a question of now, the denial of now
        # after the past is the answer.
        self._of_now = yes_no and not question.members and \
            question.finding.key not in language.asked_of_before
        self._denied_now: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.denied_now)
        for phrase in language.dont_know:
            self.index.add(phrase, DOUBT, PARTICLE)
        own = {f" {p} " for p in [*(p for ps in question.phrases.values() for p in ps),
                                   *(p for ps in extra.values() for p in ps)]
               if p not in shared}
        for phrase in language.told_new:
            padded = f" {phrase} "
            if not any(o in padded or padded in o for o in own):
                self.index.add(phrase, NOTHING, PARTICLE)
        for phrase in language.other_things:
            # It hides a word of the question ("blood *pressure*"), not a phrase of it.
            padded = f" {phrase} "
            if not any(o in padded for o in own if o.count(" ") > 2):
                self.index.add(phrase, NOTHING, PARTICLE)
        if yes_no:
            for phrase in language.intensity:
                self.index.add(phrase, INTENSITY, PARTICLE)
        self._negations = set(language.negations)
        # "No, I don't get cramps": "get" links a denial to what is had (not in the
        # emergency finder's links: "can't get any words out" is a sign itself).
        self._links = set(language.negation_links) | HAD_LINKS
        self._tails = self._links | set(language.negation_tails) | set(language.address_words)
        self._wellness = set(language.wellness)
        self._well = self._wellness - set(NOT_SAID_OF)
        # Words for how a thing feels ("hurt", "sore"): "my chest doesn't hurt" is a no to
        # chest pain, whatever the question's own words.
        self._feelings = self._wellness | set(language.emergency_feelings) | \
            set(language.complaints)
        self._complaints = frozenset(language.complaints)
        # Passed over between a negation and what it denies: complaints before a phrase
        # ("doesn't *hurt* when I move"), the way a pain goes as well before a sign's name.
        self._over = {CONTENT: self._complaints, TOLD: self._complaints | PLACE_PATH}
        # Doubt verbs ("did a doctor ever *tell* you") and fillers ("as *well*") name
        # nothing asked about.
        skip = self._tails | set(language.negations) | set(language.doubt_verbs) | \
            set(language.fillers)
        self._own = _own_words(question, skip)
        # The things the question itself names, "arm", "jaw" too (short, so only as said).
        self._asked = _words_of(question.ask, skip, SHORT_OWN)
        self._asks_when = bool(WHEN_WORDS & set(re.findall(r"[a-z]+", question.ask.lower())))
        self._doubt_verbs = tuple(language.doubt_verbs)
        self._reported = frozenset(language.reported_speech)
        self._asking = set(language.asking_words)
        self._elsewhere: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.someone_else)
        self._hypothetical: PhraseIndex[bool] = PhraseIndex(
            (p, True, 0) for p in language.emergency_hypothetical)
        self._verb_forms: dict[str, bool] = {}
        self._yes_no = yes_no

    def read(self, clauses: list[list[str]], spans: list[list[Span[str]]] | None = None
             ) -> Reading:
        """What ``clauses`` say; ``spans``: their phrases, when already found."""
        reading = Reading()
        words: list[str] = []
        covered: list[bool] = []
        unwell = False
        bare_no = None  # where the "no" of a clause that said only no is, in particles
        # "No, that was my sister who had the stroke": what is told is someone else's.
        others = any(self._elsewhere.spans(tokens) for tokens in clauses)
        every = [spans[k] if spans is not None else self.spans(tokens)
                 for k, tokens in enumerate(clauses)]
        clauses, every = _named_then_answered(clauses, every)
        now = self._now_after_past(clauses)
        clauses, every = clauses[now:], every[now:]
        searching = self._searching(clauses, every)
        yes_before = False  # the clause before this one said yes by the question's words
        no_after_named = False  # the clause before this one was a bare no after it
        named_only: list[int] = []  # the yeses in particles of clauses that only name the sign
        for k, tokens in enumerate(clauses):
            found = every[k] if k not in searching else []
            phrased = {i for s in found for i in range(s.start, s.end)}
            denials, said = reading.denials, len(reading.particles)
            told = len(reading.content)
            # "Legs... sore": a thing named alone just before is what the feeling is of.
            thing = k > 0 and not every[k - 1] and \
                not any(names(t, self._own) for t in clauses[k - 1])
            self._clause(tokens, found, phrased, reading, others, later=k > 0,
                         after=clauses[k + 1] if k + 1 < len(clauses) else [],
                         other_thing=thing, owned_before=k > 0 and not every[k - 1] and
                         self._owns_other(clauses[k - 1]))
            if self._yes_no and self._said_well(tokens, phrased):
                reading.particles.append("no")  # "my breathing's fine"
            if reading.denials > denials and bare_no is not None:
                # "No, it's not my tummy", "no, I don't smoke": the no goes with the
                # denial of something else that follows it.
                del reading.particles[bare_no]
            bare_no = said if reading.particles[said:] == ["no"] and \
                len(phrased) == len(tokens) and all(s.tag == "no" for s in found) else None
            # Not "never": said again after a yes it stresses it ("never had one like this,
            # never").
            reading.named_then_no = k == len(clauses) - 1 and k > 0 and \
                (yes_before or no_after_named) and bare_no is not None and \
                "never" not in tokens
            if named_only and bare_no is not None:
                # "Fever? No", "Stress? At my age? No": the sign named alone before a bare
                # no is what the no is said of, no yes of its own.
                for at in reversed(named_only):
                    del reading.particles[at]
                reading.named -= len(named_only)
                bare_no -= len(named_only)
                named_only = []
            if reading.content[told:] == [] and reading.particles[said:] == ["yes"] and \
                    self._names_alone(tokens, found):
                named_only.append(said)
            elif reading.content[told:] or reading.particles[said:]:
                named_only = []
            # "Sick... no... no.": the no said again is still the named thing's.
            no_after_named = bare_no is not None and (yes_before or no_after_named)
            yes_before = reading.content[told:] == ["yes"] and \
                reading.particles[said:] == [] and not reading.doubt
            words += tokens
            # A no said alone ("No, I told you") is the answer, not a doubt verb's negation
            # ("I... don't... know" is).
            covered += [True] * len(tokens) if bare_no is not None and \
                all(t in PLAIN_NOES for t in tokens) else self._covered(tokens, found)
            unwell = unwell or self._yes_no and self._unwell(tokens, phrased)
        # Doubt is looked for across clauses too: "I... don't... know" is split by pauses.
        if self._negated_doubt(words, covered, [len(tokens) for tokens in clauses]):
            reading.doubt = True
        if reading.doubt:
            # "Stress? I... I dunno. Maybe.": a sign named is not told with doubt.
            for _ in range(reading.named):
                reading.particles.remove("yes")
        # So is what is not well: "legs no good", "legs... not right... no".
        if unwell and any(names(token, self._own) for token in words):
            reading.content.append("yes")
        # (A group's signs named after a no are its own matter: groups.py.)
        if self._yes_no and not self.question.members and len(clauses) > 1 and \
                all(s.rank == TOLD for s in every[-1]) and self._names_only(clauses[-1]) and \
                "no" in reading.particles + reading.content:
            # "Arm, no. Jaw...": the jaw is not answered (named alone, though a sign's
            # name, after a no).
            reading.left_open = True
        if now and not reading.content and not reading.particles and not reading.doubt:
            reading.particles.append("no")  # "... years ago, it's been fine since"
        return reading

    def _now_after_past(self, clauses: list[list[str]]) -> int:
        """Where to read from: to a question of now, a clause that denies now after clauses
        that tell of a month ago or more ("Was sick as a dog after the anaesthetic, years
        ago, *but not now*", "a catheter ten year ago, *it's been fine since*"); what was
        then is left out. Otherwise 0, the start."""
        if self._of_now:
            for k in range(1, len(clauses)):
                if self._denied_now.spans(clauses[k]) and \
                        self._past.told(clauses[:k], long_ago=True):
                    return k
        return 0

    def _named_of_the_past(self, tokens: list[str], span: Span[str], after: list[str]
                           ) -> bool:
        """Whether a sign named as had now is told of the past ("my dad used to get cold
        sweats", "the worst headache of my life, six years ago"; not "a fever since last
        week")."""
        return " ".join(tokens[span.start:span.end]) in self._named_now and \
            "since" not in tokens and self._past.told([tokens, after])

    def _begins_telling(self, tokens: list[str], span: Span[str], phrased: set[int]
                        ) -> bool:
        """Whether a yes of a subject and a verb ("I was", "I have") only begins telling
        something else: "Oh *I was* out in the garden all yesterday afternoon", "*I have*
        a little sherry at night" (not "I was, yes", "I have a bit", "I do get them"), or
        only says when or why something else was: "it crept up on me while *I was* at the
        garden", "I've had this kind since *I was* a girl" (not a condition: "only when *I
        do* the stairs" is a yes to breathlessness), or asks within what is said: "I can't
        say what sort *it is*", "I can't remember what *I was* doing"."""
        if span.start and tokens[span.start] in STATEMENT_SUBJECTS and \
                tokens[span.start - 1] in SUBORDINATORS:
            return tokens[span.start - 1] not in CONDITIONS or tokens[span.end - 1] in PAST
        if tokens[span.start] in STATEMENT_SUBJECTS and _asked_within(tokens, span.start):
            return True
        rest = [i for i in range(span.end, len(tokens)) if i not in phrased and
                tokens[i] not in self._tails and tokens[i] not in self._links]
        return tokens[span.start] in STATEMENT_SUBJECTS and len(rest) >= 2 and \
            not any(names(tokens[i], self._own) or tokens[i] in self._feelings and
                    tokens[i] not in self._wellness for i in rest)

    @staticmethod
    def _opens_only(tokens: list[str], span: Span[str]) -> bool:
        """Whether an Irish "sure" only opens what is said after it ("*sure* I did not"):
        that is the answer, not the "sure"."""
        return tokens[span.start:span.end] == ["sure"] and span.end < len(tokens) and \
            tokens[span.end] in SAID_SUBJECTS

    @staticmethod
    def _names_alone(tokens: list[str], found: list[Span[str]]) -> bool:
        """Whether a clause only names the thing asked, by a word for it ("a fever")."""
        told = {i for s in found if s.rank == TOLD for i in range(s.start, s.end)}
        return bool(told) and all(i in told or t in TRAILING for i, t in enumerate(tokens))

    def names_own(self, tokens: list[str]) -> bool:
        """Whether a word of ``tokens`` names what the question asks about."""
        return any(names(token, self._own) for token in tokens)

    @property
    def asked(self) -> frozenset[str]:
        """The things the question itself names ("chest", "heart", "attack")."""
        return self._asked

    def _names_only(self, tokens: list[str]) -> bool:
        """Whether a clause only names things the question asks about ("jaw", "the
        chest"), with no word of its own about them."""
        named = [t in self._asked for t in tokens]
        return any(named) and all(n or t in TRAILING or t in self._tails and
                                  t not in self._wellness
                                  for t, n in zip(tokens, named, strict=True))

    def spans(self, tokens: list[str]) -> list[Span[str]]:
        # "It doesn't go down my arm" says where the pain goes, not that it goes on ("a
        # pain that doesn't go" to the cutting pain that does not stop).
        return [s for s in self.index.best(tokens) if not goes_somewhere(tokens, s.end)
                and not self._negation_of_another(tokens, s)]

    def _negation_of_another(self, tokens: list[str], span: Span[str]) -> bool:
        """Whether ``span`` is a question's own answer made of negations only ("won't",
        to new erection trouble) that here denies something named after it: "I won't
        smoke" says nothing of the question (the words after it are not only those that
        name nothing else, as in "won't... since the stroke"). :meth:`_denies_other` asks
        the like of a "no" phrase, with more (what the clause is about, where, when)."""
        return span.rank == CONTENT and \
            all(t in self._negations for t in tokens[span.start:span.end]) and \
            any(t not in self._tails for t in tokens[span.end:])

    def _searching(self, clauses: list[list[str]], spans: list[list[Span[str]]]) -> set[int]:
        """The clauses that are a bare "no" in a search for a word: the reply is cut off
        before the word ("the... cup. No. The thing. The, the...") and nothing after the
        "no" answers. Such a "no" turns down a word, not what was asked; so does a bare "no"
        between two things named ("the leg, no, the arm")."""
        out = {k for k in range(1, len(clauses) - 1)
               if self._bare_no(clauses[k], spans[k]) and not spans[k - 1] and
               clauses[k - 1][0] in TRAILING and clauses[k + 1][0] in TRAILING}
        if len(clauses) < 2 or not clauses[-1] or not all(t in TRAILING for t in clauses[-1]):
            return out
        for k in range(len(clauses) - 1, -1, -1):
            answers = [s for s in spans[k] if s.tag not in (DOUBT, INTENSITY)]
            if not answers:
                continue
            if not self._bare_no(clauses[k], answers):
                break  # an answer after which the search ended
            out.add(k)
        return out

    @staticmethod
    def _bare_no(tokens: list[str], spans: list[Span[str]]) -> bool:
        """Whether a clause is only "no" said as a particle ("no", "no no")."""
        return bool(spans) and all(s.tag == "no" and s.rank == PARTICLE for s in spans) and \
            sum(s.size for s in spans) == len(tokens)

    def asks_about(self, tokens: list[str]) -> bool:
        """Whether the clause asks what the question's own words mean, and so answers
        nothing: "what's chills?", "where are the kidneys?", "I don't know what
        angioplasty is" (an asking word first, or after "know" or "understand")."""
        if any(t in MEANS and tokens[i + 1] in self._asking and
               any(names(w, self._own) for w in tokens[:i])
               for i, t in enumerate(tokens[:-1])):
            return True  # "spreading means what exactly?"
        for i in range(len(tokens) - 1):
            if tokens[i:i + 2] == ["as", "in"] and any(names(w, self._own) for w in tokens[:i]):
                # "faint as in dizzy or as in out cold?" asks which meaning; the words
                # after are no answer (tests/played/play41).
                return True
        if len(tokens) > 1 and tokens[-1] in self._asking and \
                any(names(w, self._own) for w in tokens[:-1]):
            return True  # "short of what?"
        if len(tokens) == 2 and tokens[1] == "how" and names(tokens[0], self._own):
            return True  # "faint how?" (tests/played/play41)
        named_after = False  # whether an own word comes after the position looked at
        for i in range(len(tokens) - 1, -1, -1):
            if tokens[i] in self._asking and named_after and \
                    (i == 0 or tokens[i - 1] in ASKING_AFTER):
                return True
            named_after = named_after or names(tokens[i], self._own)
        return False

    def _clause(self, tokens: list[str], spans: list[Span[str]], phrased: set[int],
                reading: Reading, others: bool = False, later: bool = False,
                other_thing: bool = False, owned_before: bool = False,
                after: list[str] | None = None) -> None:
        """What one clause says; ``phrased``: the positions of its words inside ``spans``;
        ``others``: the reply puts what it tells on someone else; ``later``: the clause
        comes after another; ``other_thing``: the one before only named something the
        question does not ask about ("legs... sore"); ``owned_before``: the one before,
        with no answer in it, named a thing of the person's the question does not ask
        about, of which an amount here then speaks ("my upper back... kind of tight");
        ``after``: the clause after it, which may say when ("..., six years ago")."""
        # "If it gets worse tonight, should I ring?", "scared of a stroke": what comes after
        # a fear or a question of what to do is not told as so.
        iffy = min((s.start for s in self._hypothetical.spans(tokens)), default=len(tokens))
        of_a_sign = any(s.tag == SIGN_NO for s in spans)
        spans = [s for s in spans if s.tag not in (NOTHING, SIGN_NO)]
        # "What do I do?": a question asked back holds no yes ("I do") or no of its own.
        asked = bool(tokens) and tokens[0] in self._asking
        # "Do I have to answer that?": the "I have" of a question turned round is no yes.
        spans = [s for s in spans if s.tag == DOUBT or s.start < iffy and not (
            asked and s.rank == PARTICLE or s.tag == "no" and self._tag(tokens, s, later) or
            s.rank == PARTICLE and s.tag == "yes" and s.start > 0 and
            tokens[s.start - 1] in DO_FORMS)]
        answers = [s for s in spans if s.tag not in (DOUBT, INTENSITY)]
        about = _About(tokens, self._tails, self._own)
        if any(span.tag == DOUBT for span in spans) and \
                not (reading.answered and self._believed_of_another(tokens, spans, about)):
            reading.doubt = True
        # "I have | no chest pain", "it is | numb": a yes word just before the question's
        # own phrase only introduces it.
        leads = {s.start for s in answers if s.rank == CONTENT}
        if self._yes_no and any(t in self._negations and i not in phrased and
                                self._denies_other(tokens, i, i + 1, phrased, about)
                                for i, t in enumerate(tokens)):
            reading.denials += 1  # "I can't smoke": no answer phrase, but a denial
        denied_before = len(reading.denied_by_name)  # by name, in the clauses before
        amounts = {s.end: s for s in spans if s.tag == INTENSITY}
        in_amounts = {i for s in amounts.values() for i in range(s.start, s.end)}
        answered = {i for s in answers for i in range(s.start, s.end)}
        for span in spans:
            if span.rank == PARTICLE and span.end in leads and span.tag == "yes":
                continue
            if span.rank == PARTICLE and span.tag == "yes" and (
                    self._begins_telling(tokens, span, phrased) or
                    self._opens_only(tokens, span)):
                continue
            negated = self._negated(tokens, span.start,
                                    over=self._over.get(span.rank, frozenset()),
                                    listed=span.rank != PARTICLE)
            if span.tag != INTENSITY and not negated and span.start in amounts:
                # "not a bit dizzy" is "not dizzy" (tests/played/play41)
                negated = self._negated(tokens, amounts[span.start].start)
            if span.tag == INTENSITY and negated and span.end < len(tokens) and \
                    span.end not in answered and tokens[span.end] not in self._tails:
                continue  # ... and to "short of breath?" no answer: not dizzy is no no
            if span.tag == INTENSITY:
                # "A bit" answers only when nothing else does, and not when it is said of
                # another thing ("my wee has looked a bit pinky" to "is it spreading?"), nor
                # of one sign's no ("a paracetamol now and then does the trick"), nor when
                # it says what kind ("a dull, grumbling *sort of* ache"), nor of another
                # state ("no, just a bit *tired*").
                if answers or of_a_sign or self._a_kind(tokens, span) or \
                        span.end < len(tokens) and tokens[span.end] in OTHER_STATES:
                    continue
                if self._amount_elsewhere(tokens, span, about) or \
                        owned_before and not about.names_own:
                    reading.elsewhere = True
                else:
                    reading.content.append("no" if negated else "yes")
                    reading.amounts += 1
            elif span.tag == DOUBT:
                continue
            elif span.rank == TOLD:
                # "Never had a heart attack": no; "a heart attack in 2015": a yes that a
                # bare "no" said with it makes a conflict, not a no.
                named = " ".join(tokens[span.start:span.end])
                if negated:
                    reading.content.append("no")
                    reading.denied_by_name.append(named)
                elif not others and named not in reading.denied_by_name and \
                        reading.content.count("no") == denied_before and \
                        len(reading.denied_by_name) == denied_before and \
                        not self._well_after(tokens, span.end, phrased, all_right=True) and \
                        not self._felt_elsewhere(tokens, span, about, other_thing) and \
                        not self._named_of_the_past(tokens, span, after or []):
                    # Not after it was denied by name: "no fever; my little boy had a
                    # fit with a fever last year". Another of the signs named, after
                    # the clause that denied one, is the yes: "not in my jaw, it's in my
                    # left arm" (not one in the same clause: "not had any falls or
                    # knocks"); nor one said to be well ("arm and jaw are both fine").
                    for _ in reading.denied_by_name:
                        reading.content.remove("no")
                    reading.denied_by_name.clear()
                    reading.named += 1
                    reading.particles.append("yes")
            elif not self._yes_no:
                if not negated:  # "not the left": no answer
                    reading.content.append(span.tag)
            elif span.rank == PARTICLE and span.tag == "no" and \
                    self._denies_other(tokens, span.start, span.end, phrased, about,
                                       in_amounts):
                reading.denials += 1
                continue  # "my legs don't hurt": no "no" to a fever
            elif span.rank == PARTICLE and span.tag == "no" and reading.denials and \
                    not about.names_own:
                continue  # "I don't smoke, *never have*": the no goes with the smoking
            elif span.rank == PARTICLE:
                if self._negated(tokens, span.start, by_not=True, phrased=phrased):
                    # "not no", "I'm not saying yes": doubt, not an answer
                    reading.doubt = True
                else:
                    reading.particles.append(span.tag)
            elif negated and span.tag == "yes" and tokens[span.start] in NEGATIVE_WORDS:
                # "I ain't never had one like this": a yes that is a negation itself,
                # negated again, is the negation said twice as many say it (independent90).
                reading.content.append("yes")
            elif negated and span.tag == "yes":
                reading.content.append("no")  # "not dizzy", "never fainted"
            elif span.tag == "yes" and self._well_after(tokens, span.end, phrased,
                                                         all_right=True):
                reading.content.append("no")  # "mornings are fine" to "worst after sleep?"
            elif tokens[span.start] not in NEGATIVE_POLARITY and \
                    self._negated(tokens, span.start, by_not=True):
                if tokens[span.start] in NEGATIVE_WORDS:
                    # "Breathin' ain't got *nothin' to do with it*": where negations agree
                    # it is a no, elsewhere a yes; asked again, as "not no" is.
                    reading.doubt = True
                    continue
                # The question's own "no" negated ("haven't helped", "it's not normal")
                # says yes; reading it so is also the safe side. Not one that needs the
                # negation to be said at all: "I haven't had *anything dodgy*" is the no.
                reading.content.append("yes")
            elif span.tag == "yes" and self._on_the_back(tokens, span):
                reading.elsewhere = True  # "just my upper back, kind of tight" to "chest?"
            elif span.tag == "yes" and others and THIRD_PERSONS.intersection(tokens) and \
                    not FIRST_PERSONS.intersection(tokens):
                # "That was my wife Joan, she had a faint": no yes (a carer's "she" may
                # be the person, so no no either; "no, that was my husband, he had the
                # stent put in" is the no said).
                continue
            else:
                reading.content.append(span.tag)

    def _owns_other(self, tokens: list[str]) -> bool:
        """Whether a clause names a thing of the person's that the question does not ask
        about ("It's *my lower back*", then "I've had this on and off for years": the
        amount is of the back)."""
        about = _About(tokens, self._tails, self._own)
        return any(not names(tokens[i], self._own) for i in about.owned)

    def _on_the_back(self, tokens: list[str], span: Span[str]) -> bool:
        """Whether a clause puts what it tells on the back ("*my upper back*, kind of
        tight"), naming nothing the question asks about besides the answer itself, to a
        question about the chest: the back is what hurts, not the chest ("the back *of*
        my leg" is no back)."""
        if CHEST not in self._own:
            return False
        rest = tokens[:span.start] + tokens[span.end:]
        return not any(names(t, self._own) for t in rest) and any(
            t == BACK and OWNERS_SET.intersection(tokens[max(0, i - 2):i]) and
            tokens[i + 1:i + 2] != ["of"] for i, t in enumerate(tokens))

    def _amount_elsewhere(self, tokens: list[str], span: Span[str], about: _About) -> bool:
        """Whether an amount (``span``) is said of a thing the question does not ask about:
        of being better ("a bit *better* today"), of a kind ("a sort of *tight* ache"; "a
        heavy sort of ache" says no amount at all: :meth:`_a_kind`), of a thing owned
        before it ("my *wee* has looked a bit pinky", "only in *the knees* sometimes";
        after it, a place or a time: "get up a lot in *the night*"), or, to a question
        that asks when ("worse *when* you breathe in?"), another time, naming nothing the
        question does ("maybe a little when I turn round", "only when I bend"; not "a bit
        when I take a deep *breath*")."""
        after = tokens[span.end] if span.end < len(tokens) else ""
        if after in BETTER or after in FURTHER or \
                after and " ".join(tokens[span.start:span.end]) in KINDS:
            return True
        if any(i < span.start and not names(tokens[i], self._own) for i in about.owned):
            return True
        return self._asks_when and any(
            t in WHEN_WORDS and about.next_word(i + 1) is not None and
            not any(names(w, self._own) for w in tokens[i + 1:]) for i, t in enumerate(tokens))

    def _felt_elsewhere(self, tokens: list[str], span: Span[str], about: _About,
                        other_thing: bool) -> bool:
        """Whether a word for how a thing feels, told, is put on a thing the question does
        not ask about: "*my back* aches" to "pain in your chest?", or "legs... sore"
        (``other_thing``: the clause before named only something else); or an event told
        is done to one: "I *bumped my elbow*" to "Have you hurt your head or neck?"."""
        if not all(t in self._complaints for t in tokens[span.start:span.end]):
            at = span.end + 1
            while at + 2 < len(tokens) and tokens[at + 1] == "of" and \
                    tokens[at + 2] in OWNERS:
                at += 3  # "banged the back of my head": of the head
            return span.end < len(tokens) and tokens[span.end] in OWNERS and \
                at < len(tokens) and at in about.owned and not names(tokens[at], self._own)
        return other_thing and span.start == 0 or \
            any(not names(tokens[i], self._own) for i in about.owned)

    @staticmethod
    def _tag(tokens: list[str], span: Span[str], later: bool) -> bool:
        """Whether a "no" phrase is the tag of a question ("that's my age, *isn't it*"):
        a negated verb, then a pronoun that ends the clause, after something else said.
        "It isn't" and "no it doesn't" say no."""
        last = span.end - 1
        return tokens[last].endswith("n't") and span.end == len(tokens) - 1 and \
            tokens[-1] in TAG_PRONOUNS and (span.start > 0 or later)

    def _a_kind(self, tokens: list[str], span: Span[str]) -> bool:
        """Whether the amount at ``span`` says what kind of complaint follows it ("a dull,
        grumbling *sort of* ache"), or names a thing ("the doctor said i've *a bit* of a
        prostate" was a yes to a stroke or a heart attack: tests/played/play34 p03), not
        how much ("it's *sort of* tight"; "a sort of tight ache" says what kind too, but
        with a word of its own, which is asked about)."""
        said = " ".join(tokens[span.start:span.end])
        after = tokens[span.end:span.end + 2]
        return said in KINDS and bool(after) and after[0] in self._complaints or \
            said == "a bit" and after in (["of", "a"], ["of", "an"])

    def _believed_of_another(self, tokens: list[str], spans: list[Span[str]],
                             about: _About) -> bool:
        """Whether the clause's only doubt is a belief about another thing, told after an
        answer ("no, I have not. only the back, *I think my kidneys are cold*", "No, no.
        Just aching, *bit of a flu I reckon*"): more than the hedge is said, nothing of it
        is the question's, and no answer besides."""
        if any(s.tag != DOUBT for s in spans) or about.names_own:
            return False
        hedged = {i for s in spans for i in range(s.start, s.end)}
        if not all(BELIEFS.intersection(tokens[s.start:s.end]) for s in spans):
            return False
        # Two words or more, not one said over and over ("I think back back" searches
        # for a word and believes nothing).
        return len({t for i, t in enumerate(tokens)
                    if i not in hedged and t not in self._tails}) >= 2

    def _said_well(self, tokens: list[str], phrased: set[int]) -> bool:
        """Whether a word naming what the question asks about is said to be well: "my
        breathing's fine", "the heart has been good as gold", "stomach is okay". Said *of*
        it ("is", "'s"): "I can breathe fine" tells how the person breathes, not whether
        breathing in makes the pain worse. A bare word for pain is no such word: "the pain
        is fine" is not about the chest."""
        return any(i not in phrased and token not in self._complaints and
                   names(token, self._own) and (self._well_after(tokens, i + 1, phrased) or
                                                self._said_well_alone(tokens, i, phrased))
                   for i, token in enumerate(tokens))

    def _said_well_alone(self, tokens: list[str], i: int, phrased: set[int]) -> bool:
        """"No... breath ok", "my water fine": said without "is", the clause only names
        the thing and says it is well just after."""
        return i + 2 == len(tokens) and tokens[i + 1] in self._well and \
            i + 1 not in phrased and all(t in TRAILING for t in tokens[:i])

    def _well_after(self, tokens: list[str], end: int, phrased: set[int],
                    all_right: bool = False) -> bool:
        """Whether what ends at ``end`` (a word, or the question's own phrase: "mornings
        *are fine*") is said to be well after it: a word *of* it ("is", "'s"), then a word
        for being well; ``all_right``: "all right" too ("first thing's *all right*")."""
        linked = tokens[end - 1].endswith("'s")
        for j in range(end, min(len(tokens), end + WELL_REACH)):
            well = tokens[j] in self._well or all_right and tokens[j] == "right" and \
                tokens[j - 1] == "all"
            if linked and well and j not in phrased:
                return True
            if tokens[j] not in BETWEEN:
                return False
            linked = linked or tokens[j] in COPULAS
        return False

    def _unwell(self, tokens: list[str], phrased: set[int]) -> bool:
        """Whether a word for being well (:attr:`Language.wellness`) comes negated, a
        negation at most :data:`UNWELL_REACH` words before it: "no good", "not too
        good", "not right at all"; not a bare no that starts the clause ("no legs ok" is
        "no, legs ok")."""
        return any(token in self._wellness and i not in phrased and
                   not names(token, self._own) and  # "not very strong" to "very strong pain?"
                   any(t in self._negations and not (k == 0 < i - 1 and t in PLAIN_NOES)
                       for k, t in enumerate(tokens[:i]) if k >= i - UNWELL_REACH)
                   for i, token in enumerate(tokens))

    def _negated(self, tokens: list[str], start: int, by_not: bool = False,
                 phrased: set[int] | frozenset[int] = frozenset(),
                 over: frozenset[str] = frozenset(), listed: bool = False) -> bool:
        """Whether a negation stands before ``tokens[start]`` (link words between).
        ``by_not``: only "not" or an "n't" word counts ("not no" is doubt, but "no no"
        is a firm no). A link word in ``phrased`` (part of a phrase already found) ends
        the search: in "not at all no" and "not really no" the "not" belongs to the
        first phrase, a no of its own, and the "no" after it agrees. ``over``: more words
        the search may pass ("it doesn't *hurt* when I move"). ``listed``: a negation
        before a list reaches each thing in it ("doesn't lift *or exercise*")."""
        i = start - 1
        while i >= 0 and (tokens[i] in self._links or tokens[i] in over) and i not in phrased:
            i -= 1
        if listed and i >= 1 and tokens[i] in LIST_JOINS:
            # The list's first thing may have words the search passes over besides
            # ("doesn't go *down my* arm or up my jaw"): they do not count to the reach.
            j, left = i - 1, LIST_REACH
            while j >= 0 and left and tokens[j] not in self._negations:
                left -= tokens[j] not in over
                j -= 1
            i = j if j >= 0 and left and tokens[j] in self._negations else i
        if i >= 1 and tokens[i] in HEDGE_SUBJECTS and tokens[i - 1] in HEDGE_VERBS and \
                i - 1 not in phrased:
            # "I wouldn't say *it keeps coming back*", "I don't think it's spreading": a
            # hedged no to what follows (doubt besides, so never a sure no).
            i -= 2
        if i < 0 or tokens[i] not in self._negations:
            return False
        return not by_not or tokens[i] == "not" or tokens[i].endswith("n't")

    def _denies_other(self, tokens: list[str], start: int, end: int, phrased: set[int],
                      about: _About, amounts: set[int] | frozenset[int] = frozenset()
                      ) -> bool:
        """Whether the "no" phrase ``tokens[start:end]``, ending in a negation, denies
        something the question did not name: what the clause is about is not the
        question's (``about``: "*my back* doesn't hurt" to "chest pain?"), or a word
        after it is neither a tail (:attr:`Language.negation_tails`, "I haven't had
        *one*") nor part of a phrase found ("I haven't got *a fever*"); an amount
        (``amounts``, its positions) is passed over ("not a bit *dizzy*"). After a bare
        "no" only the next word counts: "no headache" denies a headache, "no, I'm fine" is
        a no."""
        if tokens[end - 1] not in self._negations:
            return False  # "not really", "nothing like that": a no of their own
        subject = about.subject(start)
        if subject is not None and not self._names_asked(subject):
            return True  # "*my back* doesn't hurt" to "chest pain?"
        if subject is not None:
            # The question's own thing, but said not to be something the question does
            # not ask: "my legs aren't *swollen*" to "cramps in your legs?".
            said = about.next_word(end)
            return said is not None and said not in phrased and \
                not names(tokens[said], self._own) and tokens[said] not in self._feelings
        bare = end - start == 1 and tokens[start] == "no"
        if not bare or end < len(tokens) and tokens[end] not in self._tails:
            # What the negation applies to is placed somewhere else: "no pain *in my
            # arms*", "I don't have pain in my legs" to "chest pain?".
            place = about.owned_after(end)
            if place is not None and place not in phrased and \
                    not self._names_asked(tokens[place]):
                return True
        if not bare:
            # Or it happens at another time: "it doesn't hurt *when I cough*" to "worse
            # when you breathe in?".
            when = about.when_after(end)
            if when is not None and when not in phrased and \
                    not names(tokens[when], self._own):
                return True
        if about.names_own:
            return False  # "it doesn't hurt my chest" to a question about the chest
        after = range(end, min(end + 1, len(tokens))) if bare else range(end, len(tokens))
        for i in after:
            if i in amounts:
                continue
            if i in phrased or tokens[i] in self._asked:
                return False  # "not arm not jaw": words too short to be own, but asked
            if not bare and (tokens[i] in self._links or tokens[i] in PATH_WORDS):
                continue  # "it doesn't go *down my* arm": on to what it names
            if tokens[i] not in self._tails:
                return True
        return False

    def _names_asked(self, token: str) -> bool:
        """Whether ``token`` names what the question asks about, a short word too ("my
        *arm*" to "Does the pain go into your left arm or your jaw?")."""
        return names(token, self._own) or token in self._asked

    def _negated_doubt(self, tokens: list[str], covered: list[bool],
                       sizes: list[int]) -> bool:
        """A negation (outside the question's own phrases) before a doubt verb, within
        three words: "I do not know", "can't really remember", "haven't checked". The
        words are those of every clause (``sizes``: how many each), as a pause may split
        them ("I don't... know"); but a negation with words after it in its own clause
        turns those round, not a verb in the next: "not sudden, I told you"."""
        ends = list(accumulate(sizes))
        for i, token in enumerate(tokens):
            end = ends[bisect.bisect_right(ends, i)]  # where the clause holding it ends
            reach = i + 4 if end == i + 1 else min(i + 4, end)
            if token in self._negations and not covered[i] and \
                    any(self._doubt_verb(t) for t in tokens[i + 1:reach]):
                return True
        return False

    def _covered(self, tokens: list[str], spans: list[Span[str]]) -> list[bool]:
        """Which words belong to one of the question's own phrases, or to an answer
        phrase that holds a doubt verb itself: a negation there ("didn't help", "can't
        say I have", "I wouldn't say so") is part of an answer, not doubt."""
        covered = [False] * len(tokens)
        for span in spans:
            if span.rank == CONTENT or span.tag not in (DOUBT, INTENSITY) and any(
                    self._doubt_verb(t) for t in tokens[span.start:span.end]):
                for i in range(span.start, span.end):
                    covered[i] = True
        return covered

    def _doubt_verb(self, token: str) -> bool:
        """A doubt verb, in any of its forms or with a slip ("knows", "knoww", "checking")."""
        found = self._verb_forms.get(token)
        if found is None:
            found = token not in self._reported and \
                any(token.startswith(v) for v in self._doubt_verbs)
            if len(self._verb_forms) < 10_000:  # the words people use are few
                self._verb_forms[token] = found
        return found


class _About:
    """What one clause is about, worked out once and only when asked: a clause may hold
    many negations, and each must not scan it again."""

    def __init__(self, tokens: list[str], tails: set[str], own: frozenset[str]) -> None:
        self._tokens, self._tails, self._own = tokens, tails, own

    @cached_property
    def _words(self) -> list[int]:
        """For each position, where the first word at or after it that is no tail stands
        (the clause's length when none): worked out once, from the end, so that no
        search for the next word scans the same tails again ("when when when...")."""
        tokens = self._tokens
        out = [len(tokens)] * (len(tokens) + 1)
        for i in range(len(tokens) - 1, -1, -1):
            out[i] = out[i + 1] if tokens[i] in self._tails else i
        return out

    def next_word(self, start: int) -> int | None:
        """Where the first word at or after word ``start`` that is no tail stands."""
        at = self._words[min(start, len(self._tokens))]
        return at if at < len(self._tokens) else None

    @cached_property
    def _owned(self) -> list[int]:
        """Where every word after an owner ("my", "the") that is no tail ("the *doctor*"
        is not) stands ("my *arms*")."""
        tokens = self._tokens
        return [i + 1 for i in range(len(tokens) - 1)
                if tokens[i] in OWNERS and tokens[i + 1] not in self._tails]

    @cached_property
    def _whens(self) -> list[int]:
        """Where the first word that is no tail after each "when" or "if" stands ("when
        I *cough*")."""
        words = self._words
        return sorted({words[i + 1] for i, token in enumerate(self._tokens)
                       if token in CIRCUMSTANCES and words[i + 1] < len(self._tokens)})

    def when_after(self, start: int) -> int | None:
        """Where the first word of a circumstance after word ``start`` stands, if any."""
        return _at_or_after(self._whens, start)

    @property
    def owned(self) -> list[int]:
        """Where every owned word stands ("my *back*")."""
        return self._owned

    def owned_after(self, start: int) -> int | None:
        """Where the first owned word at or after word ``start`` stands, if any."""
        return _at_or_after(self._owned, start)

    def subject(self, before: int) -> str | None:
        """The first owned word, if it comes before word ``before``."""
        owned = self._owned
        return self._tokens[owned[0]] if owned and owned[0] < before else None

    @cached_property
    def names_own(self) -> bool:
        """Whether any word of the clause names what the question asks about."""
        return any(names(token, self._own) for token in self._tokens)


WELL_REACH = 3
"""Words after what a question asks about that may lead to a word for being well ("my
breathing *has been* fine")."""
LIST_JOINS = ("or", "nor")
LIST_REACH = 3
"""Words of a list's first thing a negation before it may stand over ("not *lift
anything* or exercise")."""
COPULAS = ("is", "are", "was", "were", "been", "feels", "seems", "looks")
BETWEEN = (*COPULAS, "has", "have", "all", "both", "just", "perfectly", "totally", "quite",
           "pretty", "absolutely", "completely")
"""Words that say something *of* a thing ("is"), and the words that may come with them."""
NOT_SAID_OF = ("right", "well")
"""Words for being well that say something else after a noun: "my chest *right* here",
"legs as *well*"."""
TRAILING = ("the", "a", "an", "my", "his", "her", "our", "this", "that", "some")
"""Words that begin a phrase: a reply ending in them alone was cut off before its word."""
TAG_PRONOUNS = ("it", "he", "she", "they", "i", "you", "we", "there", "that")
"""Pronouns that end a question's tag ("isn't *it*", "didn't *she*")."""
UNWELL_REACH = 3
"""Words a negation may stand before a word for being well ("not *too very* good")."""
OWNERS = ("my", "the", "his", "her", "our")
"""Words before what a sentence is about ("*my* back doesn't hurt")."""
OWNERS_SET = frozenset(OWNERS)
BACK = "back"
CHEST = "chest"
"""What the screening is about, and what a question about the heart asks about: "tight"
said of the one is no yes to the other."""
PLAIN_NOES = frozenset({"no", "nope", "nah"})
STATEMENT_SUBJECTS = frozenset({"i", "it", "he", "she"})
"""The subjects of the yeses that may begin telling something else ("I was out")."""
SUBORDINATORS = frozenset({"while", "whilst", "when", "whenever", "since", "because", "cos",
                           "as", "until", "till", "before", "after", "though", "although",
                           "where", "wherever"})
"""Words after which a subject and a verb begin a clause within another ("while I was"),
never an answer of their own."""
EMBEDDED_ASKING = frozenset({"what", "how", "which", "why", "whether"})
"""Words that begin a question told within another ("I can't say *what* sort it is"): its
subject and verb come in the order of a statement, and are no yes."""
EMBEDDED_REACH = 2
"""Words between such a word and the subject ("what *sort* it is", "how *bad* it is")."""
AFFIRMING = frozenset({"that's", "exactly", "just"})
"""Words before "what" that make it an answer ("*that's* what it is")."""


def _asked_within(tokens: list[str], subject: int) -> bool:
    """Whether the subject at ``subject`` begins a question told within another: a word
    of asking just before it, and nothing before that word that affirms."""
    for j in range(max(0, subject - 1 - EMBEDDED_REACH), subject):
        if tokens[j] in EMBEDDED_ASKING:
            return not (j and tokens[j - 1] in AFFIRMING)
    return False


NEGATIVE_POLARITY = frozenset({"anything", "any", "anyone", "ever"})
"""Words that begin a "no" phrase said only under a negation ("not had *anything funny*")."""
NEGATIVE_WORDS = frozenset({"nothing", "no", "none", "never", "nobody", "nowhere", "neither"})
"""Words that begin a "no" phrase that is a negation itself ("*nothing* to do with it"):
negated again, some mean yes and many ("ain't got nothin'") no."""
CONDITIONS = frozenset({"when", "whenever"})
"""Subordinators that may set a condition in the present ("only when I do the stairs")."""
PAST = frozenset({"was", "were", "did", "had"})
"""The verbs with which a "when" says when, not on what condition ("when I was young")."""
SAID_SUBJECTS = frozenset({"i", "i'm", "i've", "i'd", "it", "it's", "he", "she", "he's",
                           "she's", "we", "they", "that", "that's", "there's"})
"""Words that begin a statement after a "sure" that only opens it ("sure I haven't")."""
HAD_LINKS = frozenset({"get", "gets"})
"""Words between a denial and what is had ("I don't *get* cramps"), for answers only."""
_WAYS = frozenset({"down", "up", "into", "to", "through"})
PATH_WORDS = _WAYS | {"my", "his", "her", "your"}
"""Words of the way a pain goes, between a negation and the place it names."""
DIRECTIONS = _WAYS | {"round", "across"}
"""Words after "go" that say where a pain goes ("doesn't go *down* my arm")."""
PLACE_PATH = PATH_WORDS | {"in", "the", "go", "goes", "going", "spread", "spreads"}
"""Words between a negation and a place named as the answer ("it doesn't *go into my*
jaw", "not *in my* left arm")."""
THIRD_PERSONS = frozenset({"she", "he", "they", "she's", "he's", "they're", "she'd", "he'd"})
"""Who a clause may put a sign on when the reply says it is someone else's."""
FIRST_PERSONS = frozenset({"i", "me", "my", "i'm", "i've", "i'd", "myself"})
"""Words of the person's own, which keep a clause theirs."""
HEDGE_VERBS = frozenset({"say", "think", "call", "believe", "reckon"})
HEDGE_SUBJECTS = frozenset({"it", "it's", "its", "that", "that's", "this", "he", "she",
                            "he's", "she's", "i", "i'm", "i've", "i'd"})
"""A negated verb of saying, then who or what it is said of: "I wouldn't *say it*"."""
CIRCUMSTANCES = ("when", "whenever", "if", "while")
"""Words before when something happens ("it doesn't hurt *when* I cough")."""
WHEN_WORDS = frozenset({*CIRCUMSTANCES, "after"})
"""Words before a time a question may ask about ("worst *after* you sleep")."""
BETTER = frozenset({"better", "easier", "fine", "ok", "okay", "alright", "good", "normal",
                    "grand"})
"""Words after an amount that make it an amount of being well ("a bit better")."""
FURTHER = frozenset({"lower", "higher", "further"})
"""Words after an amount that make it an amount of a place ("No, a bit lower, at the
belt" to "just above your waist?" was a yes: tests/played/play19)."""
OTHER_STATES = frozenset({"tired", "bored", "sleepy", "lonely", "weary"})
"""Words after an amount that make it an amount of another state ("Not stressed, no, just a
bit *bored* stuck in the house": independent66, 67)."""
DO_FORMS = frozenset({"do", "does", "did"})
"""Before a yes like "I have", the question turned round ("do I have to say?")."""
KINDS = frozenset({"sort of", "kind of"})
"""Amounts that before a word say what kind a thing is ("a dull kind of ache", "a sort of
tight ache"), and only said alone how much ("sort of")."""
ASKING_AFTER = ("know", "understand", "sure")
MEANS = ("mean", "means", "meaning")
"""Words after which an asking word asks too: "I don't *know what* chills are"."""
OWN_LENGTH = 4
"""Shortest word of a question that names what it asks about ("rash", "pain")."""
SHORT_OWN = 3
"""Shortest word of a question that names what it asks about when said as it is ("arm")."""


def _at_or_after(positions: list[int], start: int) -> int | None:
    """The first of the sorted ``positions`` at or after ``start``, if any."""
    at = bisect.bisect_left(positions, start)
    return positions[at] if at < len(positions) else None


def _named_then_answered(clauses: list[list[str]], every: list[list[Span[str]]]
                         ) -> tuple[list[list[str]], list[list[Span[str]]]]:
    """Each clause that names what is asked, then ends on a bare no ("blood no", "chest
    pain no": said so, without a pause a recognizer would write as a comma), split before
    the no, as "blood, no" would be: then named, then answered."""
    out: list[list[str]] = []
    spans: list[list[Span[str]]] = []
    for tokens, found in zip(clauses, every, strict=True):
        # The bare noes it ends on ("dizzy no no": said again, one each).
        noes = 0
        while noes < len(found) - 1 and _bare_no_at(found[-1 - noes], tokens,
                                                     len(tokens) - noes):
            noes += 1
        first = found[-noes] if noes else None
        if first is not None and \
                all(s.tag == "yes" and s.rank in (CONTENT, TOLD) for s in found[:-noes]) and \
                all(t in TRAILING or any(s.start <= i < s.end for s in found)
                    for i, t in enumerate(tokens[:first.start])):
            out += [tokens[:first.start], *([t] for t in tokens[first.start:])]
            spans += [found[:-noes], *([s._replace(start=0, end=1)] for s in found[-noes:])]
        else:
            out.append(tokens)
            spans.append(found)
    return out, spans


def _bare_no_at(span: Span[str], tokens: list[str], end: int) -> bool:
    """Whether ``span`` is a bare no ("no", "nope") said alone, ending at ``end``."""
    return span.tag == "no" and span.rank == PARTICLE and span.size == 1 and \
        span.end == end and tokens[end - 1] in PLAIN_NOES


def _own_words(question: Question, skip: set[str]) -> frozenset[str]:
    """The words of a question's sentences and of what it asks about that name something
    ("fever", "chills", "headache"): a clause that says one of them is about it. Not its
    help, which explains those words in others ("sharp, like a knife")."""
    return _words_of(" ".join((question.ask, question.reask, question.finding.about)),
                     skip, OWN_LENGTH)


def _words_of(text: str, skip: set[str], shortest: int) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower())
                     if len(w) >= shortest and w not in skip)


def names(token: str, own: frozenset[str]) -> bool:
    """Whether ``token`` is a form of one of ``own`` ("pains", "feverish", "head's" of
    "pain", "fever", "headache"): a shared beginning of four letters or more that leaves
    at most three letters of the shorter word."""
    word = token.split("'", 1)[0]
    if len(word) < OWN_LENGTH:
        return False
    for other in own:
        shared = len(os.path.commonprefix([word, other]))
        if shared >= OWN_LENGTH and shared >= min(len(word), len(other)) - 3:
            return True
    return False


def goes_somewhere(tokens: list[str], end: int) -> bool:
    """Whether a phrase ending at ``end`` in "go" is followed by where to ("doesn't go
    *down* my arm")."""
    return 0 < end < len(tokens) and tokens[end - 1] in ("go", "goes") and \
        tokens[end] in DIRECTIONS
