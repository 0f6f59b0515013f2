"""Installing a model: settle its checksum, download it, check it, unpack it safely, move it
into place in one step, and record what was installed.

BackTalk runs offline, so a vosk model is fetched once, ahead of time, and unpacked into a
models folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path

from .catalogue import MARKER, REQUIRED_FILES, ModelError, ModelInfo, resolve
from .fetch import DownloadFailed, Progress, fetch, open_url
from .installed import is_model_dir

logger = logging.getLogger(__name__)

# Small models unpack to well under 1 GB; a bigger archive is not what we asked for.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_LIST_BYTES = 4 * 1024**2
# Temporaries start with a dot so that finding and listing never mistake them for models.
_TEMP_PREFIX = ".backtalk-"


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
    info = resolve(name_or_url, base_url)
    models_dir = Path(models_dir)
    target = models_dir / info.name
    if is_model_dir(target) and not force:
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
            actual = fetch(info.url, handle, progress, timeout, models_dir)
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
        with open_url(info.checksum_url, timeout, models_dir, info.url) as response:
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
