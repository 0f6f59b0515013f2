"""WAV files: reading any integer PCM WAV as 16 kHz mono s16le, and writing mono s16le."""

from __future__ import annotations

import io
import wave
from pathlib import Path

from .pcm import ACCEPTED, RATE, UnsupportedFormat, to_pcm16k


def read_wav(path: str | Path) -> bytes:
    """The audio of a PCM WAV file as 16 kHz mono s16le."""
    path = Path(path)
    blob = path.read_bytes()
    if blob[12:16] == b"fmt " and blob[20:22] == b"\xfe\xff" and blob[44:46] == b"\x01\x00":
        # WAVE_FORMAT_EXTENSIBLE holding plain PCM (sox writes it above 16 bits): wave
        # before Python 3.12 refuses it, so it is read as the PCM it is.
        blob = blob[:20] + b"\x01\x00" + blob[22:]
    try:
        with wave.open(io.BytesIO(blob), "rb") as wav:
            rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
            data = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise UnsupportedFormat(f"{path} is not a PCM WAV file ({exc or 'cut short'}); "
                                f"accepted: {ACCEPTED}. Convert it: sox IN -b 16 OUT.wav") from exc
    return to_pcm16k(data, rate, channels, width)


def write_wav(path: str | Path, pcm: bytes, rate: int = RATE) -> None:
    """Write mono s16le PCM to a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
