"""What every command needs: its settings, where records go, the dialogue, and how a
problem the user can fix becomes a message and an exit code (the codes are listed in the
package's docstring).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..dialog.loader import load_dialog
from ..dialog.model import Dialog
from ..dialog.reader import DialogInvalid, default_dialogs_dir
from ..records.record import RecordError, RecordNotSaved, SessionRecord, default_data_dir

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_SAVED = 3
"""The session record could not be written during a screening (a full disk); the safety
advice was given and the turns written before are kept."""
EXIT_UNAVAILABLE = 4
"""This machine lacks what the command needs: no microphone or no speaker, no running
systemd."""
EXIT_BROKEN_PIPE = 141
"""The output was closed early (``backtalk ... | head``): 128 + SIGPIPE, as a Unix tool
killed by the signal would end."""


class UserError(Exception):
    """Something the user can fix; printed without a traceback, exit code 2."""


def run_settings(args: argparse.Namespace) -> Any:
    """The settings for this run: command line, saved voice choices, environment, the
    config file, the preset, the defaults (see ``backtalk config``)."""
    from ..setup.config import ConfigError, resolve

    if getattr(args, "_settings", None) is None:
        try:
            args._settings = resolve(vars(args))
        except ConfigError as exc:
            raise UserError(str(exc)) from exc
        for warning in args._settings.warnings:
            print(f"backtalk: warning: {warning}", file=sys.stderr)
    return args._settings


def data_dir(args: argparse.Namespace) -> Path:
    configured = run_settings(args)["data_dir"]
    return Path(configured) if configured else default_data_dir()


def new_record(args: argparse.Namespace) -> SessionRecord:
    try:
        return SessionRecord.create(data_dir(args))
    except RecordError as exc:
        raise UserError(str(exc)) from exc


def report_unsaved(lost: RecordNotSaved) -> int:
    """Tell the user a screening's record was lost part way; the exit code."""
    print(f"backtalk: {lost}. The questions were stopped and the safety advice given. Free "
          "some disk space (or choose another folder with --data-dir) before the next "
          "screening.", file=sys.stderr)
    if lost.unsaid:
        print(f"backtalk: the words above could not be spoken: {lost.unsaid}", file=sys.stderr)
    return EXIT_NOT_SAVED


def load(directory: Path | None, seeds: Path | None = None) -> Dialog:
    try:
        return load_dialog(directory or default_dialogs_dir(), seeds if seeds else True)
    except DialogInvalid as exc:
        where = f" {directory}" if directory else ""
        raise UserError(f"{exc}\nRun 'backtalk check{where}' for details.") from exc
