"""The answer matcher: what someone said -> an answer to the current question, or a command.

Works on text, so the same matcher serves typed answers, scripted tests and the
speech recognizer's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Language, Question
from .numbers import parse_number
from .text import words

ANSWER = "answer"
DONT_KNOW = "dont_know"
COMMAND = "command"
EMERGENCY = "emergency"
NOT_UNDERSTOOD = "not_understood"
SILENCE = "silence"
OUT_OF_RANGE = "out_of_range"

CALL = "call"
SYMPTOM = "symptom"
_CLAUSE = re.compile(r"[.,;:!?]+")


@dataclass(frozen=True)
class Interpretation:
    """What an utterance means for the current question."""

    kind: str
    """answer, dont_know, command, emergency, not_understood, silence or out_of_range."""
    value: Any = None
    """The answer value ("yes", "left", 5.0) or the command name ("repeat")."""
    heard: str = ""
    """The text as it was heard or typed."""
    symptom: bool = False
    """For an emergency: an alarm symptom named ("chest pain"), not a call for help."""


class Matcher:
    """Interprets utterances with the dialogue's shared words and each question's phrases."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._fillers = {tuple(p.split()) for p in language.fillers}
        # A command is recognised with or without filler words around it ("say that
        # again please"), so the table holds each phrase both as written and stripped.
        self._commands: dict[tuple[str, ...], str] = {}
        for name, phrases in language.commands.items():
            for phrase in phrases:
                tokens = phrase.split()
                self._commands.setdefault(tuple(tokens), name)
                stripped = _strip(tokens, self._fillers)
                if stripped:
                    self._commands.setdefault(tuple(stripped), name)
        self._calls = [tuple(p.split()) for p in language.emergency_calls]
        self._symptoms = [tuple(p.split()) for p in language.emergency_symptoms]
        self._negations = set(language.negations)
        self._links = set(language.negation_links)

    def interpret(self, question: Question | None, text: str | None) -> Interpretation:
        heard = text or ""
        tokens = words(heard)
        if not tokens:
            return Interpretation(SILENCE, heard=heard)
        command = self._command(tokens)
        if command:
            return Interpretation(COMMAND, command, heard)
        alarm = self._emergency(heard)
        if question is None:
            return Interpretation(EMERGENCY if alarm else NOT_UNDERSTOOD, heard=heard,
                                  symptom=alarm == SYMPTOM)
        meanings = _meanings(tokens, self._phrase_table(question))
        if alarm:
            # "Yes, I had a heart attack": a named symptom also answers the question.
            answer = meanings.pop() if alarm == SYMPTOM and len(meanings) == 1 else None
            return Interpretation(EMERGENCY, None if answer == DONT_KNOW else answer, heard,
                                  symptom=alarm == SYMPTOM)
        if question.finding.type == "number" and meanings <= {DONT_KNOW}:
            # "I don't know, maybe a week": a number said is worth more than the doubt.
            number = self._number(question, tokens, heard)
            if number.kind != NOT_UNDERSTOOD or not meanings:
                return number
        if len(meanings) == 1:
            meaning = meanings.pop()
            kind = DONT_KNOW if meaning == DONT_KNOW else ANSWER
            return Interpretation(kind, None if kind == DONT_KNOW else meaning, heard)
        return Interpretation(NOT_UNDERSTOOD, heard=heard)

    def grammar(self, question: Question | None) -> list[str]:
        """Every phrase worth listening for at ``question``: its answers, "I don't know",
        the commands and the emergency phrases; for number questions, the numbers (with
        units for durations). A recognizer's grammar for this question."""
        phrases: list[str] = []
        if question is not None:
            for words_ in question.phrases.values():
                phrases += words_
            phrases += self.language.dont_know
            if question.finding.type == "number":
                phrases += self._number_phrases(question)
        for words_ in self.language.commands.values():
            phrases += words_
        phrases += self.language.emergency_phrases
        return list(dict.fromkeys(phrases))

    def _number_phrases(self, question: Question) -> list[str]:
        finding = question.finding
        lang = self.language
        numbers = [w for w, v in lang.number_words.items()
                   if finding.minimum <= v <= finding.maximum and v < 100]
        tens = [w for w, v in lang.number_words.items() if 20 <= v < 100 and v % 10 == 0]
        ones = [w for w, v in lang.number_words.items() if 1 <= v <= 9]
        numbers += [f"{t} {o}" for t in tens for o in ones
                    if finding.minimum <= lang.number_words[t] + lang.number_words[o]
                    <= finding.maximum]
        if finding.unit != "days":
            return numbers
        # Durations with a unit: small counts are the ones people say ("three weeks").
        small = [w for w in numbers if w in lang.number_words and lang.number_words[w] <= 12]
        units = list(lang.duration_units)
        spoken = [f"{n} {u}" for n in small for u in units]
        spoken += [f"a {u}" for u in units if not u.endswith("s")]
        return [*numbers, *spoken, *lang.duration_phrases]

    def _command(self, tokens: list[str]) -> str | None:
        found = self._commands.get(tuple(tokens))
        if found is None:
            rest = _strip(tokens, self._fillers)
            found = self._commands.get(tuple(rest)) if rest else None
        return found

    def _emergency(self, heard: str) -> str | None:
        """CALL or SYMPTOM when the utterance raises an emergency, else None.

        Punctuation, when there is any (typed text), separates clauses: in "No. Help me."
        the "no" answers nothing about the call for help.
        """
        found = None
        for clause in _CLAUSE.split(heard):
            tokens = words(clause)
            if any(_find(tokens, phrase) for phrase in self._calls):
                return CALL
            for phrase in self._symptoms:
                if any(not self._negated(tokens, start) for start in _find(tokens, phrase)):
                    found = SYMPTOM
        return found

    def _negated(self, tokens: list[str], start: int) -> bool:
        i = start - 1
        while i >= 0 and tokens[i] in self._links:
            i -= 1
        return i >= 0 and tokens[i] in self._negations

    def _phrase_table(self, question: Question) -> dict[tuple[str, ...], str]:
        table = {tuple(p.split()): DONT_KNOW for p in self.language.dont_know}
        for value, phrases in question.phrases.items():
            for phrase in phrases:
                table[tuple(phrase.split())] = value
        return table

    def _number(self, question: Question, tokens: list[str], heard: str) -> Interpretation:
        finding = question.finding
        value = parse_number(" ".join(tokens), self.language, with_units=finding.unit == "days")
        if value is None:
            return Interpretation(NOT_UNDERSTOOD, heard=heard)
        if not finding.minimum <= value <= finding.maximum:
            return Interpretation(OUT_OF_RANGE, value, heard)
        return Interpretation(ANSWER, value, heard)


def _find(tokens: list[str], phrase: tuple[str, ...]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == phrase]


def _meanings(tokens: list[str], table: dict[tuple[str, ...], str]) -> set[str]:
    """Meanings of the phrases found, ignoring a phrase found inside a longer one."""
    spans = [(start, start + len(phrase), meaning) for phrase, meaning in table.items()
             for start in _find(tokens, phrase)]
    kept = [s for s in spans
            if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0])
                       for o in spans)]
    return {meaning for _, _, meaning in kept}


def _strip(tokens: list[str], fillers: set[tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for filler in sorted(fillers, key=len, reverse=True):
            if tuple(tokens[i:i + len(filler)]) == filler:
                i += len(filler)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out
