"""The session record: one JSON line per event, written as the conversation goes.

Each line is flushed and fsynced before the conversation moves on, so a screening
that is killed halfway still leaves a valid record of every turn so far.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs


class RecordError(Exception):
    """The session record cannot be written where it was asked to go."""


def default_data_dir() -> Path:
    """``$BACKTALK_DATA_DIR``, else the user's data directory for BackTalk."""
    configured = os.environ.get("BACKTALK_DATA_DIR")
    return Path(configured) if configured else Path(platformdirs.user_data_dir("backtalk"))


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class SessionRecord:
    """An append-only JSON Lines file for one conversation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise RecordError(
                f"cannot write the session record {path}: {exc.strerror}. "
                "Choose another folder with --data-dir or BACKTALK_DATA_DIR."
            ) from exc

    @classmethod
    def create(cls, data_dir: Path) -> SessionRecord:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{os.getpid()}"
        path = data_dir / "sessions" / f"{name}.jsonl"
        # With a wake phrase, one process may start two screenings within a second.
        number = 1
        while path.exists():
            number += 1
            path = path.with_name(f"{name}-{number}.jsonl")
        return cls(path)

    def write(self, event: str, **fields: Any) -> None:
        line = json.dumps({"event": event, "time": now(), **fields}, ensure_ascii=False,
                          default=str)
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


def read_record(path: Path) -> list[dict[str, Any]]:
    """All events of a record (every line is a complete JSON object)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
