"""Where answers come from, and the sources that need no device: a WAV file, silence, and
several sources one after another. The microphone is :mod:`.microphone`.

Every source hands out whole 30 ms frames (:data:`~.pcm.FRAME_BYTES`), so endpointing and
the recognizers never see a partial frame, whatever the device's native rate.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol, runtime_checkable

from .pcm import FRAME_BYTES, FRAME_SECONDS
from .wav import WavReader


@runtime_checkable
class AudioSource(Protocol):
    """Where answers come from: 16 kHz mono s16le in whole 30 ms frames."""

    def read(self, timeout: float) -> bytes | None:
        """The next frames; b"" if none arrived within ``timeout`` s; None once ended."""

    def discard_pending(self) -> None:
        """Drop everything captured so far (called when the assistant stops speaking)."""

    def close(self) -> None:
        """Release the source."""


class WavSource:
    """A WAV file's audio (converted to 16 kHz mono; the last frame padded with zeros).

    The file is read as it is used, so a long one costs no more memory than a short one;
    its header is checked at once.
    """

    def __init__(self, path: str | Path) -> None:
        self._reader: WavReader | None = WavReader(path)
        self._buffer = bytearray()

    def read(self, timeout: float) -> bytes | None:
        while len(self._buffer) < FRAME_BYTES and self._reader is not None:
            block = self._reader.read()
            if block is None:
                self._reader = None
                self._buffer += bytes(-len(self._buffer) % FRAME_BYTES)
            else:
                self._buffer += block
        if not self._buffer:
            return None
        frame = bytes(self._buffer[:FRAME_BYTES])
        del self._buffer[:FRAME_BYTES]
        return frame

    def discard_pending(self) -> None:
        """Nothing is captured behind the reader's back in a file."""

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._buffer.clear()


class SilenceSource:
    """Digital silence for ``seconds`` (rounded to whole frames), or endless with None."""

    def __init__(self, seconds: float | None = None) -> None:
        self._left = None if seconds is None else round(seconds / FRAME_SECONDS)

    def read(self, timeout: float) -> bytes | None:
        if self._left is not None:
            if self._left <= 0:
                return None
            self._left -= 1
        return bytes(FRAME_BYTES)

    def discard_pending(self) -> None:
        """Silence has nothing captured to drop."""

    def close(self) -> None:
        self._left = 0


class ChainSource:
    """Several sources, one after another."""

    def __init__(self, *sources: AudioSource) -> None:
        self._sources = list(sources)
        self._index = 0

    def read(self, timeout: float) -> bytes | None:
        while self._index < len(self._sources):
            chunk = self._sources[self._index].read(timeout)
            if chunk is not None:
                return chunk
            self._index += 1
        return None

    def discard_pending(self) -> None:
        if self._index < len(self._sources):
            self._sources[self._index].discard_pending()

    def close(self) -> None:
        for source in self._sources:
            source.close()
        self._index = len(self._sources)


class PacedSource:
    """Another source's frames, each handed out only once a microphone would have heard it
    whole (real time from the first read): for measuring how long a person waits, and for
    testing what is done while they are silent, with recorded answers."""

    def __init__(self, source: AudioSource) -> None:
        self._source = source
        self.started: float | None = None
        """``time.perf_counter()`` of the first read: audio time 0."""
        self._frames = 0

    def read(self, timeout: float) -> bytes | None:
        if self.started is None:
            self.started = time.perf_counter()
        chunk = self._source.read(timeout)
        if chunk:
            self._frames += len(chunk) // FRAME_BYTES
            time.sleep(max(0.0, self.started + self._frames * FRAME_SECONDS - time.perf_counter()))
        return chunk

    def heard_at(self, seconds: float) -> float:
        """``time.perf_counter()`` at which a microphone would have heard ``seconds`` of audio."""
        return (self.started or time.perf_counter()) + seconds

    def discard_pending(self) -> None:
        self._source.discard_pending()

    def close(self) -> None:
        self._source.close()
