"""Choosing the recognizer: ``--asr vosk|pocketsphinx|auto``."""

from __future__ import annotations

from pathlib import Path

from .base import ModelMissing, Recognizer

ENGINES = ("auto", "vosk", "pocketsphinx")

NO_VOSK_NOTICE = ("No English vosk model found, so BackTalk uses pocketsphinx. For better "
                  "recognition run 'backtalk models download' (needs internet once).")


def make_recognizer(kind: str = "auto", vosk_model: Path | None = None
                    ) -> tuple[Recognizer, str | None]:
    """The recognizer to use, and a one-line notice for the user (or None).

    ``auto`` takes vosk when an English vosk model is found (``vosk_model``,
    ``$VOSK_MODEL_PATH``, ``models/``, the user data folder), else pocketsphinx.
    """
    if kind not in ENGINES:
        raise ValueError(f"unknown recognizer '{kind}' (choose {', '.join(ENGINES)})")
    if kind == "pocketsphinx":
        from .sphinx_engine import SphinxRecognizer

        return SphinxRecognizer(), None
    from ..setup.models import find_vosk_model

    path = vosk_model or find_vosk_model()
    if path is None and kind == "vosk":
        raise ModelMissing(
            "no English vosk model found (looked in $VOSK_MODEL_PATH, models/ and the user "
            "data folder). Run 'backtalk models download' on a machine with internet, or "
            "use --asr pocketsphinx."
        )
    if path is None:
        from .sphinx_engine import SphinxRecognizer

        return SphinxRecognizer(), NO_VOSK_NOTICE
    from .vosk_engine import VoskRecognizer

    return VoskRecognizer(path), None
