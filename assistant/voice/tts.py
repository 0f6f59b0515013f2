"""Text to speech with pyttsx3 and espeak-ng: speak sentences aloud or save them to one WAV.

The engine and the care pyttsx3's espeak driver needs are :mod:`.espeak_engine`. The
driver's playback ignores ``aplay`` failures: we run ``aplay`` ourselves, so a missing sound
card is reported and we know when playback has ended. Use a :class:`Speaker` from one thread
only.
"""

from __future__ import annotations

import contextlib
import logging
import re
import subprocess
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, cast

import numpy as np

from ..setup.private_files import private_dir, write_private
from ..setup.wav_bytes import mono_wav
from .espeak_engine import SpeechError, engine_lock, the_engine
from .stuck_player import StuckPlayer

logger = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 80, 450  # what espeak-ng can do, in words per minute
NO_OUTPUT_HINT = "or run with --speak-to DIR to write the prompts to WAV files instead"
# espeak-ng ends each utterance with ~0.5 s of silence; keeping only a little of it makes
# sentence_pause the real gap between sentences.
_TAIL_KEPT = 0.1
_SILENT = 64  # sample magnitude (of 32767) below which audio counts as silence


@dataclass
class TtsSettings:
    """How BackTalk sounds. Change it at run time through :class:`Speaker`'s setters."""

    rate: int = 140
    """Words per minute. 200 (pyttsx3's default) is too fast; older listeners want 130-150."""
    volume: float = 1.0
    """0 (silent) to 2; 1 is espeak-ng's normal loudness, 2 its loudest (see pace.py)."""
    voice: str | None = None
    """Part of an espeak-ng voice id, name or language, e.g. ``"en-us"``; None: the default."""
    sentence_pause: float = 0.4
    """Seconds of silence between two sentences."""

    def __post_init__(self) -> None:
        if not MIN_RATE <= self.rate <= MAX_RATE:
            raise SpeechError(f"speaking rate {self.rate} is outside {MIN_RATE}-{MAX_RATE} words "
                              "per minute; 130-150 suits most listeners")
        if not 0.0 <= self.volume <= 2.0:
            raise SpeechError(f"volume {self.volume} is outside 0-2; 1 is the normal volume")
        if self.sentence_pause < 0:
            raise SpeechError(f"sentence_pause {self.sentence_pause} is negative; use 0 or more "
                              "seconds (0.4 is the default)")


# A sentence ends at . ! ? ; followed by a space, so "3.5" stays whole.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_CLAUSE_END = re.compile(r"(?<=,)\s+|\s+(?=and\b)")
_WORD = re.compile(r"\w")  # text without a letter or digit has nothing to say


def split_sentences(text: str, max_words: int = 16) -> list[str]:
    """Cut text into short sentences for speaking; none is empty or without words.

    Sentences end at ``. ! ? ;``. One of more than ``max_words`` words is cut again after
    commas and before "and", and as a last resort every ``max_words`` words: espeak-ng makes
    no sound until a whole sentence is synthesised, and short sentences are easier to follow.
    """
    if max_words < 1:
        raise SpeechError(f"max_words is {max_words}; use 1 or more")
    sentences: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        chunk: list[str] = []
        for clause in _CLAUSE_END.split(sentence):
            words = clause.split()
            if chunk and len(chunk) + len(words) > max_words:
                sentences.append(" ".join(chunk))
                chunk = []
            chunk.extend(words)
            while len(chunk) > max_words:
                sentences.append(" ".join(chunk[:max_words]))
                chunk = chunk[max_words:]
        sentences.append(" ".join(chunk))
    return [s for s in sentences if _WORD.search(s)]


def wav_duration(path: str | Path) -> float:
    """The length of a WAV file in seconds."""
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / wav.getframerate()
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechError(f"cannot read {path} as a WAV file: {exc}") from exc


