"""Audio for the recognizer tests: real recordings, synthesised words and noise.

Everything comes back as the recognizers' input format: 16 kHz mono signed 16-bit PCM.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.asr.base import SAMPLE_RATE
from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.voice.channel import VoiceChannel, WavDirAnswers
from assistant.voice.endpoint import EndpointSettings
from assistant.voice.tts import Speaker

SPEECH_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech"
"""Recordings of real people (README there): ``commands/<word>/*.wav``, ``digits/*.wav``."""


def to_pcm16k(samples: np.ndarray, rate: int) -> bytes:
    """Mono int16 samples at ``rate`` -> 16 kHz s16le bytes.

    Linear interpolation is enough here: the clips are upsampled (8 kHz digits) or already
    at 16 kHz; synthesised speech goes through sox, which filters before downsampling.
    """
    if rate != SAMPLE_RATE:
        n_out = round(len(samples) * SAMPLE_RATE / rate)
        t_out = np.arange(n_out) * (rate / SAMPLE_RATE)
        samples = np.interp(t_out, np.arange(len(samples)), samples.astype(np.float64))
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


def load_wav(path: Path) -> bytes:
    """A 16-bit PCM WAV file (any rate, mono or stereo) as 16 kHz mono s16le."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit WAV files are supported")
        rate, channels = wav.getframerate(), wav.getnchannels()
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return to_pcm16k(data, rate)


def need_tools(*names: str) -> None:
    """Skip the calling test when a command-line tool is not installed."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian packages espeak-ng, sox)")


def _sox(source: list[str], effects: list[str]) -> bytes:
    """Run sox from ``source`` through ``effects`` to 16 kHz mono s16le (sox resamples with a
    proper low-pass filter, which matters when shrinking espeak's 22 kHz output).

    ``-R``: without it sox dithers with a new random seed each run, so the same sentence
    came out differently from one test process to the next, and tests near a recognizer's
    margin failed now and then."""
    out = subprocess.run(["sox", "-R", *source, "-t", "raw", "-r", str(SAMPLE_RATE), "-e", "signed",
                          "-b", "16", "-c", "1", "-L", "-", *effects],
                         capture_output=True, check=True, timeout=30)
    return out.stdout


def run_sox(*args: str | Path) -> None:
    """Run sox with ``args`` (files in and out), repeatably (``-R``, see :func:`_sox`)."""
    subprocess.run(["sox", "-R", *map(str, args)], check=True, capture_output=True)


@cache
def synth(text: str, voice: str = "en-us", speed: int = 150, pad: float = 0.3) -> bytes:
    """``text`` spoken by espeak-ng, with ``pad`` seconds of faint noise either side.

    The padding is a quiet room (about -70 dBFS), not digital zeros: pocketsphinx
    heard espeak's "no" as "nah" with zero padding and as "no" with the noise floor.
    """
    need_tools("espeak-ng", "sox")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "say.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text],
                       capture_output=True, check=True, timeout=30)
        pcm = _sox([str(wav)], ["pad", str(pad), str(pad)])
    return add_noise_floor(pcm)


def add_noise_floor(pcm: bytes, rms: float = 8.0, seed: int = 0) -> bytes:
    """``pcm`` plus faint Gaussian noise (same noise for the same seed: tests repeat)."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    samples += np.random.default_rng(seed).normal(0.0, rms, len(samples))
    return to_pcm16k(samples, SAMPLE_RATE)


def noise(seconds: float = 1.0, colour: str = "whitenoise", volume: float = 0.3) -> bytes:
    """Noise from sox (``whitenoise``, ``pinknoise``, ``brownnoise``)."""
    need_tools("sox")
    return _sox(["-n"], ["synth", str(seconds), colour, "vol", str(volume)])


def silence(seconds: float = 1.0) -> bytes:
    return b"\0\0" * int(seconds * SAMPLE_RATE)


def command_clips(word: str) -> list[Path]:
    """The Speech Commands recordings of ``word`` (empty when the data is not there)."""
    return sorted((SPEECH_DATA / "commands" / word).glob("*.wav"))


def command_words() -> list[str]:
    folder = SPEECH_DATA / "commands"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def digit_clips() -> list[tuple[int, Path]]:
    """(digit, path) for every Free Spoken Digit Dataset clip, sorted by name."""
    paths = sorted((SPEECH_DATA / "digits").glob("*.wav"))
    return [(int(p.name.split("_", 1)[0]), p) for p in paths]


def whisper_channel(folder: Path) -> VoiceChannel:
    """The voice channel as `backtalk voice --asr whisper --input-wav-dir folder` builds
    it: Whisper hears each answer file of ``folder`` through the real endpointer."""
    settings = EndpointSettings()
    return VoiceChannel(Speaker(), WhisperRecognizer(), WavDirAnswers(folder, settings),
                        settings)


def woken_by_voice(tmp_path: Path, spoken: list[str],
                   phrase: str = "okay back talk") -> list[dict[str, Any]]:
    """Run `backtalk voice --asr whisper --wake PHRASE` on ``spoken`` said by espeak-ng
    (one answer file each, in order) and return the session record's events."""
    from assistant.cli.entry import main
    from assistant.voice.audio import write_wav

    answers, prompts, data = tmp_path / "answers", tmp_path / "prompts", tmp_path / "data"
    answers.mkdir()
    for number, text in enumerate(spoken):
        write_wav(answers / f"{number:03d}.wav", synth(text, "en-us", 140))
    code = main(["--data-dir", str(data), "voice", "--asr", "whisper", "--wake", phrase,
                 "--input-wav-dir", str(answers), "--speak-to", str(prompts)])
    assert code == 0
    (path,) = (data / "sessions").glob("*.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def answered_check(check: subprocess.Popen[str], answer: Callable[[], Any]
                   ) -> tuple[str, str]:
    """A running ``backtalk test-audio`` answered as a person does: ``answer()`` (playing a
    recording into the live device) once it says it is recording; then everything it
    printed on stdout, and its stderr, once it has ended."""
    assert check.stdout is not None
    lines = []
    for line in check.stdout:
        lines.append(line)
        if line.startswith("Recording for"):
            answer()
            break
    out, err = check.communicate(timeout=120)
    return "".join(lines) + out, err
