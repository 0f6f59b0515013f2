"""`backtalk bench` end to end (a quick run, not pinned): it measures every part, writes
the Markdown table and the JSON, and says which recognizer could not be measured."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def test_quick_bench_writes_the_table_and_the_json(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("bench", "--quick", "--no-pin", "--out", str(tmp_path), timeout=600)

    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    table = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert table in done.stdout
    assert result["command"] == f"backtalk bench --quick --no-pin --out {tmp_path}"
    whisper, sphinx, vosk = result["recognizers"]  # the default engine first
    assert whisper["engine"] == "whisper" and sphinx["engine"] == "pocketsphinx"
    assert sphinx["pinned"] is None
    for measured in (whisper, sphinx):
        loop = measured.get("loop", measured)
        assert loop["groups"]["yes/no"]["clips"] > 0 and loop["false_accepts"]["clips"] > 0
        assert 0 < loop["rtf"] < 5
    if vosk.get("measured") is False:  # no English vosk model on this machine
        assert "vosk not measured:" in table and vosk["reason"]
    whisper_latency, latency, vosk_latency = result["latency"]
    assert whisper_latency["engine"] == "whisper" and whisper_latency["turns"] > 0
    assert latency["engine"] == "pocketsphinx" and latency["turns"] > 0
    if vosk_latency.get("measured") is False:
        assert "vosk not measured:" in table.split("### Reply latency")[1]
    assert latency["stages"]["beyond_endpoint"]["p95"] >= latency["stages"]["recognize"]["p95"]
    whisper_startup, startup, vosk_startup = result["startup"]
    assert whisper_startup["engine"] == "whisper" and startup["engine"] == "pocketsphinx"
    assert whisper_startup["startup_seconds"]["median"] > 0
    assert startup["startup_seconds"]["median"] > 0 and startup["peak_rss_mb"]["median"] > 20
    if vosk_startup.get("measured") is False:  # the engine's own message, not a crash
        assert "no English vosk model" in vosk_startup["reason"]
        assert "vosk not measured:" in table.split("### Start-up and memory")[1]
    else:
        assert vosk_startup["startup_seconds"]["median"] > 0
    for heading in ("### Recognition", "### Reply latency", "### Start-up and memory",
                    "### Whole conversations"):
        assert heading in table


def test_bench_without_recordings_says_where_it_looked(run_cli: RunCli,
                                                      tmp_path: Path) -> None:
    done = run_cli("bench", "--quick", "--speech-dir", str(tmp_path / "none"), "--out",
                   str(tmp_path / "out"))
    assert done.returncode == 2
    assert str(tmp_path / "none") in done.stderr and "commands/" in done.stderr


def test_bench_on_a_folder_without_yes_or_no_recordings_says_so_in_one_line(
        run_cli: RunCli, tmp_path: Path) -> None:
    """Said before anything is measured, not as a failed measurement's traceback."""
    (tmp_path / "speech" / "commands" / "yes").mkdir(parents=True)
    (tmp_path / "speech" / "commands" / "yes" / "notes.txt").write_text("not a recording")
    done = run_cli("bench", "--parts", "recognition", "--no-pin", "--speech-dir",
                   str(tmp_path / "speech"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("backtalk: ") and "Traceback" not in done.stderr
    assert "no recordings in commands/yes or commands/no" in line and ".flac" in line
    assert not (tmp_path / "out" / "bench.json").exists()
