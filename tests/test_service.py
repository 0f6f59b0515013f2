"""The systemd unit of ``backtalk service``: its content, systemd's own check of it
(``systemd-analyze verify``), how it is written, and what the command says on a machine
without a running systemd (such as this test container)."""

from __future__ import annotations

import configparser
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.cli.common import EXIT_UNAVAILABLE
from assistant.setup import systemd
from assistant.setup.service_unit import UNIT_NAME, UnitError, UnitSpec, unit_text, write_unit


def fake_repo(tmp_path: Path) -> Path:
    """A repository folder whose .venv python exists (systemd checks ExecStart's program)."""
    repo = tmp_path / "back talk repo"  # a space, as in a home folder named so
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return repo


def sections(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(text)
    return parser


def test_user_unit_runs_the_venv_with_the_wake_phrase_and_restarts_on_failure(
        tmp_path: Path) -> None:
    repo = fake_repo(tmp_path)
    unit = sections(unit_text(UnitSpec(repo, "hello back talk", extra_args=("--slow-speech",))))

    service = unit["Service"]
    words = shlex.split(service["ExecStart"])
    assert words == [str(repo / ".venv/bin/python"), "-m", "assistant.cli", "voice", "--wake",
                     "hello back talk", "--slow-speech"]
    assert service["WorkingDirectory"] == str(repo)
    assert service["Restart"] == "on-failure"
    assert 0 < int(unit["Unit"]["StartLimitBurst"]) <= 10  # not retried forever
    assert int(unit["Unit"]["StartLimitIntervalSec"]) >= 60
    assert service["StandardOutput"] == service["StandardError"] == "journal"
    assert service["UMask"] == "0077"
    # Stopped as by Ctrl-C, which BackTalk ends cleanly (the record closed, the echo
    # canceller unloaded: test_calls_while_speaking.py stops it so).
    assert service["KillSignal"] == "SIGINT"
    assert "User" not in service  # a user unit runs as its user
    assert unit["Install"]["WantedBy"] == "default.target"


def test_system_unit_runs_as_the_given_user_in_the_audio_group(tmp_path: Path) -> None:
    unit = sections(unit_text(UnitSpec(fake_repo(tmp_path), system=True, user="pi")))
    assert unit["Service"]["User"] == "pi"
    assert unit["Service"]["SupplementaryGroups"] == "audio"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_values_systemd_would_expand_or_split_are_escaped() -> None:
    text = unit_text(UnitSpec(Path("/opt/back%talk"), 'say "hi" 100% $HOME'))
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))
    assert "%%" in line and "$$HOME" in line and "/opt/back%%talk" in line
    assert "WorkingDirectory=/opt/back%%talk" in text
    with pytest.raises(UnitError, match="line break"):
        unit_text(UnitSpec(Path("/opt"), "hello\nExecStartPre=/bin/rm -rf /"))
    with pytest.raises(UnitError, match="wake phrase"):
        unit_text(UnitSpec(Path("/opt"), "  "))


@pytest.mark.parametrize("system", [False, True], ids=["user", "system"])
def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path, system: bool) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd); the unit's "
                    "content is still checked by the structural tests above")
    repo = fake_repo(tmp_path)
    spec = UnitSpec(repo, 'hello "back" talk 100%', system=system, user="root",
                    extra_args=("--end-silence", "2.5"))
    path = write_unit(tmp_path / "units", unit_text(spec))
    done = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    # verify exits 0 on unknown keys and bad values, only warning: those count too.
    warnings = [line for line in done.stderr.splitlines() if UNIT_NAME in line]
    assert done.returncode == 0 and not warnings, done.stderr


def test_systemd_analyze_verify_catches_what_the_structural_tests_cannot(
        tmp_path: Path) -> None:
    # The check above can fail: a unit whose python is not there is refused.
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    path = write_unit(tmp_path / "units", unit_text(UnitSpec(tmp_path / "no-repo")))
    done = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0 and "not executable" in done.stderr


