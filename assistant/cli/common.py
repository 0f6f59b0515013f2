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
from ..records.record import RecordError, SessionRecord, default_data_dir

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3
"""This machine lacks what the command needs: no microphone or no speaker, no running
systemd."""


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


def load(directory: Path | None, seeds: Path | None = None) -> Dialog:
    try:
        return load_dialog(directory or default_dialogs_dir(), seeds if seeds else True)
    except DialogInvalid as exc:
        raise UserError(f"{exc}\nRun 'backtalk check' for details.") from exc
