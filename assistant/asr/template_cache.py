"""The personal templates' described takes, kept beside the takes so that start-up does not
describe them again.

Describing a take (:func:`.templates.features`: Whisper's encoder and the speech embedding)
costs about 30 ms here; a full enrollment of 25 phrases, 3 takes each, took 2.2 s at
every start, several times that on a Raspberry Pi. The rows are kept in :data:`FILE` in
the enrollment's own folder: private like the takes (0600, in the 0700 folder), removed
with them by ``backtalk enroll --delete``, each under the SHA-256 of its take's audio and
all under the version of the description (:attr:`.templates.TakeEncoder.version`), so a
take changed or another description is described afresh. The file is only a saving: one
that cannot be read or written is described again, with a warning in the log.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..setup.private_files import write_private

FILE = "described-takes.npz"
log = logging.getLogger(__name__)


def key(pcm: bytes) -> str:
    """The name a take's rows are kept under."""
    return "take_" + hashlib.sha256(pcm).hexdigest()


def load(root: Path, version: str) -> dict[str, np.ndarray]:
    """The rows kept under ``root`` for ``version`` (none when absent, stale or damaged)."""
    path = root / FILE
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as kept:
            if str(kept["version"]) != version:
                return {}
            return {name: np.asarray(kept[name], dtype=np.float64)
                    for name in kept.files if name != "version"}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.warning("the described takes in %s cannot be read (%s); describing them again",
                    path, error)
        return {}


def save(root: Path, version: str, rows: dict[str, np.ndarray]) -> None:
    """Keep ``rows`` (replacing what was kept); a failure is logged, never raised."""
    buffer = io.BytesIO()
    # Single precision: half the file, distances alike to a millionth.
    arrays: dict[str, Any] = {name: np.asarray(value, dtype=np.float32)
                              for name, value in rows.items()}
    np.savez(buffer, version=np.array(version), **arrays)
    try:
        write_private(root / FILE, buffer.getvalue(), may_replace=lambda _: True)
    except OSError as error:
        log.warning("the described takes could not be kept in %s (%s); they will be "
                    "described again at the next start", root, error.strerror or error)
