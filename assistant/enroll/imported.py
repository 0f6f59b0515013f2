"""Enrolling from recordings made elsewhere (a caregiver's phone, a data set): one folder
per phrase, ``DIR/<phrase>/<take>``, the folder named by the phrase ("i don't know") or its
slug ("i_dont_know"). Any PCM WAV is taken, and a phone's recordings as they are saved
(.m4a, .3gp, .amr, .mp3, .ogg, .opus, .flac, .webm: :mod:`assistant.voice.audio.recording`),
all resampled to 16 kHz mono; every take goes through the same checks as a spoken one.

A phrase found in DIR with at least one take that passes has its stored takes replaced by
the ones that passed (so enrolling from the same folder twice keeps one copy); a phrase
whose takes were all refused keeps what it had, and phrases not in DIR are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..setup.enrollment import EnrollmentStore
from ..voice.audio import AudioError
from ..voice.audio.recording import TooLong, is_recording, read_recording
from .checks import Likeness, refuse
from .phrases import find_phrase

UNREADABLE = "unreadable"
LONG = "long"
"""A file that lasts longer than a take may (:data:`~assistant.voice.audio.recording.LONGEST`)."""


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


def phrase_folders(directory: Path, phrases: list[str]) -> tuple[dict[str, Path], list[str]]:
    """Phrase -> its folder in ``directory``, and the folder names that name no phrase."""
    if not directory.is_dir():
        raise FolderError(f"{directory} is not a folder")
    found: dict[str, Path] = {}
    unknown: list[str] = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        phrase = find_phrase(folder.name, phrases)
        if phrase is None:
            unknown.append(folder.name)
        else:
            found[phrase] = folder
    if not found:
        raise FolderError(
            f"{directory} has no folder named after an answer: expected DIR/<phrase>/<take>, "
            f"e.g. {directory / 'yes' / 'take1.wav'} or {directory / 'i_dont_know' / '1.wav'}"
            + (f" (found only {', '.join(unknown)})" if unknown else ""))
    return found, unknown


def import_dir(directory: Path, store: EnrollmentStore, phrases: list[str],
               likeness: Likeness | None = None) -> ImportReport:
    """Check every take in ``directory`` and store the ones that pass."""
    folders, unknown = phrase_folders(directory, phrases)
    report = ImportReport(unknown=unknown)
    for phrase, folder in folders.items():
        kept: list[tuple[str, bytes]] = []
        files = sorted(p for p in folder.iterdir() if is_recording(p))
        if not files:
            report.empty.append(phrase)
        for path in files:
            try:
                pcm = read_recording(path)
            except TooLong:
                report.refused.append((phrase, path.name, LONG))
                continue
            except (AudioError, OSError):
                report.refused.append((phrase, path.name, UNREADABLE))
                continue
            reason = refuse(pcm, [audio for _, audio in kept], likeness)
            if reason is None:
                kept.append((path.name, pcm))
            else:
                report.refused.append((phrase, path.name, reason))
        if kept:
            store.remove(phrase)
            for _, pcm in kept:
                store.add(phrase, pcm)
            report.taken[phrase] = [name for name, _ in kept]
    return report
