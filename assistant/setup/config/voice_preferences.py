"""The voice preferences: the rate and volume a person chose by voice ("slower", "louder"),
remembered in ``voice.json`` beside ``config.toml``, which is theirs and never rewritten."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..bounded import BoundedReadError, check_nesting, read_text_bounded
from .keys import ConfigError, check

VOICE_KEYS = ("rate", "volume")
MAX_BYTES = 4_000
"""Largest voice.json: it holds two numbers."""


def preferences_path(directory: Path) -> Path:
    return directory / "voice.json"


def read_preferences(path: Path, warnings: list[str]) -> dict[str, Any]:
    """Valid rate/volume from voice.json; anything broken becomes a warning, not a failure."""
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        text = read_text_bounded(path, MAX_BYTES)
        check_nesting(text, 2, path, toml=False)  # one object of numbers
        data = json.loads(text)
    except BoundedReadError as exc:
        warnings.append(f"{exc} (ignored)")
        return {}
    except ValueError as exc:  # bad JSON
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


def save_voice_preferences(directory: Path, *, rate: int | None = None,
                           volume: float | None = None) -> Path:
    """Merge rate and/or volume into voice.json, replacing the file in one step."""
    path = preferences_path(directory)
    new = {key: check(key, raw, "voice command")
           for key, raw in (("rate", rate), ("volume", volume)) if raw is not None}
    merged = {**read_preferences(path, []), **new}
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
