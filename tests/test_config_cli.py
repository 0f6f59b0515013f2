"""The config file as the command line uses it: `backtalk config`, `--init`, the settings
reaching a conversation, and clear errors for a broken file."""

from __future__ import annotations

import json
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def rows(output: str) -> dict[str, tuple[str, str]]:
    """``backtalk config``'s table: setting -> (value, where it comes from)."""
    table = {}
    for line in output.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0].islower() and "  " in parts[1]:
            value, _, source = parts[1].rpartition("  ")
            table[parts[0]] = (value.strip(), source.strip())
    return table


def test_config_shows_every_value_and_its_source(run_cli: RunCli,
                                                 own_config_dir: Path) -> None:
    (own_config_dir / "config.toml").write_text(
        'emergency_number = 911\npreset = "slow-speech"\nend_silence = 3.0\n',
        encoding="utf-8")

    done = run_cli("--rate", "150", "config")

    assert done.returncode == 0, done.stderr
    assert str(own_config_dir / "config.toml") in done.stdout
    table = rows(done.stdout)
    assert table["emergency_number"] == ("911", "config file")
    assert table["end_silence"] == ("3.0", "config file")  # beats the preset's 2.5
    assert table["no_answer_timeout"] == ("20.0", "slow-speech preset")
    assert table["rate"] == ("150", "command line")
    assert table["asr"] == ("auto", "default")


def test_config_file_settings_reach_the_conversation(run_cli: RunCli, tmp_path: Path,
                                                     own_config_dir: Path) -> None:
    (own_config_dir / "config.toml").write_text(
        f'emergency_number = "911"\ndata_dir = "{tmp_path / "records"}"\n', encoding="utf-8")

    done = run_cli("chat", stdin="help me\n")

    assert done.returncode == 0, done.stderr
    assert "The number is 911" in done.stdout and "The number is 112" not in done.stdout
    (record,) = (tmp_path / "records" / "sessions").glob("*.jsonl")
    start = json.loads(record.read_text(encoding="utf-8").splitlines()[0])
    assert start["emergency_number"] == "911"


def test_init_writes_a_template_once(run_cli: RunCli, own_config_dir: Path) -> None:
    done = run_cli("config", "--init")
    assert done.returncode == 0, done.stderr
    written = own_config_dir / "config.toml"
    assert tomllib.loads(written.read_text(encoding="utf-8")) == {}  # all commented out
    assert "emergency_number" in written.read_text(encoding="utf-8")

    again = run_cli("config", "--init")
    assert again.returncode == 2
    assert "already" in again.stderr and str(written) in again.stderr


def test_a_broken_config_file_stops_with_file_key_and_fix(run_cli: RunCli,
                                                          own_config_dir: Path) -> None:
    path = own_config_dir / "config.toml"
    path.write_text('rate = 140\nvolum = 0.5\n', encoding="utf-8")
    done = run_cli("chat", stdin="no\n")
    assert done.returncode == 2
    assert str(path) in done.stderr and "volum" in done.stderr and "volume" in done.stderr
    assert "Traceback" not in done.stderr

    path.write_text('rate = "fast"\n', encoding="utf-8")
    done = run_cli("config")
    assert done.returncode == 2 and "rate" in done.stderr and "80" in done.stderr

    path.write_text('rate = 140\nvoice = "en-us\n', encoding="utf-8")
    done = run_cli("config")
    assert done.returncode == 2 and "line 2" in done.stderr


def test_a_broken_saved_pace_is_a_warning_not_a_failure(run_cli: RunCli,
                                                        own_config_dir: Path) -> None:
    (own_config_dir / "voice.json").write_text("{not json", encoding="utf-8")
    done = run_cli("config")
    assert done.returncode == 0
    assert "voice.json" in done.stderr
    assert rows(done.stdout)["rate"] == ("140", "default")
