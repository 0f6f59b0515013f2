"""The models installed on this machine: finding the one to use, listing and checking them."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import DEFAULT_MODEL, GRAMMAR_FILES, MARKER, REQUIRED_FILES, search_dirs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InstalledModel:
    name: str
    path: Path
    size: int  # bytes on disk
    verified: bool  # downloaded by BackTalk and its checksum matched
    checked_against: str | None  # which checksum that was, from the marker
    problems: tuple[str, ...]


def find_vosk_model(models_dirs: Sequence[Path | str] | None = None) -> Path | None:
    """An installed English vosk model folder, or None.

    Without ``models_dirs``: ``$VOSK_MODEL_PATH`` (a model folder itself), then the project's
    ``models/``, then the user data dir's ``models``. Within a folder, names starting with
    ``vosk-model`` and naming ``en`` come first; other ``vosk-model-*`` names carry another
    language and are skipped; folders renamed by hand (e.g. ``model``) are the last resort.
    Models with the runtime-grammar files beat those without (big models lack them).
    """
    if models_dirs is None:
        env = os.environ.get("VOSK_MODEL_PATH")
        if env and is_model_dir(Path(env)):
            return Path(env)
        if env:
            logger.warning("VOSK_MODEL_PATH=%s has no %s; looking elsewhere",
                           env, " and ".join(REQUIRED_FILES))
    for folder in search_dirs(models_dirs):
        ranked = sorted(
            (rank, not _has_grammar(path), path.name != DEFAULT_MODEL, path.name, path)
            for path in _children(folder)
            if (rank := _english_rank(path.name)) is not None and is_model_dir(path)
        )
        if ranked:
            return ranked[0][-1]
    return None


def list_models(models_dirs: Sequence[Path | str] | None = None) -> list[InstalledModel]:
    """Model folders installed in ``models_dirs`` (default: as ``find_vosk_model`` searches)."""
    candidates: list[Path] = []
    env = os.environ.get("VOSK_MODEL_PATH")
    if models_dirs is None and env and Path(env).is_dir():
        candidates.append(Path(env))
    for folder in search_dirs(models_dirs):
        candidates.extend(_children(folder))
    found: list[InstalledModel] = []
    seen: set[Path] = set()
    for path in candidates:
        if path.resolve() in seen or not (
            is_model_dir(path) or path.name.startswith("vosk-model") or (path / MARKER).exists()
        ):
            continue
        seen.add(path.resolve())
        marker = read_marker(path) or {}
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        found.append(InstalledModel(
            path.name, path, size, bool(marker.get("verified")), marker.get("checked_against"),
            tuple(verify_model(path)),
        ))
    return found


def verify_model(path: Path | str) -> list[str]:
    """Problems with an installed model folder; an empty list when it is fine."""
    path = Path(path)
    if not path.is_dir():
        return [f"{path} is not a folder; download a model with `backtalk models download`"]
    problems = [f"{name} is missing, so vosk cannot load this model; download it again"
                for name in REQUIRED_FILES if not (path / name).is_file()]
    missing = [name for name in GRAMMAR_FILES if not (path / name).is_file()]
    if missing:
        problems.append(
            f"{' and '.join(missing)} missing: without graph/HCLr.fst and graph/Gr.fst runtime"
            f" grammars (each question's word list) won't work; use a small model such as"
            f" {DEFAULT_MODEL}"
        )
    recorded = (read_marker(path) or {}).get("files", {})
    for name, size in recorded.items() if isinstance(recorded, dict) else ():
        file = path / name
        if name in missing or (name in REQUIRED_FILES and not file.is_file()):
            continue  # already reported above
        if not file.is_file() or file.stat().st_size != size:
            problems.append(f"{name} differs from what was downloaded ({size} bytes);"
                            " download the model again with force")
    return problems


def read_marker(model_dir: Path) -> dict[str, Any] | None:
    """What the download recorded in the model's marker file; None without a readable one."""
    try:
        record = json.loads((model_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def is_model_dir(path: Path) -> bool:
    """Whether ``path`` holds the files vosk needs to load a model."""
    return all((path / name).is_file() for name in REQUIRED_FILES)


def _has_grammar(path: Path) -> bool:
    return all((path / name).is_file() for name in GRAMMAR_FILES)


def _children(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _english_rank(name: str) -> int | None:
    """0: an English vosk model; 1: another name saying ``en``; 2: unknown; None: not English."""
    english = "en" in re.split(r"[-_.]", name.lower())
    if name.startswith("vosk-model"):
        return 0 if english else None
    return 1 if english else 2
