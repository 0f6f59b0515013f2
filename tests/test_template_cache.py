"""The described takes kept beside an enrollment: a second start describes nothing again and
hears the same, the file is private and goes with --delete, and a damaged or unwritable
file costs time, never an answer."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import numpy as np
import pytest

from assistant.asr import template_cache
from assistant.asr.personal_engine import PersonalRecognizer
from assistant.asr.templates import TakeEncoder
from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.bench.split import SPEECH_DIR
from assistant.cli import main
from assistant.setup.enrollment import EnrollmentStore
from assistant.voice.audio.wav import read_wav

DIGITS = SPEECH_DIR / "digits"
WORDS = {"one": 1, "six": 6}


class Counting(TakeEncoder):
    """The same description, counting the takes it describes."""

    calls = 0

    def __call__(self, pcm: bytes) -> np.ndarray:
        self.calls += 1
        return super().__call__(pcm)


def counting(encoder: TakeEncoder) -> Counting:
    return Counting(encoder.whisper, encoder.embedding)


@pytest.fixture(scope="module")
def encoder() -> TakeEncoder:
    return TakeEncoder(WhisperRecognizer().encoder_frames)


@pytest.fixture
def store(tmp_path: Path) -> EnrollmentStore:
    store = EnrollmentStore(tmp_path / "data" / "voice")
    for word, digit in WORDS.items():
        for take in range(3):
            store.add(word, read_wav(DIGITS / f"{digit}_theo_{take}.wav"))
    return store


def answer() -> bytes:
    return read_wav(DIGITS / "6_theo_8.wav")


def test_a_second_start_describes_nothing_again_and_hears_the_same(
        store: EnrollmentStore, encoder: TakeEncoder) -> None:
    first = PersonalRecognizer(store, None, encoder).match(answer(), list(WORDS))
    kept = store.root / template_cache.FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    described = counting(encoder)
    again = PersonalRecognizer(store, None, described)
    assert described.calls == 0
    second = again.match(answer(), list(WORDS))
    assert second.text == first.text == "six"
    assert second.details["distance"] == pytest.approx(first.details["distance"], abs=1e-3)


def test_a_new_take_is_described_and_kept(store: EnrollmentStore,
                                          encoder: TakeEncoder) -> None:
    PersonalRecognizer(store, None, encoder)
    store.add("one", read_wav(DIGITS / "1_theo_3.wav"))
    for expected in (1, 0):
        described = counting(encoder)
        PersonalRecognizer(store, None, described)
        assert described.calls == expected


def test_a_damaged_file_is_described_again(store: EnrollmentStore, encoder: TakeEncoder,
                                           caplog: pytest.LogCaptureFixture) -> None:
    PersonalRecognizer(store, None, encoder)
    kept = store.root / template_cache.FILE
    kept.write_bytes(kept.read_bytes()[:1000])
    described = counting(encoder)
    with caplog.at_level(logging.WARNING):
        personal = PersonalRecognizer(store, None, described)
        assert described.calls == 6  # every take
        heard = personal.match(answer(), list(WORDS))
    assert heard.text == "six" and "cannot be read" in caplog.text
    described = counting(encoder)
    PersonalRecognizer(store, None, described)
    assert described.calls == 0


def test_an_unwritable_file_is_only_a_warning(store: EnrollmentStore, encoder: TakeEncoder,
                                              caplog: pytest.LogCaptureFixture) -> None:
    (store.root / template_cache.FILE).mkdir()  # nothing can be written in its place
    with caplog.at_level(logging.WARNING):
        heard = PersonalRecognizer(store, None, encoder).match(answer(), list(WORDS))
    assert heard.text == "six" and "could not be kept" in caplog.text


def test_delete_removes_the_described_takes(store: EnrollmentStore,
                                            encoder: TakeEncoder) -> None:
    PersonalRecognizer(store, None, encoder)
    assert (store.root / template_cache.FILE).is_file()
    assert store.delete_all() == 6
    assert not store.root.exists()


def test_enrolling_describes_the_takes_so_the_first_start_need_not(
        tmp_path: Path, encoder: TakeEncoder) -> None:
    # A caregiver enrolls from recordings; the first screening after it then finds every
    # take described (describing them there cost a full enrollment 2 s and 25 MB more).
    folder = tmp_path / "phone"
    for word, digit in WORDS.items():
        (folder / word).mkdir(parents=True)
        for take in range(3):
            source = DIGITS / f"{digit}_theo_{take}.wav"
            (folder / word / source.name).write_bytes(source.read_bytes())
    assert main(["--data-dir", str(tmp_path / "data"), "enroll", "--from", str(folder)]) == 0
    store = EnrollmentStore(tmp_path / "data" / "voice")
    assert stat.S_IMODE((store.root / template_cache.FILE).stat().st_mode) == 0o600
    described = counting(encoder)
    personal = PersonalRecognizer(store, None, described)
    assert described.calls == 0
    assert personal.match(answer(), list(WORDS)).text == "six"
