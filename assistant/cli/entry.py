"""The entry point: parse the command line, run the command, and turn a problem the user
can fix into its message and exit code."""

from __future__ import annotations

import os
import shlex
import sys
from typing import Any

from .common import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, UserError
from .converse import cmd_voice
from .parser import Parser, add_voice_options, build_parser, given_options, parsers


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    add_voice_options(parser, top=True)  # so that plain 'backtalk --input-wav-dir' works
    Parser.argv = list(sys.argv[1:] if argv is None else argv)
    Parser.known = frozenset(s for p in parsers(parser) for a in p._actions
                             for s in a.option_strings)
    args, extra = parser.parse_known_args(argv)
    if extra:
        command = getattr(args, "command", None)
        # Said by the command's own parser: its help is the one to read.
        own = next((p for p in parsers(parser) if p.prog == f"backtalk {command}"), parser)
        own.error(_unrecognized(parser, extra, command))
    args.command_line = "backtalk " + shlex.join(sys.argv[1:] if argv is None else argv)
    # What was given to backtalk itself, for a command that runs it again (the service).
    args.given_options = given_options(parser, args)
    for name in ("dialogs", "emergency_number", "data_dir"):
        setattr(args, name, getattr(args, name, None))
    func: Any = getattr(args, "func", cmd_voice)
    try:
        return int(func(args))
    except UserError as exc:
        print(f"backtalk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return _output_closed()


def _unrecognized(parser: Any, extra: list[str], command: str | None) -> str:
    """argparse's message, and where an option of backtalk itself given after the command
    ("backtalk chat --emergency-number 911") belongs."""
    message = f"unrecognized arguments: {' '.join(extra)}"
    own = {s for action in parser._actions for s in action.option_strings}
    misplaced = next((e.split("=")[0] for e in extra if e.split("=")[0] in own), None)
    if misplaced and command:
        message += (f"; {misplaced} is an option of backtalk itself: put it before the "
                    f"command (backtalk {misplaced} ... {command})")
    return message


def _output_closed() -> int:
    """The reader of our output went away (``| head``): end quietly, as Unix tools do.

    Whatever is still buffered for stdout can never be delivered; pointing stdout at
    /dev/null stops Python from complaining about it on its way out. A record being
    written was closed by the command's own clean-up, so no answer is lost.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a file (a test capturing it): nothing is left to flush there
    finally:
        os.close(devnull)
    return EXIT_BROKEN_PIPE
