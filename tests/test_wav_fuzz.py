"""Property-based tests of the WAV reader: whatever the bytes, it gives audio or its own
clear error (UnsupportedFormat or AudioError), never another exception, and never more
memory or time than the file's real size calls for."""

from __future__ import annotations

import struct
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assistant.voice.audio import FRAME_BYTES, RATE, AudioError, WavSource, read_wav

# Sizes are capped so each example is a few KB; the deadline allows for a loaded machine.
FUZZ = settings(max_examples=200, deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.too_slow])
PAYLOAD = st.binary(max_size=4096)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "input.wav"


def read_or_refuse(path: Path, blob: bytes) -> bytes | None:
    """The audio of ``blob`` as a file, or None if the reader refused it in its own words."""
    path.write_bytes(blob)
    try:
        audio = read_wav(path)
    except AudioError as exc:  # UnsupportedFormat is an AudioError
        assert str(path) in str(exc) or path.name in str(exc), exc
        event("refused")
        return None
    event("read as audio")
    assert len(audio) % 2 == 0
    frames = []
    source = WavSource(path)
    while (frame := source.read(0.0)) is not None:
        frames.append(frame)
    assert all(len(f) == FRAME_BYTES for f in frames)
    assert b"".join(frames) == audio + bytes(-len(audio) % FRAME_BYTES)
    return audio


@FUZZ
@given(blob=st.one_of(PAYLOAD, st.builds(lambda rest: b"RIFF\0\0\0\0WAVE" + rest, PAYLOAD)))
def test_any_bytes_give_audio_or_the_readers_error(scratch: Path, blob: bytes) -> None:
    read_or_refuse(scratch, blob)


def riff(fmt: bytes, data: bytes, data_size: int, extra: list[tuple[bytes, bytes]]) -> bytes:
    chunks = b"".join(kind + struct.pack("<I", len(body)) + body + b"\0" * (len(body) & 1)
                      for kind, body in extra)
    body = (b"WAVE" + chunks + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", data_size) + data)
    return b"RIFF" + struct.pack("<I", len(body) & 0xFFFFFFFF) + body


FIELDS = ("tag", "channels", "rate", "bits", "align", "size")


@st.composite
def headers(draw: st.DrawFn) -> tuple[bytes, int, int]:
    """A WAV whose header fields are right except one or two that lie (any value the
    field can hold), maybe cut short; (file, claimed rate, payload bytes)."""
    lies = draw(st.sets(st.sampled_from(FIELDS), max_size=2))

    def field(name: str, honest: st.SearchStrategy[int], bits: int) -> int:
        return draw(st.integers(0, 2**bits - 1) if name in lies else honest)

    tag = field("tag", st.sampled_from([1, 3, 0xFFFE]), 16)
    channels = field("channels", st.integers(1, 3), 16)
    rate = field("rate", st.sampled_from([4000, 8000, 16000, 22050, 44100, 48000, 384000]),
                 32)
    sub = draw(st.sampled_from([1, 3])) if tag == 0xFFFE else tag
    bits = field("bits", st.sampled_from([32, 64] if sub == 3 else [8, 16, 24, 32]), 16)
    align = field("align", st.just(channels * ((bits + 7) // 8) & 0xFFFF), 16)
    fmt = struct.pack("<HHIIHH", tag, channels, rate, (rate * align) & 0xFFFFFFFF, align, bits)
    if tag == 0xFFFE:
        fmt += struct.pack("<HHI", 22, bits, 0) + struct.pack("<H", sub) + bytes(14)
    data = draw(PAYLOAD)
    size = field("size", st.just(len(data)), 32)
    extra = draw(st.lists(st.tuples(st.sampled_from([b"LIST", b"fact", b"junk"]),
                                    st.binary(max_size=64)), max_size=3))
    blob = riff(fmt, data, size, extra)
    cut = draw(st.one_of(st.none(), st.integers(0, len(blob))))  # a file cut short
    return blob[:cut], rate, len(data)


@FUZZ
@given(case=headers())
def test_lying_headers_give_audio_or_the_readers_error_in_bounded_memory(
        scratch: Path, case: tuple[bytes, int, int]) -> None:
    blob, rate, payload = case
    tracemalloc.start()
    try:
        audio = read_or_refuse(scratch, blob)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A few KB of file never costs more than a few MB, whatever the header claims.
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB for a {len(blob)}-byte file"
    if audio is not None:
        # No more 16 kHz samples than the bytes really there can make (1 byte, 1 channel).
        assert len(audio) // 2 <= payload * RATE // max(rate, 1) + 1
