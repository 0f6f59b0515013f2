"""WAV files: any PCM WAV read as a stream of 16 kHz mono s16le, and mono s16le written.

A file is read block by block, so an hour-long recording takes no more memory than a
short one. It is opened without waiting (a FIFO named ``.wav`` would otherwise block until
something writes to it) and must be a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from ...setup.private_files import write_private
from ...setup.wav_bytes import mono_wav
from .pcm import RATE, AudioError, StreamTo16k
from .wav_header import WavFormat, read_header

BLOCK_BYTES = 1 << 18
"""Bytes read at a time: a bound on memory whatever the file's length."""


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading; AudioError unless it is a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise AudioError(f"cannot read {path}: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a device or socket")
        raise AudioError(f"{path} is {kind}, not a WAV file")
    return os.fdopen(fd, "rb")


class WavReader:
    """A WAV file's audio as 16 kHz mono s16le, a block at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._file = open_regular(self.path)
        try:
            size = os.fstat(self._file.fileno()).st_size
            self.format: WavFormat = read_header(self._file, str(self.path), size)
            self._convert = StreamTo16k(self.format.rate, self.format.channels,
                                        self.format.width, self.format.floating)
        except BaseException:
            self._file.close()
            raise
        self._left = self.format.data_size
        self._ended = False

    def read(self) -> bytes | None:
        """The next block of converted audio (maybe empty); None once the file has ended."""
        if self._ended:
            return None
        try:
            raw = self._file.read(min(BLOCK_BYTES, self._left)) if self._left else b""
        except OSError as exc:
            raise AudioError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        if not raw:  # the end, or a file shorter than its header says
            self._ended = True
            self.close()
            return self._convert.finish()
        self._left -= len(raw)
        return self._convert.feed(raw)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> WavReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def read_wav(path: str | Path) -> bytes:
    """The whole audio of a PCM WAV file as 16 kHz mono s16le."""
    blocks = []
    with WavReader(path) as reader:
        while (block := reader.read()) is not None:
            blocks.append(block)
    return b"".join(blocks)


def write_wav(path: str | Path, pcm: bytes, rate: int = RATE) -> None:
    """Write mono s16le PCM to a private WAV file (0600), whole, replacing only a WAV file
    (never following a link there)."""
    write_private(Path(path), mono_wav(pcm, rate), may_replace=_is_wav)


def _is_wav(path: Path) -> bool:
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
