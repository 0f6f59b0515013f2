"""One recorded answer as the voice loop would hand it to the recognizer.

The clip is preceded by the channel's :data:`~assistant.voice.channel.ANSWER_LEAD` of
silence and followed by enough silence to end it, endpointed by the voice-activity model
(:func:`~assistant.voice.endpoint.capture_answer`), and its pauses and silent tail
shortened (:func:`~assistant.voice.channel.for_recognizer`): what ``backtalk voice
--input-wav-dir`` would hear, without a dialogue around it. Bare clips, cut tight round
the word, are heard differently (the speech check has no quiet part to compare with, an
answer too quiet for the endpointer still reaches the recognizer).
"""

from __future__ import annotations

from ..voice.audio import ChainSource, SilenceSource
from ..voice.channel import ANSWER_LEAD, for_recognizer
from ..voice.endpoint import Capture, EndpointSettings, capture_answer
from ..voice.sound_check import PcmSource

SETTINGS = EndpointSettings()


def answer_source(pcm: bytes, settings: EndpointSettings = SETTINGS) -> ChainSource:
    """``pcm`` (16 kHz mono s16le) as a wait for an answer hears it: the channel's lead of
    silence before it, and enough silence after it to end it."""
    after = settings.no_answer_timeout + settings.end_silence + 1.0
    return ChainSource(SilenceSource(ANSWER_LEAD), PcmSource(pcm), SilenceSource(after))


def live_capture(pcm: bytes) -> Capture:
    """``pcm`` (16 kHz mono s16le) as the endpointer captures it in a wait for an answer."""
    return capture_answer(answer_source(pcm), SETTINGS)


def live_answer(pcm: bytes) -> bytes | None:
    """What the recognizer is given of ``pcm``; None when the endpointer hears no answer
    in it."""
    capture = live_capture(pcm)
    return for_recognizer(capture) if capture.speech else None
