"""``backtalk test-audio``: the speaker and the microphone checked before a screening. It
says a sentence at the configured pace and volume, records a few seconds, shows the level
and what it heard, and says (and prints) what to do when the sound is not right."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_FAILED, UserError, run_settings
from .voice_parts import voice_parts

RECORD_SECONDS = 4.0


def cmd_test_audio(args: argparse.Namespace) -> int:
    from ..asr.base import RecognizerError
    from ..voice.audio import AudioError, ChainSource, SilenceSource
    from ..voice.endpoint import capture_answer
    from ..voice.sound_check import GRAMMAR, SAMPLE_SENTENCE, PcmSource, advice, levels, record
    from ..voice.tts import SpeechError

    settings = run_settings(args)
    parts = voice_parts(args, settings, instead="")  # checking the microphone is the point
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
    try:
        channel.say(sentences)
    except SpeechError as exc:
        print(f"backtalk: warning: the result could not be said: {exc}", file=sys.stderr)
    return 0 if good else EXIT_FAILED
