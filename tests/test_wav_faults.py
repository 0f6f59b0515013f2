"""WAV files that used to crash, hang or fill memory: absurd headers, FIFOs and folders
named .wav, hour-long recordings, and formats that are converted rather than refused."""

from __future__ import annotations

import os
import signal
import struct
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from speech import run_sox

from assistant.voice.audio import (
    FRAME_BYTES,
    RATE,
    AudioError,
    UnsupportedFormat,
    WavSource,
    read_wav,
    to_pcm16k,
)
from assistant.voice.audio.pcm import StreamTo16k
from assistant.voice.channel import WavDirAnswers
from assistant.voice.endpoint import EndpointSettings, capture_answer


def header(rate: int, channels: int = 1, bits: int = 16, data_size: int = 0,
           tag: int = 1) -> bytes:
    """A plain RIFF/WAVE header (fmt and data chunk heads), with any values."""
    width = (bits + 7) // 8
    align = (channels * width) & 0xFFFF
    fmt = struct.pack("<HHIIHH", tag, channels, rate, (rate * align) & 0xFFFFFFFF, align, bits)
    return (b"RIFF" + struct.pack("<I", (36 + data_size) & 0xFFFFFFFF) + b"WAVE"
            + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", data_size))


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: a blocked open() is interrupted by the alarm."""

    def stuck(*_: object) -> None:
        raise TimeoutError("blocked for 20 s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- headers that lie ----------------------------------------------------------------------------
@pytest.mark.usefixtures("deadline")
@pytest.mark.parametrize("rate", [1, 3999, 384001, 4_000_000_000])
def test_an_absurd_rate_is_refused_at_once(tmp_path: Path, rate: int) -> None:
    path = tmp_path / "liar.wav"
    path.write_bytes(header(rate, data_size=32000) + bytes(32000))
    with pytest.raises(UnsupportedFormat, match=rf"liar\.wav.*{rate} Hz.*accepted"):
        read_wav(path)


@pytest.mark.parametrize(("fields", "says"), [
    ({"channels": 0}, "channel"), ({"channels": 65}, "65 channel"), ({"bits": 40}, "40-bit"),
    ({"tag": 2}, "compressed"), ({"tag": 3, "bits": 16}, "16-bit float"),
])
def test_impossible_formats_are_refused_with_what_is_accepted(
        tmp_path: Path, fields: dict[str, int], says: str) -> None:
    path = tmp_path / "odd.wav"
    path.write_bytes(header(16000, **{"data_size": 64, **fields}) + bytes(64))
    with pytest.raises(UnsupportedFormat, match="accepted") as caught:
        read_wav(path)
    assert says in str(caught.value) and "odd.wav" in str(caught.value)


def test_a_data_size_beyond_the_file_reads_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "short.wav"
    pcm = (np.arange(1600) % 100 * 50).astype("<i2").tobytes()
    path.write_bytes(header(16000, data_size=0xFFFFFFF0) + pcm)
    assert read_wav(path) == pcm


@pytest.mark.parametrize("rate", [8000, 16000, 48000])
def test_an_empty_wav_gives_no_audio(tmp_path: Path, rate: int) -> None:
    # Found by test_wav_fuzz: numpy's interp and convolve refuse empty input.
    path = tmp_path / "empty.wav"
    path.write_bytes(header(rate))
    assert read_wav(path) == b""
    assert WavSource(path).read(0.1) is None


# -- things that are not files -------------------------------------------------------------------
@pytest.mark.usefixtures("deadline")
def test_a_fifo_or_a_folder_named_wav_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.wav")
    (tmp_path / "b.wav").mkdir()
    with pytest.raises(AudioError, match=r"a\.wav is a FIFO"):
        read_wav(tmp_path / "a.wav")
    with pytest.raises(AudioError, match=r"b\.wav is a folder"):
        WavSource(tmp_path / "b.wav")
    # The answer folder checks every file before the screening starts.
    with pytest.raises(AudioError, match=r"a\.wav is a FIFO"):
        WavDirAnswers(tmp_path, EndpointSettings())


# -- an hour-long recording ----------------------------------------------------------------------
def hour_long(path: Path, rate: int = 48000, channels: int = 2) -> Path:
    """An hour of silence at 48 kHz stereo: 691 MB as the header says, sparse on disk."""
    size = 3600 * rate * channels * 2
    with path.open("wb") as handle:
        handle.write(header(rate, channels, 16, size))
        handle.truncate(44 + size)
    return path


def test_an_hour_long_wav_is_read_in_bounded_memory(tmp_path: Path) -> None:
    source = WavSource(hour_long(tmp_path / "hour.wav"))
    tracemalloc.start()
    try:
        frames = [source.read(0.1) for _ in range(1000)]  # the first 30 s
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        source.close()
    assert all(frame == bytes(FRAME_BYTES) for frame in frames)
    # Reading it whole would take 691 MB of file and 460 MB of 16 kHz samples.
    assert peak < 32 * 2**20, f"{peak / 2**20:.1f} MB"
    assert source.read(0.1) is None  # closed


def test_an_hour_of_silence_as_an_answer_is_no_answer(tmp_path: Path) -> None:
    hour_long(tmp_path / "001.wav")
    answers = WavDirAnswers(tmp_path, EndpointSettings(detector="energy"))
    source = answers.next_source()
    assert source is not None
    capture = capture_answer(source, answers.settings)
    assert not capture.speech
    assert answers.next_source() is None  # the rest of the hour is never read


# -- formats that are converted ------------------------------------------------------------------
def dominant_hz(pcm: bytes) -> float:
    x = np.frombuffer(pcm, "<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(spectrum) * RATE / len(x))


@pytest.mark.parametrize(("rate", "channels", "encoding"), [
    (48000, 2, ["-e", "floating-point", "-b", "32"]),
    (22050, 1, ["-e", "floating-point", "-b", "64"]),
    (44100, 2, ["-e", "unsigned-integer", "-b", "8"]),
    (48000, 1, ["-e", "signed-integer", "-b", "24"]),
])
def test_float_8_bit_stereo_and_48_khz_are_converted(tmp_path: Path, rate: int, channels: int,
                                                     encoding: list[str]) -> None:
    path = tmp_path / "tone.wav"
    run_sox("-n", "-r", rate, "-c", channels, *encoding, path, "synth", 1, "sine", 440, "vol", 0.5)
    pcm = read_wav(path)
    assert abs(len(pcm) - RATE * 2) <= 4
    assert abs(dominant_hz(pcm) - 440) <= 2
    level = float(np.sqrt(np.mean(np.frombuffer(pcm, "<i2").astype(np.float64) ** 2)))
    assert level == pytest.approx(0.5 * 32767 / np.sqrt(2), rel=0.03)


@pytest.mark.parametrize(("rate", "channels", "width"),
                         [(8000, 1, 2), (16000, 2, 2), (22050, 1, 1), (44100, 2, 3),
                          (48000, 1, 4)])
def test_streaming_gives_what_the_whole_file_conversion_gives(rate: int, channels: int,
                                                              width: int) -> None:
    rng = np.random.default_rng(rate + channels)
    raw = rng.integers(0, 256, rate * channels * width // 2, dtype=np.uint8).tobytes()
    whole = np.frombuffer(to_pcm16k(raw, rate, channels, width), "<i2").astype(int)
    stream, pieces, pos = StreamTo16k(rate, channels, width), [], 0
    while pos < len(raw):  # blocks that cut frames and samples anywhere
        size = int(rng.integers(1, 5000))
        pieces.append(stream.feed(raw[pos: pos + size]))
        pos += size
    pieces.append(stream.finish())
    streamed = np.frombuffer(b"".join(pieces), "<i2").astype(int)
    assert len(streamed) == len(whole)
    assert np.max(np.abs(streamed - whole)) <= 2
