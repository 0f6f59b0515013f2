"""The systemd unit that starts BackTalk at boot, waiting for its wake phrase.

Only the text of the unit and where it goes: :mod:`assistant.setup.systemd` installs it.

A *user* unit is the default: on a Raspberry Pi with a desktop the sound server (PipeWire
or PulseAudio) runs in the user's session, and a user unit reaches it, keeps the records
and the config in that user's folders and needs no root. A *system* unit (``--system``,
as root) suits a Pi without a desktop that plays through ALSA directly: it starts before
anyone logs in, as the user who owns the repository, in the ``audio`` group.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

UNIT_NAME = "backtalk.service"

RESTART_SECONDS = 5
"""Wait before a restart: long enough for a USB microphone plugged in late to appear."""
START_LIMIT_BURST, START_LIMIT_SECONDS = 5, 600
"""At most five starts in ten minutes: a fault that stops it at once (no microphone, a
broken config file) is not retried forever, filling the journal; ``systemctl restart``
starts it again once the fault is fixed."""

DEFAULT_WAKE = "hello back talk"


class UnitError(ValueError):
    """A value that cannot go into a unit file (a line break, an empty phrase)."""


@dataclass(frozen=True)
class UnitSpec:
    """What the unit runs, from where, and for whom."""

    repo: Path
    """The repository: the working directory, with its ``.venv``."""
    wake: str = DEFAULT_WAKE
    system: bool = False
    user: str | None = None
    """For a system unit, the account it runs as (None: root)."""
    extra_args: tuple[str, ...] = ()
    """More options of the screening (e.g. ``--slow-speech``); settings are better kept
    in the config file, which the service reads as the command does."""
    own_args: tuple[str, ...] = ()
    """Options of ``backtalk`` itself, before the command (``--emergency-number 911``)."""

    @property
    def python(self) -> Path:
        return self.repo / ".venv" / "bin" / "python"

    def command(self) -> list[str]:
        return [str(self.python), "-m", "assistant.cli", *self.own_args, "voice", "--wake",
                self.wake, *self.extra_args]


def unit_dir(system: bool, environ: dict[str, str] | None = None) -> Path:
    """Where systemd looks for units written by hand: /etc/systemd/system for the
    system, $XDG_CONFIG_HOME/systemd/user (~/.config/systemd/user) for a user."""
    if system:
        return Path("/etc/systemd/system")
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "systemd" / "user"


def quote_arg(arg: str) -> str:
    """One command-line word as systemd's ExecStart= reads it: '%' and '$' are doubled
    (else systemd expands them), and a word with spaces or quotes is put in double quotes."""
    _no_line_breaks(arg)
    text = arg.replace("%", "%%").replace("$", "$$")
    if text and not any(c in text for c in " \t\"'\\;"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _no_line_breaks(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise UnitError(f"a line break cannot go into a unit file: {value!r}")


def _path_value(path: Path) -> str:
    """A path for WorkingDirectory=: specifiers escaped, no quotes (systemd takes the
    rest of the line as it is)."""
    text = str(path)
    _no_line_breaks(text)
    return text.replace("%", "%%")


def unit_text(spec: UnitSpec) -> str:
    """The unit file's text."""
    if not spec.wake.strip():
        raise UnitError("the service needs a wake phrase: it listens for it at boot")
    command = " ".join(quote_arg(a) for a in spec.command())
    lines = [
        "# Written by 'backtalk service install'; run it again to change this file.",
        "[Unit]",
        "Description=BackTalk back pain screening, waiting for its wake phrase",
        f"Documentation=file://{quote(str(spec.repo / 'README.md')).replace('%', '%%')}",
        "After=sound.target" + (" systemd-user-sessions.service" if spec.system else ""),
        "Wants=sound.target",
        f"StartLimitIntervalSec={START_LIMIT_SECONDS}",
        f"StartLimitBurst={START_LIMIT_BURST}",
        "",
        "[Service]",
        "Type=simple",
        f"WorkingDirectory={_path_value(spec.repo)}",
        f"ExecStart={command}",
        "Restart=on-failure",
        f"RestartSec={RESTART_SECONDS}",
        # Records and voice samples are private: whatever the service creates is 0600/0700.
        "UMask=0077",
        # Printed lines reach the journal at once, not when a buffer fills.
        "Environment=PYTHONUNBUFFERED=1",
        # Stopped as by Ctrl-C: the record of a screening under way is closed, and the
        # echo canceller BackTalk loaded into the sound server is unloaded.
        "KillSignal=SIGINT",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=backtalk",
    ]
    if spec.system and spec.user and spec.user != "root":
        _no_line_breaks(spec.user)
        lines += [f"User={spec.user}", "SupplementaryGroups=audio"]
    lines += ["", "[Install]",
              f"WantedBy={'multi-user.target' if spec.system else 'default.target'}", ""]
    return "\n".join(lines)


def write_unit(folder: Path, text: str) -> Path:
    """Write the unit as ``folder/backtalk.service``, readable by its owner only, without
    following a link planted there: a new file is made beside it and renamed over it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / UNIT_NAME
    temporary = folder / f".{UNIT_NAME}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)  # replaces a link itself, never what it points to
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
