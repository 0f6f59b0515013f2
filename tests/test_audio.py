"""Audio sources and conversion, on real audio made by espeak-ng and sox."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from speech import run_sox

from assistant.voice.audio import (
    FRAME_BYTES,
    RATE,
    AudioSource,
    ChainSource,
    Device,
    NoInputDevice,
    Resampler,
    SilenceSource,
    UnsupportedFormat,
    WavSource,
    list_devices,
    pick_input_device,
    read_wav,
    to_pcm16k,
    write_wav,
)

DIGITS = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech" / "digits"


def samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, "<i2").astype(np.float64)


def wav_info(path: Path) -> tuple[int, int]:
    """Rate and frame count, read by sox (it also reads the WAVs Python's wave cannot)."""
    rate = subprocess.run(["soxi", "-r", str(path)], check=True, capture_output=True, text=True)
    count = subprocess.run(["soxi", "-s", str(path)], check=True, capture_output=True, text=True)
    return int(rate.stdout), int(count.stdout)


def dominant_hz(pcm: bytes) -> float:
    x = samples(pcm)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(spectrum) * RATE / len(x))


def rms(pcm: bytes) -> float:
    return float(np.sqrt(np.mean(samples(pcm) ** 2)))


def test_espeak_word_at_22050_hz_becomes_16k_mono(tmp_path: Path) -> None:
    path = tmp_path / "yes.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "yes"], check=True, capture_output=True)
    rate, count = wav_info(path)
    assert rate == 22050
    pcm = read_wav(path)
    assert len(pcm) == count * RATE // rate * 2
    assert rms(pcm) > 500, "the word is still audible"


@pytest.mark.parametrize(
    ("rate", "channels", "bits"),
    [(8000, 1, 16), (48000, 1, 16), (44100, 2, 24), (22050, 1, 8), (32000, 2, 32), (16000, 1, 16)],
)
def test_tone_keeps_its_length_pitch_and_level(tmp_path: Path, rate: int, channels: int,
                                               bits: int) -> None:
    path = tmp_path / "tone.wav"
    run_sox("-n", "-r", rate, "-c", channels, "-b", bits, path, "synth", 1, "sine", 440, "vol", 0.5)
    pcm = read_wav(path)
    assert abs(len(pcm) - RATE * 2) <= 4
    assert abs(dominant_hz(pcm) - 440) <= 2
    assert rms(pcm) == pytest.approx(0.5 * 32767 / np.sqrt(2), rel=0.03)


def test_tone_above_8_khz_is_filtered_not_folded(tmp_path: Path) -> None:
    path = tmp_path / "high.wav"
    run_sox("-n", "-r", 48000, "-b", 16, path, "synth", 1, "sine", 10000, "vol", 0.5)
    # Without the low-pass it would come back as a loud 6 kHz tone.
    assert rms(read_wav(path)) < 0.01 * 0.5 * 32767


def test_streaming_resampler_matches_whole_file_conversion() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(0, 3000, 44100).round()
    whole = samples(to_pcm16k(x.astype("<i2").tobytes(), 44100, 1, 2))
    resample = Resampler(44100)
    pieces, pos = [], 0
    while pos < len(x):
        size = int(rng.integers(1, 2000))
        pieces.append(resample(x[pos: pos + size]))
        pos += size
    streamed = np.concatenate(pieces)
    assert len(whole) - len(streamed) < 60
    assert np.max(np.abs(streamed - whole[: len(streamed)])) <= 1.0


def test_digit_recording_at_8_khz_converts() -> None:
    path = sorted(DIGITS.glob("*.wav"))[0]
    with wave.open(str(path)) as wav:
        rate, count = wav.getframerate(), wav.getnframes()
    assert rate == 8000
    pcm = read_wav(path)
    assert len(pcm) == count * 2 * 2
    assert rms(pcm) > 100


def test_write_then_read_is_lossless(tmp_path: Path) -> None:
    pcm = (np.arange(4800) % 200 * 100 - 10000).astype("<i2").tobytes()
    write_wav(tmp_path / "out.wav", pcm)
    assert read_wav(tmp_path / "out.wav") == pcm


def test_text_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("not audio at all\n")
    with pytest.raises(UnsupportedFormat, match="notes.wav"):
        read_wav(path)


@pytest.mark.parametrize("encoding", [["-e", "ima-adpcm"], ["-e", "u-law"], ["-e", "a-law"]])
def test_non_pcm_wav_is_refused(tmp_path: Path, encoding: list[str]) -> None:
    path = tmp_path / "odd.wav"
    run_sox("-n", "-r", 16000, *encoding, path, "synth", 0.5, "sine", 440)
    with pytest.raises(UnsupportedFormat, match=r"odd\.wav.*accepted"):
        read_wav(path)


def test_unknown_sample_width_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="40-bit"):
        to_pcm16k(bytes(50), 16000, 1, 5)


def drain(source: AudioSource) -> list[bytes]:
    chunks = []
    while (chunk := source.read(0.1)) is not None:
        chunks.append(chunk)
    return chunks


def test_wav_source_gives_30_ms_frames_then_ends(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    run_sox("-n", "-r", 22050, path, "synth", 0.5, "sine", 300)
    frames = drain(WavSource(path))
    assert all(len(frame) == FRAME_BYTES for frame in frames)
    assert len(frames) == -(-len(read_wav(path)) // FRAME_BYTES)


def test_silence_and_chain_sources(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    run_sox("-n", "-r", 16000, path, "synth", 0.3, "sine", 300)
    frames = drain(ChainSource(SilenceSource(0.3), WavSource(path), SilenceSource(0.6)))
    assert len(frames) == 10 + 10 + 20
    assert all(len(frame) == FRAME_BYTES for frame in frames)
    assert frames[0] == frames[-1] == bytes(FRAME_BYTES)
    assert frames[10] != bytes(FRAME_BYTES)
    endless = SilenceSource(None)
    assert all(endless.read(0.1) == bytes(FRAME_BYTES) for _ in range(1000))
    endless.close()
    assert endless.read(0.1) is None


def test_list_devices_works_with_portaudio_present() -> None:
    devices = list_devices()
    assert isinstance(devices, list)
    assert all(isinstance(device, Device) for device in devices)


def test_unknown_microphone_is_reported_with_what_exists() -> None:
    with pytest.raises(NoInputDevice) as caught:
        pick_input_device("no-such-mic")
    message = str(caught.value)
    inputs = [d.name for d in list_devices() if d.max_input_channels > 0]
    if inputs:
        assert all(name in message for name in inputs)
    else:
        assert "no input device was found at all" in message and "arecord -l" in message


def test_missing_portaudio_says_what_to_install() -> None:
    # A fresh interpreter where the library lookup finds nothing, as without libportaudio2.
    code = ("import ctypes.util\n"
            "ctypes.util.find_library = lambda name: None\n"
            "from assistant.voice.audio import PortAudioMissing, list_devices\n"
            "try:\n    list_devices()\nexcept PortAudioMissing as exc:\n    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[1])
    assert "sudo apt-get install libportaudio2" in result.stdout
