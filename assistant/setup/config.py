"""User settings from defaults, a preset, config.toml, the environment, voice commands, options.

A person recovering from a stroke should not have to type options every time, so everything the
command line accepts can also live in ``config.toml`` in the user's config directory. That file is
theirs and is never rewritten; what the program itself has to remember (the rate and volume chosen
by saying "slower", "louder", ...) goes into ``voice.json`` next to it.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .person import TABLE, PersonError, read_person
from .person import show as show_fact
from .person import template as person_template


class ConfigError(Exception):
    """A setting is wrong; the message names where, which key, what is wrong and what is allowed."""


@dataclass(frozen=True)
class _Key:
    kind: str  # choice | path | str | int | float | digits
    default: Any
    help: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # True: the value must be strictly greater than lo
    choices: tuple[str, ...] = ()
    example: Any = None  # shown in the template for keys that are not set by default
    env: str | None = None


_SECONDS = "seconds"
KEYS: dict[str, _Key] = {
    "asr": _Key("choice", "auto", "speech recognizer", choices=("auto", "vosk", "pocketsphinx")),
    "vosk_model": _Key("path", None, "folder of the vosk model (also $VOSK_MODEL_PATH)",
                       example="~/models/vosk-model-small-en-us", env="VOSK_MODEL_PATH"),
    "device": _Key("str", None, "microphone: its number or part of its name", example="USB"),
    "speaker": _Key("str", None, "ALSA output device for playback (aplay -D)",
                    example="plughw:1,0"),
    "voice": _Key("str", None, "part of an espeak-ng voice name", example="en-us"),
    "rate": _Key("int", 140, "speaking rate in words per minute", lo=80, hi=450),
    "volume": _Key("float", 1.0, "speaking volume: 1 is normal, 2 the loudest, 0 silent",
                   lo=0, hi=2),
    "end_silence": _Key("float", 1.0, "seconds of silence that end an answer", lo=0, hi=10,
                        lo_open=True),
    "no_answer_timeout": _Key("float", 8.0, "seconds to wait for an answer to begin", lo=0,
                              hi=120, lo_open=True),
    "max_answer": _Key("float", 15.0, "longest answer in seconds", lo=0, hi=120, lo_open=True),
    "confirm_below": _Key("float", 0.6, "ask to confirm answers heard with less confidence",
                          lo=0, hi=1),
    "preset": _Key("choice", "standard", "", choices=("standard", "slow-speech")),
    "emergency_number": _Key("digits", "112", "number to call in an emergency (911 in the US)"),
    "data_dir": _Key("path", None, "where session records go (also $BACKTALK_DATA_DIR)",
                     example="~/backtalk-records", env="BACKTALK_DATA_DIR"),
    "wake": _Key("str", None, "wake phrase to wait for before each screening",
                 example="hello back talk"),
}
PRESETS: dict[str, dict[str, Any]] = {
    "standard": {},
    # Slow or effortful speech needs longer pauses and a slower voice to follow.
    "slow-speech": {"end_silence": 2.5, "no_answer_timeout": 20.0, "max_answer": 30.0,
                    "rate": 120},
}
VOICE_KEYS = ("rate", "volume")

DEFAULT, FILE, VOICE, COMMAND_LINE = ("default", "config file", "saved by a voice command",
                                      "command line")


def _allowed(key: str) -> str:
    spec = KEYS[key]
    if spec.kind == "choice":
        return "one of " + ", ".join(spec.choices)
    if spec.kind == "digits":
        return 'digits only, 2 to 6 of them, e.g. "112" (Europe) or "911" (US)'
    if spec.kind in ("int", "float"):
        what = "a whole number" if spec.kind == "int" else "a number"
        low = f"greater than {spec.lo:g}" if spec.lo_open else f"from {spec.lo:g}"
        high = f"at most {spec.hi:g}" if spec.lo_open else f"to {spec.hi:g}"
        return f"{what} {low}{' and ' if spec.lo_open else ' '}{high}"
    return "a non-empty text" + (" (a folder)" if spec.kind == "path" else "")


def check(key: str, raw: Any, where: str) -> Any:
    """Return ``raw`` as the type ``key`` wants, or raise ConfigError saying what is allowed."""
    spec = KEYS[key]
    value: Any = None
    # bool is an int subclass in Python; "rate = true" is a mistake, not the number 1.
    is_number = isinstance(raw, (int, float)) and not isinstance(raw, bool)
    if spec.kind == "choice":
        value = raw if raw in spec.choices else None
    elif spec.kind == "path":
        if isinstance(raw, (str, os.PathLike)) and str(raw).strip():
            value = Path(raw).expanduser()
    elif spec.kind == "str":
        if is_number and isinstance(raw, int):  # "device = 3" is the natural way to write it
            raw = str(raw)
        value = raw if isinstance(raw, str) and raw.strip() else None
    elif spec.kind == "digits":
        text = str(raw) if (is_number and isinstance(raw, int)) or isinstance(raw, str) else ""
        value = text if text.isascii() and text.isdigit() and 2 <= len(text) <= 6 else None
    elif is_number and (spec.kind == "float" or isinstance(raw, int)):
        number = float(raw) if spec.kind == "float" else raw
        assert spec.lo is not None and spec.hi is not None
        above = number > spec.lo if spec.lo_open else number >= spec.lo
        value = number if above and number <= spec.hi else None  # NaN fails both tests
    if value is None:
        raise ConfigError(f"{where}: {key} = {raw!r} is not allowed: {key} must be "
                          f"{_allowed(key)}")
    return value


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    configured = environ.get("BACKTALK_CONFIG_DIR")
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_config_path("backtalk")


def config_path(directory: Path) -> Path:
    return directory / "config.toml"


def preferences_path(directory: Path) -> Path:
    return directory / "voice.json"


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


def _read_config(path: Path) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The checked settings of config.toml (None when there is no such file), and its
    [person] table."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return None, {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    try:
        person = read_person(data.pop(TABLE, {}), str(path))
    except PersonError as exc:
        raise ConfigError(str(exc)) from exc
    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise ConfigError(f"{path}: unknown setting '{key}'.{hint} "
                              f"Valid settings: {', '.join(KEYS)}")
    return {key: check(key, raw, str(path)) for key, raw in data.items()}, person


def _read_preferences(path: Path, warnings: list[str]) -> dict[str, Any]:
    """Valid rate/volume from voice.json; anything broken becomes a warning, not a failure."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:  # ValueError covers bad JSON and bad UTF-8
        warnings.append(f"{path}: ignored, it cannot be read: {exc}")
        return {}
    if not isinstance(data, dict):
        warnings.append(f"{path}: ignored, it should hold a JSON object")
        return {}
    kept: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in VOICE_KEYS:
            warnings.append(f"{path}: ignored unknown entry '{key}'")
            continue
        try:
            kept[key] = check(key, raw, str(path))
        except ConfigError as exc:
            warnings.append(f"{exc} (ignored)")
    return kept


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
    prefs = _read_preferences(prefs_path, warnings)

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


