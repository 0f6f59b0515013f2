"""Splitting an utterance into clauses of normalised words.

A clause ends at punctuation (typed text) or at a word that starts a new thought ("no
but", "no well a bit", "yes wait no"): a negation or a "no" answers only inside its own
clause. Spellings are made canonical first ("dont" -> "don't", "dunno" -> "don't know").
"""

from __future__ import annotations

import re

from .model import Language
from .phrases import PhraseIndex
from .text import normalize, protect_numbers

_PUNCTUATION = re.compile(r"[.,;:!?\u2026()\[\]\"/\n]+|\s-+\s|\s-+$")
_SENTENCE_END = re.compile(r"([.!?\u2026;\n]+)")


class ClauseSplitter:
    def __init__(self, language: Language) -> None:
        self._spellings = language.spellings
        self._my_before = set(language.my_said_me_before)
        self._my_after = set(language.my_said_me_after)
        self._not_before = set(language.no_said_not_before)
        self._hesitations = set(language.hesitations)
        # "uh huh" and "mm hmm" are answers, not hesitations.
        self._kept = {tuple(p.split()) for ps in (*language.yes_no.values(),
                                                  *language.confirm_answers.values())
                      for p in ps if len(p.split()) == 2}
        # The tag says whether the break corrects what came before ("no, I mean yes").
        self._breaks: PhraseIndex[bool] = PhraseIndex((b, False, 0) for b in
                                                      language.clause_breaks)
        self._asking = tuple(tuple(p.split()) for p in language.asked_back)
        for phrase in language.corrections:
            self._breaks.add(phrase, True)
        # A pause that is a correction too ("wait", "hang on") ending the reply takes back
        # what came before and says nothing yet: "no, wait" is talk, no "no".
        self._pauses = {tuple(p.split()) for p in (*language.conversation_talk,
                                                   *language.waiting)
                        if any(f"{p} ".startswith(f"{c} ") for c in language.corrections)}
        self._longest_pause = max(map(len, self._pauses), default=0)

    def tokens(self, text: str) -> list[str]:
        """All the words of ``text``, normalised and with canonical spellings."""
        out: list[str] = []
        for token in normalize(text).split():
            if token == "n" and out:
                # "breathless n dizzy" was a no to both (tests/played/play50): "n" is no
                # said alone, and "and" between words.
                out.append("and")
                continue
            out += self._spellings.get(token, token).split()
        # Only where "me" cannot be an object: "help me back to bed" is still a call.
        return ["my" if t == "me" and self._me_for_my(out, i) else
                "not" if t == "no" and self._no_for_not(out, i) else t
                for i, t in enumerate(out)]

    def _no_for_not(self, tokens: list[str], at: int) -> bool:
        """Whether "no" at ``at`` is "not": after a subject ("I've", "he", "it's") and
        before one of ``no_said_not_before``; hesitations passed over ("I've um no
        been")."""
        before, after = self._neighbours(tokens, at)
        return before >= 0 and after < len(tokens) and tokens[after] in self._not_before and \
            _is_subject(tokens[before])

    def _me_for_my(self, tokens: list[str], at: int) -> bool:
        """Whether "me" at ``at`` is "my": before one of ``my_said_me_before``, opening the
        words or after one of ``my_said_me_after``; hesitations passed over ("just um me
        um back")."""
        before, after = self._neighbours(tokens, at)
        return after < len(tokens) and tokens[after] in self._my_before and \
            (before < 0 or tokens[before] in self._my_after)

    def _neighbours(self, tokens: list[str], at: int) -> tuple[int, int]:
        """Where the words on either side of ``tokens[at]`` are, hesitations passed over
        (-1 or ``len(tokens)`` where there is none)."""
        before, after = at - 1, at + 1
        while before >= 0 and tokens[before] in self._hesitations:
            before -= 1
        while after < len(tokens) and tokens[after] in self._hesitations:
            after += 1
        return before, after

    def without_hesitations(self, tokens: list[str]) -> list[str]:
        """``tokens`` without "um", "er": a hesitation between a negation and what it
        negates ("no um chest pain") must not change the meaning."""
        kept = self._kept
        return [t for i, t in enumerate(tokens) if t not in self._hesitations
                or (i + 1 < len(tokens) and (t, tokens[i + 1]) in kept)
                or (i > 0 and (tokens[i - 1], t) in kept)]

    def split(self, text: str) -> list[list[str]]:
        """The clauses of ``text``; break words themselves are dropped."""
        return self.split_marked(text)[0]

    def split_marked(self, text: str) -> tuple[list[list[str]], int | None]:
        """The clauses of ``text``, and the index of the first clause after the last
        correction word ("no, *I mean* yes"; None when there is none)."""
        clauses, corrected, _ = self.split_asking(text)
        return clauses, corrected

    def split_asking(self, text: str) -> tuple[list[list[str]], int | None, list[bool]]:
        """As :meth:`split_marked`, with, for each clause, whether the sentence it stands
        in may ask something: it ends with a question mark or opens as a question does
        ("is it about a week", "what day is it today")."""
        out: list[list[str]] = []
        asked: list[bool] = []
        corrected: int | None = None
        pieces = _SENTENCE_END.split(protect_numbers(text))
        sentences = []
        for sentence, end in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
            parts = [self.without_hesitations(self.tokens(part))
                     for part in _PUNCTUATION.split(sentence)]
            sentences.append((parts, self._asks([t for tokens in parts for t in tokens], end)))
        pause = self._pause_at_end(sentences)
        for parts, asks in sentences:
            for tokens in parts:
                start = 0
                for span in self._breaks.best(tokens):
                    if span.end == len(tokens) and span.start > 0:
                        break  # last, it starts nothing: "I don't feel well", "yes as well"
                    if tokens[start:span.start]:
                        out.append(tokens[start:span.start])
                    start = span.end
                    if span.tag and out:
                        corrected = len(out)
                if tokens[start:]:
                    out.append(tokens[start:])
            asked += [asks] * (len(out) - len(asked))
        if pause:
            out.append(pause)
            asked.append(False)
            corrected = None
        return out, corrected if corrected is not None and corrected < len(out) else None, \
            asked

    def _pause_at_end(self, sentences: list[tuple[list[list[str]], bool]]) -> list[str]:
        """The pause the reply ends with ("no wait", "no, hang on"), taken off its last
        part; none when it ends otherwise or is nothing but the pause."""
        last = [(parts, n) for parts, _ in sentences for n, t in enumerate(parts) if t]
        if not last:
            return []
        parts, n = last[-1]
        tokens = parts[n]
        for size in range(min(self._longest_pause, len(tokens)), 0, -1):
            if tuple(tokens[-size:]) in self._pauses and (size < len(tokens) or len(last) > 1):
                parts[n] = tokens[:-size]
                return tokens[-size:]
        return []

    def _asks(self, tokens: list[str], end: str) -> bool:
        return bool(tokens) and ("?" in end or any(tuple(tokens[:len(o)]) == o
                                                   for o in self._asking))


SUBJECTS = frozenset({"i", "he", "she", "it", "we", "they", "you", "that", "this"})
"""Words that may be the subject a verb follows ("he no been", "that no right")."""


def _is_subject(token: str) -> bool:
    """Whether ``token`` is a subject, alone or with its verb ("I've", "he's")."""
    return token.split("'", 1)[0] in SUBJECTS
