"""How well a recognizer hears real people, through the grammars the dialogue uses.

The recordings are chosen and paired with questions by :mod:`.clips`, decoded by
:mod:`.decoding` and summed up by :mod:`.accuracy`, so a figure here is what a user would
get from the same words. The voice loop's figure is the product's; the bare clip's is kept
beside it because the difference between the two shows what the loop costs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..asr.base import Recognizer, RecognizerError
from ..dialog.matcher import Matcher
from ..dialog.model import Dialog
from .accuracy import summarize
from .clips import GROUPS, NOISE, NON_ANSWER, check_speech_dir, plan_trials
from .decoding import run_trials

ALL_GROUPS = (*GROUPS, NON_ANSWER, NOISE)


def measure_recordings(recognizer: Recognizer, dialog: Dialog, speech_dir: Path, *,
                       through_loop: bool = True, sample: int | None = None,
                       bare_too: bool = True, half: str = "all",
                       groups: tuple[str, ...] = ALL_GROUPS) -> dict[str, Any]:
    """Accuracy, false accepts and real-time factor of ``recognizer`` on the recordings.

    The top-level figures are those of the voice loop when ``through_loop`` (the
    product's), else of the bare clips. Each run is also kept whole under ``"loop"`` and
    ``"bare"``; ``bare_too`` decodes the bare clips beside the loop (twice the time).
    ``half`` and ``groups``: which speakers' clips and which groups (see
    :func:`.clips.plan_trials`). Raises ValueError for a folder not laid out as
    :data:`.clips.LAYOUT`.
    """
    matcher = Matcher(dialog.language)
    plan = plan_trials(dialog, matcher, speech_dir, sample, half, groups)
    runs = {}
    if bare_too or not through_loop:
        runs["bare"] = summarize(run_trials(recognizer, dialog, matcher, plan.trials,
                                            through_loop=False), dialog, matcher)
    if through_loop:
        runs["loop"] = summarize(run_trials(recognizer, dialog, matcher, plan.trials,
                                            through_loop=True), dialog, matcher)
    main = runs["loop" if through_loop else "bare"]
    return {
        "engine": recognizer.name, "measured": True,
        "path": "loop" if through_loop else "bare",
        **{k: main[k] for k in ("groups", "false_accepts", "noise_accepts", "rtf",
                                "audio_seconds", "decode_seconds", "cpu_ms_per_answer",
                                "wall_ms_per_answer")},
        "grammars": plan.questions, "not_measured": plan.unanswerable,
        "speech_dir": str(speech_dir), "sample": sample, "half": half,
        "clips": len(plan.trials),
        **runs,
    }


def measure_vosk_or_reason(dialog: Dialog, speech_dir: Path, model_path: Path | None = None,
                           *, through_loop: bool = True, sample: int | None = None,
                           **options: Any) -> dict[str, Any]:
    """vosk measured as :func:`measure_recordings` does, or ``{"engine": "vosk",
    "measured": False, "reason": ...}`` when no English vosk model can be used."""
    check_speech_dir(speech_dir)
    from ..setup.models import find_vosk_model

    path = model_path or find_vosk_model()
    if path is None:
        return _not_measured("no English vosk model is installed (looked in $VOSK_MODEL_PATH, "
                             "models/ and the user data folder); 'backtalk models download' "
                             "fetches one where there is internet")
    try:
        from ..asr.vosk_engine import VoskRecognizer

        recognizer = VoskRecognizer(path)
        _, unknown = recognizer.vocabulary_filter(["yes", "no"])
    except (RecognizerError, ImportError) as exc:
        return _not_measured(f"the vosk model at {path} cannot be used: {exc}")
    if unknown:
        return _not_measured(f"the vosk model at {path} does not know "
                             f"{' or '.join(unknown)}: it is not an English model")
    result = measure_recordings(recognizer, dialog, speech_dir, through_loop=through_loop,
                                sample=sample, **options)
    result["model"] = str(path)
    return result


def _not_measured(reason: str) -> dict[str, Any]:
    return {"engine": "vosk", "measured": False, "reason": reason}
