"""Vosk speech models: a catalogue, a verified downloader, and finding what is installed.

BackTalk runs offline, so a vosk model is fetched once, ahead of time, and unpacked into a
models folder. Only *small* vosk models are catalogued: BackTalk restricts recognition to
each question's words with runtime grammars, which need the ``graph/HCLr.fst`` and
``graph/Gr.fst`` that small models ship (the big ones carry a static graph instead).

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

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http.client import HTTPException, HTTPResponse
from pathlib import Path, PurePosixPath
from typing import IO, Any

import platformdirs

logger = logging.getLogger(__name__)

VOSK_SITE = "https://alphacephei.com/vosk/models"
MODEL_LIST_URL = f"{VOSK_SITE}/model-list.json"
DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
MARKER = ".backtalk-verified"
PROJECT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
GRAMMAR_FILES = ("graph/HCLr.fst", "graph/Gr.fst")
CHUNK_SIZE = 64 * 1024
# Small models unpack to well under 1 GB; a bigger archive is not what we asked for.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_LIST_BYTES = 4 * 1024**2
# Temporaries start with a dot so that finding and listing never mistake them for models.
_TEMP_PREFIX = ".backtalk-"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

Progress = Callable[[int, int | None], None]


class ModelError(Exception):
    """Base of every failure here; the message says what to do next."""


class NoNetwork(ModelError):
    """The model site cannot be reached (no connection, DNS failure, timeout)."""


class DownloadFailed(ModelError):
    """The site answered, but the transfer did not complete."""


class ChecksumUnavailable(ModelError):
    """No checksum is known, and installing unverified was not allowed."""


class ChecksumMismatch(ModelError):
    """The downloaded zip is not the published file."""

    def __init__(self, url: str, algorithm: str, expected: str, actual: str) -> None:
        self.url, self.algorithm, self.expected, self.actual = url, algorithm, expected, actual
        super().__init__(
            f"{url} does not match its checksum: expected {algorithm} {expected}, got {actual}."
            " The download was corrupted or is not the published file; it was deleted and"
            " nothing was installed. Try again, or check the --sha256 value."
        )


class NotAModel(ModelError):
    """The archive is not a single vosk model folder."""


class UnsafeArchive(NotAModel):
    """The archive would write outside its folder (absolute or ``..`` paths)."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    url: str
    size: int | None  # bytes of the zip; None when unknown
    sha256: str | None  # pinned digest of the zip; None when not known for certain
    language: str
    notes: str = ""
    checksum_url: str | None = None  # the site's model-list.json, which publishes an MD5


@dataclass(frozen=True)
class InstalledModel:
    name: str
    path: Path
    size: int  # bytes on disk
    verified: bool  # downloaded by BackTalk and its checksum matched
    checked_against: str | None  # which checksum that was, from the marker
    problems: tuple[str, ...]


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


