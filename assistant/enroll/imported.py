"""Enrolling from recordings made elsewhere (a caregiver's phone, a data set): one folder
per phrase, ``DIR/<phrase>/<take>``, the folder named by the phrase ("i don't know") or its
slug ("i_dont_know"); or the takes side by side in DIR, each named by its phrase and a
number as a phone names its recordings ("yes.m4a", "yes 2.m4a", "I don't know (3).m4a"),
since making folders on a phone is a chore. Any PCM WAV is taken, and a phone's
recordings as they are saved (.m4a, .3gp, .amr, .mp3, .ogg, .opus, .flac, .webm:
:mod:`assistant.voice.audio.recording`), all resampled to 16 kHz mono. A recording may
hold several takes parted by pauses (:mod:`.several`); every take goes through the same
checks as a spoken one, and one that sounds like another answer is refused
(:mod:`.mislabelled`).

A phrase found in DIR with at least one take that passes has its stored takes replaced by
the ones that passed (so enrolling from the same folder twice keeps one copy); a phrase
whose takes were all refused keeps what it had, and phrases not in DIR are untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..setup.enrollment import EnrollmentStore
from ..voice.audio import AudioError
from ..voice.audio.recording import TooLong, is_recording, read_recording
from .checks import Likeness, refuse
from .mislabelled import refusal, sounds_like
from .phrases import find_phrase
from .several import speech_seconds, takes_in

UNREADABLE = "unreadable"
LONG = "long"
"""A file that lasts longer than a take may (:data:`~assistant.voice.audio.recording.LONGEST`)."""
_NUMBERED = re.compile(r"[\s_\-]*(\(\d+\)|\d+)$")
"""The take's number after a phrase in a file's name: "yes 2", "yes_2", "yes (2)"."""


class FolderError(Exception):
    """The folder cannot be enrolled from at all (missing, or no phrase folder in it)."""


@dataclass
class ImportReport:
    taken: dict[str, list[str]] = field(default_factory=dict)
    """Phrase -> the files kept, in name order."""
    refused: list[tuple[str, str, str]] = field(default_factory=list)
    """(phrase, file, reason) of every file refused; reason as in :mod:`.checks`."""
    unknown: list[str] = field(default_factory=list)
    """Folders that name no phrase BackTalk asks for (left alone)."""
    empty: list[str] = field(default_factory=list)
    """Phrases whose folder holds no recording."""
    replaced: dict[str, int] = field(default_factory=dict)
    """Phrase -> how many takes it had before, now replaced by those taken."""


def phrase_takes(directory: Path, phrases: list[str]) -> tuple[dict[str, list[Path]], list[str]]:
    """Phrase -> its takes in ``directory`` (the files of its folder, then those named by
    it beside the folders), and the names of folders and recordings that name no phrase."""
    if not directory.is_dir():
        raise FolderError(f"{directory} is not a folder")
    found: dict[str, list[Path]] = {}
    unknown: list[str] = []
    entries = sorted(directory.iterdir())
    for folder in (p for p in entries if p.is_dir()):
        phrase = find_phrase(folder.name, phrases)
        if phrase is None:
            unknown.append(folder.name)
        else:
            found.setdefault(phrase, []).extend(
                sorted(p for p in folder.iterdir() if is_recording(p)))
    for path in (p for p in entries if p.is_file() and is_recording(p)):
        phrase = find_phrase(_NUMBERED.sub("", path.stem), phrases)
        if phrase is None:
            unknown.append(path.name)
        else:
            found.setdefault(phrase, []).append(path)
    if not found:
        raise FolderError(
            f"{directory} has no folder or recording named after an answer: expected "
            f"DIR/<phrase>/<take> or DIR/<phrase> <n>.<ext>, e.g. "
            f"{directory / 'yes' / 'take1.wav'} or {directory / 'i dont know 2.m4a'}"
            + (f" (found only {', '.join(unknown)})" if unknown else ""))
    return found, unknown


def import_dir(directory: Path, store: EnrollmentStore, phrases: list[str],
               likeness: Likeness | None = None) -> ImportReport:
    """Check every take in ``directory`` and store the ones that pass."""
    takes, unknown = phrase_takes(directory, phrases)
    report = ImportReport(unknown=unknown)
    passed: dict[str, list[tuple[str, bytes]]] = {}
    for phrase, files in takes.items():
        if not files:
            report.empty.append(phrase)
        passed[phrase] = _checked(phrase, files, likeness, report)
    # Then each against the other answers, as they will be once stored.
    answers = {phrase: [pcm for _, pcm in kept] for phrase, kept in passed.items()}
    answers |= {p: store.takes(p) for p in store.phrases() if p not in passed}
    for phrase, kept in passed.items():
        others = {p: pcms for p, pcms in answers.items() if p != phrase}
        good = []
        for i, (name, pcm) in enumerate(kept):
            own = [audio for j, (_, audio) in enumerate(kept) if j != i]
            like = sounds_like(pcm, own, others, likeness)
            if like is None:
                good.append((name, pcm))
            else:
                report.refused.append((phrase, name, refusal(like)))
        if good:
            report.replaced[phrase] = len(store.takes(phrase))
            store.remove(phrase)
            for _, pcm in good:
                store.add(phrase, pcm)
            report.taken[phrase] = [name for name, _ in good]
    return report


def _checked(phrase: str, files: list[Path], likeness: Likeness | None,
             report: ImportReport) -> list[tuple[str, bytes]]:
    """(name, audio) of the takes in ``files`` that pass the checks; the others go into
    ``report`` with their reasons."""
    kept: list[tuple[str, bytes]] = []
    for path in files:
        try:
            pcm = read_recording(path)
        except TooLong:
            report.refused.append((phrase, path.name, LONG))
            continue
        except (AudioError, OSError):
            report.refused.append((phrase, path.name, UNREADABLE))
            continue
        pieces = takes_in(pcm, likeness)
        for number, piece in enumerate(pieces, 1):
            name = path.name if len(pieces) == 1 else f"{path.name} ({number}/{len(pieces)})"
            reason = refuse(piece, [audio for _, audio in kept], likeness, _speech)
            if reason is None:
                kept.append((name, piece))
            else:
                report.refused.append((phrase, name, reason))
    return kept


def _speech(pcm: bytes) -> bool:
    """Whether the voice-activity model hears any speech in a take (not room noise
    recorded by mistake, which would stand for a word); True when it cannot be loaded.
    Spoken takes need no such check: the endpointer heard speech in them. On the shared
    recordings it refused all 77 one-second cuts of noise that pass the other checks, and
    22 of 2,223 recordings of words (1%; short loud words such as "up", which the model
    misses)."""
    seconds = speech_seconds(pcm)
    return seconds is None or seconds > 0.0
