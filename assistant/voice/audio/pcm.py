"""The one audio format BackTalk works in, 16 kHz mono 16-bit little-endian PCM in whole
30 ms frames, and converting other PCM to it (whole, or block by block as it streams in)."""

from __future__ import annotations

import numpy as np

RATE = 16000
FRAME_SECONDS = 0.03
FRAME_SAMPLES = int(RATE * FRAME_SECONDS)
FRAME_BYTES = FRAME_SAMPLES * 2
MIN_RATE, MAX_RATE = 4000, 384000
MAX_CHANNELS = 64
ACCEPTED = (f"WAV with 8-bit unsigned, 16/24/32-bit signed integer or 32/64-bit float PCM, "
            f"{MIN_RATE}-{MAX_RATE} Hz, 1-{MAX_CHANNELS} channels")


class AudioError(Exception):
    """Audio cannot be read, written or captured."""


class UnsupportedFormat(AudioError):
    """Audio in a format that cannot be converted."""


def check_format(rate: int, channels: int, width: int, floating: bool = False) -> None:
    """Raise UnsupportedFormat unless audio of this kind can be converted.

    The bounds keep a wrong header harmless: a rate of 1 Hz or 4 GHz would otherwise ask
    for gigabytes of samples or of filter taps.
    """
    if not MIN_RATE <= rate <= MAX_RATE or not 1 <= channels <= MAX_CHANNELS:
        raise UnsupportedFormat(f"found {rate} Hz and {channels} channel(s); accepted: "
                                f"{ACCEPTED}")
    if width not in ((4, 8) if floating else (1, 2, 3, 4)):
        kind = "float" if floating else "integer"
        raise UnsupportedFormat(f"found {8 * width}-bit {kind} samples; accepted: {ACCEPTED}")


def _to_float(data: bytes, width: int, floating: bool = False) -> np.ndarray:
    """Samples of any supported width as float64 on the int16 scale."""
    usable = len(data) - len(data) % width
    if floating:
        kind = "<f4" if width == 4 else "<f8"
        values = np.frombuffer(data, kind, usable // width).astype(np.float64)
        # NaN and infinity (a broken file) become silence and full scale, not errors.
        return np.nan_to_num(values, nan=0.0, posinf=1.0, neginf=-1.0).clip(-1.0, 1.0) * 32768.0
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


def to_pcm16k(samples: bytes, rate: int, channels: int, width: int,
              floating: bool = False) -> bytes:
    """Convert interleaved PCM (8-bit unsigned, 16/24/32-bit signed LE, 32/64-bit float) to
    16 kHz mono s16le."""
    check_format(rate, channels, width, floating)
    x = _to_float(samples, width, floating)
    x = x[: len(x) - len(x) % channels].reshape(-1, channels).mean(axis=1)
    if not len(x):  # numpy's convolve and interp refuse empty input
        return b""
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
            x = np.convolve(x, self._taps, mode="valid") if len(x) >= len(self._taps) \
                else np.zeros(0)
        buf = np.concatenate([self._tail, x])
        count = int((len(buf) - 1 - self._pos) // self._step) + 1 if len(buf) > self._pos else 0
        out = (np.interp(self._pos + self._step * np.arange(count), np.arange(len(buf)), buf)
               if count else np.zeros(0))
        after = self._pos + self._step * count
        drop = min(int(after), len(buf))
        self._tail, self._pos = buf[drop:], after - drop
        return out


class StreamTo16k:
    """:func:`to_pcm16k` block by block, for a file of any length in bounded memory.

    Feed raw interleaved bytes in blocks of any size, then call :meth:`finish`: together
    they give as many samples as :func:`to_pcm16k` of the whole, and the same samples
    within rounding.
    """

    def __init__(self, rate: int, channels: int, width: int, floating: bool = False) -> None:
        check_format(rate, channels, width, floating)
        self._rate, self._channels, self._width, self._floating = rate, channels, width, floating
        self._resample = Resampler(rate)
        taps = _lowpass(rate)
        self._delay = 0 if taps is None else (len(taps) - 1) // 2
        self._partial = b""  # the start of a frame cut by the block boundary
        self._pending = np.zeros(0)  # samples made but not yet due (see _due)
        self._frames = 0
        self._given = 0
        self._last = 0.0

    def _due(self, made: np.ndarray, total: int | None = None) -> bytes:
        # The resampler may run one sample ahead of what the whole-file count allows.
        self._pending = np.concatenate([self._pending, made])
        allowed = (total if total is not None else self._frames * RATE // self._rate)
        out, self._pending = (self._pending[: allowed - self._given],
                              self._pending[allowed - self._given:])
        self._given += len(out)
        if len(out):
            self._last = float(out[-1])
        return to_s16le(out)

    def feed(self, raw: bytes) -> bytes:
        raw = self._partial + raw
        frame = self._channels * self._width
        usable = len(raw) - len(raw) % frame
        self._partial = raw[usable:]
        x = _to_float(raw[:usable], self._width, self._floating)
        x = x.reshape(-1, self._channels).mean(axis=1)
        self._frames += len(x)
        return self._due(self._resample(x))

    def finish(self) -> bytes:
        """The last samples: the filter's tail, as the whole-file conversion pads it."""
        total = self._frames * RATE // self._rate
        out = self._due(self._resample(np.zeros(self._delay)), total)
        short = total - self._given
        if short > 0:  # the last positions fall past the last input: hold its value
            out += self._due(np.full(short, self._last), total)
        return out
