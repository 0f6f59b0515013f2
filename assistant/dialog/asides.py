"""A sign told in passing, asked next, out of its turn (passing.py finds it).

"No. But I told you, I'm numb down below" answers the question asked; the numbness is
noted, and once that answer is recorded the numbness's own question comes next ("You
mentioned this. Is the skin around your groin numb?"), not ten questions on:
a person who stops after it still has the advice it calls for. Only a sign whose yes
would raise the outcome (alone, or with the other signs told) is asked so, once; its
answer is read as its own question reads it. A yes (told twice now) counts, checked once
when it would call an ambulance; a no counts when heard surely; anything else is left
for the sign's own turn. A person who stops before a sign told is asked has it counted as
possibly present. Signs told to their own group with others denied ("Just the
breathless bit. No chest pain") are recorded, or asked so (:meth:`_told_to_group`).
"""

from __future__ import annotations

from dataclasses import replace

from .confirming import Pending
from .each_denied import Denials
from .expr import LEVELS, UNKNOWN
from .matcher import ANSWER, COMMAND, EMERGENCY, Interpretation
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
        waiting = {key: self._signs.own[key] for key in self._told
                   if key not in self._asided and self.model.findings.get(key, "no") == "no"
                   and (current is None or current.id != self._signs.own[key].id)}
        # Signs told together may matter where each alone would not (aching all over and
        # the shivers: an infection of the spine).
        together = LEVELS.index(self.model.level_with_all({k: "yes" for k in waiting}))
        best: tuple[int, Question] | None = None
        if current is not None and current.finding.key in self._told and \
                current.finding.key not in self._asided:
            # The sign told that its own turn asks now, first when it matters most ("yes
            # strong tearin dont stop. i said breeth in hurts": the tearing pain).
            best = (self._rank_if_yes(current.finding.key), current)
        for key, own in waiting.items():
            raised = self._rank_if_yes(key)
            # A sign answered no and told later is asked again even if its yes would not
            # raise the outcome: "Actually, sorry, thinking about it, it is a bit numb down
            # below" stayed "numbness around the groin: no" in the doctor's summary
            # (tests/played/play35 p02).
            taken_back = self.model.findings.get(key) == "no"
            if (together > rank or taken_back) and (best is None or raised > best[0]):
                best = (raised, own)
        return None if best is None or best[1] is current else best[1]

    def _aside_turn(self, question: Question, text: str | None, confidence: float) -> Reply:
        meaning = self.matcher.interpret(question, text, nearly=not self.no_ambulance)
        if meaning.kind == COMMAND and meaning.value not in LEFT_OUT:
            return self._command(meaning, confidence)  # repeat, help, a pace: this question
        if meaning.kind == EMERGENCY and meaning.symptom:
            return self._ask_confirmation(Pending(EMERGENCY, meaning, True))
        if meaning.kind == EMERGENCY:
            return self._emergency(question, meaning)
        key = question.finding.key
        if meaning.kind == ANSWER and meaning.value == "yes" and \
                self.model.level_with(key, "yes") == self.dialog.stop_when:
            # An ambulance is checked once, however often the sign was told: both readings
            # may be one misreading ("a constant ache", then "Not cutting, no. It just aches
            # all the time", for the cutting pain that does not stop: tests/played/play18).
            return self._ask_confirmation(Pending(EMERGENCY, replace(
                meaning, kind=EMERGENCY, symptom=True), True))
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

    def _told_to_group(self, question: Question, meaning: Interpretation, found: Denials,
                       sure: bool) -> Reply | None:
        """A reply to a group that tells some of its signs and denies others, each in a
        clause of its own ("Yes, a bit short of breath. No pain in my chest."). Heard
        surely, those signs are recorded as said and only the rest is asked one at a time,
        unless together they would call an ambulance: then the signs told are asked first
        ("You mentioned this"), a yes there checked as any ambulance is. Heard unsure, the
        signs told are only asked first, and the reply read as before (None); so too when
        it tells no sign so."""
        if not found.affirmed:
            return None
        sure = sure and not found.doubt and not found.someone
        told = {key: question.sign_value(key, "yes") for key in sorted(found.affirmed)}
        denied = {key: question.sign_value(key, "no") for key in sorted(found.sure)}
        if not sure or self.model.level_with_all({**told, **denied}) == self.dialog.stop_when:
            for key in told:
                self._told.setdefault(key, meaning.heard)
            if not sure:
                return None
            told = {}
        return self._record(question, UNKNOWN, meaning, [self.say["one_at_a_time"]],
                            also={**denied, **told})
