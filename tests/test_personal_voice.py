"""A whole screening by voice with a personal enrollment made from real recordings.

One Speech Commands speaker said "yes" and "no" five times each: the first three takes
of each are enrolled, the answers are the other two, and ``--asr auto`` must hear them
through the personal recognizer, reach the typed outcome, and never need a keyboard.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from assistant.bench.split import SPEECH_DIR
from assistant.cli import main
from assistant.dialog.loader import load_dialog
from assistant.dialog.simulate import replay
from assistant.setup.enrollment import EnrollmentStore
from assistant.voice.audio.wav import read_wav
from assistant.voice.tts import Speaker, TtsSettings

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = SPEECH_DIR / "commands"
SPEAKER = "1acc97de"
SCRIPT = "52_voice_fever_urgent"


def script_answers() -> list[str]:
    data = yaml.safe_load((ROOT / "dialogs" / "scripts" / f"{SCRIPT}.yaml")
                          .read_text(encoding="utf-8"))
    said = [t["user"] for t in data["turns"] if "user" in t]
    return ["yes" if a is True else "no" if a is False else str(a) for a in said]


def take(word: str, number: int) -> Path:
    return COMMANDS / word / f"{SPEAKER}_nohash_{number}.wav"


def events(data_dir: Path) -> list[dict[str, Any]]:
    (record,) = (data_dir / "sessions").glob("*.jsonl")
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def enrolled(tmp_path: Path) -> tuple[Path, EnrollmentStore, Path]:
    """(data folder, its enrollment: takes 0-2 of "yes" and "no", an empty answers
    folder)."""
    data = tmp_path / "data"
    store = EnrollmentStore(data / "voice")
    for word in ("yes", "no"):
        for number in range(3):
            store.add(word, read_wav(take(word, number)))
    spoken = tmp_path / "answers"
    spoken.mkdir()
    return data, store, spoken


def test_screening_by_voice_with_an_enrollment(tmp_path: Path) -> None:
    answers = script_answers()
    assert set(answers) == {"yes", "no"}
    data, store, spoken = enrolled(tmp_path)
    # Only takes 3 and 4 were not enrolled; answers alternate between them.
    for turn, word in enumerate(answers):
        shutil.copy(take(word, 3 + turn % 2), spoken / f"{turn:02d}.wav")
    code = main(["--data-dir", str(data), "voice", "--asr", "auto", "--input-wav-dir",
                 str(spoken), "--speak-to", str(tmp_path / "prompts")])
    assert code == 0
    record = events(data)
    assert record[0]["asr"] == "personal"
    turns = [e for e in record if e["event"] == "turn"]
    assert [t["heard"] for t in turns] == answers
    assert all(t["recognizer"]["engine"] == "personal" for t in turns)
    summary = next(e for e in record if e["event"] == "summary")
    typed = replay(load_dialog(ROOT / "dialogs"), answers)
    assert summary["completed"] and summary["outcome"] == typed["outcome"] == "urgent"
    # The enrollment stayed private and where it was.
    assert (data / "voice").stat().st_mode & 0o777 == 0o700
    assert len(store.takes("yes")) == 3


def test_a_call_for_help_is_heard_while_waiting_with_an_enrollment(tmp_path: Path) -> None:
    # With an enrollment, 'auto' hears through the personal recognizer; Whisper behind it
    # still listens for calls for help while BackTalk waits for its wake phrase.
    data, _, spoken = enrolled(tmp_path)
    Speaker(TtsSettings(rate=140, voice="en-us")).save(["help me"], spoken / "000.wav")
    code = main(["--data-dir", str(data), "voice", "--asr", "auto", "--wake",
                 "okay back talk", "--input-wav-dir", str(spoken),
                 "--speak-to", str(tmp_path / "prompts")])
    assert code == 0
    record = events(data)
    assert record[0]["asr"] == "personal"
    turns = [e for e in record if e["event"] == "turn"]
    assert turns[0]["heard"] == "help me" and turns[0]["understood_as"] == "emergency"
    assert record[-1]["event"] == "summary" and record[-1]["outcome"] == "emergency"
