"""Recordings of answers with noise mixed in at a chosen signal-to-noise ratio.

The endpointer and the recognizers must hear an answer in the rooms people really answer
in: steady hiss (white), the rumble of fans and traffic (pink) and other people talking
(babble). The kinds are made here from the shared recordings (``../shared/data/speech``):
babble from clips of speakers other than the one answering, and the Speech Commands
background clips (``commands/_noise_``) as they are.

Signals are float32 in -1..1 at 16 kHz. Only numpy and the standard library are used,
so tests and benchmarks in any layer can mix noise.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .recording_files import clip_pcm, recordings_in
from .split import belongs

RATE = 16000
NOISE_KINDS = ("white", "pink", "babble")
"""The kinds of noise the endpointer is measured in."""
NOISE_FOLDER = "_noise_"
ACTIVE_BELOW_PEAK = 30.0
"""dB: 10 ms frames this far below the loudest one are not the speech's active part
(the pauses and the silence around a word must not lower its measured power)."""
_FRAME = RATE // 100


class NoiseMixError(ValueError):
    """A mix that cannot be made (no clips to make babble from, silent speech...)."""


def read_clip(path: Path) -> np.ndarray:
    """A recording (a WAV at any rate, or another format BackTalk reads) as 16 kHz mono
    float32 in -1..1."""
    return np.frombuffer(clip_pcm(path), "<i2").astype(np.float32) / 32768.0


def frame_powers(signal: np.ndarray) -> np.ndarray:
    """The mean power of each whole 10 ms frame."""
    usable = len(signal) - len(signal) % _FRAME
    frames = signal[:usable].astype(np.float64).reshape(-1, _FRAME)
    return np.mean(frames * frames, axis=1)


def active_power(signal: np.ndarray) -> float:
    """Mean power over the frames within :data:`ACTIVE_BELOW_PEAK` dB of the loudest:
    the power of the speech itself, whatever silence surrounds it."""
    powers = frame_powers(signal)
    if not len(powers) or powers.max() <= 0:
        return 0.0
    active = powers[powers >= powers.max() * 10 ** (-ACTIVE_BELOW_PEAK / 10)]
    return float(active.mean())


def active_bounds(signal: np.ndarray, below_peak: float = ACTIVE_BELOW_PEAK
                  ) -> tuple[float, float]:
    """Seconds from the start of ``signal`` to the first and past the last 10 ms frame
    within ``below_peak`` dB of the loudest: where a clean word starts and ends."""
    powers = frame_powers(signal)
    if not len(powers) or powers.max() <= 0:
        raise NoiseMixError("the signal is silent")
    loud = np.flatnonzero(powers >= powers.max() * 10 ** (-below_peak / 10))
    return loud[0] * _FRAME / RATE, (loud[-1] + 1) * _FRAME / RATE


def fit(noise: np.ndarray, n: int) -> np.ndarray:
    """``noise`` looped or cut to ``n`` samples."""
    if not len(noise):
        raise NoiseMixError("the noise is empty")
    reps = -(-n // len(noise))
    return np.tile(noise, reps)[:n]


def scaled_noise(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """``noise`` looped or cut to the length of ``speech`` and scaled so that the power of
    the speech over its active part is ``snr_db`` dB above it: the noise :func:`mix`
    adds, also for hearing the noise alone at the level it has under the speech."""
    noise = fit(np.asarray(noise, dtype=np.float64), len(speech))
    signal_power = active_power(np.asarray(speech, dtype=np.float64))
    noise_power = float(np.mean(noise * noise))
    if signal_power <= 0:
        raise NoiseMixError("the speech is silent: no signal-to-noise ratio can be set")
    if noise_power <= 0:
        raise NoiseMixError("the noise is silent")
    return noise * np.sqrt(signal_power / (noise_power * 10 ** (snr_db / 10)))


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """``speech`` with ``noise`` (looped or cut to its length) added so that the power of
    the speech over its active part is ``snr_db`` dB above the power of the noise.

    If the sum would clip, the whole mix is made quieter (the ratio stays the same).
    """
    mixed = np.asarray(speech, dtype=np.float64) + scaled_noise(speech, noise, snr_db)
    peak = float(np.max(np.abs(mixed)))
    if peak > 0.99:
        mixed *= 0.99 / peak
    return mixed.astype(np.float32)


def place(speech: np.ndarray, before: float, after: float) -> np.ndarray:
    """``speech`` with ``before`` and ``after`` seconds of digital silence around it, so
    that noise mixed over the whole covers the time before and after the answer."""
    return np.concatenate([np.zeros(round(before * RATE), np.float32),
                           np.asarray(speech, np.float32),
                           np.zeros(round(after * RATE), np.float32)])


MICROPHONE_HISS = -70.0
"""dBFS of the white noise a microphone adds in a quiet room."""


def hiss(n: int, rng: np.random.Generator, dbfs: float = MICROPHONE_HISS) -> np.ndarray:
    """``n`` samples of a microphone's hiss: white Gaussian noise at ``dbfs`` (RMS)."""
    return rng.normal(0, 10 ** (dbfs / 20), n).astype(np.float32)


