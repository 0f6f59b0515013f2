"""Set up BackTalk on a fresh machine, then run it or its tests.

Usage (from the repository root, before anything is installed):

    python3 -m assistant.bootstrap start [ARGS...]
    python3 -m assistant.bootstrap test [PYTEST ARGS...]

Standard library only: this module runs before the project's dependencies exist, and so do
the two it takes its facts from, :mod:`assistant.setup.debian_packages` and
:mod:`assistant.setup.venv_install`. Whatever prints or exits is here.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .setup.apt_lock import WAIT_LIMIT, lock_paths, wait_for_locks
from .setup.debian_packages import (
    apt_has_candidate,
    apt_install_command,
    dpkg_status,
    has_debian_tools,
    missing_packages,
    required_packages,
    sudo_install_line,
    venv_package_name,
)
from .setup.venv_install import (
    STAMP_NAME,
    ensurepip_available,
    format_stamp,
    install_needed,
    parse_stamp,
    pip_target,
    project_digest,
    read_text_or_none,
    stamp_after_install,
    venv_python,
    venv_works,
)

PREFIX = "backtalk-setup:"
EXIT_LOCKED = 75
"""The package lock stayed held (EX_TEMPFAIL: try again later)."""

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = REPO_ROOT / ".venv"

USAGE = """\
usage: python3 -m assistant.bootstrap COMMAND [ARGS...]

Sets BackTalk up on this machine, then runs it. Run it from the repository root.

commands:
  start [ARGS...]   set up, then run `.venv/bin/backtalk ARGS...`
                    (no ARGS: start a conversation with BackTalk)
  test [ARGS...]    set up with the test tools too, then run
                    `.venv/bin/python -m pytest ARGS...` from the repository root

Setting up means, each step skipped when already done:
  1. the Debian packages BackTalk needs (apt-get, when run as root; otherwise
     it prints the `sudo apt-get install ...` line to run and stops with code 2);
     while another program holds the package lock (an update just after boot) it
     waits, saying so every 10 s, for up to 5 minutes ($BACKTALK_APT_WAIT seconds),
     then stops with code 75
  2. a virtual environment in .venv/ in the repository
  3. `pip install -e .` (or `-e ".[test]"` for test) into it, redone only when
     pyproject.toml or the requested extras change

options:
  -h, --help        show this help and exit
"""


# ---------------------------------------------------------------------------
# Output helpers


def say(message: str) -> None:
    """Print one progress line."""
    print(f"{PREFIX} {message}", flush=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error line to stderr and exit with ``code``."""
    print(f"{PREFIX} error: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


# ---------------------------------------------------------------------------
# Command line


def parse_command(argv: Sequence[str]) -> tuple[str, list[str]]:
    """Split argv into (command, passthrough args); command is "help" for --help."""
    if not argv:
        return "usage-error", []
    first, rest = argv[0], list(argv[1:])
    if first in ("-h", "--help", "help"):
        return "help", []
    if first in ("start", "test"):
        return first, rest
    return "usage-error", [first]


# ---------------------------------------------------------------------------
# Debian packages


def run_apt(command: list[str]) -> None:
    """Run one apt-get command non-interactively once no other program holds the package
    locks, failing with its exit code."""
    busy = wait_for_locks(lock_paths(), say, apt_wait_limit())
    if busy is not None:
        fail(f"another program still holds {busy} after {apt_wait_limit():.0f} s (an "
             "automatic update, or apt-get in another window): let it finish or find it with "
             f"`sudo fuser -v {busy}`, then run this again", EXIT_LOCKED)
    say("running: " + " ".join(command))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    code = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, check=False).returncode
    if code != 0:
        fail(f"`{' '.join(command)}` failed with exit code {code}", code)


def apt_wait_limit() -> float:
    """Seconds to wait for the package lock: $BACKTALK_APT_WAIT, else 5 minutes."""
    try:
        return max(0.0, float(os.environ.get("BACKTALK_APT_WAIT", WAIT_LIMIT)))
    except ValueError:
        return WAIT_LIMIT


def install_system_packages(packages: Sequence[str]) -> None:
    """Install ``packages`` with apt-get as root, or tell a non-root user how, and stop."""
    if os.geteuid() != 0:
        say("installing them needs root: run this command, then run this again:")
        print(sudo_install_line(packages), flush=True)
        fail("missing system packages (root is needed to install them)", 2)
    run_apt(["apt-get", "update"])
    run_apt(apt_install_command(packages))
    say("system packages installed")


