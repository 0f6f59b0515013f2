"""The vosk models BackTalk knows, what a name or URL means, and where models live.

Only *small* vosk models are catalogued: BackTalk restricts recognition to each question's
words with runtime grammars, which need the ``graph/HCLr.fst`` and ``graph/Gr.fst`` that small
models ship (the big ones carry a static graph instead).

What is pinned, and how sure that is:

- ``vosk-model-small-en-us-0.15``: SHA-256 ``30f26242...942498``. The vosk site publishes no
  SHA-256, only an MD5 per model in ``model-list.json`` (``09ab50cc...9c1cb`` for this zip,
  41,205,931 bytes). The SHA-256 is the one many independent packagers pin for this exact
  URL (Arch AUR, Yocto recipes, app installers); it was not measured here, as this machine
  cannot reach the site. A wrong pin cannot install a bad file: it fails with
  ``ChecksumMismatch``, and ``sha256=`` (``--sha256 HEX``) overrides it.
- ``vosk-model-small-en-in-0.4``: nothing pinned; it is checked against the MD5 the site
  publishes in ``model-list.json`` at download time. MD5 from the same site catches corrupt
  or truncated downloads, not a compromised site.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import platformdirs

VOSK_SITE = "https://alphacephei.com/vosk/models"
MODEL_LIST_URL = f"{VOSK_SITE}/model-list.json"
DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
MARKER = ".backtalk-verified"
# The repository's models/ folder (this file is assistant/setup/models/catalogue.py).
PROJECT_MODELS_DIR = Path(__file__).resolve().parents[3] / "models"
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
GRAMMAR_FILES = ("graph/HCLr.fst", "graph/Gr.fst")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class ModelError(Exception):
    """Base of every failure with models; the message says what to do next."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    url: str
    size: int | None  # bytes of the zip; None when unknown
    sha256: str | None  # pinned digest of the zip; None when not known for certain
    language: str
    notes: str = ""
    checksum_url: str | None = None  # the site's model-list.json, which publishes an MD5


CATALOGUE: dict[str, ModelInfo] = {
    info.name: info
    for info in (
        ModelInfo(
            DEFAULT_MODEL, f"{VOSK_SITE}/{DEFAULT_MODEL}.zip", 41_205_931,
            "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498", "en-us",
            "US English, 40 MB; runtime grammars. SHA-256 pinned from independent packagers.",
        ),
        ModelInfo(
            "vosk-model-small-en-in-0.4", f"{VOSK_SITE}/vosk-model-small-en-in-0.4.zip",
            37_573_330, None, "en-in",
            "Indian English, 36 MB; runtime grammars. Checked against the site's MD5.",
            checksum_url=MODEL_LIST_URL,
        ),
    )
}


def user_models_dir() -> Path:
    return Path(platformdirs.user_data_dir("backtalk")) / "models"


def default_models_dir() -> Path:
    """The project's ``models/`` when writable (a source checkout), else the user's data dir."""
    if PROJECT_MODELS_DIR.is_dir() and os.access(PROJECT_MODELS_DIR, os.W_OK | os.X_OK):
        return PROJECT_MODELS_DIR
    return user_models_dir()


def search_dirs(models_dirs: Sequence[Path | str] | None) -> list[Path]:
    """The folders to look for models in: ``models_dirs``, or by default the project's
    ``models/`` and then the user's data dir."""
    if models_dirs is None:
        return [PROJECT_MODELS_DIR, user_models_dir()]
    return [Path(folder) for folder in models_dirs]


def resolve(name_or_url: str, base_url: str | None) -> ModelInfo:
    """What ``name_or_url`` means: a catalogue entry, another vosk model name (checked
    against the site's MD5), or a zip URL; ``base_url`` moves it to a mirror."""
    if "://" in name_or_url:
        stem = _zip_name(name_or_url).removesuffix(".zip")
        known = CATALOGUE.get(stem)
        info = known if known and known.url == name_or_url else ModelInfo(
            stem, name_or_url, None, None, "unknown", "given as a URL")
    elif name_or_url in CATALOGUE:
        info = CATALOGUE[name_or_url]
    else:
        info = ModelInfo(name_or_url, f"{VOSK_SITE}/{name_or_url}.zip", None, None, "unknown",
                         "not in BackTalk's catalogue", checksum_url=MODEL_LIST_URL)
    if not _SAFE_NAME.fullmatch(info.name):
        raise ModelError(f"{info.name!r} is not a model name; use one like {DEFAULT_MODEL}")
    if base_url:
        base = base_url.rstrip("/")
        listing = info.checksum_url and f"{base}/{_zip_name(info.checksum_url, '.json')}"
        info = replace(info, url=f"{base}/{_zip_name(info.url)}", checksum_url=listing)
    return info


def _zip_name(url: str, suffix: str = ".zip") -> str:
    name = PurePosixPath(urllib.parse.urlparse(url).path).name
    if not name.endswith(suffix):
        raise ModelError(f"{url} does not name a {suffix} file; give the model's {suffix} URL")
    return name