def _scaled(signal: np.ndarray, rms: float = 0.1) -> np.ndarray:
    level = float(np.sqrt(np.mean(signal.astype(np.float64) ** 2)))
    return (signal * (rms / level) if level > 0 else signal).astype(np.float32)


def white(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` samples of white Gaussian noise."""
    return _scaled(rng.standard_normal(n))


def pink(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` samples of pink noise (power falling 3 dB an octave): white noise shaped by
    1/sqrt(f) in the frequency domain, with no power below 20 Hz."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    shape = np.zeros_like(freqs)
    audible = freqs >= 20
    shape[audible] = 1 / np.sqrt(freqs[audible])
    return _scaled(np.fft.irfft(spectrum * shape, n))


def _commands(speech_dir: Path) -> Path:
    speech_dir = Path(speech_dir)
    return speech_dir / "commands" if (speech_dir / "commands").is_dir() else speech_dir


@lru_cache(maxsize=4)
def _speech_clips(commands: Path) -> tuple[Path, ...]:
    return tuple(path for path in recordings_in(commands, "*/*_nohash_*")
                 if path.parent.name != NOISE_FOLDER)


def _stream(clips: list[Path], n: int, rng: np.random.Generator) -> np.ndarray:
    """Random clips of ``clips``, each brought to one level, end to end to ``n`` samples."""
    parts: list[np.ndarray] = []
    total = 0
    while total < n:
        clip = read_clip(clips[int(rng.integers(len(clips)))])
        power = active_power(clip)
        if power <= 0:
            continue
        parts.append((clip / np.sqrt(power) * 0.1).astype(np.float32))
        total += len(clip)
    return np.concatenate(parts)[:n]


def babble(n: int, rng: np.random.Generator, speech_dir: Path, exclude_speaker: str,
           talkers: int = 4, half: str | None = None) -> np.ndarray:
    """``n`` samples of ``talkers`` people talking at once: streams of Speech Commands
    clips, never of ``exclude_speaker`` (and only of the speakers of ``half``, when
    given), summed. ``speech_dir`` is the recordings' folder (with ``commands/``) or its
    ``commands`` folder."""
    clips = [path for path in _speech_clips(_commands(speech_dir))
             if path.name.split("_nohash_", 1)[0] != exclude_speaker
             and belongs(path, half or "all")]
    if not clips:
        raise NoiseMixError(f"no speech clips of other speakers in {speech_dir}")
    streams = [_stream(clips, n, rng) for _ in range(max(1, talkers))]
    return _scaled(np.sum(streams, axis=0))


def noise_clip(n: int, rng: np.random.Generator, speech_dir: Path) -> np.ndarray:
    """``n`` samples of the recorded background noise (``commands/_noise_``), random
    clips end to end."""
    clips = recordings_in(_commands(speech_dir) / NOISE_FOLDER)
    if not clips:
        raise NoiseMixError(f"no noise clips in {_commands(speech_dir) / NOISE_FOLDER}")
    parts: list[np.ndarray] = []
    total = 0
    while total < n:
        clip = read_clip(clips[int(rng.integers(len(clips)))])
        parts.append(clip)
        total += len(clip)
    return _scaled(np.concatenate(parts)[:n])


def make_noise(kind: str, n: int, rng: np.random.Generator, speech_dir: Path,
               exclude_speaker: str) -> np.ndarray:
    """``n`` samples of one of :data:`NOISE_KINDS` (or ``"recorded"``: the ``_noise_``
    clips)."""
    if kind == "white":
        return white(n, rng)
    if kind == "pink":
        return pink(n, rng)
    if kind == "babble":
        return babble(n, rng, speech_dir, exclude_speaker)
    if kind == "recorded":
        return noise_clip(n, rng, speech_dir)
    raise NoiseMixError(f"unknown noise kind {kind!r}; known: {', '.join(NOISE_KINDS)}, "
                        "recorded")


def to_pcm(signal: np.ndarray) -> bytes:
    """Float samples in -1..1 as 16-bit little-endian PCM."""
    return (np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()
