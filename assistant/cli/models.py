"""``backtalk models``: download, list and verify the vosk speech models."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_FAILED, UserError


class _ProgressBar:
    """A download bar on the terminal; a line per tenth when output is not a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int | None) -> None:
        mb = done / 1e6
        if total:
            part = done / total
            if self.tty:
                bar = "#" * int(part * 30)
                print(f"\r{self.label} [{bar:<30}] {part:4.0%} {mb:6.1f} MB", end="",
                      file=sys.stderr, flush=True)
            elif int(part * 10) > self.shown:
                self.shown = int(part * 10)
                print(f"{self.label}: {part:.0%} ({mb:.1f} MB)", file=sys.stderr, flush=True)
        elif self.tty:
            print(f"\r{self.label} {mb:6.1f} MB", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def cmd_models_download(args: argparse.Namespace) -> int:
    from ..setup.models import DEFAULT_MODEL, ModelError, default_models_dir, download_model

    name = args.name or DEFAULT_MODEL
    target = args.dir or default_models_dir()
    bar = _ProgressBar(f"downloading {name}")
    try:
        path = download_model(name, target, sha256=args.sha256, progress=bar, force=args.force)
    except ModelError as exc:
        raise UserError(str(exc)) from exc
    finally:
        bar.close()
    print(f"{name} is ready in {path} (checksum verified). 'backtalk' will now use vosk.")
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    from ..setup.models import CATALOGUE, list_models

    installed = list_models()
    if not installed:
        print("No vosk model installed: BackTalk uses pocketsphinx. "
              "'backtalk models download' fetches the small English model (about 40 MB).")
    for model in installed:
        state = "verified" if model.verified else "not verified"
        problems = f"; problems: {'; '.join(model.problems)}" if model.problems else ""
        print(f"{model.name}  {model.size / 1e6:.0f} MB  {state}  {model.path}{problems}")
    if args.available:
        print("\nAvailable to download:")
        for info in CATALOGUE.values():
            size = f"{info.size / 1e6:.0f} MB" if info.size else "size unknown"
            print(f"  {info.name}  ({info.language}, {size}) {info.notes}")
    return 0


def cmd_models_verify(args: argparse.Namespace) -> int:
    from ..setup.models import list_models, verify_model

    paths = [args.path] if args.path else [m.path for m in list_models()]
    if not paths:
        print("No vosk model installed; nothing to verify.")
        return 0
    bad = 0
    for path in paths:
        problems = verify_model(path)
        bad += bool(problems)
        print(f"{'OK  ' if not problems else 'BAD '} {path}")
        for problem in problems:
            print(f"     {problem}")
    return EXIT_FAILED if bad else 0
