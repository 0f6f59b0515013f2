"""One screening conversation, turn by turn, independent of how words go in and out.

``Conversation.hear(text)`` takes what the user said and returns what the assistant
says next. The text chat, the virtual patient, the scripted tests and the voice loop
all drive this same object; the flow itself is the ``transitions`` machine.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .asides import Asides
from .commands import Commands
from .confirming import Confirming, Pending
from .each_denied import Denials, denials, each_denied
from .ending import advice_words
from .expr import LEVELS, UNKNOWN
from .fallback import Fallbacks
from .grammar import Grammar
from .hints import answer_hint, range_hint
from .machine import Named
from .matcher import (
    ANSWER,
    ASKED_BACK,
    COMMAND,
    DONT_KNOW,
    EMERGENCY,
    NOT_UNDERSTOOD,
    OUT_OF_RANGE,
    REVISED,
    SILENCE,
    WAIT,
    Interpretation,
)
from .model import STOPPED, Question
from .moves import MAX_REASKS, NOISE_WINDOW, Reply
from .signs import named as named_signs
from .text import words

SILENT_QUESTIONS = 2
"""Questions in a row with no answer at all (only silence through every re-ask) after
which the questions stop: the person may not be able to answer, and the safety advice
(when to call for help) matters more than the next question."""
NOISY_TURNS = 2
"""Answers in a row that the recognizer could not make out before saying it is noisy (and
again every :data:`NOISY_AGAIN` more): the person can do something about it, the program
cannot."""
NOISY_AGAIN = 3
CROWDED_TURNS = 3
"""Answers in a row made out only among other voices (each then checked where it matters)
before saying why, and what would help; said again every :data:`CROWDED_AGAIN` more."""
CROWDED_AGAIN = 10
NOISE_LIMIT = 8
"""Turns with no answer made out (speech not made out, or silence) among the last
:data:`~.moves.NOISE_WINDOW` before the questions stop with the safety advice, instead of
going round while a television talks."""


ALL_WORDS = frozenset({"those", "them", "these", "three", "all", "everything", "above",
                       "neither"})
"""Words that make a denial one of every sign asked ("none of *those*")."""
STOP_REASONS = {"too_noisy": f"no answer was made out in {NOISE_LIMIT} of the last "
                             f"{NOISE_WINDOW} turns, perhaps because of noise",
                "no_answers": f"no answer was heard in {NOISE_LIMIT} of the last "
                              f"{NOISE_WINDOW} turns"}
"""Why the questions stopped, for the caregiver's summary, by what was said then."""


