"""One benchmark part in a process of its own, so that it can run pinned to one core.

``python -m assistant.bench.child PART JSON`` runs ``PART`` (``recordings`` or
``latency``) with the keyword arguments in ``JSON`` and prints the result as one JSON
line: the orchestrator (:mod:`.run`) starts it with or without ``taskset -c N``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def recordings(engine: str, dialogs: str, speech_dir: str, vosk_model: str | None = None,
               **options: Any) -> dict[str, Any]:
    """One engine on the recordings, in this process alone, so that its peak RSS is the
    engine's (with the dialogue and the voice loop, as in the product)."""
    from ..asr.base import RecognizerError
    from ..dialog.loader import load_dialog
    from .recordings import measure_recordings, measure_vosk_or_reason

    if "groups" in options:
        options["groups"] = tuple(options["groups"])
    dialog = load_dialog(Path(dialogs))
    if engine == "vosk":
        result = measure_vosk_or_reason(dialog, Path(speech_dir),
                                        Path(vosk_model) if vosk_model else None, **options)
        return {**result, "peak_rss_mb": _peak_rss_mb()}
    from ..asr.select import make_recognizer

    started, cpu = time.perf_counter(), time.process_time()
    try:
        recognizer, _notice = make_recognizer(engine, None)
    except (RecognizerError, ImportError, OSError, ValueError) as exc:
        return {"engine": engine, "measured": False, "reason": str(exc)}
    load = {"load_seconds": round(time.perf_counter() - started, 3),
            "load_cpu_seconds": round(time.process_time() - cpu, 3)}
    result = measure_recordings(recognizer, dialog, Path(speech_dir), **options)
    # The asked name ("auto") beside the one that answered.
    return {**result, **load, "asked": engine, "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def latency(dialogs: str, scripts: list[str], engine: str, work_dir: str) -> dict[str, Any]:
    from ..asr.base import RecognizerError
    from ..dialog.loader import load_dialog
    from .timing import measure_latency

    try:
        return measure_latency(load_dialog(Path(dialogs)), [Path(s) for s in scripts],
                               engine=engine, work_dir=Path(work_dir))
    except (RecognizerError, ImportError) as exc:  # vosk without an English model
        return {"engine": engine, "measured": False, "reason": str(exc)}


def screenings(dialogs: str, engine: str, speech_dir: str, work_dir: str,
               **options: Any) -> dict[str, Any]:
    from ..asr.base import RecognizerError
    from ..asr.select import make_recognizer
    from ..dialog.loader import load_dialog
    from .screenings import measure_screenings

    try:
        recognizer, _notice = make_recognizer(engine, None)
    except (RecognizerError, ImportError, OSError, ValueError) as exc:
        return {"engine": engine, "measured": False, "reason": str(exc)}
    result = measure_screenings(load_dialog(Path(dialogs)), recognizer, Path(speech_dir),
                                Path(work_dir), **options)
    return {**result, "peak_rss_mb": _peak_rss_mb()}


def personal(speech_dir: str, work_dir: str, half: str, enrollment: str | None = None,
             sample: int | None = None, takes: int | None = None,
             dialogs: str | None = None) -> dict[str, Any]:
    from ..asr.base import RecognizerError
    from .personal import PersonalBenchError, measure_personal
    from .personal_sets import TAKES

    try:
        result = measure_personal(Path(speech_dir), Path(work_dir), half,
                                  Path(enrollment) if enrollment else None, sample,
                                  TAKES if takes is None else takes,
                                  Path(dialogs) if dialogs else None)
    except (RecognizerError, PersonalBenchError, OSError) as exc:
        return {"engine": "personal", "measured": False, "reason": str(exc)}
    return {**result, "peak_rss_mb": _peak_rss_mb()}


def paced_wait(speech_dir: str, work_dir: str, half: str, sample: int | None = None
               ) -> dict[str, Any]:
    from ..asr.base import RecognizerError
    from .paced_wait import measure
    from .personal import PersonalBenchError

    try:
        result = measure(Path(speech_dir), Path(work_dir), half, sample,
                         ["recorded", "slowed"])
    except (RecognizerError, PersonalBenchError, OSError) as exc:
        return {"engine": "personal", "measured": False, "reason": str(exc)}
    return {**result, "peak_rss_mb": _peak_rss_mb()}


PARTS: dict[str, Callable[..., dict[str, Any]]] = {"recordings": recordings,
                                                   "latency": latency,
                                                   "screenings": screenings,
                                                   "personal": personal,
                                                   "paced_wait": paced_wait}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in PARTS:
        print(f"usage: python -m assistant.bench.child {{{','.join(PARTS)}}} JSON",
              file=sys.stderr)
        return 2
    result = PARTS[argv[0]](**json.loads(argv[1]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
