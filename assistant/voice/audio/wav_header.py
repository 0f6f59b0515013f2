"""The header of a WAV file: which PCM it holds and where its audio starts.

Read by hand rather than with :mod:`wave`, which refuses float samples and the
WAVE_FORMAT_EXTENSIBLE header sox writes above 16 bits, and which believes whatever sizes
a header claims. Here every field is checked against what can be converted
(:func:`~.pcm.check_format`) and against the file's real length, so a broken or hostile
header gives a clear :class:`~.pcm.UnsupportedFormat`, never a huge allocation or a hang.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from .pcm import ACCEPTED, UnsupportedFormat, check_format

PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE
MAX_CHUNKS = 256
"""Chunks (metadata, padding) allowed before the audio; real files have a handful."""
MAX_FMT_BYTES = 1024
UNKNOWN_SIZE = 0xFFFFFFFF
"""The data size written by programs streaming a WAV whose length they do not know yet."""


@dataclass(frozen=True)
class WavFormat:
    """The audio a WAV file holds."""

    rate: int
    """Frames per second."""
    channels: int
    width: int
    """Bytes per sample of one channel."""
    floating: bool
    """IEEE float samples rather than integers."""
    data_size: int = 0
    """Bytes of audio that follow the header (no more than the file really holds)."""


def read_header(handle: BinaryIO, name: str, file_size: int) -> WavFormat:
    """Read up to the start of the audio; ``handle`` is then at its first byte."""
    riff = handle.read(12)
    if not riff:
        raise UnsupportedFormat(f"{name} is empty (0 bytes): record the answer again, or "
                                "remove the file")
    if len(riff) < 12 or riff[:4] != b"RIFF" or riff[8:12] != b"WAVE":
        raise _refuse(name, "it does not begin with a RIFF/WAVE header")
    found: WavFormat | None = None
    for _ in range(MAX_CHUNKS):
        head = handle.read(8)
        if len(head) < 8:
            raise _refuse(name, "no audio data was found in it (cut short?)")
        kind, size = head[:4], int.from_bytes(head[4:], "little")
        if kind == b"fmt ":
            if not 16 <= size <= MAX_FMT_BYTES:
                raise _refuse(name, f"its format chunk is {size} bytes long")
            body = handle.read(size)
            if len(body) < size:
                raise _refuse(name, "it is cut short inside its format chunk")
            found = _format(body, name)
            handle.seek(size & 1, 1)
        elif kind == b"data":
            if found is None:
                raise _refuse(name, "its audio comes before its format chunk")
            left = max(0, file_size - handle.tell())
            size = left if size == UNKNOWN_SIZE else min(size, left)
            return WavFormat(found.rate, found.channels, found.width, found.floating, size)
        else:  # metadata: skipped without reading it
            handle.seek(size + (size & 1), 1)
    raise _refuse(name, f"more than {MAX_CHUNKS} chunks come before its audio")


def _format(body: bytes, name: str) -> WavFormat:
    tag, channels, rate, _byte_rate, align, bits = struct.unpack("<HHIIHH", body[:16])
    if tag == EXTENSIBLE:
        if len(body) < 26:
            raise _refuse(name, "its extensible format chunk is too short")
        tag = int.from_bytes(body[24:26], "little")  # the first field of the sub-format GUID
    if tag not in (PCM, FLOAT):
        raise _refuse(name, f"it is compressed or encoded (format {tag:#x}), not plain PCM")
    if channels == 0 or align == 0 or align % channels:
        raise _refuse(name, f"its {channels} channel(s) do not fit its {align}-byte frames")
    floating = tag == FLOAT
    # The container of one sample; a 24-bit sample may sit in 4 bytes.
    width = align // channels
    if bits == 0 or bits > 8 * width:
        raise _refuse(name, f"its {bits}-bit samples do not fit {width}-byte containers")
    try:
        check_format(rate, channels, width, floating)
    except UnsupportedFormat as exc:
        raise UnsupportedFormat(f"{name}: {exc}. Convert it: sox IN -r 16000 -c 1 -b 16 "
                                "OUT.wav") from None
    return WavFormat(rate, channels, width, floating)


def _refuse(name: str, why: str) -> UnsupportedFormat:
    return UnsupportedFormat(f"{name} is not a WAV file BackTalk can read: {why}; accepted: "
                             f"{ACCEPTED}. Convert it: sox IN -r 16000 -c 1 -b 16 OUT.wav")
