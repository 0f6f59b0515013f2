"""The screening itself: ``backtalk chat`` typed, ``backtalk voice`` spoken (the default
command), and what is said once a screening ends."""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import replace
from typing import Any

from ..asr.base import Heard
from ..dialog.conversation import Conversation
from ..dialog.matcher import Matcher
from ..dialog.model import Dialog
from ..dialog.overheard import EmergencyOverheard, Overhearing, first_question
from ..records.record import RecordNotSaved, SessionRecord
from ..setup.person import known_findings
from .common import UserError, load, new_record, report_unsaved, run_settings
from .voice_parts import (
    NO_QUESTIONS,
    NO_RECORD,
    failure_before_start,
    release,
    spoken_failure,
    voice_parts,
)


# -- text chat -------------------------------------------------------------------------------
class TextChannel:
    """The terminal: prints what the assistant says, reads typed answers."""

    def say(self, sentences: list[str]) -> None:
        if sentences:
            print("backtalk> " + " ".join(sentences), flush=True)

    def __init__(self) -> None:
        # Typed input may hold bytes that are not UTF-8 (a paste, a broken terminal): each
        # becomes U+FFFD, which the matcher ignores, instead of ending the chat with an error.
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")

    def listen(self, grammar: list[str]) -> Heard | None:
        try:
            return Heard(input("you> "))
        except EOFError:
            print()
            return None


def cmd_chat(args: argparse.Namespace) -> int:
    from ..session import run
    from ..setup.private_files import private_umask

    dialog = load(args.dialogs)
    settings = run_settings(args)
    with private_umask():  # every file a screening makes is about the person
        record = new_record(args)
        try:
            summary = run(Conversation(dialog, settings["emergency_number"],
                                       known=known_findings(settings.person)), TextChannel(),
                          record, {"mode": "text"})
        except RecordNotSaved as lost:
            _print_end(None, record, dialog)
            return report_unsaved(lost)
        finally:
            record.close()
        _print_end(summary, record, dialog)
    return 0


# -- voice -------------------------------------------------------------------------------------
def cmd_voice(args: argparse.Namespace) -> int:
    """The screening by voice: microphone (or answer files) in, speech (or WAV files) out.

    With a wake phrase it waits for the phrase before each screening and returns to
    waiting after the outcome, until input ends (or Ctrl-C).
    """
    from ..setup.private_files import private_umask

    settings = run_settings(args)
    with private_umask():  # prompts and records are about the person
        try:
            dialog = load(args.dialogs)
        except UserError as exc:
            raise failure_before_start(args, settings, NO_QUESTIONS, str(exc)) from exc
        return _screen_by_voice(args, dialog, settings)


def _screen_by_voice(args: argparse.Namespace, dialog: Dialog, settings: Any) -> int:
    # Running all day (a wake phrase), a microphone not plugged in yet is waited for.
    matcher = Matcher(dialog.language, (settings["emergency_number"],))
    voice = voice_parts(args, settings, missing_microphone_ok=bool(settings["wake"]),
                        calls=matcher.emergency_grammar())
    try:
        return _screenings(args, dialog, settings, voice, matcher)
    finally:
        release(voice)


def _screenings(args: argparse.Namespace, dialog: Dialog, settings: Any, voice: Any,
                matcher: Matcher) -> int:
    """One screening, or with a wake phrase one after another until input ends."""
    from ..asr.base import RecognizerError
    from ..session import OVERHEARD, HearingFailed
    from ..voice.audio import AudioError
    from ..voice.tts import SpeechError
    from .microphone_back import can_wait, wait_for_microphone

    wake = _wake_phrase(settings["wake"], voice.channel.recognizer, matcher.emergency_grammar())
    told = EmergencyOverheard(matcher, first_question(dialog, settings["emergency_number"],
                                                      known_findings(settings.person)))
    try:
        while True:
            call = None
            if wake is not None:
                woke = _woken(voice, wake, told, args, settings)
                if woke is None:
                    break
                if wake.is_call(woke.text, woke.confidence):
                    print(f"Heard a call for help: {woke.text}", flush=True)
                    call = woke
                elif told(woke.said):
                    print(f"Heard what may be an emergency: {woke.said}", flush=True)
                    # Only its free words are passed on: the screening checks them first.
                    call = replace(woke, text="", confidence=0.0,
                                   details={**woke.details, OVERHEARD: True})
            try:
                record = new_record(args)
            except UserError as exc:
                raise spoken_failure(voice.channel.speaker, args, settings, NO_RECORD,
                                     str(exc)) from exc
            conversation = Conversation(dialog, settings["emergency_number"],
                                        settings["confirm_below"], voice.pace,
                                        known_findings(settings.person),
                                        confident_at=settings["confident_at"])
            try:
                summary = run_voice(conversation, voice, record, args, call)
            except RecordNotSaved as lost:
                _print_end(None, record, dialog)
                return report_unsaved(lost)
            except HearingFailed as failed:
                _print_end(conversation.summary(), record, dialog)
                said = (f"It could not be said aloud either: {failed.unsaid}" if failed.unsaid
                        else "The person was told so and given the safety advice.")
                if not can_wait(voice, wake, failed.__cause__):
                    raise UserError(f"{failed}\nThe questions stopped. {said}") from failed
                print(f"The questions stopped. {said}", file=sys.stderr)
                wait_for_microphone(voice, settings, failed)
                continue
            except (AudioError, SpeechError, RecognizerError) as exc:
                raise UserError(f"{exc}\nThe conversation so far is saved in {record.path}"
                                ) from exc
            finally:
                record.close()
            _print_end(summary, record, dialog)
            if wake is None:
                break
    except KeyboardInterrupt:
        print()
    return 0


