"""Tests of the pure logic in assistant.bootstrap and the two setup modules it takes its facts
from (no apt-get, pip or venv is run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant import bootstrap
from assistant.setup import debian_packages, venv_install
from assistant.setup.venv_install import Stamp

DIGEST = "a" * 64


# --- command line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["start"], ("start", [])),
        (["start", "--help"], ("start", ["--help"])),
        (["test", "-k", "x", "tests/a.py"], ("test", ["-k", "x", "tests/a.py"])),
        (["--help"], ("help", [])),
        (["-h"], ("help", [])),
        ([], ("usage-error", [])),
        (["run"], ("usage-error", ["run"])),
    ],
)
def test_parse_command(argv: list[str], expected: tuple[str, list[str]]) -> None:
    assert bootstrap.parse_command(argv) == expected


def test_help_exits_zero_and_names_both_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert bootstrap.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "start" in out and "test" in out


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        bootstrap.main(["frobnicate"])
    assert info.value.code == 2
    assert "frobnicate" in capsys.readouterr().err


def test_module_help_runs_with_plain_python() -> None:
    root = Path(bootstrap.__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "assistant.bootstrap", "--help"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "python3 -m assistant.bootstrap" in result.stdout


def test_module_help_runs_without_third_party_packages() -> None:
    # -S leaves site-packages off sys.path: only the standard library and the repository.
    root = Path(bootstrap.__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-S", "-m", "assistant.bootstrap", "--help"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "python3 -m assistant.bootstrap" in result.stdout


# --- dpkg-query status -----------------------------------------------------


@pytest.mark.parametrize(
    ("output", "installed"),
    [
        ("install ok installed", True),
        ("install ok installed\n", True),
        ("unknown ok not-installed", False),
        ("deinstall ok config-files", False),
        ("install ok half-configured", False),
        ("install ok unpacked", False),
        ("", False),
        # multi-arch: one line per architecture; one installed is enough
        ("deinstall ok config-files\ninstall ok installed\n", True),
    ],
)
def test_is_installed_status(output: str, installed: bool) -> None:
    assert debian_packages.is_installed_status(output) is installed


def test_missing_packages_keeps_order_and_drops_duplicates() -> None:
    statuses = {
        "sox": "install ok installed",
        "graphviz": "unknown ok not-installed",
        "espeak-ng": "",
    }
    result = debian_packages.missing_packages(
        ["espeak-ng", "sox", "graphviz", "espeak-ng"], lambda n: statuses.get(n, "")
    )
    assert result == ["espeak-ng", "graphviz"]


def test_required_packages_keep_runtime_and_test_lists_separate() -> None:
    runtime = debian_packages.required_packages(with_tests=False)
    full = debian_packages.required_packages(with_tests=True)
    assert runtime == list(debian_packages.RUNTIME_PACKAGES)
    assert full == list(debian_packages.RUNTIME_PACKAGES) + list(debian_packages.TEST_PACKAGES)
    assert "pulseaudio" not in runtime  # it would fight the person's own sound server
    assert {"pulseaudio-utils", "libasound2-plugins"} <= set(runtime)  # the echo canceller
    assert {"espeak-ng", "libespeak-ng1", "libportaudio2", "alsa-utils", "graphviz", "sox"} <= set(
        runtime
    )
    assert {"pulseaudio", "pulseaudio-utils", "libasound2-plugins"} <= set(full)


# --- apt -------------------------------------------------------------------


def test_sudo_install_line() -> None:
    line = debian_packages.sudo_install_line(["espeak-ng", "libportaudio2", "python3.11-venv"])
    assert line == "sudo apt-get install -y espeak-ng libportaudio2 python3.11-venv"


def test_apt_install_command() -> None:
    assert debian_packages.apt_install_command(["sox", "graphviz"]) == [
        "apt-get",
        "install",
        "-y",
        "--no-install-recommends",
        "sox",
        "graphviz",
    ]


def test_non_root_gets_sudo_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)

    def no_subprocess(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing must be run for a non-root user")

    monkeypatch.setattr(bootstrap.subprocess, "run", no_subprocess)
    with pytest.raises(SystemExit) as info:
        bootstrap.install_system_packages(["sox", "graphviz"])
    assert info.value.code == 2
    out = capsys.readouterr().out
    assert "sudo apt-get install -y sox graphviz\n" in out


POLICY_FOUND = """\
python3.11-venv:
  Installed: (none)
  Candidate: 3.11.2-6+deb12u8
  Version table:
     3.11.2-6+deb12u8 500
"""

POLICY_NONE = """\
python3.9-venv:
  Installed: (none)
  Candidate: (none)
  Version table:
