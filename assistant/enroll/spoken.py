"""The guided spoken enrollment: BackTalk says each answer, the person says it after it a
few times, and every take is checked before it is kept. Nothing needs a keyboard.

It runs on the screening's voice channel, so it works from a microphone or from answer
files exactly like a screening. "Stop" ends it (after a yes to "Do you want to stop
now?"); a call for help gives the emergency advice and ends it (one heard in place of a
take is first asked about, "Do you need help now?", and silence counts as yes); two turns
without an answer end it too (the person may be tired). Every take is stored as soon as it passes,
so an enrollment cut short keeps what was said; ``backtalk enroll`` again goes on with
what is missing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..setup.enrollment import EnrollmentStore
from ..voice.channel import VoiceChannel, trim_tail
from ..voice.endpoint import capture_answer
from . import words
from .checks import CUT_END, Likeness, refuse
from .mislabelled import refusal, sounds_like

MAX_REFUSALS = 3
"""Takes of one phrase refused in a sitting before it is left for another time."""
MAX_SILENT = 2
"""Turns in a row without an answer that end the sitting."""

DONE, STOPPED, SILENT, INPUT_ENDED, EMERGENCY = (
    "done", "stopped", "silent", "input_ended", "emergency")


@dataclass(frozen=True)
class Plan:
    """What to teach and the words around it (from the dialogue files)."""

    phrases: list[str]
    takes: int = 3
    redo: bool = False
    """Record ``phrases`` again: their old takes are replaced once every new one passed."""
    yes_words: tuple[str, ...] = ("yes",)
    no_words: tuple[str, ...] = ("no",)
    stop_words: tuple[str, ...] = ("stop",)
    """What ends the sitting when said instead of a take: few words, so that a take is
    seldom heard as one of them."""
    emergency_words: tuple[str, ...] = ("help me",)
    emergency_says: tuple[str, ...] = ()
    rest_every: int = 6
    """Phrases taught between two rests."""


@dataclass
class Result:
    """What a sitting did."""

    added: Counter[str] = field(default_factory=Counter)
    """Phrase -> takes kept in this sitting."""
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(phrase, reason) of every take refused."""
    left: list[str] = field(default_factory=list)
    """Phrases given up on after too many refusals."""
    ended: str = DONE