def save_voice_preferences(directory: Path, *, rate: int | None = None,
                           volume: float | None = None) -> Path:
    """Merge rate and/or volume into voice.json, replacing the file in one step."""
    path = preferences_path(directory)
    new = {key: check(key, raw, "voice command")
           for key, raw in (("rate", rate), ("volume", volume)) if raw is not None}
    merged = {**_read_preferences(path, []), **new}
    # Written beside the target and renamed over it, so a power cut mid-write (a Pi pulled
    # from the wall) leaves the old file or the new one, never half of one.
    temporary: Path | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, prefix=".voice.",
                                         suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            json.dump(merged, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # one exception type for the caller to catch and speak
            raise ConfigError(f"{path}: cannot be written: {exc}") from exc
        raise
    return path


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
            text += f"; {_allowed(key)}"
        if spec.default is None:
            lines += [f"# {text}. Not set by default; for example:",
                      f"# {key} = {_toml(spec.example)}", ""]
        else:
            lines += [f"# {text}.", f"# {key} = {_toml(spec.default)}", ""]
    return "\n".join([*lines, *person_template(), ""])


def write_template(directory: Path) -> Path:
    """Write the commented config.toml; an existing one is the user's and is never replaced."""
    path = config_path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(template())
    except FileExistsError as exc:
        raise ConfigError(f"{path}: already exists; it was left unchanged") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be written: {exc}") from exc
    return path