def test_unit_is_private_and_a_planted_link_is_replaced_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir(mode=0o755)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (folder / UNIT_NAME).symlink_to(victim)

    path = write_unit(folder, "[Unit]\n")

    assert victim.read_text() == "keep me"
    assert not path.is_symlink() and path.read_text() == "[Unit]\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [UNIT_NAME]  # no temporary left behind
    new = write_unit(tmp_path / "new" / "units", "[Unit]\n")
    assert stat.S_IMODE(new.parent.stat().st_mode) == 0o700


def test_without_systemd_install_writes_the_unit_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(systemd, "BOOTED_MARKER", tmp_path / "no-systemd-here")
    units = tmp_path / "units"

    code = main(["service", "install", "--unit-dir", str(units), "--wake", "good morning"])

    out, err = capsys.readouterr()
    assert code == EXIT_UNAVAILABLE
    written = (units / UNIT_NAME).read_text(encoding="utf-8")
    assert '--wake "good morning"' in written
    assert "systemd is not running" in err and "not enabled" in err
    assert "systemctl --user enable --now backtalk.service" in err
    assert written in err  # the unit is shown, to copy to a machine that has systemd

    assert main(["service", "status", "--unit-dir", str(units)]) == EXIT_UNAVAILABLE
    out, err = capsys.readouterr()
    assert "present" in out and "systemd is not running" in err

    assert main(["service", "remove", "--unit-dir", str(units)]) == 0
    assert not (units / UNIT_NAME).exists()
    assert main(["service", "remove", "--unit-dir", str(units)]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_print_shows_the_unit_and_writes_nothing(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    code = main(["service", "install", "--print", "--unit-dir", str(home)])
    out = capsys.readouterr().out
    assert code == 0 and not home.exists()
    assert sections(out)["Service"]["Restart"] == "on-failure"
    assert '--wake "hello back talk"' in out


def _exec_start(out: str) -> list[str]:
    return shlex.split(sections(out)["Service"]["ExecStart"])


def test_options_given_to_backtalk_reach_the_service(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # A caregiver in the US sets the number and a folder for the records: a service that
    # dropped them would tell the person to ring 112 and keep its records elsewhere.
    monkeypatch.chdir(tmp_path)
    code = main(["--emergency-number", "911", "--data-dir", "records", "--slow-speech",
                 "--device", "USB", "service", "install", "--print"])
    words = _exec_start(capsys.readouterr().out)
    assert code == 0
    command = words[3:]
    assert command[command.index("voice") + 1:] == ["--wake", "hello back talk"]
    own = command[:command.index("voice")]
    assert own[own.index("--emergency-number") + 1] == "911"
    assert own[own.index("--data-dir") + 1] == str(tmp_path / "records")
    assert "--slow-speech" in own and own[own.index("--device") + 1] == "USB"


def test_own_options_after_the_double_dash_go_before_the_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    # As the README says, "more options go after --": there --emergency-number would stop
    # the service at every start ("an option of backtalk itself").
    code = main(["service", "install", "--print", "--", "--emergency-number", "911",
                 "--slow-speech"])
    command = _exec_start(capsys.readouterr().out)[3:]
    assert code == 0
    assert command == ["--emergency-number", "911", "voice", "--wake", "hello back talk",
                       "--slow-speech"]


@pytest.mark.parametrize("options", [["--bogus"], ["--rate", "fast"], ["--asr", "siri"]])
def test_options_that_would_stop_the_service_are_refused_and_nothing_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]) -> None:
    units = tmp_path / "units"
    code = main(["service", "install", "--unit-dir", str(units), "--", *options])
    err = capsys.readouterr().err
    assert code == 2 and not units.exists()
    assert err.startswith("backtalk: the service would not start")
    assert options[-1] in err  # the word at fault is named
