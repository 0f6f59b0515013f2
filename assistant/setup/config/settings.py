"""Every setting with the place it came from: defaults, a preset, config.toml, the
environment, the voice preferences, and the command line, each overriding the one before."""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from ..bounded import BoundedReadError, check_nesting, read_text_bounded
from ..person import TABLE, PersonError, read_person
from .keys import KEYS, PRESETS, ConfigError, check
from .voice_preferences import preferences_path, read_preferences

MAX_BYTES = 64_000
"""Largest config.toml: the full template is about 2 kB."""
MAX_DEPTH = 8
"""Deepest nesting of arrays and inline tables; settings are flat and [person] is one table."""

DEFAULT, FILE, VOICE, COMMAND_LINE = ("default", "config file", "saved by a voice command",
                                      "command line")


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    configured = environ.get("BACKTALK_CONFIG_DIR")
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_config_path("backtalk")


def config_path(directory: Path) -> Path:
    return directory / "config.toml"


@dataclass(frozen=True)
class Value:
    value: Any
    source: str


@dataclass
class Settings:
    values: dict[str, Value]
    config_file: Path
    config_found: bool
    preferences_file: Path
    warnings: list[str] = field(default_factory=list)
    person: dict[str, Any] = field(default_factory=dict)
    """The ``[person]`` table: facts about the person that are then not asked."""

    def __getitem__(self, key: str) -> Any:
        return self.values[key].value

    def source(self, key: str) -> str:
        return self.values[key].source


def _toml_hint(message: str) -> str:
    """tomllib's message, with what a caregiver most often has to change."""
    if message.startswith("Invalid value"):
        return (f"{message}: words go in double quotes (device = \"USB\"), yes and no "
                "are true and false, numbers as they are (rate = 120)")
    if message.startswith("Cannot overwrite a value"):
        return f"{message}: a setting is given twice; keep one"
    return message


def _read_config(path: Path) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The checked settings of config.toml (None when there is no such file), and its
    [person] table."""
    if not path.exists() and not path.is_symlink():
        return None, {}
    try:
        text = read_text_bounded(path, MAX_BYTES)
        check_nesting(text, MAX_DEPTH, path, toml=True)
        data = tomllib.loads(text)
    except BoundedReadError as exc:
        raise ConfigError(str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {_toml_hint(str(exc))}") from exc
    try:
        person = read_person(data.pop(TABLE, {}), str(path))
    except PersonError as exc:
        raise ConfigError(str(exc)) from exc
    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(key, [*KEYS, TABLE], n=1)
            hint = f" Did you mean '{close[0]}'?" if close and close[0] != TABLE else \
                f" Did you mean [{TABLE}]?" if close else ""
            raise ConfigError(f"{path}: unknown setting '{key}'.{hint} "
                              f"Valid settings: {', '.join(KEYS)}")
    return {key: check(key, raw, str(path)) for key, raw in data.items()}, person


def resolve(command_line: Mapping[str, Any], directory: Path | None = None,
            environ: Mapping[str, str] = os.environ) -> Settings:
    """Every setting with the place it came from.

    Only keys of KEYS are read from ``command_line``, so the CLI may pass ``vars(args)``.
    """
    directory = config_dir(environ) if directory is None else directory
    file_path, prefs_path = config_path(directory), preferences_path(directory)
    from_file, person = _read_config(file_path)
    given = {key: check(key, raw, COMMAND_LINE) for key, raw in command_line.items()
             if key in KEYS and raw is not None}
    warnings: list[str] = []
    prefs = read_preferences(prefs_path, warnings)

    file_values = from_file or {}
    # The preset is settled first (it has no environment variable and no voice command),
    # because it only fills in what the file, environment, voice and command line leave open.
    preset = given.get("preset", file_values.get("preset", KEYS["preset"].default))
    layers: list[tuple[str, Mapping[str, Any]]] = [
        (DEFAULT, {key: spec.default for key, spec in KEYS.items()}),
        (f"{preset} preset", PRESETS[preset]),
        (FILE, file_values),
    ]
    for key, spec in KEYS.items():
        if spec.env and environ.get(spec.env):  # empty means unset, as in a shell's VAR=
            label = f"environment (${spec.env})"
            layers.append((label, {key: check(key, environ[spec.env], label)}))
    layers += [(VOICE, prefs), (COMMAND_LINE, given)]
    values: dict[str, Value] = {}
    for source, layer in layers:
        for key, value in layer.items():
            values[key] = Value(value, source)
    return Settings(values, file_path, from_file is not None, prefs_path, warnings, person)
