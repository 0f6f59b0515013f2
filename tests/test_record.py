"""The session record of ``backtalk chat``: one complete JSON line per event, even if killed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.records.record import SessionRecord

ROOT = Path(__file__).resolve().parents[1]

RunCli = Callable[..., Any]


def record_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "sessions").glob("*.jsonl"))


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of the record, each of which must be a whole JSON object."""
    raw = path.read_bytes()
    assert raw.endswith(b"\n"), "the record ends in a partial line"
    events = []
    for number, line in enumerate(raw.decode("utf-8").split("\n")[:-1], start=1):
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - the failure message
            raise AssertionError(f"line {number} is not JSON: {line!r}") from exc
        assert isinstance(event, dict) and isinstance(event.get("event"), str), line
        assert isinstance(event.get("time"), str)
        events.append(event)
    return events


def the_record(data_dir: Path) -> list[dict[str, Any]]:
    files = record_files(data_dir)
    assert len(files) == 1, f"expected one record, found {files}"
    assert files[0].suffix == ".jsonl"
    return read_lines(files[0])


def turns(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["event"] == "turn"]


# -- a whole chat -----------------------------------------------------------------------------
def test_chat_until_input_ends(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("--data-dir", str(tmp_path), "chat", stdin="no\n" * 3)
    assert done.returncode == 0, done.stderr
    events = the_record(tmp_path)
    record = record_files(tmp_path)[0]
    assert str(record) in done.stdout  # the user is told where it is
    # ... and where the readable summary for a caregiver is, next to it.
    readable = record.with_suffix(".txt")
    assert f"Summary for a caregiver or doctor: {readable}" in done.stdout
    text = readable.read_text(encoding="utf-8")
    assert "Stopped before the end" in text and "- has had a heart attack" not in text
    assert "- fainted, or felt faint or dizzy: no" in text

    assert events[0]["event"] == "start"
    assert events[0]["mode"] == "text" and events[0]["emergency_number"] == "112"
    assert any(Path(f).name == "questions.yaml" for f in events[0]["dialog_files"])
    assert [e["event"] for e in events].count("start") == 1

    said = turns(events)
    assert [t["turn"] for t in said] == [1, 2, 3, 4]
    assert [t["heard"] for t in said] == ["no", "no", "no", None]  # None: input ended
    assert [t["state_before"] for t in said] == ["heart", "pain_kind", "pain_course",
                                                 "history"]
    assert [t["state"] for t in said] == ["pain_kind", "pain_course", "history", "stopped"]
    # A "no" to a group records each of its signs.
    assert said[0]["recorded"] == {"shortness_of_breath": "no", "fainting": "no",
                                   "chest_pain": "no"}
    assert said[0]["understood_as"] == "answer" and said[0]["value"] == "no"
    assert all(t["says"] for t in said)

    summary = events[-1]
    assert summary["event"] == "summary"
    assert [e["event"] for e in events].count("summary") == 1
    assert "outcome" in summary
    assert summary["stopped"] is True and summary["completed"] is False
    assert summary["findings"] == {
        "shortness_of_breath": "no", "fainting": "no", "chest_pain": "no",
        "worse_when_breathing": "no", "pain_to_arm_or_jaw": "no", "tearing_pain": "no",
        "pain_not_relieved": "no", "pain_spreading": "no", "sudden_severe_pain": "no"}
    assert summary["questions"] == ["heart", "pain_kind", "pain_course", "history"]


def test_chat_to_an_outcome(run_cli: RunCli, tmp_path: Path) -> None:
    # A yes to the heart group asks chest pain first; its yes (heard twice) ends the screening.
    done = run_cli("--data-dir", str(tmp_path), "chat", stdin="yes\nyes\nno\nno\n")
    assert done.returncode == 0, done.stderr
    assert "call an ambulance" in done.stdout
    events = the_record(tmp_path)
    # The summary is written as soon as the outcome is known; the "no" after it (the rest
    # of the input) is answered with goodbye, and the summary is written once more.
    assert [e["event"] for e in events] == ["start", "prompt", "turn", "turn", "summary",
                                            "turn", "summary"]
    assert events[5]["says"] == ["Take care. Goodbye."]
    assert events[2]["state"] == "chest_pain" and events[2]["recorded"] == {}
    assert events[3]["state"] == "emergency" and events[3]["recorded"] == {"chest_pain": "yes"}
    summary = events[-1]
    assert summary["outcome"] == "emergency" and summary["completed"] is True
    assert summary["findings"] == {"chest_pain": "yes"}


def test_record_keeps_dont_know_and_commands(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("--data-dir", str(tmp_path), "chat",
                   stdin="I don't know\nnot sure\nnot sure\ngo back\nrepeat\nstop\nyes\n")
    assert done.returncode == 0, done.stderr
    said = turns(the_record(tmp_path))
    assert [(t["heard"], t["understood_as"], t["value"]) for t in said] == [
        ("I don't know", "dont_know", None),
        ("not sure", "dont_know", None),
        ("not sure", "dont_know", None),
        ("go back", "command", "back"),
        ("repeat", "command", "repeat"),
        ("stop", "command", "stop"),
        ("yes", "answer", "yes"),
    ]
    # "Don't know" to a group records nothing and asks its signs one by one (chest pain
    # first); an alarm sign gets a second chance; the second "don't know" is recorded as
    # unknown.
    assert said[0]["recorded"] == {} and said[0]["state"] == "chest_pain"
    assert said[1]["recorded"] == {} and said[1]["state"] == "chest_pain"
    assert said[2]["recorded"] == {"chest_pain": "unknown"}
    assert said[2]["state"] == "fainting"
    assert said[3]["state"] == "chest_pain"  # went back
    assert said[5]["state"] == "chest_pain"  # "Do you want to stop?"
    assert said[6]["state"] == "stopped"


# -- killed halfway ---------------------------------------------------------------------------
def test_record_survives_sigkill(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("BACKTALK_DIALOGS", "BACKTALK_DATA_DIR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(tmp_path), "chat"],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, text=True)
    answers = ["no", "no", "maybe"]
    try:
        assert proc.stdin is not None
        for answer in answers:
            proc.stdin.write(answer + "\n")
            proc.stdin.flush()
        deadline = time.monotonic() + 20
        while True:
            files = record_files(tmp_path)
            if files and files[0].read_text(encoding="utf-8").count('"event": "turn"') \
                    >= len(answers):
                break
            assert proc.poll() is None, "the chat ended by itself"
            assert time.monotonic() < deadline, "the turns never reached the record"
            time.sleep(0.02)
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdin is not None:
            proc.stdin.close()
    assert proc.returncode == -9  # SIGKILL: no chance to write anything more

    events = the_record(tmp_path)  # every line whole, no partial last line
    assert [e["event"] for e in events] == ["start", "prompt", "turn", "turn", "turn"]
    said = turns(events)
    assert [t["heard"] for t in said] == answers
    assert [t["turn"] for t in said] == [1, 2, 3]
    assert said[1]["recorded"] == {"worse_when_breathing": "no", "pain_to_arm_or_jaw": "no",
                                   "tearing_pain": "no"}
    # "maybe" to a group: its signs asked one by one, the most dangerous first.
    assert said[2]["understood_as"] == "dont_know" and said[2]["state"] == "sudden_severe_pain"
    assert said[2]["recorded"] == {}
    assert not any(e["event"] == "summary" for e in events)


# -- nowhere to write -------------------------------------------------------------------------
def test_unwritable_data_dir_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    data_dir = blocker / "data"
    done = run_cli("--data-dir", str(data_dir), "chat", stdin="no\n")
    assert done.returncode == 2
    assert "cannot write the session record" in done.stderr
    assert str(data_dir) in done.stderr
    assert "--data-dir" in done.stderr  # says how to fix it
    assert "Traceback" not in done.stderr
    # No screening starts without a record.
    assert "chest" not in done.stdout
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_after_the_outcome_repeat_and_slower_say_it_again(run_cli: RunCli,
                                                          tmp_path: Path) -> None:
    done = run_cli("--data-dir", str(tmp_path), "chat",
                   stdin="help me\nrepeat\nslower\nthank you\nno\n")
    assert done.returncode == 0, done.stderr
    events = the_record(tmp_path)
    said = turns(events)
    assert [t["heard"] for t in said] == ["help me", "repeat", "slower", "thank you"]
    outcome = said[0]["says"]
    assert "To hear this again, say repeat." in outcome
    advice = [s for s in outcome if "ambulance" in s]
    assert advice and all(advice[0] in t["says"] for t in said[1:3])
    assert said[2]["says"][0] == "I will speak more slowly."
    assert said[3]["says"] == ["Take care. Goodbye."]  # anything else ends it
    # The summary is on record as soon as the outcome is known, and at the end.
    kinds = [e["event"] for e in events]
    assert kinds.index("summary") == kinds.index("turn") + 1
    assert kinds[-1] == "summary" and events[-1]["outcome"] == "emergency"


def test_two_records_in_the_same_second_do_not_share_a_file(tmp_path: Path) -> None:
    first = SessionRecord.create(tmp_path)
    second = SessionRecord.create(tmp_path)
    first.write("start", n=1)
    second.write("start", n=2)
    first.close()
    second.close()
    assert first.path != second.path
    assert [e["n"] for e in read_lines(first.path)] == [1]
    assert [e["n"] for e in read_lines(second.path)] == [2]
