"""The commands: repeat, help, go back, slower, faster, louder, quieter and stop; and what
is still understood after the end."""

from __future__ import annotations

from dataclasses import replace

from ..setup.pace import COMMANDS as PACE_COMMANDS
from .confirming import PACE, STOP, Pending
from .ending import emergency_words
from .expr import LEVELS
from .hints import answer_hint
from .machine import is_settled
from .matcher import COMMAND, EMERGENCY, WAIT, Interpretation
from .moves import WAIT_TURNS, Moves, Reply
from .text import words


class Commands(Moves):
    """The turns that carry out a command."""

    def _command(self, meaning: Interpretation, confidence: float = 1.0) -> Reply:
        if meaning.value in PACE_COMMANDS and confidence < self.confirm_below:
            # Kept for every later run: a "no" misheard as "louder" must not change it.
            return self._ask_confirmation(Pending(PACE, meaning))
        question = self.question
        assert question is not None
        name = meaning.value
        if name == "repeat":
            return self._reply([self.say["repeat_intro"], question.ask], meaning)
        if name == "help":
            return self._reply([*self._helps(meaning.heard), answer_hint(self.say, question),
                                self.say["help_all"], question.ask], meaning)
        if name == "back":
            if not self.model.history:
                return self._reply([self.say["nothing_to_undo"], question.ask], meaning)
            self._go_back()
            self.failures = 0
            self._only_silence = True
            return self._reply([self.say["going_back"], *self._ask()], meaning)
        if name in PACE_COMMANDS:
            return self._reply([self._change_pace(name), question.ask], meaning)
        if name == WAIT:
            if self.aside is None and self.fallback is None:
                self.waiting = WAIT_TURNS
                self.paused = True
            return self._reply([self.say["waiting"]], meaning)
        return self._ask_confirmation(Pending(STOP, meaning))

    def _helps(self, heard: str) -> list[str]:
        """What the question's words mean: its own help, or for a group without one, its
        signs' (those whose help has a word the person asked about: "what means groin?"
        is told the groin, not the legs too)."""
        question = self.question
        assert question is not None
        if question.help or not question.members:
            return [question.help] if question.help else []
        helps = [self.dialog.questions[key].help for key in question.members
                 if key in self.dialog.questions and self.dialog.questions[key].help]
        # The question's own longer words the person said: "groin", not "is".
        asked = {w for w in words(heard) if len(w) > 3} & set(words(question.ask))
        named = [text for text in helps if asked.intersection(words(text))]
        return named or helps

    def _go_back(self) -> None:
        """Undo the last answer; questions passed over because they were known are passed
        over again (back to the last question really asked)."""
        self.model.go_back()
        while self.model.history and (question := self.question) is not None and \
                is_settled(question, self.model.findings):
            self.model.go_back()
        if (question := self.question) is not None and question.members:
            # Back at a group: its "yes" is undone, so its signs need confirming again.
            self._said_yes_to_group -= set(question.members)
        if question is not None:  # answered again: a raise is confirmed again
            self._raise_confirmed.discard(question.id)

    def _change_pace(self, name: str) -> str:
        limit = {"slower": "slowest", "faster": "fastest", "louder": "loudest",
                 "quieter": "quietest"}
        return self.say[name] if self.pace.change(name) else self.say[limit[name]]

    def _after_end(self, text: str | None, confidence: float = 1.0, said: str = "") -> Reply:
        if self.pending is not None:
            return self._checked_after_end(self.pending, text)
        meaning = self.matcher.interpret(None, text)
        if meaning.kind == EMERGENCY:
            # "Help me" after the outcome is a call for help, never a goodbye.
            return self._reply([self.say["emergency_heard"],
                                *emergency_words(self.dialog, self.emergency_number)], meaning)
        if said and meaning.kind != COMMAND:
            beyond = self.matcher.interpret(None, said, telegraphic=True)
            if beyond.kind == EMERGENCY:
                # Told after the outcome in words no grammar holds ("my arm's gone dead
                # now", or in pieces: "Chest. Tight. Bad."): unsure, so checked first, as
                # during the questions.
                return self._ask_confirmation(Pending(EMERGENCY, replace(
                    beyond, value=None, symptom=True)))
        if meaning.kind != COMMAND:
            meaning = self._going_back_after_end(text) or meaning
        if meaning.kind == COMMAND and meaning.value == "repeat" or \
                meaning.kind != COMMAND and self._asks_back(text):
            # "So do I need to see a doctor or not?": what was said is the answer.
            return self._reply([self.say["repeat_intro"], *self.final_words], meaning)
        if meaning.kind == COMMAND and meaning.value in PACE_COMMANDS:
            if confidence < self.confirm_below:
                return self._ask_confirmation(Pending(PACE, meaning))
            return self._reply([self._change_pace(meaning.value), *self.final_words], meaning)
        if meaning.kind == COMMAND and meaning.value == WAIT:
            return self._reply([self.say["waiting"]], meaning)
        if meaning.kind == COMMAND and meaning.value == "back" and self.state in LEVELS:
            self._go_back()
            self.outcome = None
            return self._reply([self.say["going_back"], *self._ask()], meaning)
        return self._reply([self.say["goodbye"]], meaning)

    def _going_back_after_end(self, text: str | None) -> Interpretation | None:
        """"Go back" said among other words after the outcome ("Oh no, go back please, I
        pressed the wrong thing. There IS blood in his water"): read against the last
        question answered, as during the questions, where its clauses are looked at one by
        one (tests/played/play48)."""
        last = self.dialog.questions.get(self.model.previous_state() or "")
        if last is None or self.state not in LEVELS:
            return None
        meaning = self.matcher.interpret(last, text)
        return meaning if meaning.kind == COMMAND and meaning.value == "back" else None

    def _asks_back(self, text: str | None) -> bool:
        """Whether ``text`` is a question asked back ("what do I do?")."""
        said = (text or "").strip()
        first = said.split(maxsplit=1)[0].lower() if said else ""
        return said.endswith("?") or first in self.dialog.language.asking_words

    def _checked_after_end(self, pending: Pending, text: str | None) -> Reply:
        """The answer to "I heard louder. Is that right?" after the outcome: yes says the
        closing words again that way; anything else changes nothing and says goodbye.
        To "I heard my arm has gone dead. Is that right?" anything but a no (silence
        too: they may no longer be able to answer) gives the emergency advice."""
        self.pending = None
        meaning = self.matcher.interpret(self._yes_no, text)
        if pending.what == EMERGENCY:
            if meaning.kind != EMERGENCY and meaning.value == "no":
                return self._reply([self.say["goodbye"]], meaning)
            return self._reply(emergency_words(self.dialog, self.emergency_number),
                               pending.meaning)
        name = pending.meaning.value
        if meaning.value == "yes" or (meaning.kind == COMMAND and meaning.value == name):
            return self._reply([self._change_pace(name), *self.final_words], pending.meaning)
        return self._reply([self.say["goodbye"]], meaning)
