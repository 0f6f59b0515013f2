"""The process's one pyttsx3 engine, driving espeak-ng, and the care pyttsx3 2.99's espeak
driver needs.

espeak-ng starts once per process, and a collected engine unhooks the callback of the next
one: so one engine, created lazily and kept. It synthesises on its own thread, and
``runAndWait`` may return before the WAV exists: we wait for "finished-utterance".
``runAndWait`` cancels espeak-ng's queue if it looks busy, dropping a rate or volume change
still queued: we wait for espeak-ng to go idle after each change. Its ``Synth`` tells
espeak-ng the text is ten times longer than it is, and espeak-ng copies that many bytes: we
give the true length (see ``bounded_synth``).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

INSTALL_HINT = "install espeak-ng and libespeak-ng1: sudo apt-get install espeak-ng libespeak-ng1"


class SpeechError(Exception):
    """Speech could not be produced or played; the message says what to do."""


def bounded_synth(text: str | bytes, position: int = 0, position_type: int = 1,
                  end_position: int = 0, flags: int = 0, user_data: Any = None) -> int:
    """pyttsx3's ``_espeak.Synth`` with the text's true size.

    pyttsx3 2.99 passes ``10 * len(text)`` as the size, and espeak-ng's queue copies that many
    bytes from the text: it reads past the end of the Python object, which now and then lies
    at the end of mapped memory and the process dies (a segfault seen in CI). The bytes object
    ends in a zero byte, so its length plus one is all there is to copy.
    """
    from pyttsx3.drivers import _espeak

    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return int(_espeak.cSynth(data, len(data) + 1, position, position_type, end_position,
                              flags, None, user_data))


class Engine:
    """The process's one pyttsx3 engine, and the settings last applied to it."""

    def __init__(self) -> None:
        try:
            import pyttsx3
            from pyttsx3.drivers import _espeak

            _espeak.Synth = bounded_synth  # the driver looks it up on each utterance
            self.engine: Any = pyttsx3.init("espeak")
        except Exception as exc:  # a missing libespeak-ng surfaces as several error types
            raise SpeechError(f"espeak-ng could not be started ({exc}); {INSTALL_HINT}") from exc
        self._espeak = _espeak
        self._finished = threading.Event()
        self.engine.connect("finished-utterance", self._on_finished)
        # (id, "id short-id name languages") for matching a part of any of them
        self.voices = [(v.id, f"{v.id} {v.id.rsplit('/', 1)[-1]} {v.name} "
                              f"{' '.join(v.languages or [])}".lower())
                       for v in self.engine.getProperty("voices")]
        self.default_voice = str(self.engine.getProperty("voice"))
        self.applied: dict[str, object] = {"voice": self.default_voice}
        # The first runAndWait treats queued changes differently from later ones; one
        # throwaway utterance puts the driver in its steady state and proves espeak-ng works.
        self.synthesise("ready")

    def _on_finished(self, completed: bool = True, **_: object) -> None:
        # Runs on espeak-ng's thread. A cancelled utterance wrote no file: keep waiting.
        if completed:
            self._finished.set()

    def _wait_idle(self) -> None:
        deadline = time.monotonic() + 5.0
        while self._espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.002)

    def apply(self, name: str, value: object) -> None:
        if self.applied.get(name) != value:
            self.engine.setProperty(name, value)
            self.applied[name] = value
            self._wait_idle()

    def synthesise(self, text: str) -> tuple[int, np.ndarray]:
        """(sample rate, 16-bit samples) of one utterance; the driver always writes mono."""
        self._wait_idle()
        self._finished.clear()
        timeout = 10.0 + 0.05 * len(text)
        with tempfile.TemporaryDirectory(prefix="backtalk-tts-") as tmp:
            path = Path(tmp) / "utterance.wav"  # a new folder: no stale file can pass
            # The driver prints "Audio saved to ..."; keep that out of the CLI's output.
            with contextlib.redirect_stdout(io.StringIO()):
                self.engine.save_to_file(text, str(path))
                self.engine.runAndWait()
                finished = self._finished.wait(timeout)
            if not finished or not path.exists():
                raise SpeechError(f"espeak-ng did not finish synthesising {text[:40]!r} within "
                                  f"{timeout:.0f} s; restart BackTalk, and if it happens again, "
                                  f"reinstall espeak-ng ({INSTALL_HINT})")
            with wave.open(str(path), "rb") as wav:
                return wav.getframerate(), np.frombuffer(wav.readframes(-1), "<i2")


_engine: Engine | None = None
engine_lock = threading.RLock()
"""Held while an engine's settings are applied and a sentence synthesised with them."""


def the_engine() -> Engine:
    """The process's one engine, started on first use."""
    global _engine
    with engine_lock:
        if _engine is None:
            _engine = Engine()
        return _engine
