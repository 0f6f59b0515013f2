"""The one audio format BackTalk works in, 16 kHz mono 16-bit little-endian PCM in whole
30 ms frames, and converting other integer PCM to it (whole, or block by block as it
streams in)."""

from __future__ import annotations

import numpy as np

RATE = 16000
FRAME_SECONDS = 0.03
FRAME_SAMPLES = int(RATE * FRAME_SECONDS)
FRAME_BYTES = FRAME_SAMPLES * 2
ACCEPTED = "WAV with 8-bit unsigned or 16/24/32-bit signed integer PCM, any rate and channels"


class AudioError(Exception):
    """Audio cannot be read, written or captured."""


class UnsupportedFormat(AudioError):
    """Audio in a format that cannot be converted."""


def _to_float(data: bytes, width: int) -> np.ndarray:
    """Samples of any supported width as float64 on the int16 scale."""
    usable = len(data) - len(data) % width
    if width == 1:
        return (np.frombuffer(data, np.uint8, usable).astype(np.float64) - 128.0) * 256.0
    if width == 2:
        return np.frombuffer(data, "<i2", usable // 2).astype(np.float64)
    if width == 3:
        raw = np.frombuffer(data, np.uint8, usable).reshape(-1, 3).astype(np.int32)
        value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        return np.where(value >= 1 << 23, value - (1 << 24), value) / 256.0
    if width == 4:
        return np.frombuffer(data, "<i4", usable // 4).astype(np.float64) / 65536.0
    raise UnsupportedFormat(f"found {8 * width}-bit samples; accepted: {ACCEPTED}")


def to_s16le(samples: np.ndarray) -> bytes:
    """Float samples on the int16 scale as s16le bytes, rounded and clipped."""
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def _lowpass(rate: int) -> np.ndarray | None:
    """Kaiser-windowed sinc at 7 kHz: keeps speech, stops what would alias below 8 kHz."""
    if rate <= RATE:
        return None
    cutoff = 7000 / rate
    count = (rate // 400) | 1
    t = np.arange(count) - (count - 1) / 2
    taps = 2 * cutoff * np.sinc(2 * cutoff * t) * np.kaiser(count, 8.0)
    return np.asarray(taps / taps.sum())


def to_pcm16k(samples: bytes, rate: int, channels: int, width: int) -> bytes:
    """Convert interleaved PCM (8-bit unsigned, 16/24/32-bit signed LE) to 16 kHz mono s16le."""
    if rate <= 0 or channels <= 0:
        raise UnsupportedFormat(f"found rate {rate} Hz and {channels} channels; accepted: "
                                "a positive rate and at least one channel")
    x = _to_float(samples, width)
    x = x[: len(x) - len(x) % channels].reshape(-1, channels).mean(axis=1)
    if rate == RATE:
        return to_s16le(x)
    taps = _lowpass(rate)
    if taps is not None:
        # A full convolution sliced back to the input keeps the filter delay-free.
        delay = (len(taps) - 1) // 2
        x = np.convolve(x, taps)[delay: delay + len(x)]
    count = len(x) * RATE // rate
    return to_s16le(np.interp(np.arange(count) * (rate / RATE), np.arange(len(x)), x))


class Resampler:
    """The streaming form of :func:`to_pcm16k` for mono float blocks of a live stream."""

    def __init__(self, rate: int) -> None:
        self._step = rate / RATE
        self._taps = _lowpass(rate)
        self._history = np.zeros(0 if self._taps is None else len(self._taps) - 1)
        self._tail = np.zeros(0)
        # Start half a filter late: the filter's delay, so the stream lines up with to_pcm16k.
        self._pos = 0.0 if self._taps is None else (len(self._taps) - 1) / 2

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if self._step == 1.0:
            return x
        if self._taps is not None:
            x = np.concatenate([self._history, x])
            self._history = x[len(x) - len(self._history):]
            x = np.convolve(x, self._taps, mode="valid")
        buf = np.concatenate([self._tail, x])
        count = int((len(buf) - 1 - self._pos) // self._step) + 1 if len(buf) > self._pos else 0
        out = np.interp(self._pos + self._step * np.arange(count), np.arange(len(buf)), buf)
        after = self._pos + self._step * count
        drop = min(int(after), len(buf))
        self._tail, self._pos = buf[drop:], after - drop
        return out
