"""What BackTalk writes about a person is private: folders 0700, files 0600, never written
through a planted link or over a file already there; ``summary`` takes only records."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.records.record import RecordError, SessionRecord
from assistant.setup.private_files import (
    PrivateFileError,
    create_private,
    private_dir,
    private_umask,
    write_private,
)
from assistant.voice.audio import read_wav, write_wav
from assistant.voice.tts import Speaker, SpeechError
from tests.conftest import cli_env

ROOT = Path(__file__).resolve().parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def run_open_umask(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The CLI with umask 000: the modes must not come from a careful umask."""
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT,
                          env=cli_env(), input=stdin, capture_output=True, text=True,
                          timeout=300, check=False, preexec_fn=lambda: os.umask(0))


# -- records and summaries ---------------------------------------------------------------------
def test_a_chat_leaves_private_files_in_a_private_folder(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    done = run_open_umask("--data-dir", str(data), "chat", stdin="no\nno\n")
    assert done.returncode == 0, done.stderr
    (record,) = (data / "sessions").glob("*.jsonl")
    assert mode(data) == mode(data / "sessions") == 0o700
    assert mode(tmp_path / "new") == 0o700  # a parent it had to make
    assert mode(record) == mode(record.with_suffix(".txt")) == 0o600
    assert sorted(p.name for p in record.parent.iterdir()) == [record.name,
                                                               record.with_suffix(".txt").name]


def test_an_open_sessions_folder_is_closed_but_a_chosen_data_folder_kept(
        tmp_path: Path) -> None:
    (tmp_path / "sessions").mkdir(mode=0o755)
    os.chmod(tmp_path / "sessions", 0o755)
    os.chmod(tmp_path, 0o755)
    SessionRecord.create(tmp_path).close()
    assert mode(tmp_path / "sessions") == 0o700  # BackTalk's own folder of health records
    assert mode(tmp_path) == 0o755  # the user's folder is theirs to set


def planted_names(folder: Path, seconds: int = 4) -> list[Path]:
    """The names the next record of this process will try in the coming seconds."""
    start = datetime.now()
    return [folder / f"{(start + timedelta(seconds=s)):%Y%m%d-%H%M%S}-{os.getpid()}.jsonl"
            for s in range(seconds)]


def test_a_link_planted_where_the_next_record_goes_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("someone else's file\n", encoding="utf-8")
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True)
    links = planted_names(sessions)
    for link in links:
        link.symlink_to(target)
    record = SessionRecord.create(tmp_path / "data")
    record.write("start", n=1)
    record.close()
    assert record.path not in links and record.path.name.endswith("-2.jsonl")
    assert target.read_text(encoding="utf-8") == "someone else's file\n"
    assert all(link.is_symlink() for link in links)
    assert mode(record.path) == 0o600 and not record.path.is_symlink()


