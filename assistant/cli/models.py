"""``backtalk models``: download, list and verify the speech models (the Whisper weights
and the personal templates' speech embedding from their packages, the vosk models BackTalk
downloads)."""

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
        raise UserError(str(exc) + _unknown_name(name)) from exc
    finally:
        bar.close()
    print(f"{name} is ready in {path} (checksum verified). 'backtalk' will now use vosk.")
    return 0


def _unknown_name(name: str) -> str:
    """For a name BackTalk does not know (the site's list may, when it can be reached):
    the one meant, if close, and where the known ones are listed."""
    import difflib

    from ..setup.models.catalogue import CATALOGUE, DEFAULT_MODEL

    if name in CATALOGUE or "://" in name:
        return ""
    near = difflib.get_close_matches(name, list(CATALOGUE), n=len(CATALOGUE), cutoff=0.3)
    if DEFAULT_MODEL in near:  # of names alike, the one 'download' takes by itself
        near = [DEFAULT_MODEL]
    return (f" ('{name}' is not a model BackTalk knows"
            + (f"; did you mean {near[0]}?" if near else "")
            + " 'backtalk models list --available' lists them.)")


def _whisper_line(trust_cache: bool = True) -> tuple[str, bool]:
    """One line on the Whisper weights, and whether they are usable."""
    from ..setup.models.whisper_weights import (
        PINNED,
        SOURCE,
        package_model_dir,
        whisper_problems,
    )

    path = package_model_dir()
    problems = whisper_problems(path, trust_cache=trust_cache)
    size = sum(size for size, _ in PINNED.values())
    if path is None:
        return f"whisper-tiny.en  not installed  ({SOURCE}); {problems[0]}", False
    state = "verified (SHA-256 pinned)" if not problems else "NOT verified"
    detail = f"; problems: {'; '.join(problems)}" if problems else ""
    # The pinned size, said only of weights that are there and whole.
    shown = "" if problems else f"{size / 1e6:.0f} MB  "
    return f"whisper-tiny.en  {shown}{state}  {path}  from {SOURCE}{detail}", not problems


def _embedding_line() -> tuple[str, bool]:
    """One line on the speech embedding of the personal templates, and whether it is usable."""
    from ..asr.speech_embedding import PACKAGE, PINNED, VERSION, model_dir, problems

    folder, found = model_dir(), problems()
    if folder is None or found:
        return f"speech-embedding  NOT usable (personal voice): {'; '.join(found)}", False
    size = sum((folder / name).stat().st_size for name in PINNED)
    return (f"speech-embedding  {size / 1e6:.1f} MB  verified (SHA-256 pinned)  {folder}"
            f"  from {PACKAGE} {VERSION} (personal voice)"), True


def cmd_models_list(args: argparse.Namespace) -> int:
    from ..setup.models import CATALOGUE, list_models

    print(_whisper_line()[0])
    print(_embedding_line()[0])
    installed = list_models()
    if not installed:
        print("No vosk model installed. 'backtalk models download' fetches the small "
              "English one (about 40 MB).")
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
    from ..setup.models.whisper_weights import PINNED, whisper_problems

    bad = 0
    if args.path and all((args.path / name).is_file() for name in ("model.bin", "config.json")):
        problems = whisper_problems(args.path, trust_cache=False)
        print(f"{'OK  ' if not problems else 'BAD '} {args.path} (Whisper weights, "
              f"{len(PINNED)} files checked against their pinned SHA-256)")
        for problem in problems:
            print(f"     {problem}")
        return EXIT_FAILED if problems else 0
    if not args.path:
        for line, usable in (_whisper_line(trust_cache=False), _embedding_line()):
            bad += not usable
            print(f"{'OK  ' if usable else 'BAD '} {line}")
    paths = [args.path] if args.path else [m.path for m in list_models()]
    if not paths:
        print("No vosk model installed; nothing else to verify.")
        return EXIT_FAILED if bad else 0
    for path in paths:
        problems = verify_model(path)
        bad += bool(problems)
        print(f"{'OK  ' if not problems else 'BAD '} {path}")
        for problem in problems:
            print(f"     {problem}")
    return EXIT_FAILED if bad else 0
