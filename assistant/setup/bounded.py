"""Reading a person's files within bounds: a size cap, regular files only, and a nesting
check that runs before a recursive parser (tomllib, json) would overflow the stack.

Every file here is edited by hand or left behind by a program; a wrong one (a video named
config.toml, a pipe, brackets nested ten thousand deep) must give a message naming the
file, never a hang, gigabytes read, or a RecursionError.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class BoundedReadError(ValueError):
    """A file is missing, is not a regular file, is too large, is not UTF-8, or is nested
    too deep; the message starts with the file (and its line, when there is one)."""


def read_text_bounded(path: Path, max_bytes: int) -> str:
    """The UTF-8 text of ``path``, refusing anything but a regular file of at most
    ``max_bytes``. Opened without blocking, so a pipe named like the file cannot hang."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise BoundedReadError(f"{path}: file not found") from exc
    except OSError as exc:
        raise BoundedReadError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BoundedReadError(f"{path}: not a regular file (a folder, a device or a pipe)")
        if info.st_size > max_bytes:
            raise BoundedReadError(_too_large(path, max_bytes))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)  # the file may grow after fstat
    except OSError as exc:
        raise BoundedReadError(f"{path}: cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise BoundedReadError(_too_large(path, max_bytes))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BoundedReadError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def _too_large(path: Path, max_bytes: int) -> str:
    return (f"{path}: too large (over {max_bytes:,} bytes); a file of this kind is far "
            "smaller, so this is probably not the right file")


def check_nesting(text: str, max_depth: int, where: Path, toml: bool) -> None:
    """Raise BoundedReadError naming the line where ``[`` and ``{`` nest deeper than
    ``max_depth`` in TOML (``toml``) or JSON text; brackets in strings and comments are
    skipped. The parsers themselves would recurse once per level and overflow."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                raise BoundedReadError(f"{where}:{line}: nested more than {max_depth} levels "
                                       "deep")
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "#" and toml:
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == '"' or (ch == "'" and toml):
            end = _string_end(text, i, toml)
            line += text.count("\n", i, end)
            i = end
            continue
        i += 1
    return None


def _string_end(text: str, start: int, toml: bool) -> int:
    """The index just past the string that opens at ``start`` (or the end of the text)."""
    quote = text[start]
    triple = toml and text.startswith(quote * 3, start)
    closing = quote * 3 if triple else quote
    escapes = quote == '"'
    i = start + len(closing)
    while i < len(text):
        if escapes and text[i] == "\\":
            i += 2
            continue
        if text.startswith(closing, i):
            return i + len(closing)
        if text[i] == "\n" and not triple:
            return i  # an unclosed one-line string: the parser will say so
        i += 1
    return len(text)
