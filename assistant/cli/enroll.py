"""``backtalk enroll``: teach BackTalk how this person says their answers, by voice or from
recordings, and list, redo or delete what it has learnt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_FAILED, UserError, data_dir, load, run_settings

REASON_WORDS = {
    "quiet": "too quiet", "clipped": "too loud (clipped)", "cut_start": "cut off at the start",
    "cut_end": "cut off at the end", "far": "unlike the other takes",
    "no_speech": "no speech heard in it", "unreadable": "not a recording BackTalk can read",
}


def cmd_enroll(args: argparse.Namespace) -> int:
    from ..enroll.phrases import PhraseError, enroll_phrases
    from ..setup.enrollment import EnrollmentError, EnrollmentStore

    dialog = load(args.dialogs)
    settings = run_settings(args)
    try:
        phrases = enroll_phrases(dialog, settings["wake"])
    except PhraseError as exc:
        raise UserError(str(exc)) from exc
    store = EnrollmentStore(data_dir(args) / "voice")
    try:
        if args.list:
            return _list(store, phrases, settings["takes"])
        if args.delete:
            return _delete(store, args.yes)
        if args.from_dir is not None:
            return _from(store, args.from_dir, phrases)
        return _spoken(args, settings, dialog, store, phrases)
    except EnrollmentError as exc:
        raise UserError(str(exc)) from exc


def _list(store: Any, phrases: list[str], wanted: int) -> int:
    stored = {phrase: len(files) for phrase, files in store.phrases().items()}
    print(f"Voice samples in {store.root} ({wanted} takes of each answer wanted):")
    width = max(len(p) for p in [*phrases, *stored])
    for phrase in [*phrases, *(p for p in stored if p not in phrases)]:
        count = stored.get(phrase, 0)
        note = "" if phrase in phrases else "  (no longer asked for)"
        if phrase in phrases and count < wanted:
            note = "  missing" if count == 0 else f"  {wanted - count} more wanted"
        print(f"  {phrase:<{width}}  {count}{note}")
    missing = [p for p in phrases if stored.get(p, 0) < wanted]
    print(f"{len(phrases) - len(missing)} of {len(phrases)} answers complete."
          + (f" Still to do: {', '.join(missing)}." if missing else ""))
    return 0


def _delete(store: Any, yes: bool) -> int:
    count = sum(len(files) for files in store.phrases().values())
    if not store.root.exists() and not store.root.is_symlink():
        print(f"No voice samples in {store.root}: nothing to delete.")
        return 0
    if not yes:
        if not sys.stdin.isatty():
            raise UserError("--delete removes every voice sample; add --yes to confirm when "
                            "not at a terminal")
        answer = input(f"Delete all {count} voice samples in {store.root}? Type yes: ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return EXIT_FAILED
    removed = store.delete_all()
    print(f"Deleted {removed} voice sample{'' if removed == 1 else 's'} and {store.root}.")
    return 0


def _from(store: Any, directory: Path, phrases: list[str]) -> int:
    from ..enroll.checks import default_likeness
    from ..enroll.imported import FolderError, import_dir

    likeness = default_likeness()
    try:
        report = import_dir(directory, store, phrases, likeness)
    except FolderError as exc:
        raise UserError(str(exc)) from exc
    _warn_unlike(likeness)
    if report.taken:
        _describe(store, likeness)
    for phrase, names in report.taken.items():
        before = report.replaced.get(phrase, 0)
        print(f"taken    {phrase}: {len(names)} ({', '.join(names)})"
              + (f", replacing the {before} kept before" if before else ""))
    for phrase, name, reason in report.refused:
        print(f"refused  {phrase}: {name}: {_reason_words(reason)}")
    for phrase in report.empty:
        print(f"empty    {phrase}: no recording (.wav, .m4a, .mp3, ...) in its folder",
              file=sys.stderr)
    for name in report.unknown:
        print(f"skipped  {directory / name}: not an answer BackTalk asks for "
              "(see 'backtalk enroll --list')", file=sys.stderr)
    taken = sum(len(names) for names in report.taken.values())
    print(f"{taken} takes of {len(report.taken)} answers kept in {store.root}; "
          f"{len(report.refused)} refused.")
    return 0 if report.taken else EXIT_FAILED


def _spoken(args: argparse.Namespace, settings: Any, dialog: Any, store: Any,
            phrases: list[str]) -> int:
    from ..asr.base import RecognizerError
    from ..dialog.ending import emergency_words
    from ..enroll.checks import default_likeness
    from ..enroll.phrases import find_phrase
    from ..enroll.spoken import Plan, SpokenEnrollment
    from ..voice.audio import AudioError
    from ..voice.tts import SpeechError
    from .voice_parts import HEARING_LOST, spoken_failure, voice_parts

    todo = phrases
    if args.redo:
        phrase = find_phrase(args.redo, [*phrases, *store.phrases()])
        if phrase is None:
            raise UserError(f"'{args.redo}' is not an answer BackTalk asks for; it asks for: "
                            f"{', '.join(phrases)}")
        todo = [phrase]
    else:
        stored = {phrase: len(files) for phrase, files in store.phrases().items()}
        if all(stored.get(phrase, 0) >= settings["takes"] for phrase in phrases):
            print(f"Every answer already has {settings['takes']} takes in {store.root}: "
                  "nothing to record. To record one again: backtalk enroll --redo PHRASE.")
            return 0
    lang = dialog.language
    plan = Plan(todo, settings["takes"], redo=bool(args.redo),
                yes_words=lang.yes_no["yes"], no_words=lang.yes_no["no"],
                stop_words=lang.commands["stop"][:1], emergency_words=lang.emergency_calls,
                emergency_says=tuple(emergency_words(dialog, settings["emergency_number"])))
    voice = voice_parts(args, settings, instead="To enroll from recordings made elsewhere "
                        "(a phone, a caregiver's computer) use --from DIR.")
    # The recognizer's encoders, when it has them, also compare the takes: a second copy
    # of the Whisper model would cost a Raspberry Pi seconds and memory.
    recognizer = voice.channel.recognizer
    likeness = default_likeness(getattr(recognizer, "encoder", None),
                                getattr(recognizer, "encoder_frames", None))
    session = SpokenEnrollment(voice.channel, store, plan, likeness)
    try:
        result = session.run()
    except KeyboardInterrupt:
        print()
        result = session.result
    except (AudioError, RecognizerError) as exc:  # said aloud: the person has no keyboard
        raise spoken_failure(voice.channel.speaker, args, settings, HEARING_LOST,
                             f"{exc}\nThe takes recorded so far are kept in {store.root}"
                             ) from exc
    except SpeechError as exc:
        raise UserError(f"{exc}\nThe takes recorded so far are kept in {store.root}") from exc
    _warn_unlike(likeness)
    if result.added:
        _describe(store, likeness)
    kept = ", ".join(f"{p} {n}" for p, n in result.added.items()) or "none"
    print(f"Takes kept: {kept}.")
    for phrase, reason in result.refused:
        print(f"refused  {phrase}: {_reason_words(reason)}")
    if result.left:
        print(f"Left for another time: {', '.join(result.left)}.")
    print(f"Ended: {result.ended}. Voice samples: {store.root} "
          "(see 'backtalk enroll --list').")
    return 0


def _reason_words(reason: str) -> str:
    from ..enroll.imported import LONG
    from ..enroll.mislabelled import answer_in
    from ..voice.audio.recording import LONGEST

    other = answer_in(reason)
    if other is not None:
        return f"sounds like '{other}' (is it the right answer's recording?)"
    if reason == LONG:
        return f"longer than {LONGEST:.0f} s (a take is one answer, said a few times at most)"
    return REASON_WORDS.get(reason, reason)


def _warn_unlike(likeness: Any) -> None:
    if likeness is None or likeness.unavailable:
        why = likeness.unavailable if likeness else "the personal recognizer is not installed"
        print(f"backtalk: warning: takes were not compared with each other ({why})",
              file=sys.stderr)


def _describe(store: Any, likeness: Any) -> None:
    """Describe the takes now, with the models the checks loaded, and keep the rows beside
    them (:func:`assistant.asr.personal_engine.described_takes`): the first screening after
    enrolling then neither spends seconds on it nor keeps the memory describing leaves
    behind (about 25 MB for a full enrollment: its peak passed 300 MB)."""
    if likeness is None or likeness.unavailable or likeness.encode is None:
        return
    from ..asr.base import RecognizerError
    from ..asr.personal_engine import described_takes
    from ..asr.templates import TakeEncoder

    try:
        described_takes(store, likeness.encode, TakeEncoder.version)
    except RecognizerError as exc:
        print(f"backtalk: warning: the takes will be described at the next start ({exc})",
              file=sys.stderr)
