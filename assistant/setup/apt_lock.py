"""Waiting for the package manager's locks before running apt-get.

Just after a Raspberry Pi boots, its automatic updates often hold dpkg's lock for a few
minutes; apt-get then fails at once with exit code 100. Set-up waits instead, saying so.

apt and dpkg lock with fcntl (POSIX record locks) on these files; the same call, made
without blocking and undone at once, tells whether another process holds one.

Standard library only: :mod:`assistant.bootstrap` uses this before anything is installed.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable, Sequence

APT_LOCKS: tuple[str, ...] = (
    "/var/lib/dpkg/lock-frontend",
    "/var/lib/dpkg/lock",
    "/var/lib/apt/lists/lock",
    "/var/cache/apt/archives/lock",
)
LOCKS_ENV = "BACKTALK_APT_LOCKS"
"""Lock files to watch instead of apt's, separated by ':' (for tests)."""

WAIT_LIMIT = 300.0
"""Seconds to wait at most: an unattended upgrade on a Pi usually ends within minutes."""
TELL_EVERY = 10.0
POLL = 0.5


def lock_paths(environ: dict[str, str] | None = None) -> list[str]:
    env = os.environ if environ is None else environ
    configured = env.get(LOCKS_ENV, "")
    return [p for p in configured.split(":") if p] if configured else list(APT_LOCKS)


def held(path: str) -> bool:
    """Whether another process holds ``path``'s lock. A file that is missing or cannot be
    opened (not root) is not a lock we could wait for."""
    try:
        descriptor = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EACCES, errno.EAGAIN)
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


def first_held(paths: Sequence[str]) -> str | None:
    return next((p for p in paths if held(p)), None)


def wait_for_locks(paths: Sequence[str], tell: Callable[[str], None],
                   limit: float = WAIT_LIMIT, tell_every: float = TELL_EVERY,
                   poll: float = POLL) -> str | None:
    """Wait until none of ``paths`` is held, calling ``tell`` at once and about every
    ``tell_every`` seconds while waiting. Returns None when free, or the lock still held
    after ``limit`` seconds."""
    start = time.monotonic()
    told_at: float | None = None
    while (busy := first_held(paths)) is not None:
        now = time.monotonic()
        waited = now - start
        if waited >= limit:
            return busy
        if told_at is None or now - told_at >= tell_every:
            tell(f"another program is installing packages ({busy} is locked); waiting for "
                 f"it to finish ({waited:.0f} s so far, at most {limit:.0f} s)")
            told_at = now
        time.sleep(min(poll, max(0.0, limit - waited)))
    return None
