"""The microphone: the sound devices PortAudio knows (through sounddevice), choosing one,
and recording from it as 16 kHz mono s16le in whole 30 ms frames."""

from __future__ import annotations

import importlib
import logging
import queue
import threading
import time
import weakref
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from .pcm import FRAME_BYTES, FRAME_SECONDS, AudioError, Resampler, UnsupportedFormat, to_s16le
from .portaudio_wait import SoundSystemHung, within

log = logging.getLogger(__name__)


class PortAudioMissing(AudioError):
    """The PortAudio library that sounddevice needs is not installed."""


class NoInputDevice(AudioError):
    """No microphone matches what was asked for."""


class DeviceBusy(AudioError):
    """The device exists but cannot be opened now."""


class MicrophoneLost(AudioError):
    """The recording stopped by itself: the device was unplugged or its sound server ended.
    A microphone never runs out of sound, so this is a failure, not the end of input."""


LASTING_FAULTS: tuple[type[AudioError], ...] = (PortAudioMissing, UnsupportedFormat)
"""Faults that never pass by themselves (waiting for the microphone would not help)."""

_sd: ModuleType | None = None
_open_streams: weakref.WeakSet[MicrophoneSource] = weakref.WeakSet()


def _sounddevice() -> ModuleType:
    """sounddevice, imported on first use so WAV work needs no PortAudio."""
    global _sd
    if _sd is None:
        try:
            sounddevice = within(lambda: importlib.import_module("sounddevice"),
                                 "PortAudio looked for sound devices")
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
        within(lambda: (sd._terminate(), sd._initialize()),
               "PortAudio looked for sound devices again")
    default_in, default_out = _default_index(sd, "input"), _default_index(sd, "output")
    return [Device(int(info["index"]), str(info["name"]), int(info["max_input_channels"]),
                   int(info["max_output_channels"]), float(info["default_samplerate"]),
                   info["index"] == default_in, info["index"] == default_out)
            for info in sd.query_devices()]


def _no_device(wanted: str, devices: list[Device]) -> NoInputDevice:
    inputs = [f"{d.index}: {d.name!r}" for d in devices if d.max_input_channels > 0]
    if not inputs:
        return NoInputDevice("no input device was found at all. Check that the USB microphone "
                             "is plugged in and listed by `arecord -l`, then retry")
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
CLOSE_WAIT = 5.0  # seconds given to PortAudio to close a stream whose sound server hangs


class MicrophoneSource:
    """A live microphone through sounddevice, converted to 16 kHz mono s16le.

    It records at the device's own rate (PortAudio does not resample) and converts here;
    the callback only queues bytes so a slow machine does not overflow the input.
    """

    def __init__(self, device: int | str | None = None, rate: int | None = None) -> None:
        sd = _sounddevice()
        self.asked = device
        """The device as asked for (index, part of a name, or None), to open it again."""
        self.device = pick_input_device(device)
        self.rate = int(rate or self.device.default_samplerate)
        self.overflows = 0
        """Times audio was lost: input overflows, or a full queue that nobody read."""
        self._reported = 0
        blocksize = int(self.rate * FRAME_SECONDS)
        self._queue: queue.Queue[bytes] = queue.Queue(int(_MAX_QUEUED / FRAME_SECONDS))
        self._resample = Resampler(self.rate)
        self._pending = b""
        self._finished = threading.Event()
        self.left_open = False
        """The stream could not be closed within CLOSE_WAIT: its sound server hangs."""
        opening = f"the microphone {self.device.name!r} was opened"
        try:
            self._stream = within(lambda: sd.RawInputStream(
                device=self.device.index, samplerate=self.rate, channels=1, dtype="int16",
                blocksize=blocksize, callback=self._callback,
                finished_callback=self._finished.set), opening)
        except sd.PortAudioError as exc:
            raise self._open_error(exc) from exc
        try:
            within(self._stream.start, opening)
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
                if self._finished.is_set():
                    raise MicrophoneLost(
                        f"the microphone {self.device.name!r} stopped sending sound (was it "
                        "unplugged, or did its sound server stop?)") from None
                return b""
            while not self._queue.empty():
                blocks.append(self._queue.get_nowait())
            samples = np.frombuffer(b"".join(blocks), "<i2").astype(np.float64)
            self._pending += to_s16le(self._resample(samples))
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
        self._resample = Resampler(self.rate)

    def close(self) -> None:
        if self in _open_streams:
            _open_streams.discard(self)
            try:
                # BackTalk must still end on a sound server that hangs (for the service
                # to start it afresh): the stream is then left to its thread.
                within(self._stream.close, f"the microphone {self.device.name!r} was "
                       "closed", CLOSE_WAIT)
            except SoundSystemHung as exc:
                self.left_open = True
                log.warning("%s; it is left open", exc)
            self._finished.set()