def download_model(
    name_or_url: str,
    models_dir: Path | str,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    base_url: str | None = None,
    timeout: float = 30,
    force: bool = False,
    allow_unverified: bool = False,
) -> Path:
    """Download, verify and unpack a model into ``models_dir/<name>``; return that folder.

    ``name_or_url`` is a catalogue name, another vosk model name (checked against the site's
    published MD5), or a zip URL. ``base_url`` replaces the site (a mirror, or a test server)
    for both the zip and the checksum list. ``progress(done, total_or_None)`` is called as
    bytes arrive; whatever it raises (a Ctrl-C) aborts the download. Nothing is left behind
    on failure: the zip and the unpacked tree stay in dot-named temporaries until one
    ``os.replace`` moves the finished folder into place.
    """
    info = _resolve(name_or_url, base_url)
    models_dir = Path(models_dir)
    target = models_dir / info.name
    if _is_model_dir(target) and not force:
        logger.info("%s is already installed in %s", info.name, target)
        return target
    # Settled before downloading, so a refusal does not cost 40 MB of transfer.
    expected = _expected_checksum(info, sha256, allow_unverified, timeout, models_dir)
    zip_path: Path | None = None
    work: Path | None = None
    created = not models_dir.exists()
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        # Temporaries inside models_dir share its filesystem, so os.replace is atomic.
        with tempfile.NamedTemporaryFile(
            prefix=_TEMP_PREFIX, suffix=".zip.part", dir=models_dir, delete=False
        ) as handle:
            zip_path = Path(handle.name)
            actual = _fetch(info.url, handle, progress, timeout, models_dir)
        if expected and actual[expected[0]] != expected[1]:
            raise ChecksumMismatch(info.url, expected[0], expected[1], actual[expected[0]])
        work = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=models_dir))
        try:
            with zipfile.ZipFile(zip_path) as archive:
                top = _model_root(archive, info.url)
                archive.extractall(work / "new")
        except zipfile.BadZipFile as err:  # also raised for CRC errors while extracting
            raise NotAModel(f"{info.url} is not a valid zip archive ({err}); "
                            "download it again or pick another model") from err
        unpacked = work / "new" / top
        _write_marker(unpacked, info, actual["sha256"], expected)
        previous = work / "previous"
        if target.exists() or target.is_symlink():  # forced, or a broken leftover
            os.replace(target, previous)
        try:
            os.replace(unpacked, target)
        except OSError:
            if previous.exists():
                os.replace(previous, target)
            raise
    except OSError as err:
        raise ModelError(f"cannot install the model into {models_dir}: {err}. "
                         "Free some space or choose a folder you can write to.") from err
    finally:
        if zip_path is not None:
            zip_path.unlink(missing_ok=True)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if created and not target.exists():
            with contextlib.suppress(OSError):  # only removes it while still empty
                models_dir.rmdir()
    logger.info("installed %s into %s", info.name, target)
    return target


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
        if env and _is_model_dir(Path(env)):
            return Path(env)
        if env:
            logger.warning("VOSK_MODEL_PATH=%s has no %s; looking elsewhere",
                           env, " and ".join(REQUIRED_FILES))
    for folder in _search_dirs(models_dirs):
        ranked = sorted(
            (rank, not _has_grammar(path), path.name != DEFAULT_MODEL, path.name, path)
            for path in _children(folder)
            if (rank := _english_rank(path.name)) is not None and _is_model_dir(path)
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
    for folder in _search_dirs(models_dirs):
        candidates.extend(_children(folder))
    found: list[InstalledModel] = []
    seen: set[Path] = set()
    for path in candidates:
        if path.resolve() in seen or not (
            _is_model_dir(path) or path.name.startswith("vosk-model") or (path / MARKER).exists()
        ):
            continue
        seen.add(path.resolve())
        marker = _read_marker(path) or {}
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
    recorded = (_read_marker(path) or {}).get("files", {})
    for name, size in recorded.items() if isinstance(recorded, dict) else ():
        file = path / name
        if name in missing or (name in REQUIRED_FILES and not file.is_file()):
            continue  # already reported above
        if not file.is_file() or file.stat().st_size != size:
            problems.append(f"{name} differs from what was downloaded ({size} bytes);"
                            " download the model again with force")
    return problems


def _resolve(name_or_url: str, base_url: str | None) -> ModelInfo:
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


def _expected_checksum(
    info: ModelInfo, sha256: str | None, allow_unverified: bool, timeout: float, models_dir: Path
) -> tuple[str, str, str] | None:
    """(algorithm, hex digest, where it came from); None to install unverified."""
    if sha256:
        if not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
            raise ModelError(f"--sha256 wants 64 hexadecimal digits, not {sha256!r}")
        return "sha256", sha256.lower(), "SHA-256 given by the user"
    if info.sha256:
        return "sha256", info.sha256, "SHA-256 pinned in BackTalk's catalogue"
    if info.checksum_url:
        md5 = _published_md5(info, timeout, models_dir)
        if md5:
            return "md5", md5, f"MD5 published at {info.checksum_url}"
    if allow_unverified:
        logger.warning("installing %s without checking its checksum", info.url)
        return None
    raise ChecksumUnavailable(
        f"no checksum is known for {info.url}, so BackTalk will not install it unverified."
        " Pass the zip's SHA-256 explicitly with --sha256 HEX (from the publisher, or"
        " `sha256sum` on a copy you trust), or allow an unverified install if you accept that."
    )


def _published_md5(info: ModelInfo, timeout: float, models_dir: Path) -> str | None:
    assert info.checksum_url is not None
    try:
        with _open(info.checksum_url, timeout, models_dir, info.url) as response:
            entries = json.loads(response.read(MAX_LIST_BYTES))
    except (DownloadFailed, OSError, HTTPException, ValueError) as err:
        logger.warning("cannot read checksums from %s: %s", info.checksum_url, err)
        return None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("name") == info.name:
            md5 = str(entry.get("md5", "")).lower()
            if re.fullmatch(r"[0-9a-f]{32}", md5):
                return md5
    logger.warning("%s lists no MD5 for %s", info.checksum_url, info.name)
    return None


def _open(url: str, timeout: float, models_dir: Path, model_url: str) -> HTTPResponse:
    request = urllib.request.Request(url, headers={"User-Agent": "BackTalk model downloader"})
    try:
        response: HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        err.close()
        raise DownloadFailed(f"{url} answered HTTP {err.code} {err.reason}; check the model"
                             " name or URL, or try again later") from err
    except (OSError, HTTPException) as err:  # URLError, refused, DNS failure, timeout
        raise NoNetwork(
            f"cannot reach {url}: {getattr(err, 'reason', err)}. BackTalk works without vosk"
            " (pocketsphinx is built in); to use vosk, download"
            f" {model_url} on a machine with internet, and unzip it into {models_dir}"
        ) from err
    except ValueError as err:
        raise ModelError(f"{url} is not a URL BackTalk can download: {err}") from err
    return response


def _fetch(
    url: str, out: IO[bytes], progress: Progress | None, timeout: float, models_dir: Path
) -> dict[str, str]:
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    done = 0
    with _open(url, timeout, models_dir, url) as response:
        length = response.headers.get("Content-Length", "")
        total = int(length) if length.isdigit() else None
        if progress:
            progress(0, total)
        while True:
            try:
                chunk = response.read(CHUNK_SIZE)
            except (OSError, HTTPException) as err:
                raise DownloadFailed(f"the connection to {url} broke after {done} bytes ({err});"
                                     " run the download again") from err
            if not chunk:
                break
            out.write(chunk)
            sha256.update(chunk)
            md5.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    # http.client returns b"" rather than raising when the body ends early.
    if total is not None and done != total:
        raise DownloadFailed(f"the download of {url} stopped after {done} of {total} bytes;"
                             " nothing was installed, run it again")
    return {"sha256": sha256.hexdigest(), "md5": md5.hexdigest()}


def _model_root(archive: zipfile.ZipFile, url: str) -> str:
    """The archive's single top-level folder, after refusing anything unsafe or model-less."""
    names = archive.namelist()
    for name in names:
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            raise UnsafeArchive(f"{url} holds the path {name!r}, which would land outside the"
                                " models folder; refusing it. Download the official zip.")
    tops = sorted({name.replace("\\", "/").split("/", 1)[0] for name in names})
    if len(tops) != 1 or tops[0] == ".":
        raise NotAModel(f"{url} should hold one model folder, not {tops[:5]};"
                        " download a vosk model zip")
    missing = [f for f in REQUIRED_FILES if f"{tops[0]}/{f}" not in names]
    if missing:
        raise NotAModel(f"{url} is not a vosk model: {tops[0]}/ lacks {', '.join(missing)};"
                        " download a vosk model zip")
    if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise NotAModel(f"{url} unpacks to more than {MAX_UNPACKED_BYTES} bytes, far more than"
                        " a small vosk model; refusing it")
    return tops[0]


def _write_marker(
    model_dir: Path, info: ModelInfo, sha256: str, expected: tuple[str, str, str] | None
) -> None:
    # File sizes let verify_model notice later damage without keeping the 40 MB zip.
    files = {p.relative_to(model_dir).as_posix(): p.stat().st_size
             for p in sorted(model_dir.rglob("*")) if p.is_file()}
    record = {
        "name": info.name, "url": info.url, "sha256": sha256, "verified": expected is not None,
        "checked_against": expected[2] if expected else None,
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "files": files,
    }
    (model_dir / MARKER).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _read_marker(model_dir: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((model_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _is_model_dir(path: Path) -> bool:
    return all((path / name).is_file() for name in REQUIRED_FILES)


def _has_grammar(path: Path) -> bool:
    return all((path / name).is_file() for name in GRAMMAR_FILES)


def _search_dirs(models_dirs: Sequence[Path | str] | None) -> list[Path]:
    if models_dirs is None:
        return [PROJECT_MODELS_DIR, user_models_dir()]
    return [Path(folder) for folder in models_dirs]


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
