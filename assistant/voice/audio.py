"""Sources of 16 kHz mono 16-bit little-endian PCM: microphone, WAV file, silence.

Every source hands out whole 30 ms frames (:data:`FRAME_BYTES`), so endpointing and
the recognizers never see a partial frame, whatever the device's native rate.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
import time
import wave
import weakref
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)

RATE = 16000
FRAME_SECONDS = 0.03
FRAME_SAMPLES = int(RATE * FRAME_SECONDS)
FRAME_BYTES = FRAME_SAMPLES * 2
ACCEPTED = "WAV with 8-bit unsigned or 16/24/32-bit signed integer PCM, any rate and channels"


class AudioError(Exception):
    """Audio cannot be read, written or captured."""


class PortAudioMissing(AudioError):
    """The PortAudio library that sounddevice needs is not installed."""


class NoInputDevice(AudioError):
    """No microphone matches what was asked for."""


class DeviceBusy(AudioError):
    """The device exists but cannot be opened now."""


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


def _to_bytes(samples: np.ndarray) -> bytes:
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
        return _to_bytes(x)
    taps = _lowpass(rate)
    if taps is not None:
        # A full convolution sliced back to the input keeps the filter delay-free.
        delay = (len(taps) - 1) // 2
        x = np.convolve(x, taps)[delay: delay + len(x)]
    count = len(x) * RATE // rate
    return _to_bytes(np.interp(np.arange(count) * (rate / RATE), np.arange(len(x)), x))


class _Resampler:
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
    """A WAV file's audio (converted to 16 kHz mono; the last frame padded with zeros)."""

    def __init__(self, path: str | Path) -> None:
        pcm = read_wav(path)
        self._pcm = pcm + bytes(-len(pcm) % FRAME_BYTES)
        self._pos = 0

    def read(self, timeout: float) -> bytes | None:
        if self._pos >= len(self._pcm):
            return None
        self._pos += FRAME_BYTES
        return self._pcm[self._pos - FRAME_BYTES: self._pos]

    def discard_pending(self) -> None:
        """Nothing is captured behind the reader's back in a file."""

    def close(self) -> None:
        self._pos = len(self._pcm)


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


_sd: ModuleType | None = None
_open_streams: weakref.WeakSet[MicrophoneSource] = weakref.WeakSet()


def _sounddevice() -> ModuleType:
    """sounddevice, imported on first use so WAV work needs no PortAudio."""
    global _sd
    if _sd is None:
        try:
            import sounddevice
        except OSError as exc:
            raise PortAudioMissing("the PortAudio library was not found; install "
                                   "libportaudio2: sudo apt-get install libportaudio2") from exc
        _sd = sounddevice
    return _sd


@dataclass
class Device:
    """A sound device as PortAudio sees it."""

    index: int
    """PortAudio's number for it (valid until the devices are scanned again)."""
    name: str
    """Its name, e.g. ``USB PnP Sound Device: Audio (hw:1,0)``, ``pulse`` or ``default``."""
    max_input_channels: int
    """How many channels it can record (0: not a microphone)."""
    max_output_channels: int
    """How many channels it can play."""
    default_samplerate: float
    """The rate it records at unless told otherwise."""
    is_default_input: bool
    """Whether it is the system's default microphone."""
    is_default_output: bool
    """Whether it is the system's default speaker."""


def _default_index(sd: ModuleType, kind: str) -> int:
    try:
        return int(sd.query_devices(kind=kind)["index"])
    except (sd.PortAudioError, ValueError):
        return -1


def list_devices(rescan: bool = False) -> list[Device]:
    """Every device PortAudio knows; ``rescan`` first looks again (e.g. a mic plugged in later)."""
    sd = _sounddevice()
    if rescan:
        if _open_streams:
            raise DeviceBusy("cannot look for new devices while a microphone is open; "
                             "close it first")
        # PortAudio lists devices only when it starts, so restart it.
        sd._terminate()
        sd._initialize()
    default_in, default_out = _default_index(sd, "input"), _default_index(sd, "output")
    return [Device(int(info["index"]), str(info["name"]), int(info["max_input_channels"]),
                   int(info["max_output_channels"]), float(info["default_samplerate"]),
                   info["index"] == default_in, info["index"] == default_out)
            for info in sd.query_devices()]


def _no_device(wanted: str, devices: list[Device]) -> NoInputDevice:
    inputs = [f"{d.index}: {d.name!r}" for d in devices if d.max_input_channels > 0]
    if not inputs:
        return NoInputDevice(f"no input device ({wanted}): none were found. Check that the USB "
                             "microphone is plugged in and listed by `arecord -l`, then retry")
    return NoInputDevice(f"no input device {wanted}; input devices: {', '.join(inputs)}. "
                         "Configure the microphone as part of one of these names")