def ensure_system_packages(with_tests: bool, need_venv_support: bool) -> None:
    """Make sure the Debian packages the product (and its tests) need are installed."""
    wanted = required_packages(with_tests)
    if not has_debian_tools():
        extra = " and Python's venv module with pip" if need_venv_support else ""
        say(
            "not a Debian system (no dpkg-query/apt-get): skipping system packages; "
            f"make sure the equivalents of {' '.join(wanted)}{extra} are installed"
        )
        return
    if need_venv_support:
        wanted.append(venv_package_name(sys.version_info[:2], apt_has_candidate))
    say("checking Debian packages: " + " ".join(wanted))
    missing = missing_packages(wanted, dpkg_status)
    if not missing:
        say("Debian packages: all present")
        return
    say("missing Debian packages: " + " ".join(missing))
    install_system_packages(missing)


# ---------------------------------------------------------------------------
# Virtual environment


def create_venv(venv_dir: Path) -> None:
    """Create (or recreate, if broken) the venv with the running interpreter."""
    command = [sys.executable, "-m", "venv"]
    if venv_dir.exists():
        say(f"{venv_dir} exists but does not work: recreating it")
        command.append("--clear")
    else:
        say(f"creating virtual environment {venv_dir} with {sys.executable}")
    code = subprocess.run([*command, str(venv_dir)], check=False).returncode
    if code != 0 or not venv_works(venv_dir):
        pkg = f"python3-venv (or python{sys.version_info[0]}.{sys.version_info[1]}-venv)"
        fail(
            f"could not create the virtual environment {venv_dir} (exit code {code}). "
            f"Python's venv module with ensurepip is needed: on Debian or Raspberry Pi OS "
            f"run `sudo apt-get install -y {pkg}`, then run this again",
            code or 1,
        )


# ---------------------------------------------------------------------------
# pip install, skipped when nothing changed


def ensure_project_installed(venv_dir: Path, extras: frozenset[str]) -> None:
    """`pip install -e` the project into the venv unless the stamp says it is current."""
    try:
        digest = project_digest((REPO_ROOT / "pyproject.toml").read_bytes())
    except OSError as exc:
        fail(f"cannot read {REPO_ROOT / 'pyproject.toml'}: {exc}")
    stamp_path = venv_dir / STAMP_NAME
    previous = parse_stamp(read_text_or_none(stamp_path))
    target = pip_target(extras)
    if not install_needed(previous, digest, extras):
        say(f'Python packages up to date (pip install -e "{target}" already done)')
        return
    say(f'installing Python packages: pip install -e "{target}" (this can take a while)')
    command = [str(venv_python(venv_dir)), "-m", "pip", "install"]
    command += ["--disable-pip-version-check", "-e", target]
    code = subprocess.run(command, cwd=REPO_ROOT, check=False).returncode
    if code != 0:
        fail(f'pip install -e "{target}" failed with exit code {code} (see above)', code)
    stamp_path.write_text(format_stamp(stamp_after_install(previous, digest, extras)))
    say("Python packages installed")


# ---------------------------------------------------------------------------
# Putting it together


def set_up(with_tests: bool) -> None:
    """Everything `start` (or `test`) needs before it runs."""
    needs_new_venv = not venv_works(VENV_DIR)
    ensure_system_packages(with_tests, needs_new_venv and not ensurepip_available())
    if needs_new_venv:
        create_venv(VENV_DIR)
    else:
        say(f"virtual environment {VENV_DIR} present")
    ensure_project_installed(VENV_DIR, frozenset({"test"}) if with_tests else frozenset())


def exec_program(program: Path, args: Sequence[str], cwd: Path | None = None) -> NoReturn:
    """Replace this process with ``program args...``."""
    if not program.exists():
        fail(f"{program} is missing after setup; delete {VENV_DIR} and run this again")
    if cwd is not None:
        os.chdir(cwd)
    say("setup done; running: " + shlex.join([str(program), *args]))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(program, [str(program), *args])


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse the command, set up, then exec the program."""
    command, args = parse_command(sys.argv[1:] if argv is None else argv)
    if command == "help":
        print(USAGE, end="")
        return 0
    if command == "usage-error":
        print(USAGE, end="", file=sys.stderr)
        what = f"unknown command {args[0]!r}" if args else "no command given"
        fail(f"{what}: use `start` or `test`", 2)
    if command == "start":
        set_up(with_tests=False)
        exec_program(VENV_DIR / "bin" / "backtalk", args)
    set_up(with_tests=True)
    exec_program(venv_python(VENV_DIR), ["-m", "pytest", *args], cwd=REPO_ROOT)


if __name__ == "__main__":
    sys.exit(main())
