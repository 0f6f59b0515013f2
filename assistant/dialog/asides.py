"""A sign told in passing, asked next, out of its turn (passing.py finds it).

"No. But I told you, I'm numb down below" answers the question asked; the numbness is
noted, and once that answer is recorded the numbness's own question comes next ("You
mentioned this. Is the skin around your groin numb?"), not ten questions on:
a person who stops after it still has the advice it calls for. Only a sign whose yes
would raise the outcome is asked so, once; its answer is read as its own question reads
it. A yes (told twice now) counts; a no counts when heard surely; anything else is left
for the sign's own turn. A person who stops before a sign told is asked has it counted as
possibly present.
"""

from __future__ import annotations

from .confirming import Pending
from .expr import LEVELS
from .matcher import ANSWER, COMMAND, EMERGENCY
from .model import Question
from .moves import Moves, Reply

LEFT_OUT = ("back", "stop")
"""Commands about the screening rather than the sign asked out of turn: the aside ends."""


class Asides(Moves):
    """The turns of a sign's own question asked out of turn."""

    def _note_told(self, text: str | None) -> None:
        """Keep the signs ``text`` tells besides the question asked."""
        if self.aside is None:
            for key, clause in self._passing.told(self.question, text).items():
                self._told.setdefault(key, clause)

    def _next_aside(self) -> Question | None:
        current = self.dialog.questions.get(self.state)
        rank = LEVELS.index(self.model.level)
        best: tuple[int, Question] | None = None
        for key in self._told:
            own = self._passing.own[key]
            if key in self._asided or self.model.findings.get(key, "no") != "no" or \
                    (current is not None and current.id == own.id):
                continue
            raised = self._rank_if_yes(key)
            if raised > rank and (best is None or raised > best[0]):
                best = (raised, own)
        return None if best is None else best[1]

    def _aside_turn(self, question: Question, text: str | None, confidence: float) -> Reply:
        meaning = self.matcher.interpret(question, text, nearly=not self.no_ambulance)
        if meaning.kind == COMMAND and meaning.value not in LEFT_OUT:
            return self._command(meaning, confidence)  # repeat, help, a pace: this question
        if meaning.kind == EMERGENCY and meaning.symptom:
            return self._ask_confirmation(Pending(EMERGENCY, meaning, True))
        if meaning.kind == EMERGENCY:
            return self._emergency(question, meaning)
        key = question.finding.key
        self._asided.add(key)
        self.aside = None
        if meaning.kind == COMMAND:
            return self._command(meaning, confidence)
        sure = confidence >= max(self.confident_at, self.confirm_below) and not meaning.confirm
        value = meaning.value if meaning.kind == ANSWER and (
            meaning.value == "yes" or meaning.value == "no" and sure) else None
        recorded = {}
        if value is not None:
            self.model.also(key, value)
            recorded = {key: value}
            if self.model.level == self.dialog.stop_when:
                self.model.answered()  # the screening's question goes straight to the end
            else:
                self._pass_settled()
        lead, self._after_aside = self._after_aside, []
        reply = self._finish([], meaning) if self.done else \
            self._reply(self._ask_next(lead), meaning)
        reply.recorded = recorded
        return reply
