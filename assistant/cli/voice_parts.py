"""The parts of a spoken screening (speaker, recognizer, answer input, pace) put together
from the settings, so that every problem with them is reported before anything is said."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import UserError, data_dir


def voice_parts(args: argparse.Namespace, settings: Any) -> Any:
    """Speaker, recognizer, answer input and pace, from the settings; problems are
    reported before anything is spoken."""
    from types import SimpleNamespace

    from ..asr.base import RecognizerError
    from ..asr.select import make_recognizer
    from ..setup.config import ConfigError, config_dir, save_voice_preferences
    from ..setup.pace import Pace
    from ..voice.audio import AudioError, MicrophoneSource
    from ..voice.channel import AnswerInput, MicrophoneAnswers, VoiceChannel, WavDirAnswers
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker, SpeechError, TtsSettings

    try:
        endpoint = EndpointSettings(end_silence=settings["end_silence"],
                                    max_answer=settings["max_answer"],
                                    no_answer_timeout=settings["no_answer_timeout"])
        speaker = Speaker(TtsSettings(rate=settings["rate"], volume=settings["volume"],
                                      voice=settings["voice"]), device=settings["speaker"])
    except (ValueError, SpeechError) as exc:
        raise UserError(str(exc)) from exc
    answers: AnswerInput
    try:
        if args.input_wav_dir:
            answers = WavDirAnswers(args.input_wav_dir, endpoint)
        else:
            answers = MicrophoneAnswers(MicrophoneSource(settings["device"]))
    except (AudioError, FileNotFoundError) as exc:
        hint = "" if args.input_wav_dir else (
            "\nFor a typed conversation use 'backtalk chat'; to run from recorded answers "
            "use --input-wav-dir DIR.")
        raise UserError(f"{exc}{hint}") from exc
    # Checked after the microphone: loading a speech model takes a few seconds.
    try:
        recognizer, notice = make_recognizer(settings["asr"], settings["vosk_model"],
                                             data_dir(args))
    except RecognizerError as exc:
        raise UserError(str(exc)) from exc
    if notice:
        print(notice, file=sys.stderr)
    if args.speak_to:
        args.speak_to.mkdir(parents=True, exist_ok=True)
    pace = Pace(settings["rate"], settings["volume"])

    def keep(changed: Pace) -> None:
        # Saved at once, so the choice survives even a conversation that is killed.
        try:
            save_voice_preferences(config_dir(), rate=changed.rate, volume=changed.volume)
        except ConfigError as exc:
            print(f"backtalk: warning: the new pace is not kept: {exc}", file=sys.stderr)

    channel = VoiceChannel(speaker, recognizer, answers, endpoint, args.speak_to,
                           show=lambda who, text: print(f"{who}> {text}", flush=True),
                           pace=pace, on_pace_change=keep)
    return SimpleNamespace(channel=channel, pace=pace, device=settings["device"])
