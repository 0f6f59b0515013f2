"""The session record: one JSON line per event, written as the conversation goes.

Each line is flushed and fsynced before the conversation moves on, so a screening
that is killed halfway still leaves a valid record of every turn so far. A line that
cannot be written (a full disk) is cut off again and the record closed to further lines:
what was written before stays whole, and the screening is told (:class:`RecordNotSaved`).
Records are health data: see :mod:`assistant.setup.private_files`.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from ..setup.private_files import create_private, private_dir, write_all

SESSIONS = "sessions"


class RecordError(Exception):
    """The session record cannot be written where it was asked to go."""


class RecordNotSaved(RecordError):
    """A line of the record could not be written (a full or failing disk) during a screening.

    Every line written before it is kept whole; nothing more is written to this record.
    """

    def __init__(self, path: Path, reason: str, saved_events: int) -> None:
        super().__init__(f"the session record {path} could not be saved ({reason}); the "
                         f"{saved_events} entries written before are kept")
        self.path = path
        self.reason = reason
        self.saved_events = saved_events
        self.unsaid: str | None = None
        """Why the words about it could not be spoken, if they could not (they were shown)."""


class NotARecord(RecordError):
    """A file given as a session record is not one."""


def default_data_dir() -> Path:
    """``$BACKTALK_DATA_DIR``, else the user's data directory for BackTalk."""
    configured = os.environ.get("BACKTALK_DATA_DIR")
    return Path(configured) if configured else Path(platformdirs.user_data_dir("backtalk"))


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class SessionRecord:
    """An append-only JSON Lines file for one conversation, private to its owner (0600 in
    a 0700 folder), always a new file: never one that was there, nor a link's target."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.saved_events = 0
        self._failed: RecordNotSaved | None = None
        self._fd: int | None = None
        try:
            private_dir(path.parent)
            self._fd = create_private(path)
        except FileExistsError as exc:
            raise RecordError(f"cannot write the session record {path}: something is already "
                              "there, and a record never replaces a file or follows a link. "
                              "Move it away, or choose another folder with --data-dir.") from exc
        except OSError as exc:
            raise RecordError(
                f"cannot write the session record {path}: {exc.strerror or exc}. "
                "Choose another folder with --data-dir or BACKTALK_DATA_DIR."
            ) from exc
        self._good = 0  # the length of the file up to its last whole line

    @classmethod
    def create(cls, data_dir: Path) -> SessionRecord:
        try:
            private_dir(data_dir)
            folder = private_dir(data_dir / SESSIONS, tighten=True)
        except OSError as exc:
            raise RecordError(
                f"cannot write the session record in {data_dir / SESSIONS}: "
                f"{exc.strerror or exc}. Choose another folder with --data-dir or "
                "BACKTALK_DATA_DIR.") from exc
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{os.getpid()}"
        # With a wake phrase, one process may start two screenings within a second; a name
        # already taken (by a file, a folder or a link) is passed over, never reused.
        for number in range(1, 1000):
            path = folder / (f"{name}.jsonl" if number == 1 else f"{name}-{number}.jsonl")
            if not os.path.lexists(path):
                try:
                    return cls(path)
                except RecordError:
                    if not os.path.lexists(path):
                        raise
        raise RecordError(f"cannot find a free name for a session record in {folder}")

    def write(self, event: str, **fields: Any) -> None:
        """Append one event as a whole line, on disk before this returns.

        Raises RecordNotSaved if it cannot be written; a part-written line is cut off
        again, so the record stays whole lines.
        """
        if self._failed is not None:
            raise self._failed
        if self._fd is None:
            raise RecordError(f"the session record {self.path} is closed")
        line = json.dumps({"event": event, "time": now(), **fields}, ensure_ascii=False,
                          default=str) + "\n"
        try:
            write_all(self._fd, line.encode("utf-8"))
            os.fsync(self._fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._good)
                os.lseek(self._fd, self._good, os.SEEK_SET)
            self._failed = RecordNotSaved(self.path, exc.strerror or str(exc),
                                          self.saved_events)
            raise self._failed from exc
        self._good += len(line.encode("utf-8"))
        self.saved_events += 1

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):  # a disk that failed may fail this too
                os.close(fd)


def read_record(path: Path) -> list[dict[str, Any]]:
    """All events of a record (every line is a complete JSON object)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


MAX_RECORD_BYTES = 64 * 1024 * 1024
"""Far more than the longest screening writes; a larger file is not a record."""


def check_record(path: Path) -> None:
    """Raise NotARecord unless ``path`` is a session record (even one cut short).

    A record is a regular ``.jsonl`` file whose first line is BackTalk's "start" event.
    """
    if path.suffix != ".jsonl":
        hint = (f"; it looks like the summary of {path.with_suffix('.jsonl').name}"
                if path.suffix == ".txt" else "")
        raise NotARecord(f"{path} is not a session record (records end in .jsonl){hint}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise NotARecord(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARecord(f"{path} is not a session record (not a regular file)")
        if info.st_size > MAX_RECORD_BYTES:
            raise NotARecord(f"{path} is not a session record ({info.st_size} bytes; records "
                             f"are far smaller than {MAX_RECORD_BYTES // 2**20} MB)")
        first = handle.readline(1 << 20)
    try:
        start = json.loads(first.decode("utf-8"))
    except ValueError:
        start = None
    if not isinstance(start, dict) or start.get("event") != "start":
        raise NotARecord(f"{path} is not a session record: it does not begin with "
                         "BackTalk's start line")
