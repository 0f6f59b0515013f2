"""Which of a group's signs a reply speaks of ("yes, after lifting", "no chest pain")."""

from __future__ import annotations

import re

from .answers import LIST_JOINS, WELL_REACH, goes_somewhere, names
from .emergency import DENIED_AFTER
from .model import Dialog, Question
from .text import words

BODY_PARTS = frozenset({"arm", "jaw", "leg", "hip", "eye", "ear", "toe", "lip"})
"""Words of three letters that name a sign's place: "arm no, jaw no" speaks of the pain
going to the arm or jaw, and of nothing else a group asks."""
DENIED_REACH = 2
"""Words before a sign's name in which a negation denies it ("no headache", "not any
stress"), not further: "no, it's my headache" names it."""
_PARTS = re.compile(r"([^.,;!?]*)([.,;!?]|$)")


ECHO_WORDS = 2
"""At most this many words asked back name a thing ("Poison?", "Chest pain?"); more are
a question of the person's own ("Who's been poisoned?")."""
VERB_NEGATIONS = frozenset({"not", "never", "no"})
"""Negations that make a question one asked in the negative."""


def own_questions(dialog: Dialog) -> dict[str, Question]:
    """Each finding's own question: the first that asks it alone (not a group)."""
    out: dict[str, Question] = {}
    for question in dialog.questions.values():
        if not question.members:
            out.setdefault(question.finding.key, question)
    return out


def named(question: Question, text: str | None,
          negations: frozenset[str] = frozenset()) -> frozenset[str]:
    """The signs of a group named in ``text`` ("yes, after lifting"); not one denied (a
    word of ``negations`` just before it: "fever, yes. *No headache*") or only asked about
    ("kidney side? No, lower")."""
    found: set[str] = set()
    for part, end in _PARTS.findall(text or ""):
        if end == "?":
            continue
        tokens = words(part)
        for key, names_ in question.names.items():
            for name in names_:
                size = len(name.split())
                found |= {key for i in range(len(tokens) - size + 1)
                          if tokens[i:i + size] == name.split() and
                          not negations.intersection(tokens[max(0, i - DENIED_REACH):i]) and
                          not _denied_in_a_list(tokens, i, negations)}
    return frozenset(found)


def _denied_in_a_list(tokens: list[str], at: int, negations: frozenset[str]) -> bool:
    """Whether a negation earlier in the part reaches ``tokens[at]`` through "or" or "nor":
    "Never had a heart attack or a *stroke*"."""
    for k in range(at - 1, -1, -1):
        if tokens[k] in LIST_JOINS:
            return any(t in negations or t.endswith("n't") for t in tokens[:k])
    return False


