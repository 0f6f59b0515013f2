"""The ``backtalk`` command. Errors raised by the library become messages and exit codes here.

Exit codes: 0 done; 1 a check or a script failed (``enroll``: nothing changed); 2 bad
input (broken dialogue files, a bad findings file, an unwritable data folder, a missing
tool); 3 the session record could not be written during a screening (the safety advice
was given); 4 this machine lacks what the command needs (no microphone or speaker for
``devices``, no systemd for ``service``); 141 the output was closed early (``| head``).

One module per family of commands (``converse``: chat and voice; ``dialogs``: check,
script, simulate, diagram; ``summary``; ``settings``: config and devices; ``models``;
``bench``; ``enroll``), the options apart in ``parser``, and what they share in ``common``.
"""

from .common import EXIT_BAD_INPUT, EXIT_FAILED, UserError
from .converse import TextChannel
from .entry import main
from .parser import add_voice_options, build_parser

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILED", "TextChannel", "UserError", "add_voice_options",
           "build_parser", "main"]
