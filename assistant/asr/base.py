"""The recognizer interface shared by the vosk and pocketsphinx engines.

A recognizer turns one captured answer (16 kHz mono 16-bit PCM) into text, using a
small grammar: the phrases the current question accepts plus the global commands.
Anything outside the grammar should come back as an empty, rejected utterance rather
than be forced into the nearest phrase ("bed" must not become "yes").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

SAMPLE_RATE = 16_000
"""Rate of the PCM every recognizer takes."""


class RecognizerError(Exception):
    """The recognizer cannot be used (bad model, engine failure); the message says what to do."""


class ModelMissing(RecognizerError):
    """No usable speech model where one was expected; the message says how to get one."""


@dataclass(frozen=True)
class Utterance:
    """What a recognizer heard in one answer."""

    text: str
    """The best grammar phrase heard, lower case; "" when nothing in the grammar was heard."""
    confidence: float
    """0..1: how sure the engine is of ``text`` (0 for a rejected utterance)."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """Other readings with their confidences, best first (may be empty)."""
    engine: str = ""
    rejected: bool = False
    """True when the audio held speech that matched nothing in the grammar."""
    details: dict[str, object] = field(default_factory=dict, compare=False)
    """Engine-specific extras for the session record (raw result, timings)."""


class Recognizer(Protocol):
    """Decodes one answer against a per-question grammar."""

    name: str

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        """Split phrases into (usable, unusable): a phrase is unusable when one of its
        words is not in the engine's vocabulary."""

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        """Decode ``audio`` (16 kHz mono s16le) with a grammar of ``phrases``."""