class Speaker:
    """Speaks sentences through ``aplay``, or saves them to a WAV file.

    All Speakers share the process's one pyttsx3 engine (created on first use) and apply
    their own settings before each sentence. Use them from one thread only.
    """

    def __init__(self, settings: TtsSettings | None = None, device: str | None = None) -> None:
        self.settings = settings or TtsSettings()
        self.device = device
        """ALSA output device for ``aplay -D`` (e.g. ``plughw:1``); None: the default."""
        self._voice_id: str | None = None
        self.set_voice(self.settings.voice)
        self.first_audio_at: float | None = None
        """``time.perf_counter()`` when the last :meth:`save` or :meth:`speak` had its first
        sentence ready to play: what a listener waits for (the benchmarks read it)."""

    # The setters check a copy first, then change the caller's settings object in place.
    def set_rate(self, rate: int) -> None:
        self.settings.rate = replace(self.settings, rate=rate).rate

    def set_volume(self, volume: float) -> None:
        self.settings.volume = replace(self.settings, volume=volume).volume

    def set_voice(self, voice: str | None) -> None:
        """Use the espeak-ng voice whose id, name or language contains ``voice``."""
        self._voice_id = None if voice is None else self._find_voice(voice)
        self.settings.voice = voice

    @staticmethod
    def _find_voice(part: str) -> str:
        wanted, voices = part.strip().lower(), the_engine().voices
        exact = [v for v, words in voices if wanted and wanted in words.split()]
        found = exact or [v for v, words in voices if wanted and wanted in words]
        if found:  # the shortest id is the plainest variant: "en-us" before "en-us-nyc"
            return min(found, key=len)
        english = [words.split()[1] for _, words in voices if words.split()[1][:2] == "en"]
        raise SpeechError(f"no espeak-ng voice matches {part!r}; try one of "
                          f"{', '.join(english[:8])} ('espeak-ng --voices' lists them all)")

    def _pcm(self, text: str) -> tuple[int, bytes]:
        """One sentence as (sample rate, 16-bit mono samples), its long silent tail cut."""
        engine = the_engine()
        with engine_lock:
            engine.apply("voice", self._voice_id or engine.default_voice)
            engine.apply("rate", self.settings.rate)
            engine.apply("volume", self.settings.volume)
            rate, samples = engine.synthesise(text)
        loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _SILENT)
        end = len(samples) if loud.size == 0 else int(loud[-1]) + 1 + int(_TAIL_KEPT * rate)
        return rate, samples[:end].tobytes()

    @staticmethod
    def _non_empty(sentences: list[str]) -> list[str]:
        return [" ".join(s.split()) for s in sentences if _WORD.search(s)]

    def save(self, sentences: list[str], path: str | Path) -> Path:
        """Write the sentences to one 16-bit mono WAV, ``sentence_pause`` apart; return its path.

        If every sentence is empty this raises SpeechError and writes nothing: an empty prompt
        is a mistake in the caller or the dialogue, not something to hide in a silent file.
        """
        kept = self._non_empty(sentences)
        if not kept:
            raise SpeechError(f"nothing to save to {path}: every sentence was empty; give at "
                              "least one sentence with words")
        self.first_audio_at = None
        parts = [self._pcm(kept[0])]
        # A speaker would start playing here; the rest is made while it plays.
        self.first_audio_at = time.perf_counter()
        parts += [self._pcm(text) for text in kept[1:]]
        rate = parts[0][0]
        gap = b"\0\0" * round(self.settings.sentence_pause * rate)
        path = Path(path)
        blob = mono_wav(gap.join(pcm for _, pcm in parts), rate)
        try:
            # Private, whole or not at all, and never over a file or link already there.
            write_private(private_dir(path.parent) / path.name, blob)
        except FileExistsError as exc:
            raise SpeechError(f"cannot save the prompt to {path}: a file is already there, "
                              "and prompts never replace one; give --speak-to an empty "
                              "folder") from exc
        except OSError as exc:
            raise SpeechError(f"cannot save the prompt to {path}: {exc.strerror or exc}; "
                              "give --speak-to a folder you can write to, on a disk with "
                              "room") from exc
        logger.debug("saved %d sentence(s) to %s at %d Hz", len(parts), path, rate)
        return path

    def speak(self, sentences: list[str], stop: Callable[[], bool] | None = None) -> float:
        """Say the sentences aloud; return once playback has ended, with the seconds it took.

        Each sentence plays while the next is synthesised. Empty sentences are skipped; if
        all are empty, nothing is played and 0.0 is returned. ``stop`` is asked every
        :data:`STOP_EVERY` seconds of sound while it plays: when it says True, playback
        stops there (a call for help heard meanwhile).
        """
        started = time.monotonic()
        self.first_audio_at = None
        kept = self._non_empty(sentences)
        if not kept:
            logger.warning("nothing to speak: every sentence was empty")
            return 0.0
        rate, pcm = self._pcm(kept[0])
        gap = b"\0\0" * round(self.settings.sentence_pause * rate)
        command = ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", str(rate)]
        if self.device:
            command += ["-D", self.device]
        try:
            player = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except FileNotFoundError as exc:
            raise SpeechError("aplay is missing, so BackTalk cannot play sound; install it: "
                              f"sudo apt-get install alsa-utils, {NO_OUTPUT_HINT}") from exc
        self.first_audio_at = time.perf_counter()
        stdin, stderr = cast(IO[bytes], player.stdin), cast(IO[bytes], player.stderr)
        watch = StuckPlayer(player, rate)
        write = _Writer(stdin, rate, stop, watch.given)
        try:
            with contextlib.suppress(BrokenPipeError):  # aplay gave up; stderr says why
                write(pcm)
                for text in kept[1:]:
                    if write.stopped:
                        break  # nothing more is said, so nothing more is made
                    stdin.flush()  # it plays while the next sentence is synthesised
                    watch.making()
                    write(gap + self._pcm(text)[1])
            with contextlib.suppress(BrokenPipeError):
                stdin.close()  # aplay plays what is left, drains the device and exits
            while stop is not None and not write.stopped and _still_playing(player):
                write.stopped = stop()
            if write.stopped:
                player.kill()
            problem, code = stderr.read().decode(errors="replace"), player.wait()
        finally:
            watch.close()
            if player.poll() is None:
                player.kill()
                player.wait()
        if watch.stuck:
            raise SpeechError(f"the speaker stopped playing: nothing more was played for "
                              f"{watch.after:g} s (does its sound server still answer?)")
        if code != 0 and not write.stopped:
            detail = (problem.strip().splitlines() or [f"aplay exited with {code}"])[-1]
            raise SpeechError(f"no sound output was found ({detail}). Connect a speaker and "
                              f"check 'aplay -l', {NO_OUTPUT_HINT}")
        return time.monotonic() - started



STOP_EVERY = 0.25
"""Seconds of sound between two questions to :meth:`Speaker.speak`'s ``stop``."""


class _Writer:
    """Writes sound to the player a little at a time, asking ``stop`` between pieces; once
    it says True, nothing more is written."""

    def __init__(self, pipe: IO[bytes], rate: int, stop: Callable[[], bool] | None,
                 given: Callable[[int], None]) -> None:
        self.pipe = pipe
        self.stop = stop
        self.given = given
        self.stopped = False
        self.piece = 2 * max(1, round(STOP_EVERY * rate))

    def __call__(self, pcm: bytes) -> None:
        if self.stop is None:
            self.given(len(pcm))
            self.pipe.write(pcm)
            return
        for at in range(0, len(pcm), self.piece):
            self.stopped = self.stopped or self.stop()
            if self.stopped:
                return
            piece = pcm[at: at + self.piece]
            self.given(len(piece))
            self.pipe.write(piece)


def _still_playing(player: subprocess.Popen[bytes]) -> bool:
    """Whether ``player`` is still playing after a short wait."""
    try:
        player.wait(STOP_EVERY)
    except subprocess.TimeoutExpired:
        return True
    return False
