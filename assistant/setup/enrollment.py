"""The enrollment store: the person's own takes of each answer, kept private on this machine.

Layout under the root (``<data_dir>/voice/``): ``<slug>/take-<n>.wav`` (16 kHz mono s16le)
and ``phrases.json`` mapping each slug to the exact phrase text. Voice samples are health
data: folders are 0700, files 0600, every file is written beside its target and renamed over
it, and nothing here follows a symbolic link (one planted in the data folder could otherwise
redirect a take, or a deletion, outside it).
"""

from __future__ import annotations

import io
import json
import os
import re
import wave
from pathlib import Path

from .private_files import private_dir, write_private
from .wav_bytes import mono_wav

RATE = 16000
PHRASES_FILE = "phrases.json"
_TAKE = re.compile(r"take-(\d+)\.wav")


class EnrollmentError(Exception):
    """The store cannot be read or written as asked."""


def slug(phrase: str) -> str:
    """``"I don't know"`` -> ``"i_dont_know"``: lowercase letters and digits joined by ``_``."""
    words = re.findall(r"[a-z0-9]+", phrase.lower().replace("'", "").replace("\u2019", ""))
    if not words:
        raise EnrollmentError(f"{phrase!r} has no letters or digits to name its takes by")
    return "_".join(words)


def _take_number(path: Path) -> int:
    match = _TAKE.fullmatch(path.name)
    return int(match.group(1)) if match else -1


def _private_dir(path: Path) -> None:
    """Create ``path`` (0700) or close the one there to others; a symbolic link is refused."""
    try:
        private_dir(path, tighten=True)
    except OSError as exc:
        raise EnrollmentError(f"cannot use {path} for voice samples: "
                              f"{exc.strerror or exc}") from exc


def _write_private(target: Path, blob: bytes) -> None:
    """Write ``blob`` to ``target`` in one step (0600); what was there is replaced, never
    written through."""
    try:
        write_private(target, blob, may_replace=lambda _: True)
    except OSError as exc:
        raise EnrollmentError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _read_take(path: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            blob = handle.read()
        with wave.open(io.BytesIO(blob), "rb") as wav:
            shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            pcm = wav.readframes(wav.getnframes())
    except (OSError, wave.Error, EOFError) as exc:
        raise EnrollmentError(f"cannot read the take {path}: {exc}") from exc
    if shape != (1, 2, RATE):
        raise EnrollmentError(f"{path} is not 16 kHz mono 16-bit; enroll this phrase again")
    return pcm


class EnrollmentStore:
    """The takes of each enrolled phrase under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _names(self) -> dict[str, str]:
        """slug -> phrase text, as recorded in phrases.json (empty when there is none)."""
        path = self.root / PHRASES_FILE
        if path.is_symlink() or not path.is_file():
            return {}
        try:
            names = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EnrollmentError(f"{path} cannot be read: {exc}") from exc
        if not isinstance(names, dict):
            raise EnrollmentError(f"{path} is not a mapping of slug to phrase")
        return {str(key): str(value) for key, value in names.items()}

    def _save_names(self, names: dict[str, str]) -> None:
        blob = json.dumps(dict(sorted(names.items())), ensure_ascii=False, indent=2) + "\n"
        _write_private(self.root / PHRASES_FILE, blob.encode("utf-8"))

    def _files(self, key: str) -> list[Path]:
        folder = self.root / key
        if folder.is_symlink() or not folder.is_dir():
            return []
        takes = [path for path in folder.iterdir()
                 if _take_number(path) >= 0 and not path.is_symlink() and path.is_file()]
        return sorted(takes, key=_take_number)

    def phrases(self) -> dict[str, list[Path]]:
        """Phrase text -> its take files in the order they were made; phrases with takes only."""
        if self.root.is_symlink() or not self.root.is_dir():
            return {}
        names = self._names()
        found: dict[str, list[Path]] = {}
        for folder in sorted(self.root.iterdir()):
            files = self._files(folder.name)
            if files:
                # A folder without a recorded name still holds takes: its slug names it.
                found[names.get(folder.name, folder.name.replace("_", " "))] = files
        return found

    def add(self, phrase: str, pcm: bytes) -> Path:
        """Store one take of ``phrase`` (16 kHz mono int16 bytes); returns its file."""
        if not pcm or len(pcm) % 2:
            raise EnrollmentError("a take must be non-empty 16-bit PCM (an even byte count)")
        key = slug(phrase)
        try:
            self.root.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise EnrollmentError(f"cannot create {self.root.parent}: {exc.strerror}") from exc
        _private_dir(self.root)
        _private_dir(self.root / key)
        names = self._names()
        if names.get(key) != phrase:
            names[key] = phrase
            self._save_names(names)
        # Numbered past every take-like name, links included, so none is ever overwritten.
        number = 1 + max((_take_number(p) for p in (self.root / key).iterdir()), default=0)
        target = self.root / key / f"take-{number}.wav"
        _write_private(target, mono_wav(pcm, RATE))
        return target

    def takes(self, phrase: str) -> list[bytes]:
        """The PCM of each take of ``phrase`` (16 kHz mono int16), oldest first."""
        return [_read_take(path) for path in self._files(slug(phrase))]

    def remove(self, phrase: str) -> int:
        """Delete every take of ``phrase``; returns how many were removed."""
        key = slug(phrase)
        removed = self._remove_folder(self.root / key)
        names = self._names()
        if key in names:
            del names[key]
            self._save_names(names)
        return removed

    def _remove_folder(self, folder: Path) -> int:
        """Unlink what is inside ``folder`` (a link is removed, never followed) and the folder."""
        if folder.is_symlink():
            folder.unlink()
            return 0
        if not folder.is_dir():
            return 0
        removed = 0
        for path in folder.iterdir():
            if path.is_dir() and not path.is_symlink():
                removed += self._remove_folder(path)
                continue
            removed += _take_number(path) >= 0
            path.unlink()
        folder.rmdir()
        return removed

    def delete_all(self) -> int:
        """Remove every sample, the phrase names and the store's folder; returns takes removed."""
        return self._remove_folder(self.root)

    def exists(self) -> bool:
        """True when at least one take is stored."""
        return bool(self.phrases())
