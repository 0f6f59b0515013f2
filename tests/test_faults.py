"""Faults met at home, each with a clear message, its exit code, no traceback and no lost
record: a full disk during a screening, output piped into ``head``, an unwritable
``--speak-to``, and answer files that are not audio."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.asr.base import Heard
from assistant.cli import main
from assistant.dialog.conversation import Conversation
from assistant.dialog.ending import advice_words, emergency_words
from assistant.dialog.model import Dialog
from assistant.records.record import RecordNotSaved, SessionRecord
from assistant.session import run
from tests.conftest import cli_env

ROOT = Path(__file__).resolve().parents[1]
EXIT_NOT_SAVED, EXIT_BROKEN_PIPE = 3, 141


def whole_lines(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    assert not raw or raw.endswith(b"\n"), "a part-written line was left"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def safety_advice(dialog: Dialog) -> list[str]:
    return [advice_words(dialog, a, "112") for a in dialog.safety]


# -- a full disk ---------------------------------------------------------------------------------
def chat_with_file_size_limit(data: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """A typed screening whose files may not grow past ``limit`` bytes: writes beyond it
    fail for real in the kernel (EFBIG, as ENOSPC on a full disk)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, do not kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**cli_env(), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--data-dir", str(data),
                           "chat"], cwd=ROOT, env=env, input="no\n" * 12, capture_output=True,
                          text=True, timeout=300, check=False, preexec_fn=limited)


def test_a_full_disk_stops_with_the_safety_advice_and_keeps_the_turns(
        tmp_path: Path, dialog: Dialog) -> None:
    done = chat_with_file_size_limit(tmp_path, 6000)
    assert done.returncode == EXIT_NOT_SAVED, done.stderr
    assert "Traceback" not in done.stderr
    assert "could not be saved" in done.stderr and "safety advice" in done.stderr
    said = done.stdout.split("backtalk> ")[-1]
    assert said.startswith(dialog.language.say["record_not_saved"])
    assert all(advice in said for advice in safety_advice(dialog))
    assert dialog.language.say["repeat_hint"] not in said  # nothing is heard after this
    (record,) = (tmp_path / "sessions").glob("*.jsonl")
    events = whole_lines(record)
    turns = [e for e in events if e["event"] == "turn"]
    assert [e["event"] for e in events[:2]] == ["start", "prompt"]
    assert [t["turn"] for t in turns] == list(range(1, len(turns) + 1)) and len(turns) >= 3
    assert all(t["heard"] == "no" for t in turns)
    assert f"the {len(events)} entries written before are kept" in done.stderr


def test_a_disk_full_from_the_start_still_gives_the_safety_advice(
        tmp_path: Path, dialog: Dialog) -> None:
    done = chat_with_file_size_limit(tmp_path, 100)
    assert done.returncode == EXIT_NOT_SAVED, done.stderr
    assert "Traceback" not in done.stderr and "could not be saved" in done.stderr
    assert all(advice in done.stdout for advice in safety_advice(dialog))
    (record,) = (tmp_path / "sessions").glob("*.jsonl")
    assert record.read_bytes() == b""


