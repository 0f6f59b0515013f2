"""The answer matcher: what someone said -> an answer to the current question, or a command.

Works on text, so the same matcher serves typed answers, scripted tests and the
speech recognizer's output. The steps, in order of what matters most:

1. an emergency (a call for help, an emergency number, an alarm symptom named) wins
   over everything, in every state;
2. talk about the conversation ("never mind", "I didn't catch that", "no more
   questions") is a command or a re-ask, never an answer;
3. a number question reads every number said and takes the largest;
4. otherwise the answer model (:mod:`.answers`) reads the clauses: negation, doubt,
   amounts, and answers that disagree.

Every step looks at each word a bounded number of times: time is linear in the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .answers import AnswerReader, Reading
from .asked_back import guessed
from .clauses import ClauseSplitter
from .emergency import CALL, NEARLY, SYMPTOM, EmergencyFinder
from .grammar import Grammar
from .model import Finding, Language, Question
from .numbers import VAGUE, loose_units, numbers_said
from .phrases import PhraseIndex, Span
from .said_durations import calendar_days, rough_durations
from .threshold import as_range

ANSWER = "answer"
DONT_KNOW = "dont_know"
COMMAND = "command"
EMERGENCY = "emergency"
NOT_UNDERSTOOD = "not_understood"
SILENCE = "silence"
OUT_OF_RANGE = "out_of_range"

__all__ = ["ANSWER", "CALL", "COMMAND", "DONT_KNOW", "EMERGENCY", "NOT_UNDERSTOOD",
           "OUT_OF_RANGE", "REVISED", "SILENCE", "SYMPTOM", "WAIT", "Interpretation", "Matcher"]

PACE_BEFORE = frozenset({"bit", "little", "lot", "much", "touch", "go", "speak", "talk", "say",
                         "it", "please", "be", "talking", "speaking", "slightly", "way", "and",
                         "but", "now", "ok", "okay", "um", "er"})
"""Words after which a word of pace said inside a sentence asks for that pace."""
PACE_AFTER = frozenset({"please", "dear", "love", "thanks", "thank", "you", "now", "a", "bit",
                        "little", "again", "for", "me", "mate", "pet", "hen"})
"""Words that may follow it: a word of pace followed by another is said of that."""
_COMMAND_WORDS = 20
"""Longer than this, an utterance is not one command said with fillers; its clauses are
still looked at one by one."""
_TOLD_WORDS = 3
"""Words told after a correction that take back the answer before it (``_revised``)."""
REVISED = "revised"
"""Why a reply is not understood: a no taken back by what follows it (``_revised``)."""
ASKED_BACK = "asked back"
"""Why a reply is not understood: it only asks about what the question asks."""

CONFIRMATION = "confirmation"
"""The finding key of the stand-in question "Is that right?"."""

TALK = "talk"
"""A command value for talk about the conversation that asks for nothing: re-ask."""
WAIT = "wait"
"""The command of a pause asked for (``Language.waiting``)."""


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
    """For an emergency: an alarm symptom named ("chest pain"), or most of an emergency
    told (``nearly``), not a call for help: checked with the person first."""
    nearly: bool = False
    """For an emergency: most of one told ("he's sweating and holding his chest"), checked
    by asking whether they need an ambulance now."""
    confirm: bool = False
    """For an answer: check it before it counts (several numbers were said and the
    largest was taken, e.g. "three when I sit, eight when I move"; a choice said with
    doubt, "lower, I think")."""
    why: str = ""
    """For not_understood: "conflict" (answers that disagree), "talk" (about the
    conversation), "date" (a day named by the calendar to a question of how many days) or
    "vague" (a time with no amount to it: "for months", "ages"); empty when nothing was
    understood."""


class Matcher:
    """Interprets utterances with the dialogue's shared words and each question's phrases."""

    def __init__(self, language: Language, emergency_numbers: tuple[str, ...] = ()) -> None:
        self.language = language
        self._split = ClauseSplitter(language)
        self.emergencies = EmergencyFinder(language, emergency_numbers)
        self._noes = frozenset(language.yes_no.get("no", ()))
        self._hedges = frozenset(language.hedged_no)
        self._fillers: PhraseIndex[bool] = PhraseIndex((f, True, 0) for f in language.fillers)
        self._days: PhraseIndex[bool] = PhraseIndex((d, True, 0) for d in language.days_named)
        self._vague: PhraseIndex[bool] = PhraseIndex(
            (d, True, 0) for d in language.durations_vague)
        # A command is recognised with or without filler words around it ("say that
        # again please"), so the table holds each phrase both as written and stripped.
        self._commands: dict[tuple[str, ...], str] = {}
        self._inside: PhraseIndex[str] = PhraseIndex()
        listed = {phrase for phrases in language.commands.values() for phrase in phrases}
        for name, phrases in language.commands.items():
            for phrase in phrases:
                tokens = phrase.split()
                self._commands.setdefault(tuple(tokens), name)
                stripped = self._strip(tokens)
                # Not one word left of a longer phrase that is no command alone: "enough"
                # of "enough now" took "The tablets help well enough" for a stop.
                if stripped and (len(stripped) > 1 or stripped[0] in listed):
                    self._commands.setdefault(tuple(stripped), name)
                # Long enough to mean the command inside a sentence, or a word that
                # can mean nothing else ("a bit slower please").
                if len(tokens) > 1 or phrase in language.commands_anywhere:
                    self._inside.add(phrase, name)
        for phrase in language.waiting:  # as a whole clause only: "hang on, no" corrects
            self._commands.setdefault(tuple(phrase.split()), WAIT)
        for phrase in language.conversation_talk:
            self._commands.setdefault(tuple(phrase.split()), TALK)
        self._readers: dict[int, AnswerReader] = {}
        self.confirmation = confirmation_question(language)
        """The stand-in question for "Is that right?" (one, so that its reader is made once)."""
        self._address = frozenset(language.address_words)
        self._tags = [tag.split() for tag in language.question_tags]
        self._negations = frozenset(language.negations)

    # -- the public entry points ---------------------------------------------------------------
    def interpret(self, question: Question | None, text: str | None,
                  nearly: bool = True, about: frozenset[str] = frozenset(),
                  telegraphic: bool = False) -> Interpretation:
        """What ``text`` means for ``question``; most of an emergency told is one to check
        only if ``nearly`` (not once the person said they need no ambulance), and not of
        concepts ``about`` alone, besides those the question asks about; ``telegraphic``:
        also told in telegraphic speech (talk overheard, not an answer)."""
        heard = text or ""
        said = self._split.without_hesitations(self._split.tokens(heard))
        if said and self._commands.get(tuple(self._strip(said))) == WAIT:
            # "Hang on a minute", "wait a sec": whole, before the pause word that opens it
            # is taken for a correction of nothing.
            return Interpretation(COMMAND, WAIT, heard)
        clauses, corrected, asking = self._split.split_asking(heard)
        tokens = [t for clause in clauses for t in clause]
        if not tokens:
            tokens = self._split.tokens(heard)
            if not tokens:
                return Interpretation(SILENCE, heard=heard)
            # Only hesitations, and one of them asks for the question again ("umm... eh?"):
            # a hesitation before it must not hide it. Not among talk: "hang, eh, on" is
            # "hang on", no "eh?".
            asked = {c for c in (self._commands.get((t,)) for t in tokens) if c is not None}
            if len(asked) == 1 and all((t,) in self._commands
                                       for t in self._split.without_hesitations(tokens)):
                return self._command_meaning(asked.pop(), heard)
            clauses, asking = [tokens], [False]  # only break words ("wait"): talk
        if question is not None:
            asked_about = self.language.emergency_asked_about
            about = about | asked_about.get(question.finding.key, frozenset())
            # A group asks about what each of its signs asks ("took one paracetamol" to
            # "Has pain medicine failed to help, or ...?" is an answer), but for a place
            # or how bad it is: "it feels like an elephant sitting on my chest" to "...
            # or is there pain or pressure in your chest?" is most of an emergency.
            beyond = {*self.language.emergency_places, *self.language.emergency_nearly}
            for key in question.members:
                about = about | (asked_about.get(key, frozenset()) - beyond)
        reader = self._reader(question) if question is not None else None
        alarm = self.emergencies.find(clauses, nearly, about, telegraphic,
                                      reader.asked if reader is not None else frozenset())
        if alarm == CALL and nearly and self.emergencies.pleads_only(clauses) and \
                any(self._command_of(c, []) == "help" and "help" not in c for c in clauses):
            # "I need help... too many things, I don't follow": help with the question, or
            # an emergency; asked ("Do you need an ambulance now?"), silence taken as yes.
            return Interpretation(EMERGENCY, None, heard, symptom=True, nearly=True)
        if alarm == CALL and nearly and reader is not None and \
                self.emergencies.calls_of(clauses, reader.asked):
            # "Not breathing, not arm" to the question of breathing and the arm: checked
            # ("I heard ... Is that right?"), and silence taken as the call.
            return Interpretation(EMERGENCY, None, heard, symptom=True)
        if alarm is None and nearly and not telegraphic and \
                self.emergencies.asks_whether_to_call(clauses):
            # "It hit me out of nowhere, worst pain of my life... should I ring 999?":
            # unsure whether they need one, they are asked ("Do you need an ambulance
            # now?"), silence taken as yes; the question comes again after a no. Not in
            # talk overheard, which asks it of a story as often.
            return Interpretation(EMERGENCY, None, heard, symptom=True, nearly=True)
        if alarm:
            answer = None
            if alarm in (SYMPTOM, NEARLY) and reader is not None:
                # "Yes, I had a heart attack": a named symptom also answers the question.
                reading = reader.read(clauses)
                answer = _valued(question, reading.value()) if not reading.doubt else None
            return Interpretation(EMERGENCY, answer, heard, symptom=alarm != CALL,
                                  nearly=alarm == NEARLY)
        if len(tokens) <= _COMMAND_WORDS:  # "sorry, what?" said as one command
            found = reader.spans(tokens) if reader else []
            whole = self._command_of(tokens, found)
            if whole == "repeat" and len(clauses) > 1 and reader is not None and \
                    not self._command_of(tokens, found, within=False):
                # Said inside one clause of several, it is looked at clause by clause:
                # "No, the legs are fine. Though, if you'll pardon me, ..." is manners.
                whole = None
            if whole:
                return self._command_meaning(whole, heard)
        if reader is None:
            return Interpretation(NOT_UNDERSTOOD, heard=heard)
        spans = [reader.spans(clause) for clause in clauses]
        # "What's chills?": a question about the question's words asks for its help.
        commands = [self._command_of(c, s) or ("help" if reader.asks_about(c) else None)
                    for c, s in zip(clauses, spans, strict=True)]
        if len(clauses) > 1:
            # "no. the... pills... help. bit.": "help" alone among other words, where it is
            # the question's own word ("Has pain medicine failed to help?"), is told.
            commands = [None if command == "help" and c == ["help"] and reader.names_own(c)
                        else command for c, command in zip(clauses, commands, strict=True)]
        filler = _mid_filler(clauses, commands)
        if commands[0] == "repeat" and len(clauses[0]) == 1 and len(clauses) > 1 and \
                not any(commands[1:]) and reader.read(clauses[1:], spans[1:]).answered:
            filler.add(0)  # "What? No! I don't need one": a start, the answer after it
        answering = [k for k, command in enumerate(commands) if not command and k not in filler]
        commands = [None if k in filler else command for k, command in enumerate(commands)]
        talk = [command for command in commands if command]
        if question is not None and question.finding.type == "number":
            # A threshold question ("seven or more?") also takes the number itself. One
            # said in a question asked back is checked (asked_back.py).
            number = self._number(question, [clauses[k] for k in answering], heard,
                                  self._correction_point(clauses, answering, corrected),
                                  guessed=guessed(clauses, asking, answering, self.language,
                                                  question.finding.unit == "days"))
            if number is not None:
                return number
        reading = reader.read([clauses[k] for k in answering], [spans[k] for k in answering])
        if self._pleads(clauses, commands, answering, reading, reader):
            # "I'm going to pass out... help": a lone "help" after telling something is a
            # plea, not a question about the question. Checked with the person first.
            return Interpretation(EMERGENCY, None, heard, symptom=True)
        if talk and (not reading.answered and not reading.doubt
                     or reading.value() == "no" and reader.question.yes_no
                     or reading.content and reading.amounts == len(reading.content)
                     and not reading.particles):
            # "No, I don't understand", "no, let me think": talk about the conversation
            # is never a no; the question comes again after the command.
            # A pause asked for among other talk ("sorry, give me a minute, it's the
            # postman") is the pause.
            return self._command_meaning(WAIT if WAIT in talk else talk[0] or TALK, heard)
        if reading.conflict():
            if reading.doubt:  # "not... sure", "no... yes... I don't know"
                return Interpretation(DONT_KNOW, heard=heard)
            fixed = self._corrected(reader, clauses, answering, spans, corrected)
            if fixed is not None:
                # "No, I mean yes", "left, no, right": the answer after the correction,
                # checked with the person before it counts.
                return Interpretation(ANSWER, _valued(question, fixed), heard, confirm=True)
            return Interpretation(NOT_UNDERSTOOD, heard=heard, why="conflict")
        value = reading.value()
        if value is None and question is not None and question.finding.unit == "days":
            # "Over the weekend, I think": not counted from the clock (see model.Language),
            # but not "I don't know" either: the days are asked as yes or no. So are "for
            # months", "oh, ages": longer than a week or not is easier to say than the days.
            if self._days.spans(tokens):
                return Interpretation(NOT_UNDERSTOOD, heard=heard, why="date")
            if self._vague.spans(tokens):
                return Interpretation(NOT_UNDERSTOOD, heard=heard, why="vague")
        if reading.doubt and value in (None, "no"):
            return Interpretation(DONT_KNOW, heard=heard)
        if value == "yes" and reading.named_then_no and reader.question.yes_no:
            # "Faint... no": the thing named, then the answer; to an alarm sign a no
            # read so is checked with the person first.
            return Interpretation(ANSWER, _valued(question, "no"), heard,
                                  confirm=reader.question.finding.alarm)
        own = reader.question
        if (value == "yes" and own.yes_no or value is None and own.members) and \
                self._asked_back(heard, clauses, asking, answering, reading):
            # "Rash?", "Why are you asking me about rashes, love?": no yes, to the question
            # or to a sign of its group (groups14).
            return Interpretation(NOT_UNDERSTOOD, heard=heard, why=ASKED_BACK)
        if value is None:
            return Interpretation(NOT_UNDERSTOOD, heard=heard)
        if value == "no" and reader.question.finding.alarm and \
                self._revised(reader, clauses, answering, spans, corrected):
            # "No, I'm fine. Well, actually, I couldn't get up off the settee without
            # Dave": to an alarm sign, a no taken back by what follows it, which is not
            # made out, is no sure no (groups12).
            return Interpretation(NOT_UNDERSTOOD, heard=heard, why=REVISED)
        # "Lower, I think": a place or side the person is not sure of is checked, as it
        # may pass over alarm questions; so is "I don't think so" to an alarm sign.
        hedged = value == "no" and reader.question.finding.alarm and (self._hedged(
            [clauses[k] for k in answering], [spans[k] for k in answering]) or
            self._tagged([clauses[k] for k in answering]))
        return Interpretation(ANSWER, _valued(question, value), heard,
                              confirm=reading.doubt and not reader.question.yes_no or hedged)

    def _asked_back(self, heard: str, clauses: list[list[str]], asking: list[bool],
                    answering: list[int], reading: Reading) -> bool:
        """Whether the reply is the question's own thing named in a question asked back,
        nothing told besides (words said to the listener aside). Not a thing told and then
        asked about ("... gone pinkish, haven't you, Jack?"), nor a question that says yes
        ("Stress? With him under my feet all day?")."""
        said = [k for k in answering if self._says_something(clauses[k])]
        return heard.rstrip().endswith("?") and len(said) == 1 and asking[said[0]] and \
            not reading.content and reading.named == reading.particles.count("yes")

    @staticmethod
    def _revised(reader: AnswerReader, clauses: list[list[str]], answering: list[int],
                 spans: list[list[Span[str]]], corrected: int | None) -> bool:
        """Whether something is told after a correction word that answers nothing, in three
        words or more ("No, I'm fine. Well, actually, I couldn't get up off the settee
        without Dave"): the person takes back what came before. Not a word or two of
        manners ("no, sorry, love")."""
        if corrected is None:
            return False
        after = [k for k in answering if k >= corrected]
        if sum(len(clauses[k]) for k in after) < _TOLD_WORDS:
            return False
        reading = reader.read([clauses[k] for k in after], [spans[k] for k in after])
        return not reading.answered and not reading.doubt

    def _hedged(self, clauses: list[list[str]], spans: list[list[Span[str]]]) -> bool:
        """Whether every no found is one said with doubt ("I don't think so")."""
        noes = [" ".join(tokens[s.start:s.end]) for tokens, found in zip(clauses, spans,
                                                                          strict=True)
                for s in found if s.tag == "no"]
        return bool(noes) and all(no in self._hedges for no in noes)

    def _says_something(self, clause: list[str]) -> bool:
        """Whether a clause is more than words said to the listener ("love", "pet")."""
        return not set(clause) <= self._address

    def _tagged(self, clauses: list[list[str]]) -> bool:
        """Whether the answer ends with a tag asking the listener to agree ("That's not a
        fever, is it?"), words said to the listener aside: a clause of its own, or after a
        negation in the clause it ends (not "it's bending that does it")."""
        said = [c for c in clauses if self._says_something(c)]
        last = said[-1] if said else []
        while last and last[-1] in self._address:
            last = last[:-1]
        return any(last == tag or last[-len(tag):] == tag and
                   any(t in self._negations for t in last[:-len(tag)]) for tag in self._tags)

    def names_own(self, question: Question, tokens: list[str]) -> bool:
        """Whether a word of ``tokens`` names what ``question`` asks about."""
        return self._reader(question).names_own(tokens)

    def clauses(self, text: str | None) -> list[list[str]]:
        """The clauses of ``text`` as an answer is read in them, each as its words."""
        return self._split.split_marked(text or "")[0]

    def grammar(self, question: Question | None) -> Grammar:
        """Every phrase worth listening for at ``question``: its answers (with the
        lexicon's extra words for it), doubt, the commands and the emergency phrases; for
        number questions, the numbers (with units for durations, and durations and days
        as people say them: "about a week", "since Monday"). A recognizer's grammar for
        this question; the answers of a choice question may be taken on a close guess,
        and by the person's own takes the numbers of a number question not asked as yes or
        no too (:mod:`.grammar`)."""
        lang = self.language
        answers: list[str] = []
        phrases: list[str] = []
        numbers: list[str] = []
        said: list[str] = []
        if question is not None:
            for words_ in question.phrases.values():
                answers += words_
            for words_ in lang.finding_answers.get(question.finding.key, {}).values():
                answers += words_
            phrases += answers
            if question.yes_no:
                phrases += lang.intensity
            phrases += lang.dont_know
            if question.finding.type == "number":
                numbers = self._number_phrases(question)
                phrases += numbers
                if question.finding.unit == "days":
                    said = rough_durations(lang, question.finding) + calendar_days(lang)
                    phrases += said
        commands = [p for words_ in lang.commands.values() for p in words_]
        calls = self.emergency_grammar()
        phrases += commands + calls
        left_out = set(lang.grammar_leaves_out)
        choice = question is not None and not question.yes_no and \
            question.finding.type == "choice"
        # A phrase that is also a command or a call for help acts at once: never a guess.
        guesses = set(answers) - set(commands) - set(calls) if choice else set()
        # A number question asked as yes or no ("seven or more?") offers no guess either.
        number = question is not None and not question.yes_no and \
            question.finding.type == "number"
        by_templates = set(numbers) - set(commands) - set(calls) if number else set()
        # Pocketsphinx found these in other words (a sample of held-out recordings: "one"
        # heard as "more than eight", 2 of 89 other words more taken, twice the time).
        whole = set(said) - set(numbers) - set(commands) - set(calls)
        return Grammar((p for p in dict.fromkeys(phrases) if p not in left_out), guesses,
                       by_templates, whole)

    def emergency_grammar(self) -> list[str]:
        """The calls for help listened for wherever BackTalk listens, also while it waits
        for its wake phrase: a call for help is heard in any state."""
        phrases = [*self.language.emergency_phrases, *self.emergencies.spoken_calls()]
        left_out = set(self.language.grammar_leaves_out)
        return [p for p in dict.fromkeys(phrases) if p not in left_out]

    # -- pieces --------------------------------------------------------------------------------
    def _reader(self, question: Question) -> AnswerReader:
        # Keyed by identity: a question is frozen and lives as long as the dialogue; those
        # made for one conversation (shared_matcher) are let go now and then.
        reader = self._readers.get(id(question))
        if reader is None or reader.question is not question:
            if len(self._readers) >= _READERS_MOST:
                self._readers.clear()  # questions made for one conversation, shared
            reader = AnswerReader(self.language, question, self.emergencies.past)
            self._readers[id(question)] = reader
        return reader

    def _command_of(self, tokens: list[str], spans: list[Span[str]],
                    within: bool = True) -> str | None:
        """The command (or TALK) ``tokens`` say, if they are about the conversation;
        ``spans``: the answer phrases found in them; ``within``: also one said inside
        them."""
        if any(s.size == len(tokens) for s in spans):
            return None  # the whole clause is an answer ("that's wrong" to "Is that right?")
        found = self._commands.get(tuple(tokens))
        if found is None:
            rest = self._strip(tokens)
            found = self._commands.get(tuple(rest)) if rest else None
        if found is not None or not within:
            return found
        for inside in self._inside.best(tokens):
            # "no more questions", "I didn't catch that": a command said inside a sentence,
            # unless an answer at least as long overlaps it.
            if not any(s.start < inside.end and inside.start < s.end and s.size >= inside.size
                       for s in spans) and self._said_as_command(tokens, inside):
                return inside.tag
        return None

    @staticmethod
    def _said_as_command(tokens: list[str], inside: Span[str]) -> bool:
        """A word of pace said alone in a sentence is the command when it ends the clause
        and follows a word of speaking or of amount ("a bit slower please", "could you
        speak louder"), not said of something else ("a new, softer mattress", "I'm
        breathing quicker")."""
        if inside.size > 1 or len(tokens) == 1:
            return True
        after_ok = all(t in PACE_AFTER for t in tokens[inside.end:])
        return after_ok and (inside.start == 0 or tokens[inside.start - 1] in PACE_BEFORE)

    def _pleads(self, clauses: list[list[str]], commands: list[str | None],
                answering: list[int], reading: Reading, reader: AnswerReader) -> bool:
        """The last clause is only the word for help, after something else told (no doubt,
        no "no": "no... help", "I don't know... help" ask how to answer; "help, what's an
        angioplasty?" asks what a word means). (Where help is the question's own word,
        "tablets... bit... help", it is no command in ``commands``: see :meth:`interpret`.)"""
        last = len(clauses) - 1
        alone = last > 0 and commands[last] == "help" and len(clauses[last]) == 1
        told = any(clauses[k] for k in answering)
        return alone and told and not reading.doubt and reading.value() != "no"

    def _corrected(self, reader: AnswerReader, clauses: list[list[str]], answering: list[int],
                   spans: list[list[Span[str]]], corrected: int | None) -> str | None:
        """The answer said after the last correction, when answers disagree: after a
        correction word (:attr:`Language.corrections`), or, to a choice, after a bare
        "no" between choices ("left, no, right"). None when there is none or it is not
        one clear answer. Never to "Is that right?": "no, that's wrong, I meant yes"
        corrects the answer checked, not the check; but a check settled on no ("yes... no,
        no, no") is a no: the question is asked again."""
        settled = self._settled(reader, clauses, answering, spans)
        if reader.question.finding.key == CONFIRMATION:
            return "no" if settled == "no" else None
        if settled is not None:
            return settled
        if not reader.question.yes_no:
            bare = [answering[n] for n in self._bare_noes(clauses, answering)]
            if bare and (corrected is None or bare[-1] >= corrected):
                corrected = bare[-1] + 1
        if corrected is None:
            return None
        after = [k for k in answering if k >= corrected]
        if not after or all(k >= corrected for k in answering):
            return None
        reading = reader.read([clauses[k] for k in after], [spans[k] for k in after])
        return None if reading.doubt or reading.conflict() else reading.value()

    @staticmethod
    def _settled(reader: AnswerReader, clauses: list[list[str]], answering: list[int],
                 spans: list[list[Span[str]]]) -> str | None:
        """The answer a reply settles on: said in each of its last two or more answering
        clauses, after another ("no... no. Yes! Yes.", "yes... no. No, no"), as people
        with aphasia find the word they meant. Clauses that answer nothing after it
        ("sorry, wrong word") do not count. Never a no to an alarm sign: an answer that
        went back and forth may end on either."""
        values = [reader.read([clauses[k]], [spans[k]]) for k in answering]
        said = [r.value() for r in values if r.answered and not r.doubt]
        if len(said) < 3 or None in said:
            return None
        run = 0
        while run < len(said) and said[-1 - run] == said[-1]:
            run += 1
        if said[-1] == "no" and reader.question.finding.alarm:
            return None
        return said[-1] if 2 <= run < len(said) else None

    def _command_meaning(self, name: str, heard: str) -> Interpretation:
        if name == TALK:
            return Interpretation(NOT_UNDERSTOOD, heard=heard, why="talk")
        return Interpretation(COMMAND, name, heard)

    def _correction_point(self, clauses: list[list[str]], answering: list[int],
                          corrected: int | None) -> int | None:
        """Where, among the ``answering`` clauses, what follows corrects what came before:
        after a correction word, or after a bare "no" that is not the first clause
        ("sixty... no. Six"); None when nothing is corrected."""
        cuts = [n + 1 for n in self._bare_noes(clauses, answering)]
        if corrected is not None:
            cuts += [n for n, k in enumerate(answering) if k >= corrected][:1]
        return max(cuts, default=None)

    def _bare_noes(self, clauses: list[list[str]], answering: list[int]) -> list[int]:
        """The places in ``answering``, after its first, of clauses that are only a "no"
        ("left, *no*, right", "sixty... *no*. Six"): a word turned down, then corrected."""
        return [n for n, k in enumerate(answering) if n > 0 and " ".join(clauses[k]) in self._noes]

    def _number(self, question: Question, clauses: list[list[str]], heard: str,
                cut: int | None = None, guessed: bool = False) -> Interpretation | None:
        finding = question.finding
        units = finding.unit == "days"
        if cut is not None:
            # "Sixty... no. Six. Six", "ten, no, nine": the number said last is meant,
            # checked with the person before it counts.
            first = numbers_said(clauses[cut], self.language, with_units=units) \
                if cut < len(clauses) else []
            if first and numbers_said([t for c in clauses[:cut] for t in c], self.language,
                                      with_units=units):
                after = numbers_said([t for c in clauses[cut:] for t in c], self.language,
                                     with_units=units)
                return self._number_value(finding, after, heard, confirm=True)
        tokens = [t for clause in clauses for t in clause]
        bound: list[tuple[int, int]] = []
        said = numbers_said(tokens, self.language, with_units=units, spans=bound)
        if not said:
            return None
        if units and self._counted_from_a_day(tokens, bound):
            # "A week last Monday" is more than a week, "three days, four tomorrow" three:
            # asked as yes or no at once (tests/played/play40), as for a day named.
            return Interpretation(NOT_UNDERSTOOD, heard=heard, why="date")
        # "I said five, not nine": the number turned down is not the answer (checked).
        found = numbers_said(tokens, self.language, with_units=units, denied=False)
        # "A good few days, dear. Since Saturday.": a vague number is checked.
        # "Months, maybe two": the number takes the unit said apart from it, checked.
        vague = units and (any(t in VAGUE for t in tokens) or
                           bool(loose_units(tokens, self.language, bound)))
        return self._number_value(finding, found, heard, confirm=len(set(said)) > 1 or
                                  vague or guessed)

    def _counted_from_a_day(self, tokens: list[str], bound: list[tuple[int, int]]) -> bool:
        """Whether an amount said is counted to or from a day: a day named just after it
        ("a week Monday"), or after a word that counts from one ("a week last Monday"), or a
        day still to come ("four tomorrow")."""
        lang = self.language
        for _, end in bound:
            after = tokens[end:end + 4]
            if after[:1] and after[0] in lang.days_ahead:
                return True
            if after[:1] and after[0] in lang.counted_from_a_day:
                after = after[1:]
            if any(span.start == 0 for span in self._days.spans(after)):
                return True
        return False

    @staticmethod
    def _number_value(finding: Finding, found: list[float], heard: str, confirm: bool
                      ) -> Interpretation:
        value = max(found)
        if not finding.minimum <= value <= finding.maximum or min(found) < finding.minimum:
            return Interpretation(OUT_OF_RANGE, min(found) if min(found) < finding.minimum
                                  else value, heard)
        return Interpretation(ANSWER, value, heard, confirm=confirm)

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
        spoken += [f"half a {u}" for u in units if not u.endswith("s")]
        return [*numbers, *spoken, *lang.duration_phrases]

    def _strip(self, tokens: list[str]) -> list[str]:
        """``tokens`` without filler words ("repeat please" -> "repeat")."""
        out: list[str] = []
        start = 0
        for span in self._fillers.best(tokens):
            out += tokens[start:span.start]
            start = span.end
        return out + tokens[start:]


def _mid_filler(clauses: list[list[str]], commands: list[str | None]) -> set[int]:
    """Clauses asking for the question again said between two that are not commands:
    "I had a stent put in, what, five weeks ago" thinks aloud, it does not ask "what?";
    "nothing's numb. Though, if you'll pardon me, the bedroom department has packed up"
    is manners."""
    told = [k for k, command in enumerate(commands) if not command and clauses[k]]
    return {k for k, command in enumerate(commands)
            if command == "repeat" and told and told[0] < k < told[-1]}


def _valued(question: Question | None, value: Any) -> Any:
    """A yes or no to a threshold question is kept as the range it stands for."""
    if question is None or question.at_least is None or value not in ("yes", "no"):
        return value
    return as_range(question.at_least, value)


_READERS_MOST = 1000
"""Readers a matcher keeps: every question of a dialogue, and some made for one
conversation ("Is that right?", a number asked as yes or no)."""
_SHARED: dict[tuple[int, tuple[str, ...]], Matcher] = {}
_SHARED_MOST = 8


def shared_matcher(language: Language, emergency_numbers: tuple[str, ...] = ()) -> Matcher:
    """One matcher for every conversation of a dialogue: it keeps nothing of a
    conversation (only its readers of each question, made once), and making one and its
    readers anew cost each screening more than hearing its first answers."""
    key = (id(language), tuple(emergency_numbers))
    matcher = _SHARED.get(key)
    # The matcher holds its language, so no other can take its id while it is kept.
    if matcher is None or matcher.language is not language:
        if len(_SHARED) >= _SHARED_MOST:
            _SHARED.clear()
        matcher = _SHARED[key] = Matcher(language, emergency_numbers)
    return matcher


def confirmation_question(language: Language) -> Question:
    """A stand-in question for "Is that right?": the shared yes and no phrases and the
    extra answers to a confirmation ("that's it", "not quite")."""
    from .model import Finding

    phrases = {value: tuple(dict.fromkeys((*language.yes_no.get(value, ()),
                                           *language.confirm_answers.get(value, ()))))
               for value in ("yes", "no")}
    return Question(CONFIRMATION, Finding(CONFIRMATION, "yes_no"), "", "", phrases, (), ())
