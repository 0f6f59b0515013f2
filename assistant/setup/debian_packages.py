"""The Debian packages BackTalk needs: which, which of them are missing, and the commands that
install them.

Standard library only: :mod:`assistant.bootstrap` uses this before anything is installed.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence

# Debian packages the product needs at run time (speech out, audio in/out, graphs, sound tools).
RUNTIME_PACKAGES: tuple[str, ...] = (
    "espeak-ng",
    "libespeak-ng1",
    "libportaudio2",
    "alsa-utils",
    "graphviz",
    "sox",
    # The sound server's echo canceller: pactl loads it, ALSA's pulse device reaches it.
    "pulseaudio-utils",
    "libasound2-plugins",
)

# Extra Debian packages the test suite needs: virtual sound servers, PulseAudio and
# PipeWire (its PulseAudio server and session manager, which needs a D-Bus session bus).
# Not for the person's machine, whose own sound server they would fight.
TEST_PACKAGES: tuple[str, ...] = (
    "pulseaudio",
    "pipewire-pulse",
    "wireplumber",
    "dbus-daemon",
)

INSTALLED_STATUS = "install ok installed"


def is_installed_status(status_output: str) -> bool:
    """True when dpkg-query's ${Status} output says the package is installed.

    The output has one line per installed architecture; any fully installed one counts.
    """
    return any(line.strip() == INSTALLED_STATUS for line in status_output.splitlines())


def dpkg_status(name: str) -> str:
    """dpkg-query's status text for ``name``; empty when dpkg does not know it."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}\n", name],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout if result.returncode == 0 else ""


def missing_packages(names: Iterable[str], status_of: Callable[[str], str]) -> list[str]:
    """The packages among ``names`` that are not installed, in order, without duplicates."""
    missing: list[str] = []
    for name in names:
        if name not in missing and not is_installed_status(status_of(name)):
            missing.append(name)
    return missing


def required_packages(with_tests: bool) -> list[str]:
    """The Debian packages needed for ``start`` (or ``test`` when ``with_tests``)."""
    return list(RUNTIME_PACKAGES) + (list(TEST_PACKAGES) if with_tests else [])


def parse_apt_candidate(policy_output: str) -> str | None:
    """The candidate version in `apt-cache policy` output, or None if there is none."""
    for line in policy_output.splitlines():
        key, _, value = line.strip().partition(":")
        if key == "Candidate":
            value = value.strip()
            return None if value in ("", "(none)") else value
    return None


def apt_has_candidate(name: str) -> bool:
    """True when apt can install ``name``."""
    if shutil.which("apt-cache") is None:
        return False
    result = subprocess.run(
        ["apt-cache", "policy", name], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and parse_apt_candidate(result.stdout) is not None


def venv_package_name(version: tuple[int, int], has_candidate: Callable[[str], bool]) -> str:
    """Debian's venv package for this Python: python3.X-venv if apt knows it, else python3-venv."""
    specific = f"python{version[0]}.{version[1]}-venv"
    return specific if has_candidate(specific) else "python3-venv"


def sudo_install_line(packages: Sequence[str]) -> str:
    """The exact line a non-root user should run to install ``packages``."""
    return "sudo apt-get install -y " + " ".join(shlex.quote(p) for p in packages)


def apt_install_command(packages: Sequence[str]) -> list[str]:
    """The apt-get command (run as root, with DEBIAN_FRONTEND set) that installs ``packages``."""
    return ["apt-get", "install", "-y", "--no-install-recommends", *packages]


def has_debian_tools() -> bool:
    """True when both dpkg-query and apt-get are on PATH."""
    return shutil.which("dpkg-query") is not None and shutil.which("apt-get") is not None
