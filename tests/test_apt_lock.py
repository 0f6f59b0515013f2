"""Set-up waits for the package lock held by another program, as apt-get itself locks it
(fcntl), saying so, instead of failing at once; the lock is held for real by a process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant import bootstrap
from assistant.setup.apt_lock import APT_LOCKS, LOCKS_ENV, held, lock_paths, wait_for_locks

HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("locked", flush=True)
if float(sys.argv[2]) > 0:
    time.sleep(float(sys.argv[2]))
else:
    sys.stdin.read()  # held until the test closes our input
"""


@contextmanager
def lock_held(path: Path, seconds: float = 0.0) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``path``'s lock (for ``seconds``, or until the block ends)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


def test_a_lock_held_by_another_process_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "lock-frontend"
    path.touch()
    assert not held(str(path))
    with lock_held(path):
        assert held(str(path))
    assert not held(str(path))
    assert not held(str(tmp_path / "missing"))


def test_waits_until_the_lock_is_released_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    told: list[str] = []
    with lock_held(path, seconds=2.5):
        start = time.monotonic()
        busy = wait_for_locks([str(tmp_path / "free"), str(path)], told.append,
                              limit=30, tell_every=1.0, poll=0.1)
        waited = time.monotonic() - start
    assert busy is None
    assert waited >= 1.5  # it did wait for the holder, not return at once
    assert 2 <= len(told) <= 4, told  # said at once, then about every second
    assert all(str(path) in line and "waiting" in line for line in told)


def test_gives_up_after_the_limit_naming_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    told: list[str] = []
    with lock_held(path):
        assert wait_for_locks([str(path)], told.append, limit=1.0, poll=0.1) == str(path)
    assert len(told) == 1


def test_lock_paths_are_apts_unless_configured() -> None:
    assert lock_paths({}) == list(APT_LOCKS)
    assert lock_paths({LOCKS_ENV: "/tmp/a:/tmp/b"}) == ["/tmp/a", "/tmp/b"]


def test_set_up_stops_with_code_75_when_the_lock_stays_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lock"
    monkeypatch.setenv(LOCKS_ENV, str(path))
    monkeypatch.setenv("BACKTALK_APT_WAIT", "1")
    ran = tmp_path / "ran"
    with lock_held(path), pytest.raises(SystemExit) as done:
        bootstrap.run_apt([sys.executable, "-c", f"open({str(ran)!r}, 'w')"])
    assert done.value.code == bootstrap.EXIT_LOCKED == 75
    out, err = capsys.readouterr()
    assert "waiting" in out and str(path) in err and "run this again" in err
    assert not ran.exists()  # apt-get was never started while the lock was held


def test_set_up_runs_apt_once_the_lock_is_free(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lock"
    monkeypatch.setenv(LOCKS_ENV, str(path))
    ran = tmp_path / "ran"
    with lock_held(path, seconds=1.5):
        bootstrap.run_apt([sys.executable, "-c", f"open({str(ran)!r}, 'w')"])
    assert ran.exists()
    out = capsys.readouterr().out
    assert out.index("waiting") < out.index("running:")
