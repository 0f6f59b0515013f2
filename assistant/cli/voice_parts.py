"""The parts of a spoken screening (speaker, recognizer, answer input, pace) put together
from the settings, so that every problem with them is reported before anything is said."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import UserError, data_dir

# What a person without a screen hears when BackTalk cannot start: what is wrong, what to
# do, and where help is if they need it now.
NO_MICROPHONE = ["I cannot hear you, because I cannot find a microphone.",
                 "Please check that it is plugged in, then start me again."]
NO_ANSWER_FILES = ["I cannot start, because the recorded answers cannot be read."]
NO_RECOGNIZER = ["I cannot understand speech now, because my speech recognizer is missing "
                 "or broken.", "Please ask someone to set me up again."]
HEARING_LOST = ["I cannot hear you any more, because my microphone or my speech recognizer "
                "stopped working.", "Please check that the microphone is plugged in, then "
                "start me again."]
NO_QUESTIONS = ["I cannot start, because my question files have a mistake in them.",
                "Please ask the person who set me up to look at them."]
NO_RECORD = ["I cannot start, because I cannot keep a record of our conversation.",
             "Please ask the person who set me up to look at the folder for records."]
HELP_NOW = "If you need help now, call {number}."


TYPED_INSTEAD = ("For a typed conversation use 'backtalk chat'; to run from recorded "
                 "answers use --input-wav-dir DIR.")


def voice_parts(args: argparse.Namespace, settings: Any, *,
                missing_microphone_ok: bool = False, instead: str = TYPED_INSTEAD,
                calls: Sequence[str] = ()) -> Any:
    """Speaker, recognizer, answer input and pace, from the settings; problems are
    reported before anything is spoken. With ``missing_microphone_ok`` (BackTalk running
    all day) a microphone that cannot be opened yet is left for the caller to wait for:
    the answer input then has none, and listening raises MicrophoneLost. ``instead``: what
    to do without a microphone, said with the problem. ``calls``: the calls for help to
    listen for while speaking, through the sound server's echo canceller where there is
    one (the caller ends with :func:`release`)."""
    echo = _echo_cancel(args, settings, calls)
    try:
        return _voice_parts(args, settings, missing_microphone_ok, instead, calls, echo)
    except BaseException:
        if echo is not None:
            echo.close()
        raise


def _voice_parts(args: argparse.Namespace, settings: Any, missing_microphone_ok: bool,
                 instead: str, calls: Sequence[str], echo: Any) -> Any:
    from types import SimpleNamespace

    from ..asr.base import RecognizerError
    from ..asr.select import make_recognizer
    from ..setup.config import ConfigError, config_dir, save_voice_preferences
    from ..setup.pace import Pace
    from ..voice.audio import AudioError
    from ..voice.calls_while_speaking import CallsWhileSpeaking
    from ..voice.channel import AnswerInput, MicrophoneAnswers, VoiceChannel, WavDirAnswers
    from ..voice.echo_cancel import DEVICE
    from ..voice.endpoint import EndpointSettings, prepare_detector
    from ..voice.tts import SpeechError
    from ..voice.vad import VadModelError
    from ..voice.wake import calls_heard_by

    try:
        endpoint = EndpointSettings(end_silence=settings["end_silence"],
                                    max_answer=settings["max_answer"],
                                    no_answer_timeout=settings["no_answer_timeout"])
        speaker = speaker_of(settings)
    except (ValueError, SpeechError) as exc:
        raise UserError(str(exc)) from exc
    if echo is not None:
        speaker.device = DEVICE
    try:
        # The voice-activity model is loaded now: the first answer is then as quick as any.
        prepare_detector(endpoint)
    except VadModelError as exc:
        raise UserError(str(exc)) from exc
    if args.speak_to:
        _check_speak_to(args.speak_to)
    def open_answers(echo: Any) -> AnswerInput:
        try:
            if args.input_wav_dir:
                return WavDirAnswers(args.input_wav_dir, endpoint)
            return _microphone(DEVICE if echo is not None else settings["device"],
                               missing_microphone_ok, echo)
        except (AudioError, FileNotFoundError) as exc:
            hint = "" if args.input_wav_dir or not instead else f"\n{instead}"
            spoken = NO_ANSWER_FILES if args.input_wav_dir else NO_MICROPHONE
            raise spoken_failure(speaker, args, settings, spoken, f"{exc}{hint}") from exc

    answers = open_answers(echo)
    # Checked after the microphone: loading a speech model takes a few seconds.
    try:
        recognizer, notice = make_recognizer(settings["asr"], settings["vosk_model"],
                                             data_dir(args))
    except RecognizerError as exc:
        raise spoken_failure(speaker, args, settings, NO_RECOGNIZER, str(exc)) from exc
    if notice:
        print(notice, file=sys.stderr)
    if isinstance(answers, MicrophoneAnswers) and echo is not None:
        heard = calls_heard_by(recognizer, calls)
        if heard:
            answers.calls = CallsWhileSpeaking(recognizer, heard, endpoint)
        else:
            print(f"backtalk: the {recognizer.name} recognizer does not listen for calls for "
                  "help outside a question (Whisper does), so nothing is heard while "
                  "BackTalk speaks (the echo canceller is not used)", file=sys.stderr)
            # The canceller would only cost CPU: back to the devices as set.
            answers.close_echo()
            speaker.device = settings["speaker"]
            answers = open_answers(None)
    pace = Pace(settings["rate"], settings["volume"])

    kept = {"rate": pace.rate, "volume": pace.volume}

    def keep(changed: Pace) -> None:
        # Saved at once, so the choice survives even a conversation that is killed. Only
        # what was changed: "louder" must not fix the rate a preset or the config file set.
        rate = changed.rate if changed.rate != kept["rate"] else None
        volume = changed.volume if changed.volume != kept["volume"] else None
        kept.update(rate=changed.rate, volume=changed.volume)
        try:
            save_voice_preferences(config_dir(), rate=rate, volume=volume)
        except ConfigError as exc:
            print(f"backtalk: warning: the new pace is not kept: {exc}", file=sys.stderr)

    channel = VoiceChannel(speaker, recognizer, answers, endpoint, args.speak_to,
                           show=lambda who, text: print(f"{who}> {text}", flush=True),
                           pace=pace, on_pace_change=keep)
    return SimpleNamespace(channel=channel, pace=pace, device=settings["device"])


def release(voice: Any) -> None:
    """The end of the voice parts: the microphone closed and the sound server's echo
    canceller, if they loaded one, unloaded (a microphone lost and found again may have a
    new one, so it is asked of the answer input, not remembered here)."""
    close_echo = getattr(voice.channel.answers, "close_echo", None)
    if close_echo is not None:
        close_echo()


def _echo_cancel(args: argparse.Namespace, settings: Any, calls: Sequence[str]) -> Any:
    """The sound server's echo canceller, in use, when calls for help are to be listened
    for while speaking and the settings allow it; None (and why, on stderr) otherwise."""
    from ..voice.echo_cancel import EchoCancelUnavailable, start_echo_cancel

    if not calls or settings["echo_cancel"] == "off" or getattr(args, "input_wav_dir", None) \
            or getattr(args, "speak_to", None):
        return None
    try:
        if settings["asr"] in ("pocketsphinx", "vosk"):
            raise EchoCancelUnavailable(f"{settings['asr']} takes other words for calls for "
                                        "help too often (Whisper does not)")
        echo = start_echo_cancel(settings["device"], settings["speaker"])
    except EchoCancelUnavailable as exc:
        print(f"backtalk: warning: nothing is heard while BackTalk speaks (not even a call "
              f"for help) because {exc}; it listens after each question. --echo-cancel off "
              "leaves this warning out", file=sys.stderr)
        return None
    echo.use()
    return echo


def _microphone(device: int | str | None, missing_ok: bool, echo: Any = None) -> Any:
    """The microphone's answer input; with ``missing_ok`` one without a microphone yet when
    it cannot be opened for a reason that can pass (not plugged in yet, busy)."""
    from ..voice.audio import LASTING_FAULTS, AudioError, MicrophoneSource
    from ..voice.channel import MicrophoneAnswers

    try:
        return MicrophoneAnswers(MicrophoneSource(device), echo=echo)
    except LASTING_FAULTS:
        raise
    except AudioError as exc:
        if not missing_ok:
            raise
        return MicrophoneAnswers(None, device=device, missing=str(exc), echo=echo)


def _check_speak_to(folder: Path) -> None:
    """Make the prompts' folder (private) and make sure prompts can be written there,
    before anything is said."""
    from ..setup.private_files import private_dir

    try:
        private_dir(folder)
    except OSError as exc:
        raise UserError(f"--speak-to {folder}: cannot make the folder for the prompts: "
                        f"{exc.strerror or exc}. Give a folder you can write to.") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"--speak-to {folder}: you may not write in this folder. Give a "
                        "folder you can write to.")


def speaker_of(settings: Any) -> Any:
    """The speaker the settings ask for (rate, volume, voice, device)."""
    from ..voice.tts import Speaker, TtsSettings

    return Speaker(TtsSettings(rate=settings["rate"], volume=settings["volume"],
                               voice=settings["voice"]), device=settings["speaker"])


def failure_before_start(args: argparse.Namespace, settings: Any, sentences: list[str],
                         message: str) -> UserError:
    """A problem found before the voice parts are made (the question files, the folder for
    records), said aloud all the same: the person may have no screen."""
    from ..voice.tts import SpeechError

    try:
        speaker = speaker_of(settings)
    except (ValueError, SpeechError) as exc:
        return UserError(f"{message}\n(It could not be said aloud either: {exc})")
    return spoken_failure(speaker, args, settings, sentences, message)


def spoken_failure(speaker: Any, args: argparse.Namespace, settings: Any,
                   sentences: list[str], message: str) -> UserError:
    """The problem said aloud (or into --speak-to's problem.wav), as the error to raise."""
    from ..voice.announce import PROBLEM_WAV, say_aloud

    folder = args.speak_to
    if folder is not None:
        from ..setup.private_files import private_dir

        with contextlib.suppress(OSError):  # say_aloud reports it
            private_dir(folder)
    help_now = HELP_NOW.replace("{number}", str(settings["emergency_number"]))
    why = say_aloud(speaker, [*sentences, help_now], folder)
    if why is not None:
        return UserError(f"{message}\n(It could not be said aloud either: {why})")
    where = f" (in {folder / PROBLEM_WAV})" if folder is not None else ""
    return UserError(f"{message}\nThis was also said aloud{where}.")
