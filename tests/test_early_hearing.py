"""An answer heard while the silence that ends it runs on (assistant/voice/early_hearing.py).

Real recordings of people are played to the voice channel in real time, as a microphone
delivers them (PacedSource), and heard by Whisper. The recognizer is wrapped only to note
when each hearing began and ended and of which bytes; what it makes of them is its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from functools import cache

import pytest
from speech import command_clips, load_wav, silence

from assistant.asr.base import Utterance
from assistant.asr.templates import spoken_part
from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.bench.live_answer import answer_source
from assistant.dialog.grammar import Grammar
from assistant.voice.audio import FRAME_SECONDS, PacedSource, SilenceSource
from assistant.voice.channel import (
    KEEP_TAIL,
    NeverOverlapping,
    VoiceChannel,
    for_recognizer,
)
from assistant.voice.endpoint import EndpointSettings, capture_answer
from assistant.voice.tts import Speaker

pytestmark = pytest.mark.skipif(not command_clips("yes"), reason="no shared recordings")

GRAMMAR = Grammar(["yes", "no", "left", "right", "help me"], ["left", "right"])
"""A question's grammar carries more than its phrases (what may be taken on a close guess)."""


@cache
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer()


class Noted:
    """A recognizer's hearings, noted: (began, ended, audio, text) each."""

    def __init__(self, recognizer: WhisperRecognizer) -> None:
        self.recognizer = recognizer
        self.name = recognizer.name
        self.hearings: list[tuple[float, float, bytes, str]] = []
        self.grammars: list[Sequence[str]] = []
        self.busy = threading.Lock()
        self.overlapped = False

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        if not self.busy.acquire(blocking=False):
            self.overlapped = True
            self.busy.acquire()
        try:
            began = time.perf_counter()
            self.grammars.append(phrases)
            heard = self.recognizer.recognize(audio, phrases)
            self.hearings.append((began, time.perf_counter(), audio, heard.text))
            return heard
        finally:
            self.busy.release()

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        return self.recognizer.vocabulary_filter(phrases)


class Played(NeverOverlapping):
    def __init__(self, pcm: bytes, settings: EndpointSettings) -> None:
        self.source: PacedSource | None = PacedSource(answer_source(pcm, settings))

    def next_source(self) -> PacedSource | None:
        source, self.source = self.source, None
        return source


def listened(pcm: bytes, hear_early: bool = True
             ) -> tuple[VoiceChannel, Noted, PacedSource, str]:
    settings = EndpointSettings()
    noted = Noted(whisper())
    played = Played(pcm, settings)
    source = played.source
    assert source is not None
    channel = VoiceChannel(Speaker(), noted, played, settings,  # type: ignore[arg-type]
                           hear_early=hear_early)
    heard = channel.listen(GRAMMAR)
    assert heard is not None
    assert heard.details.get("heard_early", False) is (channel.early.used == 1)
    return channel, noted, source, heard.text


def yes() -> bytes:
    return load_wav(command_clips("yes")[0])


def test_an_answer_is_heard_before_the_endpointer_decides_and_heard_once():
    channel, noted, source, text = listened(yes())
    timing = channel.timing
    assert timing is not None and timing.speech
    assert len(noted.hearings) == 1
    began, ended, audio, said = noted.hearings[0]
    # Heard once the speech had been over for the tail the recognizer keeps, while the
    # endpointer still listened to the rest of the silence.
    assert began < timing.decided_at
    assert began < source.heard_at(timing.listened)
    assert (channel.early.used, channel.early.set_aside) == (1, 0)
    # The question's own grammar, not a plain copy of its phrases: what it lets be guessed
    # is the recognizer's to read.
    assert len(noted.grammars) == 1 and noted.grammars[0] is GRAMMAR
    assert text == said == whisper().recognize(audio, GRAMMAR).text
    assert text == "yes"


def test_without_early_hearing_the_answer_is_heard_after_the_endpointer_decides():
    channel, noted, _, text = listened(yes(), hear_early=False)
    timing = channel.timing
    assert timing is not None
    assert len(noted.hearings) == 1
    assert noted.hearings[0][0] >= timing.decided_at
    assert channel.early.used == 0
    assert text == "yes"


def test_what_is_heard_early_is_what_the_endpointer_hands_over_at_the_end():
    """The answer as it would end at the pause is the answer as it ends: the same bytes."""
    settings = EndpointSettings()
    told = []
    source = answer_source(yes(), settings)
    capture = capture_answer(source, settings, on_pause=(KEEP_TAIL, told.append))
    assert capture.reason == "silence"
    assert len(told) == 1 and told[0].reason == "pause"
    assert told[0].waited_seconds == pytest.approx(KEEP_TAIL)
    assert for_recognizer(told[0]) == for_recognizer(capture)
    assert len(capture.audio) > len(told[0].audio)


def test_a_person_who_goes_on_after_a_pause_is_heard_whole_and_one_hearing_at_a_time():
    """"No ... yes": the hearing of "no" alone is set aside, the whole is heard early in its
    turn (at the pause that ended it), the answer given is what the recognizer makes of
    the whole, and the recognizer never hears two at once."""
    no, then = (spoken_part(load_wav(command_clips(word)[0])) for word in ("no", "yes"))
    channel, noted, _, text = listened(no + silence(0.7) + then)
    assert not noted.overlapped
    assert len(noted.hearings) == 2
    assert channel.early.set_aside == 1 and channel.early.used == 1
    (_, first_end, first, _), (second_began, _, whole, said) = noted.hearings
    timing = channel.timing
    assert timing is not None
    assert first_end <= second_began < timing.decided_at
    assert len(first) < len(whole) and whole.startswith(first[: len(first) // 2])
    assert text == said


def test_a_paced_source_hands_out_nothing_before_a_microphone_would_have_heard_it():
    source = PacedSource(SilenceSource(0.3))
    began = time.perf_counter()
    frames = 0
    while (chunk := source.read(0.2)) is not None:
        frames += 1
        assert time.perf_counter() - began >= frames * FRAME_SECONDS - 1e-3
        assert len(chunk) > 0
    assert frames == 10
    assert source.heard_at(0.3) == pytest.approx(began + 0.3, abs=0.05)