def pick_input_device(spec: int | str | None) -> Device:
    """The input device with index ``spec``, or with ``spec`` in its name; None: the default."""

    def find(devices: list[Device]) -> Device | None:
        inputs = [d for d in devices if d.max_input_channels > 0]
        if spec is None:
            return next((d for d in inputs if d.is_default_input), None)
        if isinstance(spec, int):
            return next((d for d in inputs if d.index == spec), None)
        matches = ([d for d in inputs if d.name.lower() == spec.lower()]
                   or [d for d in inputs if spec.lower() in d.name.lower()])
        return matches[0] if matches else None

    devices = list_devices()
    found = find(devices)
    if found is None and not _open_streams:
        devices = list_devices(rescan=True)
        found = find(devices)
    if found is None:
        wanted = "is the default" if spec is None else f"matches {spec!r}"
        raise _no_device(wanted, devices)
    return found


_UNAVAILABLE = (-9985, -9996, -9999)  # PortAudio: unavailable, gone since the scan, host error
_BAD_FORMAT = (-9997, -9998, -9994)  # invalid rate, channel count, sample format
_MAX_QUEUED = 120.0  # seconds of audio kept for a reader that does not read


class MicrophoneSource:
    """A live microphone through sounddevice, converted to 16 kHz mono s16le.

    It records at the device's own rate (PortAudio does not resample) and converts here;
    the callback only queues bytes so a slow machine does not overflow the input.
    """

    def __init__(self, device: int | str | None = None, rate: int | None = None) -> None:
        sd = _sounddevice()
        self.device = pick_input_device(device)
        self.rate = int(rate or self.device.default_samplerate)
        self.overflows = 0
        """Times audio was lost: input overflows, or a full queue that nobody read."""
        self._reported = 0
        blocksize = int(self.rate * FRAME_SECONDS)
        self._queue: queue.Queue[bytes] = queue.Queue(int(_MAX_QUEUED / FRAME_SECONDS))
        self._resample = _Resampler(self.rate)
        self._pending = b""
        self._finished = threading.Event()
        try:
            self._stream = sd.RawInputStream(
                device=self.device.index, samplerate=self.rate, channels=1, dtype="int16",
                blocksize=blocksize, callback=self._callback,
                finished_callback=self._finished.set)
        except sd.PortAudioError as exc:
            raise self._open_error(exc) from exc
        try:
            self._stream.start()
        except sd.PortAudioError as exc:
            self._stream.close()
            raise self._open_error(exc) from exc
        _open_streams.add(self)
        log.info("listening on %d %r at %d Hz", self.device.index, self.device.name, self.rate)

    def _open_error(self, exc: Any) -> AudioError:
        code = exc.args[1] if len(exc.args) > 1 else None
        where = f"{self.device.name!r} (device {self.device.index})"
        if code in _BAD_FORMAT:
            return UnsupportedFormat(
                f"{where} refused mono 16-bit at {self.rate} Hz ({exc}); accepted: its own "
                f"rate ({self.device.default_samplerate:g} Hz: leave the rate unset) or use "
                "the 'pulse' or 'default' device, which converts")
        if code in _UNAVAILABLE or "busy" in str(exc).lower():
            return DeviceBusy(f"{where} is busy or unavailable ({exc}); close other programs "
                              "recording from it, or use the 'pulse' or 'default' device")
        return AudioError(f"cannot record from {where}: {exc}")

    def _callback(self, data: Any, frames: int, when: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        try:
            self._queue.put_nowait(bytes(data))
        except queue.Full:
            self.overflows += 1

    def read(self, timeout: float) -> bytes | None:
        if self not in _open_streams:
            return None
        deadline = time.monotonic() + timeout
        while len(self._pending) < FRAME_BYTES:
            try:
                blocks = [self._queue.get(timeout=max(0.0, deadline - time.monotonic()))]
            except queue.Empty:
                if self._finished.is_set() and not self._pending:
                    return None
                return b""
            while not self._queue.empty():
                blocks.append(self._queue.get_nowait())
            samples = np.frombuffer(b"".join(blocks), "<i2").astype(np.float64)
            self._pending += _to_bytes(self._resample(samples))
        if self.overflows > self._reported:
            self._reported = self.overflows
            log.warning("the microphone lost audio %d times (input overflow)", self.overflows)
        # One frame per read, so a reader that stops mid-way leaves the rest queued.
        chunk, self._pending = self._pending[:FRAME_BYTES], self._pending[FRAME_BYTES:]
        return chunk

    def discard_pending(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()
        self._pending = b""
        self._resample = _Resampler(self.rate)

    def close(self) -> None:
        if self in _open_streams:
            _open_streams.discard(self)
            self._stream.close()
            self._finished.set()
