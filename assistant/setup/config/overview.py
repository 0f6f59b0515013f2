"""What ``backtalk config`` shows and writes: the table of every setting with where it came
from, and, for ``--init``, a config.toml with every setting commented out."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from ..person import show as show_fact
from ..person import template as person_template
from ..private_files import create_private, private_dir, write_all
from .keys import KEYS, PRESETS, ConfigError, allowed
from .settings import Settings, config_path


def _show(key: str, value: Any) -> str:
    if value is None:
        if key == "data_dir":
            return f"(not set: {platformdirs.user_data_dir('backtalk')})"
        return "(not set: system default)" if key in ("device", "speaker") else "(not set)"
    return str(value)


def describe(settings: Settings) -> str:
    """What ``backtalk config`` prints: the files, then every setting and where it came from."""
    found = "" if settings.config_found else " (not found: 'backtalk config --init' writes one)"
    lines = [f"Config file: {settings.config_file}{found}",
             f"Voice preferences: {settings.preferences_file}", ""]
    rows = [("setting", "value", "from")]
    rows += [(key, _show(key, item.value), item.source) for key, item in settings.values.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}" for a, b, c in rows]
    facts = ", ".join(f"{k} = {show_fact(v)}" for k, v in settings.person.items()) or "none set"
    lines += ["", f"About the person (not asked): {facts}"]
    lines += [f"Warning: {text}" for text in settings.warnings]
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def template() -> str:
    """A config.toml with every setting commented out: the user uncomments what to change."""
    lines = ["# BackTalk settings. Remove the '#' in front of a setting to change it.",
             "# Options given on the command line win over this file.", ""]
    for key, spec in KEYS.items():
        text = spec.help
        if key == "preset":
            slow = ", ".join(f"{k} {v:g}" for k, v in PRESETS["slow-speech"].items())
            text = f"standard, or slow-speech for slow speech ({slow})"
        elif spec.kind in ("int", "float", "choice"):
            text += f"; {allowed(key)}"
        if spec.default is None:
            lines += [f"# {text}. Not set by default; for example:",
                      f"# {key} = {_toml(spec.example)}", ""]
        else:
            lines += [f"# {text}.", f"# {key} = {_toml(spec.default)}", ""]
    return "\n".join([*lines, *person_template(), ""])


def write_template(directory: Path) -> Path:
    """Write the commented config.toml; an existing one is the user's and is never replaced.
    Private (0600, in a folder made 0700): its [person] table holds health facts, and
    whoever could change it could change where records go or the emergency number."""
    path = config_path(directory)
    try:
        private_dir(directory)
        fd = create_private(path)
        try:
            write_all(fd, template().encode("utf-8"))
        finally:
            os.close(fd)
    except FileExistsError as exc:
        raise ConfigError(f"{path}: already exists; it was left unchanged") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be written: {exc}") from exc
    return path
