"""A player that stops taking sound. A sound server that hangs (frozen, not ended) leaves
``aplay`` waiting on it and BackTalk waiting on ``aplay``, for ever: no error comes, the
person hears nothing, and a service that never ends is never started afresh. So each
piece of sound handed to the player sets when it should have been played by, and a
player still there well past that is ended (never while BackTalk itself is still making
the next sentence: a slow machine is not a hung server)."""

from __future__ import annotations

import subprocess
import threading
import time

STUCK_AFTER = 10.0
"""Seconds past the time the sound given should have been played by. Generous: a sound
server may take a second or two to start playing on a loaded machine."""
_LOOK_EVERY = 0.5


class StuckPlayer:
    """Watches ``player`` (PCM at ``rate`` Hz, 16-bit mono) from a thread of its own until
    :meth:`close`; :attr:`stuck` says whether it had to end it."""

    def __init__(self, player: subprocess.Popen[bytes], rate: int,
                 after: float = STUCK_AFTER) -> None:
        self.player = player
        self.rate = rate
        self.after = after
        self.stuck = False
        self._due = time.monotonic()
        self._waiting = True
        self._done = threading.Event()
        threading.Thread(target=self._watch, name="stuck-player", daemon=True).start()

    def given(self, size: int) -> None:
        """``size`` more bytes of sound are being handed to the player."""
        self._due = max(self._due, time.monotonic()) + size / (2 * self.rate)
        self._waiting = True

    def making(self) -> None:
        """BackTalk is making more sound: until :meth:`given`, the player is not waited on."""
        self._waiting = False

    def close(self) -> None:
        self._done.set()

    def _watch(self) -> None:
        while not self._done.wait(_LOOK_EVERY):
            if self._waiting and time.monotonic() > self._due + self.after \
                    and self.player.poll() is None:
                self.stuck = True
                self.player.kill()  # a write blocked on it fails at once (broken pipe)
                return
