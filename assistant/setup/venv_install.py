"""The virtual environment and the project installed into it: whether the venv works, and
whether ``pip install -e`` must run again (the stamp of what it last installed).

Standard library only: :mod:`assistant.bootstrap` uses this before anything is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
from dataclasses import dataclass
from pathlib import Path

STAMP_NAME = ".backtalk-install-stamp"


@dataclass(frozen=True)
class Stamp:
    """What the last successful pip install was done for."""

    digest: str
    extras: frozenset[str]


def venv_python(venv_dir: Path) -> Path:
    """The venv's Python interpreter."""
    return venv_dir / "bin" / "python"


def venv_works(venv_dir: Path) -> bool:
    """True when the venv exists and its Python and pip both run."""
    python = venv_python(venv_dir)
    if not python.exists():
        return False
    check = [str(python), "-c", "import pip"]
    return subprocess.run(check, capture_output=True, check=False).returncode == 0


def ensurepip_available() -> bool:
    """True when `python -m venv` can install pip (Debian ships ensurepip separately)."""
    return importlib.util.find_spec("ensurepip") is not None


def project_digest(pyproject_bytes: bytes) -> str:
    """The hash of pyproject.toml that the stamp records."""
    return hashlib.sha256(pyproject_bytes).hexdigest()


def format_stamp(stamp: Stamp) -> str:
    """The stamp file's text: the digest line, then the installed extras (comma-separated)."""
    return f"{stamp.digest}\n{','.join(sorted(stamp.extras))}\n"


def parse_stamp(text: str | None) -> Stamp | None:
    """Read a stamp file's text; None when absent or unreadable."""
    if not text:
        return None
    lines = text.splitlines()
    digest = lines[0].strip()
    if not digest:
        return None
    extras_line = lines[1].strip() if len(lines) > 1 else ""
    return Stamp(digest, frozenset(e for e in extras_line.split(",") if e))


def install_needed(previous: Stamp | None, digest: str, extras: frozenset[str]) -> bool:
    """True unless the last install was of this pyproject.toml with at least these extras."""
    return previous is None or previous.digest != digest or not extras <= previous.extras


def stamp_after_install(previous: Stamp | None, digest: str, extras: frozenset[str]) -> Stamp:
    """The stamp to write after installing ``extras``: keeps earlier extras if still valid."""
    if previous is not None and previous.digest == digest:
        return Stamp(digest, previous.extras | extras)
    return Stamp(digest, extras)


def pip_target(extras: frozenset[str]) -> str:
    """The editable install target: "." or ".[a,b]"."""
    return f".[{','.join(sorted(extras))}]" if extras else "."


def read_text_or_none(path: Path) -> str | None:
    """A file's text, or None if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
