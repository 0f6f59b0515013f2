"""``backtalk summary``: the readable summary of a session record, made again."""

from __future__ import annotations

import argparse

from .common import UserError, data_dir, load


def cmd_summary(args: argparse.Namespace) -> int:
    """Write (again) the readable summary of a session record, e.g. one cut short."""
    from ..records.caregiver import summary_path, write_summary
    from ..records.record import NotARecord, check_record
    from ..setup.private_files import private_umask

    where = f"records are in {data_dir(args) / 'sessions'}"
    if not args.record.exists():
        raise UserError(f"{args.record}: no such session record; {where}")
    try:
        check_record(args.record)
    except NotARecord as exc:
        raise UserError(f"{exc}. Nothing was written; {where}") from exc
    dialog = load(args.dialogs)
    try:
        with private_umask():
            path = write_summary(args.record, dialog)
    except FileExistsError as exc:
        raise UserError(f"{summary_path(args.record)} exists and is not a BackTalk summary, "
                        "so it was not replaced; move it away and try again") from exc
    except (OSError, ValueError) as exc:
        raise UserError(f"{args.record}: cannot make a summary: {exc}") from exc
    print(path.read_text(encoding="utf-8"), end="")
    print(f"\n(written to {path})")
    return 0