@pytest.mark.parametrize("kind", ["link", "dangling link", "file"])
def test_a_record_never_opens_what_is_already_there(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    path = tmp_path / "r.jsonl"
    if kind == "file":
        path.write_text("kept\n", encoding="utf-8")
    else:
        path.symlink_to(target)
    if kind == "link":
        target.write_text("kept\n", encoding="utf-8")
    with pytest.raises(RecordError, match="already there"):
        SessionRecord(path)
    if kind == "dangling link":
        assert not target.exists()  # not created through the link
    else:
        assert path.read_text(encoding="utf-8") == "kept\n"


def test_a_linked_sessions_folder_is_refused_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sessions").symlink_to(tmp_path / "other")
    assert main(["--data-dir", str(tmp_path / "data"), "chat"]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err and "--data-dir" in err
    assert not list((tmp_path / "other").iterdir())


def a_record(folder: Path) -> Path:
    """A session record as a screening starts it (the summary needs no more)."""
    record = SessionRecord.create(folder)
    record.write("start", version="test", dialog_files=[], emergency_number="112",
                 mode="text")
    record.close()
    return record.path


def summary(folder: Path, given: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(folder), "summary", str(given)])
    return code, capsys.readouterr().err


def test_summary_refuses_its_own_text_and_other_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = a_record(tmp_path).with_suffix(".txt")
    text.write_text("BackTalk screening summary\nwritten before\n", encoding="utf-8")
    other = tmp_path / "notes.jsonl"
    other.write_text('{"not": "a record"}\n', encoding="utf-8")
    binary = tmp_path / "noise.jsonl"
    binary.write_bytes(os.urandom(3000))
    fifo = tmp_path / "waiting.jsonl"
    os.mkfifo(fifo)  # must not wait for a writer
    for given, says in [(text, "looks like the summary of"), (other, "start line"),
                        (binary, "start line"), (tmp_path, "not a session record"),
                        (fifo, "not a regular file"), (tmp_path / "gone.jsonl", "no such")]:
        code, err = summary(tmp_path, given, capsys)
        assert code == 2, given
        assert says in err, err
    assert text.read_text(encoding="utf-8").endswith("written before\n")  # never overwritten
    assert not other.with_suffix(".txt").exists() and not binary.with_suffix(".txt").exists()


def test_summary_replaces_its_older_self_but_no_other_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = a_record(tmp_path)
    text = record.with_suffix(".txt")
    text.write_text("my own notes\n", encoding="utf-8")
    code, err = summary(tmp_path, record, capsys)
    assert code == 2 and "not replaced" in err
    assert text.read_text(encoding="utf-8") == "my own notes\n"
    # A link planted at the summary's name is not written through either.
    target = tmp_path / "target.txt"
    target.write_text("BackTalk screening summary\nnot to be touched\n", encoding="utf-8")
    text.unlink()
    text.symlink_to(target)
    code, err = summary(tmp_path, record, capsys)
    assert code == 2 and "not replaced" in err
    assert target.read_text(encoding="utf-8").endswith("not to be touched\n")
    text.unlink()
    text.write_text("BackTalk screening summary\nan older one\n", encoding="utf-8")
    code, err = summary(tmp_path, record, capsys)
    assert code == 0, err
    assert "an older one" not in text.read_text(encoding="utf-8") and mode(text) == 0o600


# -- prompts and voice samples -----------------------------------------------------------------
def test_a_prompt_is_private_and_never_written_over_a_link(tmp_path: Path) -> None:
    speaker = Speaker()
    old = os.umask(0)
    try:
        saved = speaker.save(["Yes."], tmp_path / "prompts" / "001.wav")
        assert mode(saved) == 0o600 and mode(saved.parent) == 0o700
        target = tmp_path / "target.wav"
        target.write_bytes(b"kept")
        (tmp_path / "prompts" / "002.wav").symlink_to(target)
        with pytest.raises(SpeechError, match="already there"):
            speaker.save(["No."], tmp_path / "prompts" / "002.wav")
        assert target.read_bytes() == b"kept"
    finally:
        os.umask(old)
    assert sorted(p.name for p in saved.parent.iterdir()) == ["001.wav", "002.wav"]


def test_a_voice_sample_is_private_and_replaces_only_a_wav(tmp_path: Path) -> None:
    pcm = bytes(3200)
    path = tmp_path / "sample.wav"
    write_wav(path, pcm)
    write_wav(path, pcm + pcm)  # an older sample is replaced
    assert mode(path) == 0o600 and read_wav(path) == pcm + pcm
    notes = tmp_path / "notes.wav"
    notes.write_text("not audio\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_wav(notes, pcm)
    assert notes.read_text(encoding="utf-8") == "not audio\n"


# -- the config file ---------------------------------------------------------------------------
def test_the_config_file_is_private_whatever_the_umask(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Its [person] table holds health facts (a stroke, a heart attack), and whoever could
    # change it could change the emergency number or where the records go.
    folder = tmp_path / "new" / "backtalk"
    monkeypatch.setenv("BACKTALK_CONFIG_DIR", str(folder))
    done = run_open_umask("config", "--init")
    assert done.returncode == 0, done.stderr
    assert mode(folder) == 0o700
    assert mode(folder / "config.toml") == 0o600


# -- the module itself -------------------------------------------------------------------------
def test_private_dir_makes_every_missing_parent_private_and_refuses_a_link(
        tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    assert [mode(p) for p in (made.parent.parent, made.parent, made)] == [0o700] * 3
    (tmp_path / "link").symlink_to(made)
    with pytest.raises(PrivateFileError, match="symbolic link"):
        private_dir(tmp_path / "link")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(PrivateFileError, match="not a folder"):
        private_dir(tmp_path / "file")


def test_create_and_write_private(tmp_path: Path) -> None:
    fd = create_private(tmp_path / "new")
    os.close(fd)
    with pytest.raises(FileExistsError):
        create_private(tmp_path / "new")
    written = write_private(tmp_path / "whole", b"all of it")
    assert written.read_bytes() == b"all of it" and mode(written) == 0o600
    with pytest.raises(FileExistsError):
        write_private(tmp_path / "whole", b"other")
    assert written.read_bytes() == b"all of it"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "whole"]  # no temporaries


def test_private_umask_applies_inside_and_is_restored(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with private_umask():
            (tmp_path / "inside").write_text("x", encoding="utf-8")
        (tmp_path / "outside").write_text("x", encoding="utf-8")
    finally:
        os.umask(old)
    assert mode(tmp_path / "inside") == 0o600 and mode(tmp_path / "outside") == 0o644


def test_nothing_is_kept_to_send_to_a_library_maker(tmp_path: Path) -> None:
    # onnxruntime 1.32 writes a device identifier and queued usage events to
    # ~/.cache/Microsoft on its first session, to upload when a network is there (found by
    # a caregiver's walk through the README). BackTalk turns that off before loading it.
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME")}
    code = ("import assistant, onnxruntime\n"
            "from assistant.asr.speech_embedding import load\n"
            "load()\n")
    run = subprocess.run([sys.executable, "-c", code], env={**env, "HOME": str(home)},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert not [p for p in home.rglob("*") if "Microsoft" in p.parts]
