"""The recordings a benchmark reads, in every format BackTalk reads a take in.

Someone measuring BackTalk on their own recordings of people may have them as a phone
saved them (.m4a, .3gp, .amr), as Common Voice ships them (.mp3) or as FLAC, not only as
WAV; the benchmark hears them all, as ``backtalk enroll --from`` does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..voice.audio.recording import is_recording, read_recording
from ..voice.audio.wav import read_wav, write_wav


def recordings_in(folder: Path, pattern: str = "*") -> list[Path]:
    """The recordings in ``folder`` whose names fit ``pattern``, in name order (other
    files, a README or a list, are passed over)."""
    return sorted(p for p in Path(folder).glob(pattern) if is_recording(p) and p.is_file())


def is_wav(path: Path) -> bool:
    return path.suffix.lower() == ".wav"


def clip_pcm(path: Path) -> bytes:
    """A recording as 16 kHz mono s16le: a WAV whole, whatever its length (a noise
    recording may last minutes), any other format as a take is read."""
    return read_wav(path) if is_wav(path) else read_recording(path)


def as_wav(clip: Path, wav: Path) -> None:
    """Put ``clip`` at ``wav`` as a WAV file: linked when it is one, else decoded."""
    if not is_wav(clip):
        write_wav(wav, clip_pcm(clip))
        return
    try:
        os.symlink(clip.resolve(), wav)
    except OSError:  # file systems without symbolic links
        shutil.copyfile(clip, wav)
