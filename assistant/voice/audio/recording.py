"""A take recorded elsewhere, in the format the device saved it: a phone's voice memo
(.m4a, AAC), an Android recorder's .3gp or .amr, .mp3, .ogg or .opus, .flac, .webm, or a WAV.

A caregiver who records the person's answers on a phone gets one of these, not a WAV.
WAV files are read by :mod:`.wav`; the others are decoded by PyAV (FFmpeg's libraries,
in the wheel faster-whisper already depends on) and resampled to 16 kHz mono s16le. A
take is one answer: a file longer than :data:`LONGEST` seconds is refused rather than
decoded whole (a whole memo recorded by mistake, or a film in the wrong folder).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any

from .pcm import RATE, AudioError
from .wav import WavReader, open_regular

DECODED = (".m4a", ".mp4", ".aac", ".3gp", ".3ga", ".amr", ".mp3", ".ogg", ".oga", ".opus",
           ".flac", ".webm")
"""Suffixes of the recordings phones and computers save, decoded with PyAV."""
SUFFIXES = (".wav", *DECODED)
LONGEST = 30.0
"""Seconds a take may last: an answer said a few times over fits many times in it."""


class TooLong(AudioError):
    """The recording lasts longer than :data:`LONGEST` seconds."""


def is_recording(path: Path) -> bool:
    """Whether ``path`` is named like a recording BackTalk can read."""
    return path.suffix.lower() in SUFFIXES


def read_recording(path: Path) -> bytes:
    """The audio of the recording at ``path`` as 16 kHz mono s16le. Raises AudioError when
    it cannot be read as sound, :class:`TooLong` past :data:`LONGEST` seconds."""
    if path.suffix.lower() not in DECODED:
        return _wav(path)
    try:
        import av
    except ImportError as exc:
        raise AudioError(f"{path.name}: reading {path.suffix} recordings needs PyAV "
                         "(pip install av), or save the recording as WAV") from exc
    with open_regular(path) as handle:
        try:
            return _decoded(av, handle, path)
        except (av.FFmpegError, ValueError, OSError) as exc:
            raise AudioError(f"{path.name} cannot be read as a recording ({exc})") from exc


def _wav(path: Path) -> bytes:
    """A WAV file's audio, read no further than :data:`LONGEST` seconds."""
    with WavReader(path) as reader:
        return _bounded(path, iter(reader.read, None))


def _decoded(av: Any, handle: Any, path: Path) -> bytes:
    with av.open(handle, mode="r") as container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if stream is None:
            raise AudioError(f"{path.name} holds no sound")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        # None at the end flushes what the resampler holds back.
        return _bounded(path, (out.to_ndarray().tobytes()
                               for frame in chain(container.decode(stream), [None])
                               for out in resampler.resample(frame)))


def _bounded(path: Path, blocks: Iterable[bytes]) -> bytes:
    """``blocks`` joined, read no further than :data:`LONGEST` seconds (:class:`TooLong`)."""
    kept: list[bytes] = []
    size = 0
    for block in blocks:
        kept.append(block)
        size += len(block)
        if size > LONGEST * RATE * 2:
            raise TooLong(f"{path.name} lasts more than {LONGEST:.0f} s: a take is one answer")
    return b"".join(kept)
