"""The enrollment store: private, atomic, never led elsewhere by a symbolic link."""

from __future__ import annotations

import json
import os
import stat
import wave
from pathlib import Path

import pytest

from assistant.bench.split import SPEECH_DIR
from assistant.setup.enrollment import EnrollmentError, EnrollmentStore, slug

DIGITS = SPEECH_DIR / "digits"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def tone(samples: int, level: int = 1000) -> bytes:
    return b"".join(((level if i % 40 < 20 else -level) & 0xFFFF).to_bytes(2, "little")
                    for i in range(samples))


def test_slug() -> None:
    assert slug("I don't know") == "i_dont_know"
    assert slug("  Help   me! ") == "help_me"
    assert slug("Left SIDE, 10") == "left_side_10"
    assert slug("I don\u2019t know") == "i_dont_know"
    with pytest.raises(EnrollmentError):
        slug("?!")


def test_add_is_private_and_named(tmp_path: Path) -> None:
    root = tmp_path / "data" / "voice"
    store = EnrollmentStore(root)
    assert not store.exists() and store.phrases() == {}
    first = store.add("I don't know", tone(1600))
    second = store.add("I don't know", tone(800))
    store.add("yes", tone(400))
    assert first == root / "i_dont_know" / "take-1.wav"
    assert second.name == "take-2.wav"
    assert store.exists()
    assert mode(root) == 0o700 and mode(root / "i_dont_know") == 0o700
    assert mode(first) == 0o600 and mode(root / "phrases.json") == 0o600
    names = json.loads((root / "phrases.json").read_text(encoding="utf-8"))
    assert names == {"i_dont_know": "I don't know", "yes": "yes"}
    yes = root / "yes" / "take-1.wav"
    assert store.phrases() == {"I don't know": [first, second], "yes": [yes]}
    with wave.open(str(first)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
    assert store.takes("i don't know") == [tone(1600), tone(800)]
    # No temporary is left behind.
    assert sorted(p.name for p in (root / "i_dont_know").iterdir()) == ["take-1.wav", "take-2.wav"]


def test_tenth_take_sorts_after_the_second(tmp_path: Path) -> None:
    store = EnrollmentStore(tmp_path / "voice")
    for count in range(1, 12):
        store.add("no", tone(100 * count))
    files = store.phrases()["no"]
    assert [f.name for f in files][-3:] == ["take-9.wav", "take-10.wav", "take-11.wav"]
    assert store.takes("no")[-1] == tone(1100)


def test_remove_and_delete_all(tmp_path: Path) -> None:
    root = tmp_path / "voice"
    store = EnrollmentStore(root)
    for _ in range(3):
        store.add("yes", tone(200))
    store.add("no", tone(200))
    assert store.remove("yes") == 3
    assert store.remove("yes") == 0
    assert list(store.phrases()) == ["no"]
    assert "yes" not in json.loads((root / "phrases.json").read_text(encoding="utf-8"))
    assert store.delete_all() == 1
    assert not root.exists() and not store.exists()
    assert store.delete_all() == 0


def test_bad_take_is_refused(tmp_path: Path) -> None:
    store = EnrollmentStore(tmp_path / "voice")
    with pytest.raises(EnrollmentError):
        store.add("yes", b"")
    with pytest.raises(EnrollmentError):
        store.add("yes", b"\x00\x01\x02")
    assert not store.exists()


def test_real_recording_round_trip(tmp_path: Path) -> None:
    with wave.open(str(DIGITS / "3_theo_0.wav")) as wav:
        pcm = wav.readframes(wav.getnframes())  # 8 kHz, but any int16 bytes are kept as given
    store = EnrollmentStore(tmp_path / "voice")
    store.add("three", pcm)
    assert store.takes("three") == [pcm]


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "voice"
    root.mkdir(mode=0o700)
    # A planted link where a phrase folder would be: refused, nothing written outside.
    (root / "yes").symlink_to(outside, target_is_directory=True)
    store = EnrollmentStore(root)
    with pytest.raises(EnrollmentError):
        store.add("yes", tone(100))
    assert list(outside.iterdir()) == []
    # A planted link at a take's name is replaced, not written through.
    (root / "no").mkdir(mode=0o700)
    victim = outside / "victim.wav"
    victim.write_bytes(b"keep")
    (root / "no" / "take-1.wav").symlink_to(victim)
    store.add("no", tone(100))
    assert victim.read_bytes() == b"keep"
    assert store.phrases()["no"][-1].name == "take-2.wav"
    # Deleting removes the links themselves, never what they point at.
    store.delete_all()
    assert victim.read_bytes() == b"keep" and outside.is_dir()
    assert not root.exists()


def test_root_as_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "voice").symlink_to(real, target_is_directory=True)
    store = EnrollmentStore(tmp_path / "voice")
    with pytest.raises(EnrollmentError):
        store.add("yes", tone(100))
    assert list(real.iterdir()) == []
    assert not store.exists()
