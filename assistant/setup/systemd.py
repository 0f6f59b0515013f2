"""Asking systemd to load, enable, stop and describe BackTalk's unit, with an error that
says what to do when systemd is not there (a container, a machine without it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .service_unit import UNIT_NAME

BOOTED_MARKER = Path("/run/systemd/system")
"""Exists when systemd runs this machine (what sd_booted() checks)."""


class SystemdError(Exception):
    """systemd is absent or a ``systemctl`` call failed; the message says which and why."""


def systemd_missing(marker: Path | None = None) -> str | None:
    """Why systemd cannot be asked here, or None when it can."""
    marker = BOOTED_MARKER if marker is None else marker
    if shutil.which("systemctl") is None:
        return "systemctl is not installed on this machine (it has no systemd)"
    if not marker.is_dir():
        return (f"systemd is not running on this machine ({marker} is missing; a container "
                "or a system started without systemd)")
    return None


def systemctl(system: bool, *args: str, check: bool = True, timeout: float = 60
              ) -> subprocess.CompletedProcess[str]:
    """Run ``systemctl [--user] ARGS``; a failure (when ``check``) raises SystemdError
    with systemctl's own message."""
    command = ["systemctl", *([] if system else ["--user"]), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SystemdError(f"'{' '.join(command)}' could not run: {exc}") from exc
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        hint = "" if system else (
            " (a user unit needs the user's own systemd: log in on the machine, or run "
            "'loginctl enable-linger' for this user)")
        raise SystemdError(f"'{' '.join(command)}' failed: {said}{hint}")
    return done


def enable(system: bool) -> None:
    """Load the unit file again and start the service now and at every boot."""
    systemctl(system, "daemon-reload")
    systemctl(system, "enable", UNIT_NAME)
    systemctl(system, "restart", UNIT_NAME)


def disable(system: bool) -> None:
    """Stop the service and keep it from starting at boot (the file is removed after)."""
    systemctl(system, "disable", "--now", UNIT_NAME)


def reload(system: bool) -> None:
    systemctl(system, "daemon-reload")


def status(system: bool) -> str:
    """``systemctl status`` of the unit with its last journal lines (it exits non-zero
    for a stopped unit, which is an answer, not a failure)."""
    done = systemctl(system, "status", "--no-pager", "--lines=10", UNIT_NAME, check=False)
    return (done.stdout or done.stderr).rstrip()


def lingering(user: str, folder: Path = Path("/var/lib/systemd/linger")) -> bool:
    """Whether ``user``'s own systemd starts at boot without a login (needed for a user
    unit to start at boot)."""
    return (folder / user).exists()
