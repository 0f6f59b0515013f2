"""``backtalk bench``: the benchmarks on this machine, written as Markdown and JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..dialog.reader import default_dialogs_dir
from .common import UserError


def cmd_bench(args: argparse.Namespace) -> int:
    from ..bench.report import markdown
    from ..bench.run import BenchError, BenchOptions, run_bench

    options = BenchOptions(
        dialogs=args.dialogs or default_dialogs_dir(), speech_dir=args.speech_dir,
        work_dir=args.out / "work", engines=tuple(args.engines),
        pin_core=None if args.no_pin else args.core, vosk_model=args.vosk_model,
        quick=args.quick, parts=tuple(args.parts), sample=args.sample, half=args.half,
        screenings=args.screenings, draws=args.draws, max_answers=args.max_answers,
        enrollment=args.enrollment,
        takes=args.takes)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        result = run_bench(options, progress=lambda text: print(f"bench: {text}",
                                                                file=sys.stderr, flush=True))
    except (BenchError, OSError) as exc:
        raise UserError(str(exc)) from exc
    result["command"] = args.command_line
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = markdown(result)
    (args.out / "bench.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"Written: {args.out / 'bench.md'} and {args.out / 'bench.json'}")
    return 0


def default_speech_dir() -> Path:
    """The shared recordings, in ``shared/`` next to the project folder."""
    from ..bench.split import SPEECH_DIR

    return SPEECH_DIR
