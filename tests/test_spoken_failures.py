"""A failure that stops BackTalk before a screening is said aloud as well as printed: the
person may have no screen. espeak-ng really speaks it, into a file (``--speak-to``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.cli import main
from assistant.cli.voice_parts import (
    HELP_NOW,
    NO_MICROPHONE,
    NO_QUESTIONS,
    NO_RECOGNIZER,
    NO_RECORD,
)
from assistant.voice.audio import read_wav
from assistant.voice.tts import Speaker, TtsSettings, wav_duration


def spoken_like(path: Path, sentences: list[str]) -> None:
    """``path`` holds speech as long as ``sentences`` said at the default pace."""
    pcm = np.frombuffer(read_wav(path), "<i2").astype(float)
    assert np.sqrt(np.mean(pcm**2)) > 300, "the problem file is silent"
    reference = Speaker(TtsSettings(rate=140)).save(sentences,
                                                  path.with_name(f"{path.stem}.reference"))
    assert wav_duration(path) == pytest.approx(wav_duration(reference), rel=0.05)


def test_no_microphone_is_said_aloud(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    prompts = tmp_path / "prompts"
    code = main(["voice", "--device", "no such microphone here", "--speak-to", str(prompts),
                 "--rate", "140"])
    err = capsys.readouterr().err
    assert code == 2
    assert "no input device" in err and "also said aloud" in err
    spoken_like(prompts / "problem.wav", [*NO_MICROPHONE, HELP_NOW.replace("{number}", "112")])


def test_no_speech_model_is_said_aloud(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    Speaker().save(["yes"], answers / "001.wav")
    prompts = tmp_path / "prompts"
    code = main(["--emergency-number", "911", "voice", "--input-wav-dir", str(answers),
                 "--speak-to", str(prompts), "--asr", "vosk", "--vosk-model",
                 str(tmp_path / "no-model"), "--rate", "140"])
    err = capsys.readouterr().err
    assert code == 2 and "no vosk model" in err and "also said aloud" in err
    spoken_like(prompts / "problem.wav", [*NO_RECOGNIZER, "If you need help now, call 911."])


def test_when_it_cannot_be_said_the_message_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The prompts' folder is usable, but the disk fills as the spoken problem is written.
    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Speaker, "save", full)
    folder = tmp_path / "prompts"
    code = main(["voice", "--device", "no such microphone here", "--speak-to", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "no input device" in err and "could not be said aloud either" in err


def test_a_second_problem_in_the_same_folder_is_said_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # problem.wav from a run before is kept, and this one said beside it (it was lost:
    # "a file is already there", found by a caregiver's walk through the README).
    folder = tmp_path / "prompts"
    for _ in range(2):
        assert main(["voice", "--device", "no such microphone here",
                     "--speak-to", str(folder)]) == 2
    assert "could not be said" not in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["problem-2.wav", "problem.wav"]


def test_broken_question_files_are_said_aloud(tmp_path: Path, dialog_copy: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # Found by a newcomer (2026-12-03): this stopped BackTalk in silence.
    questions = dialog_copy / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8").replace(
        "next: pain_kind", "next: pain_knd", 1), encoding="utf-8")
    prompts = tmp_path / "prompts"
    code = main(["--dialogs", str(dialog_copy), "voice", "--device", "no such microphone",
                 "--speak-to", str(prompts), "--rate", "140"])
    err = capsys.readouterr().err
    assert code == 2 and "'pain_knd'" in err and "also said aloud" in err
    spoken_like(prompts / "problem.wav", [*NO_QUESTIONS, HELP_NOW.replace("{number}", "112")])


def test_no_folder_for_records_is_said_aloud(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    Speaker().save(["no"], answers / "001.wav")
    (tmp_path / "records").write_text("a file where the folder for records should be")
    prompts = tmp_path / "prompts"
    code = main(["--data-dir", str(tmp_path / "records"), "voice", "--input-wav-dir",
                 str(answers), "--speak-to", str(prompts), "--rate", "140"])
    err = capsys.readouterr().err
    assert code == 2 and "also said aloud" in err
    assert sorted(p.name for p in prompts.iterdir()) == ["problem.wav"]  # nothing else said
    spoken_like(prompts / "problem.wav", [*NO_RECORD, HELP_NOW.replace("{number}", "112")])
