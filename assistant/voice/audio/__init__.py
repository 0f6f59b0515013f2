"""Sources of 16 kHz mono 16-bit little-endian PCM: microphone, WAV file, silence.

:mod:`.pcm` is the format and the conversion to it, :mod:`.wav` WAV files (their header
in :mod:`.wav_header`), :mod:`.sources` the sources that need no device, and
:mod:`.microphone` the sound devices and recording from one. Their public names are all
importable from here.
"""

from .microphone import (
    LASTING_FAULTS,
    Device,
    DeviceBusy,
    MicrophoneLost,
    MicrophoneSource,
    NoInputDevice,
    PortAudioMissing,
    list_devices,
    pick_input_device,
)
from .pcm import (
    ACCEPTED,
    FRAME_BYTES,
    FRAME_SAMPLES,
    FRAME_SECONDS,
    RATE,
    AudioError,
    Resampler,
    UnsupportedFormat,
    to_pcm16k,
    to_s16le,
)
from .portaudio_wait import SoundSystemHung
from .sources import AudioSource, ChainSource, PacedSource, SilenceSource, WavSource
from .wav import WavReader, read_wav, write_wav

__all__ = [
    "ACCEPTED", "FRAME_BYTES", "FRAME_SAMPLES", "FRAME_SECONDS", "LASTING_FAULTS", "RATE",
    "AudioError", "AudioSource", "ChainSource", "Device", "DeviceBusy", "MicrophoneLost",
    "MicrophoneSource", "NoInputDevice", "PacedSource",
    "PortAudioMissing", "Resampler", "SilenceSource", "SoundSystemHung", "UnsupportedFormat",
    "WavReader", "WavSource",
    "list_devices", "pick_input_device", "read_wav", "to_pcm16k", "to_s16le", "write_wav",
]