class SignWords:
    """The words that stand for each sign of a group: its ``about`` and its own question."""

    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        self._words: dict[str, dict[str, set[str]]] = {}
        self.own = own_questions(dialog)
        """Each sign's own question (the one its group asks it by)."""
        self.asked_in_negative = frozenset(
            key for key, q in self.own.items()
            if any(w in VERB_NEGATIONS or w.endswith("n't") for w in words(q.ask)))
        """Signs whose own question is asked in the negative ("a pain that does *not*
        stop", "medicine that did *not* help"; not "lost weight *without* trying", which
        "no weight loss" denies): a negation in a reply may agree with it."""
        self.yeses = frozenset(p for p in dialog.language.yes_no["yes"] if " " not in p)
        """The one-word yeses ("yes", "yeah"): a clause or reply that begins with one says
        yes before it tells."""
        language = dialog.language
        self._talk = frozenset(language.telegraphic_small_words) | frozenset(
            language.hesitations) | {
            w for p in (*language.fillers, *language.commands.get("repeat", ()),
                        *language.yes_no["yes"], *language.yes_no["no"])
            for w in p.lstrip("~").split()}
        """Words of the talk itself, not of a thing: "Me?", "Pardon?" ask back no sign."""

    def any_named(self, question: Question, text: str | None) -> bool:
        """Whether ``text`` speaks of one of the group's signs in particular: by its own
        words or a form of one ("poison" of the poisoning), by a phrase that answers that
        sign alone ("never stops" to a pain that does not stop, "takes the edge off" to
        pain medicine that did not help), or by a word of its own asked back ("Bleeding?
        No.": the no is of what was asked back, whatever the group calls it)."""
        return bool(self.spoken_of(question, text)) or \
            bool(self.answered_alone(question, text)) or self.echoes(text)

    def echoes(self, text: str | None) -> bool:
        """Whether ``text`` asks back a thing in a word or two ("Bleeding?", "Red
        water?"), not a word of the talk itself ("Me?", "Pardon?", "Have you?")."""
        for part, end in _PARTS.findall(text or ""):
            said = words(part)
            if end == "?" and 0 < len(said) <= ECHO_WORDS and \
                    not self._talk.issuperset(said):
                return True
        return False

    def answered_alone(self, question: Question, text: str | None) -> frozenset[str]:
        """The signs of a group whose own answer phrases ``text`` holds: any of their
        yeses, and their noes of two words or more (one word, "normal" or "calm", is as
        often said of the whole)."""
        tokens = words(text or "")
        said = f" {' '.join(tokens)} "
        found = set()
        for key in question.members:
            answers = self.dialog.language.finding_answers.get(key, {})
            phrases = [*answers.get("yes", ()),
                       *(p for p in answers.get("no", ()) if len(p.split()) >= 2)]
            if any(f" {phrase} " in said and not _only_going_somewhere(tokens, phrase)
                   for phrase in phrases):
                found.add(key)
        return frozenset(found)

    def denied_by_word(self, question: Question, key: str, text: str | None,
                       negations: frozenset[str]) -> bool:
        """Whether ``text`` puts a negation just before one of the sign's own words ("no
        *swelling*", "not *spreading*"; :data:`DENIED_REACH`), or ends on its word and a
        bare no ("weight no, *swelling no*": people who find words slowly name the thing,
        then answer), as a denial of it alone."""
        own = frozenset(self._signs_words(question).get(key, set()))
        tokens = words(text or "")
        if len(tokens) > 1 and tokens[-1] in DENIED_AFTER and names(tokens[-2], own):
            return True
        return any(names(t, own) and
                   negations.intersection(tokens[max(0, i - DENIED_REACH):i])
                   for i, t in enumerate(tokens))

    def said_well(self, question: Question, key: str, text: str | None,
                  wellness: frozenset[str], negations: frozenset[str]) -> bool:
        """Whether ``text`` says one of the sign's own words is well, a few words on, with
        no negation between ("my chest is alright", "I'm breathing fine"): as sure a
        denial of it alone as "no chest pain". Not by a word of other signs too ("my legs
        are fine" says it of the legs' cramps and their numbness at once)."""
        signs = self._signs_words(question)
        own = frozenset(signs.get(key, set()).difference(
            *(words_ for other, words_ in signs.items() if other != key)))
        tokens = words(text or "")
        for i, token in enumerate(tokens):
            if not (token in own or names(token, own)):
                continue
            for after in tokens[i + 1:i + 1 + WELL_REACH]:
                if after in negations or after.endswith("n't"):
                    break
                if after in wellness:
                    return True
        return False

    def spoken_of(self, question: Question, text: str | None) -> set[str]:
        """The signs ``text`` speaks of by their own words, less a sign whose words heard
        are all words of another sign heard with more ("no heart attack" speaks of the
        heart attack, not of the procedure on the heart: "heart" is a word of both)."""
        heard = set(words(text or ""))
        # A form of a word counts ("I'm breathing alright" speaks of the breath).
        said = {k: {w for w in signs if w in heard or any(names(h, frozenset((w,)))
                                                          for h in heard)}
                for k, signs in self._signs_words(question).items()}
        return {k for k, got in said.items() if got and
                not any(got < other for other in said.values())}

    def mentions(self, question: Question, text: str | None) -> dict[str, int]:
        """For each sign of a group, how many of its own words ``text`` uses."""
        heard = set(words(text or ""))
        return {k: len(signs & heard) for k, signs in self._signs_words(question).items()}

    def _signs_words(self, question: Question) -> dict[str, set[str]]:
        """Each sign of a group -> the words that stand for it, worked out once."""
        if not question.members:
            return {}
        if question.id not in self._words:
            language = self.dialog.language
            # Small words ("when", "does", "your") name no sign: "naw, it's just sore when
            # I bend" does not speak of the pain worse when breathing in; nor does a filler
            # ("well no" of the headache "as well").
            no_words = {w for p in language.yes_no["no"] for w in p.split()} | \
                set(language.telegraphic_small_words) | set(language.fillers)
            for key in question.members:
                said = [self.dialog.findings[key].about]
                said += [q.ask for q in self.dialog.questions.values()
                         if not q.members and q.finding.key == key]
                # Words of four letters or more stand for the signs ("chest", "breath"),
                # and the short names of parts of the body ("arm no, jaw no").
                self._words.setdefault(question.id, {})[key] = {
                    w for text_ in said for w in words(text_)
                    if len(w) >= 4 or w in BODY_PARTS} - no_words
        return self._words[question.id]


def _only_going_somewhere(tokens: list[str], phrase: str) -> bool:
    """Whether every time ``tokens`` say ``phrase`` it goes somewhere ("doesn't go down")."""
    size = len(phrase.split())
    ends = [i + size for i in range(len(tokens) - size + 1)
            if " ".join(tokens[i:i + size]) == phrase]
    return bool(ends) and all(goes_somewhere(tokens, end) for end in ends)
