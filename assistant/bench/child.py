"""One benchmark part in a process of its own, so that it can run pinned to one core.

``python -m assistant.bench.child PART JSON`` runs ``PART`` (``recordings`` or
``latency``) with the keyword arguments in ``JSON`` and prints the result as one JSON
line: the orchestrator (:mod:`.run`) starts it with or without ``taskset -c N``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def recordings(engine: str, dialogs: str, speech_dir: str, vosk_model: str | None = None,
               **options: Any) -> dict[str, Any]:
    from ..dialog.loader import load_dialog
    from .recordings import measure_recordings, measure_vosk_or_reason

    dialog = load_dialog(Path(dialogs))
    if engine == "vosk":
        return measure_vosk_or_reason(dialog, Path(speech_dir),
                                      Path(vosk_model) if vosk_model else None)
    from ..asr.select import make_recognizer

    recognizer, _notice = make_recognizer(engine, None)
    return measure_recordings(recognizer, dialog, Path(speech_dir), **options)


def latency(dialogs: str, scripts: list[str], engine: str, work_dir: str) -> dict[str, Any]:
    from ..dialog.loader import load_dialog
    from .timing import measure_latency

    return measure_latency(load_dialog(Path(dialogs)), [Path(s) for s in scripts],
                           engine=engine, work_dir=Path(work_dir))


PARTS: dict[str, Callable[..., dict[str, Any]]] = {"recordings": recordings,
                                                   "latency": latency}


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