class _End(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass
class _Said:
    audio: bytes
    text: str
    reason: str


class SpokenEnrollment:
    """One sitting of guided enrollment on ``channel`` into ``store``."""

    def __init__(self, channel: VoiceChannel, store: EnrollmentStore, plan: Plan,
                 likeness: Likeness | None = None) -> None:
        self.channel, self.store, self.plan, self.likeness = channel, store, plan, likeness
        self.result = Result()
        self.silent = 0

    def run(self) -> Result:
        plan, pending = self.plan, None
        if plan.redo:
            self._say(words.INTRO_REDO, phrase=" and ".join(plan.phrases),
                      times=words.times(plan.takes))
        else:
            self._say(words.INTRO, times=words.times(plan.takes))
        try:
            taught = 0
            for phrase in plan.phrases:
                if not plan.redo and len(self.store.takes(phrase)) >= plan.takes:
                    continue
                if taught and taught % plan.rest_every == 0:
                    self._rest()
                pending = phrase
                self._teach(phrase)
                pending, taught = None, taught + 1
        except _End as end:
            self.result.ended = end.why
            closing = list(plan.emergency_says) if end.why == EMERGENCY else []
            if end.why != EMERGENCY:
                closing.append(words.SILENT_END if end.why == SILENT else words.STOPPED)
            if plan.redo and pending is not None:
                closing.insert(0, words.REDO_KEPT.format(phrase=pending))
            self.channel.say(closing)
            return self.result
        self.channel.say([words.PARTLY_DONE if self.result.left else words.DONE])
        return self.result

    # -- one phrase ------------------------------------------------------------------------
    def _teach(self, phrase: str) -> None:
        plan = self.plan
        kept = [] if plan.redo else self.store.takes(phrase)
        new: list[bytes] = []
        need = plan.takes - len(kept)
        before: list[str] = []
        if phrase in plan.stop_words:
            before.append(words.SAY_STOP)
        others = [call for call in plan.emergency_words if call != phrase]
        if phrase in plan.emergency_words and others:
            # The call still heard while this one is taught: a single word is easiest.
            call = min(others, key=lambda c: len(c.split()))
            before.append(words.SAY_HELP.format(call=call))
        prompt = words.FIRST
        refusals = 0
        # The other answers' takes, read once: a take is compared with them all.
        taught = {p: self.store.takes(p) for p in self.store.phrases() if p != phrase}
        while len(new) < need:
            self.channel.say([*before, prompt.format(phrase=phrase)])
            before = []
            said = self._hear([phrase, *self._commands_besides(phrase)])
            if said is None:
                before, prompt = [words.NOT_HEARD], words.FIRST
                continue
            if said.text != phrase and said.text in plan.emergency_words:
                self._confirm_help()
                before, prompt = [words.GOING_ON], words.FIRST
                continue
            if said.text != phrase and said.text in plan.stop_words:
                self._confirm_stop()
                before, prompt = [words.GOING_ON], words.FIRST
                continue
            reason = CUT_END if said.reason == "max_length" else refuse(
                said.audio, kept + new, self.likeness) or self._like_another(
                said.audio, kept + new, taught)
            if reason is not None:
                self.result.refused.append((phrase, reason))
                self.channel.show("take", f"{phrase}: refused ({reason})")
                refusals += 1
                if refusals >= MAX_REFUSALS:
                    self.result.left.append(phrase)
                    kept_before = [words.REDO_KEPT.format(phrase=phrase)] if plan.redo else []
                    self.channel.say([words.refused(reason), words.GIVE_UP, *kept_before])
                    return
                before, prompt = [words.refused(reason)], words.FIRST
                continue
            new.append(said.audio)
            if not plan.redo:
                self.store.add(phrase, said.audio)
                self.result.added[phrase] += 1
            self.channel.show("take", f"{phrase}: kept ({len(kept) + len(new)} of "
                                      f"{plan.takes})")
            prompt = words.AGAIN[min(len(new), len(words.AGAIN)) - 1]
        if plan.redo:
            self.store.remove(phrase)
            for audio in new:
                self.store.add(phrase, audio)
            self.result.added[phrase] += len(new)

    def _like_another(self, audio: bytes, own: list[bytes], others: dict[str, list[bytes]]
                      ) -> str | None:
        """The refusal of a take that sounds like another answer already taught (a "no"
        said for "yes", as aphasia swaps words), or None (:mod:`.mislabelled`)."""
        like = sounds_like(audio, own, others, self.likeness)
        return None if like is None else refusal(like)

    def _commands_besides(self, phrase: str) -> list[str]:
        return [w for w in (*self.plan.stop_words, *self.plan.emergency_words) if w != phrase]

    # -- listening -------------------------------------------------------------------------
    def _hear(self, grammar: list[str]) -> _Said | None:
        """The next answer (None: silence); ends the sitting when input has ended or after
        too many silent turns."""
        source = self.channel.answers.next_source()
        if source is None:
            raise _End(INPUT_ENDED)
        capture = capture_answer(source, self.channel.endpoint)
        if not capture.speech:
            if capture.ended_input and capture.reason == "end_of_input":
                raise _End(INPUT_ENDED)
            self.channel.show("heard", "(no answer)")
            self.silent += 1
            if self.silent >= MAX_SILENT:
                raise _End(SILENT)
            return None
        self.silent = 0
        # The silence that ended the answer is no part of the take: a short tail is kept.
        audio = trim_tail(capture.audio, capture.waited_seconds)
        text = self.channel.recognizer.recognize(audio, grammar).text
        self.channel.show("heard", text or "(a take)")
        return _Said(audio, text, capture.reason)

    def _confirm_help(self) -> None:
        """A call for help heard in place of a take is more often a take misheard than a
        call, so it is asked about; anything but a clear no (silence too) is a call."""
        plan = self.plan
        self.channel.say([words.CONFIRM_HELP])
        said = self._hear_or_none([*plan.yes_words, *plan.no_words, *plan.emergency_words])
        if said is None or said.text not in plan.no_words:
            raise _End(EMERGENCY)

    def _confirm_stop(self) -> None:
        """Ask whether to stop: yes, stop again, or no answer ends the sitting, no goes
        on; what is not made out is asked once more, then taken as a wish to rest."""
        plan = self.plan
        grammar = [*plan.yes_words, *plan.no_words, *plan.stop_words, *plan.emergency_words]
        for _ in range(2):
            self.channel.say([words.CONFIRM_STOP])
            said = self._hear_or_none(grammar)
            if said is None or said.text in plan.yes_words or said.text in plan.stop_words:
                raise _End(STOPPED)
            if said.text in plan.emergency_words:
                raise _End(EMERGENCY)
            if said.text in plan.no_words:
                return
        raise _End(STOPPED)

    def _rest(self) -> None:
        """A pause the person ends by saying anything ("go on"); stop ends the sitting."""
        self.channel.say(words.REST)
        grammar = [words.GO_ON, *self.plan.stop_words, *self.plan.emergency_words]
        said = self._hear_or_none(grammar)
        if said is None:
            self.channel.say([words.REST_AGAIN])
            said = self._hear(grammar)
        if said is None or said.text in self.plan.stop_words:
            raise _End(STOPPED)
        if said.text in self.plan.emergency_words:
            raise _End(EMERGENCY)

    def _hear_or_none(self, grammar: list[str]) -> _Said | None:
        """Like :meth:`_hear`, but one silence here does not count towards ending."""
        try:
            return self._hear(grammar)
        except _End as end:
            if end.why != SILENT:
                raise
            return None

    def _say(self, sentences: list[str], **fields: object) -> None:
        self.channel.say([s.format(**fields) for s in sentences])
