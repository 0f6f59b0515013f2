"""``backtalk summary``: the readable summary of a session record, made again."""

from __future__ import annotations

import argparse

from .common import UserError, data_dir, load


def cmd_summary(args: argparse.Namespace) -> int:
    """Write (again) the readable summary of a session record, e.g. one cut short."""
    from ..records.caregiver import write_summary

    dialog = load(args.dialogs)
    if not args.record.is_file():
        raise UserError(f"{args.record}: no such session record; records are in "
                        f"{data_dir(args) / 'sessions'}")
    try:
        path = write_summary(args.record, dialog)
    except (OSError, ValueError) as exc:
        raise UserError(f"{args.record}: cannot make a summary: {exc}") from exc
    print(path.read_text(encoding="utf-8"), end="")
    print(f"\n(written to {path})")
    return 0