"""


def test_parse_apt_candidate() -> None:
    assert debian_packages.parse_apt_candidate(POLICY_FOUND) == "3.11.2-6+deb12u8"
    assert debian_packages.parse_apt_candidate(POLICY_NONE) is None
    assert debian_packages.parse_apt_candidate("") is None


def test_venv_package_name_prefers_the_versioned_package() -> None:
    assert debian_packages.venv_package_name((3, 11), lambda n: n == "python3.11-venv") == (
        "python3.11-venv"
    )
    assert debian_packages.venv_package_name((3, 13), lambda n: False) == "python3-venv"


# --- stamp / skip decision --------------------------------------------------


def test_stamp_round_trip() -> None:
    stamp = Stamp(DIGEST, frozenset({"test", "docs"}))
    text = venv_install.format_stamp(stamp)
    assert text == f"{DIGEST}\ndocs,test\n"
    assert venv_install.parse_stamp(text) == stamp
    assert venv_install.parse_stamp(f"{DIGEST}\n\n") == Stamp(DIGEST, frozenset())


@pytest.mark.parametrize("text", [None, "", "\n", "   \nx"])
def test_parse_stamp_rejects_empty(text: str | None) -> None:
    assert venv_install.parse_stamp(text) is None


def test_project_digest_changes_with_content() -> None:
    assert venv_install.project_digest(b"a") == venv_install.project_digest(b"a")
    assert venv_install.project_digest(b"a") != venv_install.project_digest(b"b")


def test_install_needed() -> None:
    test = frozenset({"test"})
    none: frozenset[str] = frozenset()
    assert venv_install.install_needed(None, DIGEST, none)
    assert not venv_install.install_needed(Stamp(DIGEST, none), DIGEST, none)
    assert not venv_install.install_needed(Stamp(DIGEST, test), DIGEST, test)
    # `start` after `test`: the test extra is a superset, nothing to do
    assert not venv_install.install_needed(Stamp(DIGEST, test), DIGEST, none)
    # `test` after `start`: the extra is missing
    assert venv_install.install_needed(Stamp(DIGEST, none), DIGEST, test)
    # pyproject.toml changed
    assert venv_install.install_needed(Stamp("b" * 64, test), DIGEST, test)


def test_stamp_after_install() -> None:
    test = frozenset({"test"})
    none: frozenset[str] = frozenset()
    assert venv_install.stamp_after_install(None, DIGEST, none) == Stamp(DIGEST, none)
    assert venv_install.stamp_after_install(Stamp(DIGEST, none), DIGEST, test) == Stamp(
        DIGEST, test
    )
    # a changed pyproject.toml drops what the old stamp recorded
    assert venv_install.stamp_after_install(Stamp("b" * 64, test), DIGEST, none) == Stamp(
        DIGEST, none
    )


def test_pip_target() -> None:
    assert venv_install.pip_target(frozenset()) == "."
    assert venv_install.pip_target(frozenset({"test"})) == ".[test]"


def test_ensure_project_installed_skips_pip_when_stamp_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = venv_install.project_digest((bootstrap.REPO_ROOT / "pyproject.toml").read_bytes())
    (tmp_path / venv_install.STAMP_NAME).write_text(
        venv_install.format_stamp(Stamp(digest, frozenset({"test"})))
    )

    def no_subprocess(*args: object, **kwargs: object) -> None:
        raise AssertionError("pip must not run when the stamp matches")

    monkeypatch.setattr(bootstrap.subprocess, "run", no_subprocess)
    bootstrap.ensure_project_installed(tmp_path, frozenset({"test"}))


def test_ensure_project_installed_runs_pip_and_writes_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / venv_install.STAMP_NAME).write_text(f"{'b' * 64}\ntest\n")
    calls: list[list[str]] = []

    def fake_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    bootstrap.ensure_project_installed(tmp_path, frozenset({"test"}))
    assert len(calls) == 1
    assert calls[0][0] == str(tmp_path / "bin" / "python")
    assert calls[0][1:] == ["-m", "pip", "install", "--disable-pip-version-check", "-e", ".[test]"]
    stamp = venv_install.parse_stamp((tmp_path / venv_install.STAMP_NAME).read_text())
    assert stamp is not None and stamp.extras == frozenset({"test"})
    assert stamp.digest != "b" * 64


def test_ensure_project_installed_fails_with_pips_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 7)

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    with pytest.raises(SystemExit) as info:
        bootstrap.ensure_project_installed(tmp_path, frozenset())
    assert info.value.code == 7
    assert not (tmp_path / venv_install.STAMP_NAME).exists()


def test_venv_package_joins_the_sudo_line_when_ensurepip_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bootstrap, "has_debian_tools", lambda: True)
    monkeypatch.setattr(bootstrap, "apt_has_candidate", lambda name: name == "python3.11-venv")
    monkeypatch.setattr(bootstrap.sys, "version_info", (3, 11, 2, "final", 0))
    installed = {"espeak-ng", "libespeak-ng1", "alsa-utils", "graphviz", "sox",
                 "pulseaudio-utils", "libasound2-plugins"}
    monkeypatch.setattr(
        bootstrap, "dpkg_status", lambda n: "install ok installed" if n in installed else ""
    )
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    with pytest.raises(SystemExit) as info:
        bootstrap.ensure_system_packages(with_tests=False, need_venv_support=True)
    assert info.value.code == 2
    lines = capsys.readouterr().out.splitlines()
    assert "sudo apt-get install -y libportaudio2 python3.11-venv" in lines