def run_voice(conversation: Conversation, voice: Any, record: SessionRecord,
              args: argparse.Namespace, first: Heard | None = None) -> dict[str, Any]:
    from ..session import run

    return run(conversation, voice.channel, record,
               {"mode": "voice", "asr": voice.channel.recognizer.name,
                "input": str(args.input_wav_dir or voice.device or "default"),
                "rate": voice.pace.rate, "volume": voice.pace.volume,
                "end_silence": voice.channel.endpoint.end_silence,
                "no_answer_timeout": voice.channel.endpoint.no_answer_timeout}, first)


def _wake_phrase(phrase: str | None, recognizer: Any, calls: list[str]) -> Any:
    if not phrase:
        return None
    from ..voice.wake import WakeError, WakePhrase

    try:
        return WakePhrase(phrase, recognizer, calls)
    except WakeError as exc:
        raise UserError(str(exc)) from exc


def _woken(voice: Any, wake: Any, told: EmergencyOverheard, args: argparse.Namespace,
           settings: Any) -> Heard | None:
    """Wait for the wake phrase or a call for help: what was heard (None: input ended).
    A lost microphone is waited for; any other failure to hear is said aloud and stops,
    as a person waiting to be heard may have no screen."""
    from ..asr.base import RecognizerError
    from ..voice.audio import AudioError
    from .microphone_back import can_wait, wait_for_microphone
    from .voice_parts import HEARING_LOST

    while True:
        try:
            return _wait_for_wake(voice.channel, wake, told)
        except (AudioError, RecognizerError) as exc:
            if not can_wait(voice, wake, exc):
                raise spoken_failure(voice.channel.speaker, args, settings, HEARING_LOST,
                                     str(exc)) from exc
            wait_for_microphone(voice, settings, exc)


def _wait_for_wake(channel: Any, wake: Any, told: EmergencyOverheard) -> Heard | None:
    """Listen until the wake phrase, a call for help or an emergency told in other words is
    heard (what was heard; an emergency told in pieces, with the pieces before it in
    ``said``), or input ends (None)."""
    print(f'Waiting for "{wake.phrase}" (Ctrl-C to quit)...', flush=True)
    overhearing = Overhearing(told)
    while True:
        heard = channel.listen(wake.grammar(), unheard_words=False)
        if heard is None:
            return None
        if heard.text and (wake.matches(heard.text, heard.confidence)
                           or wake.is_call(heard.text, heard.confidence)):
            return heard
        telling = overhearing.telling(heard.said, heard.details.get("started_after"))
        if telling is not None:
            return replace(heard, said=telling)


# -- the end of a screening ------------------------------------------------------------------
def _level_words(level: str | None) -> str:
    """The level as the record names it, and in plain words ("self_care: can be looked
    after at home for now")."""
    from ..records.caregiver import OUTCOMES

    said = OUTCOMES.get(str(level))
    if said is None:
        return str(level)
    said = said.split(": ", 1)[-1].replace(" ({number})", "")
    return f"{level}: {said[0].lower()}{said[1:]}"


def _print_end(summary: dict[str, Any] | None, record: SessionRecord, dialog: Dialog) -> None:
    """What the screening came to, and where its record and summary are (``summary`` is
    None when the record could not be written to the end)."""
    from ..records.caregiver import write_summary

    if summary is None:
        print(f"Session record (incomplete): {record.path}")
    elif summary["stopped"]:
        # No words for the level: with questions not asked, "at home" would say too much.
        print(f"Stopped before the end, not every question asked (level so far: "
              f"{summary['level_so_far']}).")
    else:
        print(f"Outcome: {_level_words(summary['outcome'])}.")
    if summary is not None:
        print(f"Session record: {record.path}")
    try:
        print(f"Summary for a caregiver or doctor: {write_summary(record.path, dialog)}")
    except OSError as exc:
        print(f"backtalk: warning: the summary could not be written "
              f"({exc.strerror or exc}); the answers are in the record: {record.path}",
              file=sys.stderr)
