"""Every setting BackTalk has: its kind, default, limits and help, the presets, and checking
a value against them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


KEYS: dict[str, _Key] = {
    "asr": _Key("choice", "auto", "speech recognizer", choices=("auto", "personal", "whisper",
                                                                  "vosk", "pocketsphinx")),
    "vosk_model": _Key("path", None, "folder of the vosk model (also $VOSK_MODEL_PATH)",
                       example="~/models/vosk-model-small-en-us", env="VOSK_MODEL_PATH"),
    "device": _Key("str", None, "microphone: its number or part of its name", example="USB"),
    "speaker": _Key("str", None, "ALSA output device for playback (aplay -D)",
                    example="plughw:1,0"),
    "echo_cancel": _Key("choice", "auto", "listen for a call for help while speaking, "
                        "through the sound server's echo canceller: auto (when there is "
                        "one) or off", choices=("auto", "off")),
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
    "confident_at": _Key("float", 0.9, "confirm answers that would lower the outcome or skip "
                         "alarm questions unless heard at least this sure", lo=0, hi=1),
    "preset": _Key("choice", "standard", "", choices=("standard", "slow-speech")),
    "emergency_number": _Key("digits", "112", "number to call in an emergency (911 in the US)"),
    "data_dir": _Key("path", None, "where session records go (also $BACKTALK_DATA_DIR)",
                     example="~/backtalk-records", env="BACKTALK_DATA_DIR"),
    "wake": _Key("str", None, "wake phrase to wait for before each screening",
                 example="hello back talk"),
    "takes": _Key("int", 3, "takes of each answer 'backtalk enroll' records", lo=1, hi=10),
}
PRESETS: dict[str, dict[str, Any]] = {
    "standard": {},
    # Slow or effortful speech needs longer pauses and a slower voice to follow.
    "slow-speech": {"end_silence": 2.5, "no_answer_timeout": 20.0, "max_answer": 30.0,
                    "rate": 120},
}


def allowed(key: str) -> str:
    """What ``key`` may be, in words, for error messages and the template."""
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
                          f"{allowed(key)}")
    return value
