"""``backtalk test-audio``: the speaker and the microphone checked before a screening. It
says a sentence at the configured pace and volume, records a few seconds, shows the level
and what it heard, and says (and prints) what to do when the sound is not right."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import EXIT_FAILED, UserError, load, run_settings
from .voice_parts import release, voice_parts

RECORD_SECONDS = 4.0


def cmd_test_audio(args: argparse.Namespace) -> int:
    settings = run_settings(args)
    # Checking the microphone is the point; with the calls for help, the echo canceller is
    # set up as for a screening, and how much of BackTalk's voice it leaves is measured.
    parts = voice_parts(args, settings, instead="",
                        calls=_calls(args, settings["emergency_number"]))
    try:
        return _check(args, parts)
    finally:
        release(parts)


def _calls(args: argparse.Namespace, number: str) -> list[str]:
    """The dialogue's calls for help; none when its files cannot be read (the sound is
    checked all the same, and ``backtalk check`` reports the files)."""
    from ..dialog.matcher import Matcher

    try:
        dialog = load(getattr(args, "dialogs", None))
    except UserError:
        return []
    return Matcher(dialog.language, (number,)).emergency_grammar()


def _check(args: argparse.Namespace, parts: Any) -> int:
    from ..asr.base import RecognizerError
    from ..voice.audio import AudioError, ChainSource, SilenceSource
    from ..voice.endpoint import capture_answer
    from ..voice.sound_check import GRAMMAR, SAMPLE_SENTENCE, PcmSource, advice, levels, record
    from ..voice.tts import SpeechError

    channel = parts.channel
    seconds = args.seconds
    if not 0.5 <= seconds <= 30:
        raise UserError(f"--seconds {seconds:g}: give 0.5 to 30 seconds")
    print(f"Speaking at {parts.pace.rate} words a minute, volume {parts.pace.volume:g}.")
    try:
        channel.say([SAMPLE_SENTENCE])
    except SpeechError as exc:
        raise UserError(f"the speaker does not work: {exc}") from exc
    source = channel.answers.next_source()
    if source is None:
        raise UserError("no recorded answer left to test with")
    print(f"Recording for {seconds:g} seconds: please say 'yes, I can hear you'.", flush=True)
    try:
        pcm = record(source, seconds)
        capture = capture_answer(ChainSource(PcmSource(pcm), SilenceSource(2.0)),
                                 channel.endpoint)
        heard = channel.recognizer.recognize(capture.audio, GRAMMAR) if capture.speech \
            else None
    except (AudioError, RecognizerError) as exc:
        raise UserError(f"the microphone test failed: {exc}") from exc
    found = levels(pcm)
    # Digital silence (a file, a null sink) has no level worth a number.
    room = "silent" if found.background < -90 else f"{found.background:.0f} dBFS"
    print(f"Recorded {len(pcm) / 32000:.1f} s. Level: voice {found.voice:.0f} dBFS, peak "
          f"{found.peak:.0f} dBFS, background {room} (0 dBFS is the loudest possible; a "
          "voice is best between -30 and -6).")
    if heard is None:
        print("Heard: nothing (no speech).")
    else:
        print(f"Heard: {heard.text or '(not made out)'} (confidence {heard.confidence:.2f}, "
              f"{channel.recognizer.name}).")
    good, sentences = advice(found, capture.speech, heard.text if heard else "")
    for sentence in sentences:
        print(sentence)
    echo = echo_left(parts, found.voice if capture.speech else None)
    if echo:
        print(echo)
    try:
        channel.say(sentences)
    except SpeechError as exc:
        print(f"backtalk: warning: the result could not be said: {exc}", file=sys.stderr)
    return 0 if good else EXIT_FAILED


CALL_HEARD_AT = 20.0
"""dB under the person's voice from which BackTalk's own voice, as the echo canceller
leaves it, let a call for help said while it spoke be heard at all often in the
benchmark's virtual room (held out: 1 of 12 calls at 14 dB under, 7 of 12 at 23, 8 of 12
at 37, 9 of 12 with no echo; the tune half's 6 calls at 25 dB under: none)."""


def echo_left(parts: Any, voice: float | None) -> str:
    """What ``test-audio`` says about a call for help said while BackTalk speaks: whether it
    is listened for, and how far under the person's ``voice`` (dBFS; None: no voice heard)
    BackTalk heard itself through the echo canceller while it said the sample sentence;
    "" for answers from files."""
    from ..voice.channel import MicrophoneAnswers
    from ..voice.sound_check import loudest

    answers = parts.channel.answers
    if not isinstance(answers, MicrophoneAnswers):
        return ""
    calls = answers.calls
    if calls is None:
        return ("While I speak, I hear nothing, not even a call for help: that is heard once "
                "I have finished.")
    left = loudest(calls.frame_levels)
    if voice is None:
        return (f"While I spoke, my own voice reached me through the echo canceller at "
                f"{left:.0f} dBFS.")
    under = voice - left
    said = (f"While I spoke, my own voice reached me through the echo canceller {under:.0f} "
            "dB under yours: ")
    if under >= CALL_HEARD_AT:
        return said + ("a call for help said while I speak may well be heard; if not, it is "
                       "heard once I have finished.")
    return said + ("a call for help said while I speak will probably be missed, and is heard "
                   "once I have finished. A lower volume, or the speaker further from the "
                   "microphone, helps.")