def test_a_full_disk_in_a_spoken_screening_is_said_aloud(
        tmp_path: Path, dialog: Dialog, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    for number in range(1, 4):
        subprocess.run(["espeak-ng", "-w", str(answers / f"{number:03d}.wav"), "no"],
                       check=True, capture_output=True)
    real_write, turns = os.write, []

    def disk_full_at_the_second_turn(fd: int, data: Any) -> int:
        # Fault injection below the record: the second turn's line finds the disk full.
        if b'"event": "turn"' in bytes(data):
            turns.append(fd)
            if len(turns) >= 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", disk_full_at_the_second_turn)
    code = main(["--data-dir", str(tmp_path / "data"), "voice", "--asr", "pocketsphinx",
                 "--input-wav-dir", str(answers), "--speak-to", str(tmp_path / "prompts")])
    out, err = capsys.readouterr()
    assert code == EXIT_NOT_SAVED, err
    assert "No space left on device" in err and "Traceback" not in err
    shown = out.split("backtalk> ")[-1]
    assert shown.startswith(dialog.language.say["record_not_saved"])
    assert all(advice in shown for advice in safety_advice(dialog))
    # Spoken too: the last prompt file holds those words (two replies: opening, turn 1).
    prompts = sorted((tmp_path / "prompts").glob("*.wav"))
    assert [p.name for p in prompts] == ["001.wav", "002.wav", "003.wav"]
    from assistant.voice.tts import wav_duration
    assert wav_duration(prompts[-1]) > 8.0
    (record,) = (tmp_path / "data" / "sessions").glob("*.jsonl")
    kept = [e["event"] for e in whole_lines(record)]
    assert kept == ["start", "prompt", "turn"]


class Answers:
    """A channel answering from a list; what it was told to say is kept."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.said: list[list[str]] = []

    def say(self, sentences: list[str]) -> None:
        self.said.append(sentences)

    def listen(self, grammar: list[str]) -> Heard | None:
        return Heard(self.answers.pop(0)) if self.answers else None


def test_a_full_disk_on_the_emergency_turn_still_says_the_emergency_advice(
        tmp_path: Path, dialog: Dialog, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def disk_full_on_the_emergency(fd: int, data: Any) -> int:
        if b'"state": "emergency"' in bytes(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", disk_full_on_the_emergency)
    channel, record = Answers("no", "help me"), SessionRecord.create(tmp_path)
    with pytest.raises(RecordNotSaved) as lost:
        run(Conversation(dialog, "112"), channel, record)
    record.close()
    last = channel.said[-1]
    assert last[0] == dialog.language.say["record_not_saved"]
    assert any("112" in sentence for sentence in last[1:])  # call an ambulance: 112
    assert emergency_words(dialog, "112")[0] in last
    assert lost.value.saved_events == 3  # start, prompt, the first turn
    assert [e["event"] for e in whole_lines(record.path)] == ["start", "prompt", "turn"]


# -- output closed early ---------------------------------------------------------------------
def test_output_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "--data-dir",
                             str(tmp_path), "chat"], cwd=ROOT, env=cli_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    first = proc.stdout.readline()  # what `head -1` reads, then it goes away
    proc.stdout.close()
    try:
        proc.stdin.write(b"no\n" * 5)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # it may already have ended
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE, err
    assert b"Hello" in first
    assert err == ""  # no traceback, no "Exception ignored"
    (record,) = (tmp_path / "sessions").glob("*.jsonl")
    assert [e["event"] for e in whole_lines(record)][:2] == ["start", "prompt"]


# -- where the voice goes and where answers come from ------------------------------------------
def voice(tmp_path: Path, *options: str) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "voice", "--asr", "pocketsphinx", *options]


def test_speak_to_a_path_that_cannot_be_a_folder(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    (tmp_path / "answers").mkdir()
    code = main(voice(tmp_path, "--input-wav-dir", str(tmp_path / "answers"),
                      "--speak-to", str(tmp_path / "a_file" / "prompts")))
    err = capsys.readouterr().err
    assert code == 2
    assert "--speak-to" in err and "Not a directory" in err and "Traceback" not in err
    assert (tmp_path / "a_file").read_text(encoding="utf-8") == "x"
    assert not (tmp_path / "data").exists()  # nothing started


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: os.mkfifo(p), "is a FIFO"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: p.write_bytes(b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0"
                             + struct.pack("<HHIIHH", 1, 1, 1, 2, 2, 16)
                             + b"data\0\0\0\0"), "1 Hz"),
    (lambda p: p.write_text("just text\n"), "RIFF/WAVE"),
    (lambda p: p.write_bytes(b""), "is empty (0 bytes): record the answer again"),
])
def test_an_answer_file_that_is_not_audio_is_reported_before_anything_is_said(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, says: str) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    make(answers / "001.wav")

    def blocked(*_: object) -> None:
        raise TimeoutError("blocked on an answer file for 30 s")

    previous = signal.signal(signal.SIGALRM, blocked)  # a FIFO must not block
    signal.alarm(30)
    try:
        code = main(voice(tmp_path, "--input-wav-dir", str(answers),
                          "--speak-to", str(tmp_path / "prompts")))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    assert code == 2 and says in err and "Traceback" not in err
    assert "backtalk>" not in out and not (tmp_path / "data").exists()


def test_a_missing_folder_of_answers_is_named_as_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(voice(tmp_path, "--input-wav-dir", str(tmp_path / "nosuch"),
                      "--speak-to", str(tmp_path / "prompts")))
    err = capsys.readouterr().err
    assert code == 2 and "nosuch: no such folder of answer files" in err
