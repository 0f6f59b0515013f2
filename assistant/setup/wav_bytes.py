"""Mono 16-bit PCM wrapped as the bytes of a WAV file, for whoever then writes them."""

from __future__ import annotations

import io
import wave


def mono_wav(pcm: bytes, rate: int) -> bytes:
    """The whole WAV file holding ``pcm`` (mono s16le at ``rate`` Hz)."""
    blob = io.BytesIO()
    with wave.open(blob, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return blob.getvalue()
