"""The ``backtalk`` command. Errors raised by the library become messages and exit codes here.

Exit codes: 0 done; 1 a check or a script failed; 2 bad input (broken dialogue files, a
bad findings file, an unwritable data folder, a missing tool).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .dialog.conversation import Conversation
from .dialog.loader import load_dialog
from .dialog.model import Dialog
from .dialog.reader import DialogInvalid
from .record import RecordError, SessionRecord, default_data_dir
from .session import Heard

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def default_dialogs_dir() -> Path:
    configured = os.environ.get("BACKTALK_DIALOGS")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "dialogs"


class UserError(Exception):
    """Something the user can fix; printed without a traceback, exit code 2."""


def _load(directory: Path | None, seeds: Path | None = None) -> Dialog:
    try:
        return load_dialog(directory or default_dialogs_dir(), seeds if seeds else True)
    except DialogInvalid as exc:
        raise UserError(f"{exc}\nRun 'backtalk check' for details.") from exc


# -- text chat -------------------------------------------------------------------------------
class TextChannel:
    """The terminal: prints what the assistant says, reads typed answers."""

    def say(self, sentences: list[str]) -> None:
        if sentences:
            print("backtalk> " + " ".join(sentences), flush=True)

    def listen(self, grammar: list[str]) -> Heard | None:
        try:
            return Heard(input("you> "))
        except EOFError:
            print()
            return None


def cmd_chat(args: argparse.Namespace) -> int:
    from .session import run

    dialog = _load(args.dialogs)
    try:
        record = SessionRecord.create(args.data_dir or default_data_dir())
    except RecordError as exc:
        raise UserError(str(exc)) from exc
    try:
        summary = run(Conversation(dialog, args.emergency_number), TextChannel(), record,
                      {"mode": "text"})
    finally:
        record.close()
    if summary["stopped"]:
        print(f"Stopped before the end (level so far: {summary['level_so_far']}).")
    else:
        print(f"Outcome: {summary['outcome']}.")
    print(f"Session record: {record.path}")
    return 0


# -- simulate --------------------------------------------------------------------------------
def cmd_simulate(args: argparse.Namespace) -> int:
    from .dialog.simulate import SimulateError, load_findings, simulate

    dialog = _load(args.dialogs)
    try:
        findings = load_findings(args.findings, dialog)
    except SimulateError as exc:
        raise UserError(str(exc)) from exc
    result = simulate(dialog, findings, args.emergency_number)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    for turn in result["transcript"]:
        if "user" in turn:
            print(f"  patient: {turn['user']}")
        print(f"backtalk: {turn['assistant']}")
    print(f"\nOutcome: {result['outcome']} after {result['questions_asked']} questions")
    if result["specialists"]:
        print("Who to see: " + ", ".join(result["specialists"]))
    print("Sources: " + "; ".join(f"{s['article']} ({s['heading']})" for s in result["sources"]))
    return 0


# -- scripts ---------------------------------------------------------------------------------
def cmd_script(args: argparse.Namespace) -> int:
    from .dialog.scripts import find_scripts, run_script

    dialog = _load(args.dialogs)
    paths = find_scripts(args.paths)
    if not paths:
        raise UserError("no script files found in " + ", ".join(map(str, args.paths)))
    failed = 0
    for path in paths:
        result = run_script(path, dialog)
        if result.passed:
            print(f"PASS  {path}  ({result.turns} turns) {result.name}")
            continue
        failed += 1
        print(f"FAIL  {path}  {result.name}")
        if result.error:
            print(f"      {result.error}")
        for failure in result.failures:
            said = "(opening)" if failure.user is None else repr(failure.user)
            print(f"      turn {failure.turn}, user said {said}:")
            width = max(len(e) for e in failure.expected)
            for want, got in zip(failure.expected, failure.actual, strict=True):
                print(f"        expected {want:<{width}}   actual {got}")
    print(f"{len(paths) - failed} passed, {failed} failed")
    return EXIT_FAILED if failed else 0


# -- check -----------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    from .dialog.paths import check_paths

    directory = args.dir or default_dialogs_dir()
    try:
        dialog = load_dialog(directory, args.seeds if args.seeds else True)
    except DialogInvalid as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {directory}")
        return EXIT_FAILED
    print(f"{directory}: {len(dialog.questions)} questions, {len(dialog.rules)} rules, "
          f"{len(dialog.findings)} findings, {len(dialog.advice)} pieces of advice: valid")
    report = check_paths(dialog)
    fig = report.figures()
    print(f"states: {fig['states']}  paths: {fig['paths']}")
    print(f"questions on a path: fewest {fig['questions_fewest']}, median "
          f"{fig['questions_median']:g}, most {fig['questions_most']}")
    print("paths ending in: " + ", ".join(f"{k} {v}" for k, v in fig["outcomes"].items()))
    from .dialog.simulate import no_alarm_lengths

    plain = no_alarm_lengths(dialog)
    print("questions with no alarm sign: " + ", ".join(f"{k} {v}" for k, v in plain.items()))
    for state in report.unreachable:
        print(f"unreachable state: {state}")
    for violation in report.violations:
        print(f"violation: {violation}")
    if not report.ok:
        return EXIT_FAILED
    print("every path ends in an outcome; a yes to an emergency sign ends the questions at "
          "once; no path with an unknown alarm sign ends in self_care; no unreachable state")
    return 0


# -- diagram ---------------------------------------------------------------------------------
def cmd_diagram(args: argparse.Namespace) -> int:
    from .dialog.diagram import DiagramError, render

    dialog = _load(args.dialogs)
    try:
        path = render(dialog, args.output)
    except DiagramError as exc:
        raise UserError(str(exc)) from exc
    print(f"wrote {path}")
    return 0


# -- parser ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtalk",
        description="BackTalk screens back pain by asking the questions from its medical "
                    "articles and says how urgent it is and what to do next. It is not a "
                    "doctor. Without a command it starts a screening.",
    )
    parser.add_argument("--version", action="version", version=f"backtalk {__version__}")
    parser.add_argument("--dialogs", type=Path, metavar="DIR",
                        help="folder of dialogue files (default: the bundled dialogs/)")
    parser.add_argument("--emergency-number", default="112", metavar="NUMBER",
                        help="number spoken in the emergency advice (default 112)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="where session records go (default: $BACKTALK_DATA_DIR or the "
                             "user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser("chat", help="the screening as a typed conversation")
    chat.set_defaults(func=cmd_chat)

    sim = sub.add_parser("simulate", help="run the screening for a virtual patient")
    sim.add_argument("--findings", type=Path, required=True, metavar="FILE",
                     help="YAML mapping finding keys to values, e.g. 'chest_pain: yes'")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    sim.set_defaults(func=cmd_simulate)

    script = sub.add_parser("script", help="run scripted conversations and report each")
    script.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                        help="script files, or folders of them")
    script.set_defaults(func=cmd_script)

    check = sub.add_parser("check", help="validate the dialogue files and every path")
    check.add_argument("dir", type=Path, nargs="?", metavar="DIR",
                       help="folder of dialogue files (default: the bundled dialogs/)")
    check.add_argument("--seeds", type=Path, metavar="DIR",
                       help="folder of the source articles used to check every source")
    check.set_defaults(func=cmd_check)

    diagram = sub.add_parser("diagram", help="draw the flow (.svg, .png, or .md Mermaid)")
    diagram.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    diagram.set_defaults(func=cmd_diagram)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("dialogs", "emergency_number", "data_dir"):
        setattr(args, name, getattr(args, name, None))
    func: Any = getattr(args, "func", cmd_chat)
    try:
        return int(func(args))
    except UserError as exc:
        print(f"backtalk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
