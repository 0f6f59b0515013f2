"""Folders and files that only their owner can read: what BackTalk writes about a person.

Session records, caregiver summaries, spoken prompts and voice samples are health data.
Folders are made 0700 and files 0600 whatever the umask. A file is always created anew
(``O_CREAT | O_EXCL | O_NOFOLLOW``): a symbolic link planted where the next file goes is
never followed or written through, and nothing already there is overwritten. A file that
must appear whole is written under a temporary name first and then linked into place
(refused if the name is taken) or, for a file BackTalk itself may rewrite, renamed over
the old one (which replaces the directory entry, never what a link points to).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class PrivateFileError(OSError):
    """A private folder or file cannot be made safely; the message says why and what to do."""


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Make ``path`` (and any missing parents) a folder only its owner can enter.

    Folders made here are 0700. An existing folder is kept as it is, unless ``tighten``
    (a folder that is BackTalk's own, such as ``sessions``): its group and other bits are
    then removed. The last part may not be a symbolic link, so records cannot be sent
    elsewhere by a link planted in its place.
    """
    missing: list[Path] = []
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            pass  # made meanwhile by another process: checked below like any existing one
        else:
            os.chmod(folder, DIR_MODE, follow_symlinks=False)  # a umask may have cut bits
    try:
        info = os.lstat(path)
    except FileNotFoundError as exc:
        raise PrivateFileError(exc.errno, f"{path} vanished while it was being made") from exc
    if stat.S_ISLNK(info.st_mode):
        raise PrivateFileError(errno.ELOOP, f"{path} is a symbolic link; BackTalk keeps "
                               "private files only in a real folder (remove the link, or "
                               "give the folder it points to)")
    if not stat.S_ISDIR(info.st_mode):
        raise PrivateFileError(errno.ENOTDIR, f"{path} exists and is not a folder")
    if path in missing:
        return path
    if tighten and info.st_uid == os.geteuid() and info.st_mode & 0o077:
        os.chmod(path, DIR_MODE, follow_symlinks=False)
    elif info.st_uid != os.geteuid() and info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
        raise PrivateFileError(errno.EPERM, f"{path} belongs to another user who, with others, "
                               "can change what is in it; choose a folder of your own")
    return path


def create_private(path: Path) -> int:
    """A new file at ``path``, 0600, open for writing; its descriptor.

    Raises FileExistsError if anything (a file, a folder, a link, even a broken one) is
    already at ``path``.
    """
    fd = os.open(path, _CREATE, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # the mode os.open gives is cut by the umask, never widened
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_all(fd: int, data: bytes) -> None:
    """Write every byte (``os.write`` may write fewer than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_private(path: Path, data: bytes, *,
                  may_replace: Callable[[Path], bool] | None = None) -> Path:
    """Write ``data`` to a new private file at ``path``, whole or not at all.

    A reader never sees half a file. If something is already at ``path`` it is kept and
    FileExistsError raised, unless ``may_replace(path)`` says it is BackTalk's own older
    version of this file: then it is replaced in one step.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = create_private(temp)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        except FileExistsError:
            if may_replace is None or not may_replace(path):
                raise
            os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return path


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Run a block with umask 077, so that any file it makes in passing is private too."""
    before = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(before)