class Conversation(Confirming, Fallbacks, Commands, Asides):
    """A screening in progress: an answer to each question, "Is that right?" where an
    answer must be sure (confirming.py), a number or choice not made out asked as yes or
    no (fallback.py), and the commands (commands.py)."""

    def start(self) -> Reply:
        intro = [self.say["welcome"], self.say["disclaimer"], self.say["help_commands"]]
        self._pass_settled()
        if self.done:
            return self._finish(intro, Interpretation(SILENCE))
        return self._reply([*intro, *self._ask()])

    def grammar(self) -> list[str]:
        """The phrases worth listening for now (for a speech recognizer's grammar)."""
        if self.pending is not None:
            return self.matcher.grammar(self._yes_no)
        if self.fallback is not None:  # yes or no, or still the answer itself
            answer = self.matcher.grammar(self.question)
            # A grammar of two questions offers no guess; the phrases for Whisper alone
            # stay so.
            return Grammar(dict.fromkeys([*self.matcher.grammar(self._yes_no), *answer]),
                           heard_whole=answer.heard_whole)
        return self.matcher.grammar(self.question)

    def hear(self, text: str | None, confidence: float = 1.0, unclear: bool = False,
             among_voices: bool = False, said: str = "", overheard: bool = False) -> Reply:
        """Take one utterance (None or "" for silence) and answer it.

        ``confidence`` is the recognizer's (0..1); a typed answer is sure (1). ``unclear``:
        something was said but the recognizer could not make it out, which is not silence
        ("Sorry, I did not understand", and the person is not taken as unable to answer).
        Answers not made out again and again are taken as noise: said so, then the
        questions stop with the safety advice. ``among_voices``: other people were
        talking round the answer, and it was made out (if at all) only in the nearest
        voice; several such answers in a row, and the person is told why their answers are
        being checked, and what would help. ``said``: the recognizer's own transcription
        beyond the question's grammar, looked at only for an emergency (checked first);
        ``overheard``: it was overheard before the screening began (it woke BackTalk), not
        said in answer, so telegraphic speech ("Chest. Tight. Bad.") tells one too.
        """
        if self.done:
            return self._after_end(text, confidence, said)
        if self.waiting and self.pending is None and not (text or "").strip():
            # Gone to the door after "hang on": the question again, and no answer counted.
            self.waiting -= 1
            question = self.question
            assert question is not None
            return self._reply([self.say["still_waiting"], question.ask],
                               Interpretation(SILENCE))
        # Silence and speech not made out, mixed, are still no answer: counted together, or
        # noise that is sometimes heard as speech and sometimes not would go round forever.
        nothing = not (text or "").strip()
        self._no_answer.append(nothing)
        self._unclear_run = self._unclear_run + 1 if nothing and unclear else \
            self._unclear_run if nothing else 0
        if sum(self._no_answer) >= NOISE_LIMIT and self.pending is None:
            self.model.stop()
            why = "too_noisy" if self._unclear_run else "no_answers"
            return self._stopped(Interpretation(NOT_UNDERSTOOD, heard=""),
                                 lead=[self.say[why]], because=STOP_REASONS[why])
        # Voices heard round the last answers are likely round this one too, even where
        # none stood out enough to try the nearest.
        voices = among_voices or any(self._voices_lately)
        self._voices_lately.append(among_voices)
        reply = self._hear(text, confidence, unclear, voices, said, overheard)
        if unclear and nothing and _due(self._unclear_run, NOISY_TURNS, NOISY_AGAIN) and \
                not reply.done:
            reply.says.insert(0, self.say["noisy"])
        self._crowded_run = self._crowded_run + 1 if among_voices and not nothing else 0
        if _due(self._crowded_run, CROWDED_TURNS, CROWDED_AGAIN) and not reply.done:
            reply.says.insert(0, self.say["other_voices"])
        return reply

    def _hear(self, text: str | None, confidence: float, unclear: bool,
              among_voices: bool, said: str = "", overheard: bool = False) -> Reply:
        question = self.question
        assert question is not None  # not done, so the state is a question
        self._note_told(text)
        if self.pending is not None:
            return self._confirming(question, text, confidence, unclear)
        if self.aside is not None:
            return self._aside_turn(question, text, confidence)
        meaning = self.matcher.interpret(question, text, nearly=not self.no_ambulance)
        if meaning.kind == COMMAND and meaning.value == WAIT and (
                question.members and self._signs.any_named(question, text) or
                self._passing.told(question, text)):
            # "Hang on... he's sweating now": a sign told with the pause is no pause; it
            # is looked at as talk was before the pause was a command (groups10).
            meaning = Interpretation(NOT_UNDERSTOOD, heard=meaning.heard, why="talk")
        waited, self.paused, self.waiting = self.paused, False, 0
        if waited and meaning.kind == NOT_UNDERSTOOD and meaning.why in ("", "talk"):
            # "Right, I'm back": the question again, not counted as not understood.
            return self._reply([self.say["repeat_intro"], question.ask], meaning)
        rest = self._taken_back.rest(text) if meaning.kind not in (EMERGENCY, COMMAND) and \
            self.model.history else None
        if rest is not None:
            # "Sorry, I said yes before, I misread. None of those.": back to the question
            # before, which the rest answers.
            self._go_back()
            self.failures = 0
            self.fallback = None
            if not rest:
                return self._reply([self.say["going_back"], *self._ask()], meaning)
            again = self._hear(rest, confidence, unclear, among_voices)
            again.says.insert(0, self.say["going_back"])
            return again
        if said and meaning.kind not in (EMERGENCY, COMMAND):
            beyond = self.matcher.interpret(question, said, nearly=not self.no_ambulance,
                                            telegraphic=overheard)
            if beyond.kind == EMERGENCY:
                # An emergency told in words no grammar holds ("her mouth's gone all
                # crooked"), in the recognizer's own transcription: unsure, so checked
                # with the person, a call for help too; the answer it may hold is not kept.
                meaning = replace(beyond, value=None, symptom=True)
        if self.fallback is not None:
            fallen = self._fallback_turn(question, text, confidence, meaning)
            if fallen is not None:
                return fallen
        return self._understood(question, text, meaning, confidence, unclear, among_voices)

    def _denies_all(self, question: Question, text: str | None, found: Denials) -> bool:
        """Whether ``text`` turns down every sign of a group in words for all of them
        ("none of those", "nothing like that") and tells none of them, nor another sign
        in passing, besides. Where it speaks of one sign, only words that say "all"
        count: "Poisoning? No, nothing like that" is said of the poisoning."""
        if found.told or found.affirmed or found.doubt or \
                self._passing.told(question, text):
            return False
        one = len(self._signs.spoken_of(question, text) |
                  self._signs.answered_alone(question, text)) == 1
        said = f" {' '.join(words(text or ''))} "
        return any(f" {phrase} " in said and not (one and ALL_WORDS.isdisjoint(phrase.split()))
                   for phrase in self.dialog.language.denied_all)

    def _understood(self, question: Question, text: str | None, meaning: Interpretation,
                    confidence: float, unclear: bool, among_voices: bool) -> Reply:
        if unclear and meaning.kind == SILENCE:
            meaning = Interpretation(NOT_UNDERSTOOD, heard="")
        if meaning.kind != SILENCE:
            self._only_silence = False
        # Only a group's signs are named: "yes, I had a stroke" to "Have you had a stroke?"
        # itself is a yes (recorded as the group's naming, it was no "yes" to the rules).
        # A no taken back ("No rash. Oh wait, actually there is something on my back")
        # denies no sign by name either, and a sign asked back ("Rash?") tells none.
        asked_back = meaning.why == ASKED_BACK
        found = denials(self.dialog, self.matcher, self._signs, question, text) \
            if question.members and meaning.why != REVISED and not asked_back and (
                meaning.kind == NOT_UNDERSTOOD or meaning.value == "no" or
                meaning.kind == ANSWER and meaning.value == "yes") \
            else None
        named = named_signs(question, text, frozenset(self.dialog.language.negations)) \
            if question.members and question.names and not asked_back else frozenset()
        if found is not None:
            # "No, I can do my daily things": named, and denied as its own question reads it.
            named -= found.sure | found.loose | found.checked
        surely = not among_voices and not meaning.confirm and \
            confidence >= max(self.confident_at, self.confirm_below)
        if named and (meaning.kind == NOT_UNDERSTOOD or meaning.value == "yes"):
            # The others are recorded no: not one the reply tells in other words ("lifting
            # the car seat mostly and it's worst when I get up in the morning"); nor asked,
            # one denied by name ("stroke yes. no heart attack, no heart procedure").
            if found is not None:
                named |= found.told & set(question.names)
            sure = found.sure - named if found is not None and surely else set()
            return self._record(question, Named(named), meaning, [],
                                also={key: "no" for key in sorted(sure)})
        told = None if found is None or meaning.kind not in (ANSWER, NOT_UNDERSTOOD) else \
            self._told_to_group(question, meaning, found, surely)
        if told is not None:
            return told
        denied = None if found is None else each_denied(
            found, question, text, frozenset(k for k in question.members
                                             if self.dialog.findings[k].alarm))
        if denied is not None:
            # "No headache, no fever, nothing like that": every sign denied by name.
            meaning = replace(denied, heard=meaning.heard,
                              confirm=denied.confirm or meaning.confirm)
        elif found is not None and meaning.kind in (ANSWER, NOT_UNDERSTOOD) and \
                self._denies_all(question, text, found):
            # "No, dear, none of those. It's a dull, bursting sort of ache...": every sign
            # turned down at once, and nothing said after it tells one. Checked unless the
            # whole was a no heard surely.
            meaning = Interpretation(ANSWER, "no", meaning.heard,
                                     confirm=meaning.value != "no" or not surely)
        elif meaning.value == "no" and (named or self._signs.any_named(question, text)):
            # "No chest pain" to three signs, "no, just the lifting": which sign the no is
            # about is unclear, and a negation of one sign is no answer about the others.
            meaning = Interpretation(NOT_UNDERSTOOD, heard=meaning.heard)
        if question.members and meaning.kind == NOT_UNDERSTOOD and among_voices and \
                not self.failures:
            # Other voices covered the answer, not the question's words: asked once more
            # whole (its "no" confirmed: two answers), it costs less than two for each sign.
            self.failures += 1
            return self._reply([self.say["over_voices"], question.ask,
                                answer_hint(self.say, question)], meaning)
        if question.members and meaning.kind in (DONT_KNOW, NOT_UNDERSTOOD, SILENCE,
                                                 OUT_OF_RANGE):
            # The simpler way to ask several signs is one at a time (not the same words again).
            why = self.say["no_answer_heard"] if meaning.kind == SILENCE else \
                self.say["not_understood"] if meaning.kind == NOT_UNDERSTOOD else ""
            # "Nah, it's up the top. Weight's the same, no swelling": the signs denied by
            # name, each as its own question reads it, are not asked again.
            sure = found.denied_surely() if found is not None and \
                meaning.kind == NOT_UNDERSTOOD and surely else set()
            return self._record(question, UNKNOWN, meaning,
                                [w for w in ("" if sure else why, self.say["one_at_a_time"])
                                 if w], also={key: "no" for key in sorted(sure)})
        if question.members and meaning.kind == ANSWER and meaning.value == "yes" and \
                found is not None and surely and found.sure:
            # "Doesn't hurt and no blood. Maybe going a bit less?": the signs denied by
            # name are kept; only the rest is asked one at a time.
            return self._record(question, "yes", meaning, [],
                                also={key: "no" for key in sorted(found.sure)})
        if meaning.kind == ANSWER:
            return self._answered(question, meaning, confidence)
        if meaning.kind == COMMAND:
            return self._command(meaning, confidence)
        if meaning.kind == EMERGENCY and meaning.symptom:
            # "Chest pain" named outright, or most of an emergency told, is checked like
            # an answer; a call for help ("help me") never waits.
            return self._ask_confirmation(Pending(EMERGENCY, meaning, True))
        if meaning.kind == EMERGENCY:
            return self._emergency(question, meaning)
        if meaning.kind == DONT_KNOW and (not question.finding.alarm or self.failures >= 1):
            return self._doubt(question, meaning, confidence)
        if meaning.why in ("date", "vague") and self._can_fall_back(question):
            # "Since Monday": the clock of a machine kept offline may be days out; "for
            # months" has no number to take. The same question again would get the same
            # answer: yes or no at the cut-offs.
            lead = [self.say["date_unknown"]] if meaning.why == "date" else []
            return self._start_fallback(question, lead)
        self.failures += 1
        if self.failures >= 2 and meaning.kind in (NOT_UNDERSTOOD, OUT_OF_RANGE) and \
                self._can_fall_back(question):
            # Not made out twice: yes or no is what a recognizer hears best.
            why = range_hint(self.say, question) if meaning.kind == OUT_OF_RANGE else \
                self.say["not_understood"]
            return self._start_fallback(question, [why])
        if self.failures > MAX_REASKS:
            return self._give_up(question, meaning)
        if meaning.kind == OUT_OF_RANGE and question.at_least is not None:
            # "Fifteen" to "seven or more out of ten?": the scale, then the question that
            # names it, not a plea for yes or no on top.
            return self._reply([range_hint(self.say, question), question.ask], meaning)
        if meaning.kind == OUT_OF_RANGE:
            why = range_hint(self.say, question)
        elif meaning.kind == DONT_KNOW:
            why = self.say["reask_dont_know"]
        elif meaning.kind == SILENCE:
            why = self.say["no_answer_heard"]
        else:
            why = self.say["not_understood"]
        return self._reply([why, question.reask, answer_hint(self.say, question)], meaning)

    def _answered(self, question: Question, meaning: Interpretation, confidence: float
                  ) -> Reply:
        # An answer that would call an ambulance is checked first: a misheard "yes" must
        # not send one. Emergency phrases ("help me") are never held back.
        to_emergency = not question.members and self.model.level_with(
            question.finding.key, meaning.value) == self.dialog.stop_when
        # Nor after the person told the sign and, asked it ("You mentioned this"), began
        # with a yes heard surely: "very weak, hard to turn in bed", then "yes! very weak. I
        # told already" was asked a third time (tests/played/play33 p02). A yes in other
        # words may be the first misreading again ("a constant ache", then "it just aches
        # all the time"): checked.
        heard = words(meaning.heard)
        told_then_said = question.finding.key in self._told and bool(heard) and \
            heard[0] in self._signs.yeses and confidence >= self.confident_at and \
            not meaning.confirm
        ends = to_emergency and question.finding.key not in self._said_yes_to_group and \
            not told_then_said
        # An answer that would raise the outcome is confirmed too when heard unsure (a "no"
        # heard as "yeah", another voice's "yes"), once: unanswered, or heard again after a
        # "no, that's wrong", it is taken, the safe mistake.
        # (An ambulance is the rule above: after a yes to the sign's group, not checked.)
        raises = not to_emergency and confidence < self.confident_at and \
            self._would_raise(question, meaning.value)
        # An answer that would lower the outcome or skip alarm questions must be surer
        # than others; a phrase a recognizer hears in other words is always checked.
        weighty = self.consequences.weighty(question, meaning.value, self.model.findings,
                                            self.model.floor)
        sure_at = max(self.confident_at, self.confirm_below) if weighty else self.confirm_below
        spoken = confidence < 1.0
        suspect = spoken and self._always_confirmed(meaning.heard)
        # So is a number picked from several said ("three, or eight when I move").
        if ends or raises or confidence < sure_at or suspect or meaning.confirm:
            if raises:
                self._raise_confirmed.add(question.id)
            return self._ask_confirmation(Pending("answer", meaning, ends, raises=raises))
        return self._record(question, meaning.value, meaning, [])

    def _doubt(self, question: Question, meaning: Interpretation, confidence: float
               ) -> Reply:
        """An "I don't know", recorded as unknown. On an alarm sign unknown means possibly
        present, which sends the person to a doctor: heard unsure (a "no" among other
        voices made out as "I don't know"), it is confirmed first, once, like any answer
        that would raise the outcome."""
        if confidence < self.confident_at and self._would_raise(question, UNKNOWN):
            self._raise_confirmed.add(question.id)
            return self._ask_confirmation(Pending(
                "answer", Interpretation(ANSWER, UNKNOWN, meaning.heard), raises=True))
        return self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])

    def _would_raise(self, question: Question, value: Any) -> bool:
        """Whether recording ``value`` raises the outcome, or is a yes to a group (each of its
        signs is then asked: a "no" heard as "yeah" costs the person a question per sign),
        for a question whose such answer was not confirmed before. (A yes to a sign's group
        does not make the sign's own yes sure: it said one of the signs, not which.)"""
        if question.id in self._raise_confirmed:
            return False
        if question.members:
            return value == "yes"
        return self.consequences.raises(question, value, self.model.findings, self.model.floor)

    def _always_confirmed(self, heard: str) -> bool:
        said = f" {' '.join(words(heard))} "
        return any(f" {phrase} " in said for phrase in self.dialog.language.always_confirm)

    def _give_up(self, question: Question, meaning: Interpretation) -> Reply:
        """The re-asks ran out: the answer is unknown; after several questions of nothing
        but silence, the questions stop with the safety advice."""
        silent = self._only_silence
        asked = len(self.questions_asked)
        reply = self._record(question, UNKNOWN, meaning, [self.say["recorded_unknown"]])
        self._silent_questions = self._silent_questions + 1 if silent else 0
        if self.done or self._silent_questions < SILENT_QUESTIONS:
            return reply
        del self.questions_asked[asked:]  # the next question is not said after all
        self.model.stop()
        stopped = self._stopped(meaning, lead=[self.say["no_answers"]],
                                because="two whole questions had no answer at all")
        stopped.recorded = reply.recorded
        return stopped

    def end(self, because: str = "the input ended (no more answers)") -> Reply:
        """Stop now (the user said stop, or input ended): what is known and safety advice.
        What waits for "Is that right?" and would raise the outcome counts, as when no
        answer to it is made out ("I have chest pain", then nothing: the ambulance); what
        else was said and not yet asked counts as :meth:`_stopped` says."""
        if self.done:
            return self._reply([])
        lead = []
        pending, self.pending = self.pending, None
        question = self.question
        if pending is not None and question is not None and \
                self._safe_to_take(pending, question):
            if pending.what == EMERGENCY:
                self.stopped_because = because
                return self._take(question, pending, [self.say["taken_as_said"]])
            lead.append(self.say["taken_as_said"])
            if question.members:
                self._said_yes_to_group |= set(question.members)
            else:
                self.model.set_finding(question.finding.key, pending.meaning.value)
        self.model.stop()
        return self._stopped(lead=lead, because=because)

    def summary(self) -> dict[str, Any]:
        """The conversation's result, as recorded and as ``simulate --json`` prints it."""
        outcome = self.outcome
        stopped = self.state == STOPPED
        return {
            "outcome": "stopped" if stopped else None if outcome is None else outcome.level,
            "level_so_far": None if outcome is None else outcome.level,
            "completed": self.state in LEVELS,
            "stopped": stopped,
            "stopped_because": self.stopped_because,
            "next_step": None if outcome is None else outcome.next_step,
            "reasons": [] if outcome is None else list(outcome.reasons),
            # A question asked again (repeat, go back) counts once.
            "questions_asked": len(dict.fromkeys(self.questions_asked)),
            "questions": list(dict.fromkeys(self.questions_asked)),
            "findings": self.findings,
            "rules": [] if outcome is None else list(outcome.rules),
            "specialists": [] if outcome is None else list(outcome.specialists),
            "advice": [] if outcome is None else [
                {"id": a, "say": advice_words(self.dialog, a, self.emergency_number)}
                for a in outcome.advice],
            "sources": [] if outcome is None else [
                {"article": s.article, "heading": s.heading} for s in outcome.sources],
        }


def _due(run: int, first: int, again: int) -> bool:
    """Whether a notice is said at the ``run``-th such turn in a row: at the ``first``,
    then every ``again`` more (said every turn, it would drown the questions)."""
    return run >= first and (run - first) % again == 0
