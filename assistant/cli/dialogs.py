"""The commands for whoever writes the dialogue files: ``check`` them, run ``script``-ed
conversations, ``simulate`` a patient, draw the ``diagram``."""

from __future__ import annotations

import argparse
import json

from ..dialog.loader import load_dialog
from ..dialog.reader import DialogInvalid, default_dialogs_dir
from .common import EXIT_BAD_INPUT, EXIT_FAILED, UserError, load, run_settings


def cmd_simulate(args: argparse.Namespace) -> int:
    from ..dialog.simulate import SimulateError, load_findings, simulate

    dialog = load(args.dialogs)
    try:
        findings = load_findings(args.findings, dialog)
    except SimulateError as exc:
        raise UserError(str(exc)) from exc
    result = simulate(dialog, findings, run_settings(args)["emergency_number"])
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


def cmd_script(args: argparse.Namespace) -> int:
    from ..dialog.scripts import find_scripts, run_script

    dialog = load(args.dialogs)
    paths = find_scripts(args.paths)
    if not paths:
        raise UserError("no script files found in " + ", ".join(map(str, args.paths)))
    failed = broken = 0
    for path in paths:
        result = run_script(path, dialog)
        if result.passed:
            print(f"PASS  {path}  ({result.turns} turns) {result.name}")
            continue
        failed += 1
        print(f"FAIL  {path}  {result.name}")
        if result.error:
            broken += 1
            print(f"      {result.error}")
        for failure in result.failures:
            said = "(opening)" if failure.user is None else repr(failure.user)
            print(f"      turn {failure.turn}, user said {said}:")
            width = max(len(e) for e in failure.expected)
            for want, got in zip(failure.expected, failure.actual, strict=True):
                print(f"        expected {want:<{width}}   actual {got}")
    print(f"{len(paths) - failed} passed, {failed} failed"
          + (f" ({broken} could not be read as a script)" if broken else ""))
    # A script that cannot be read is bad input, like a broken dialogue file: exit 2.
    return EXIT_BAD_INPUT if broken else EXIT_FAILED if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..dialog.paths import check_paths

    # "backtalk --dialogs DIR check" checks DIR, as every other command would load it.
    directory = args.dir or args.dialogs or default_dialogs_dir()
    if args.seeds and not args.seeds.is_dir():
        raise UserError(f"the folder of source articles {args.seeds} does not exist (or is "
                        "not a folder): give the folder that holds the articles, e.g. "
                        "../shared/seeds")
    try:
        dialog = load_dialog(directory, args.seeds if args.seeds else True)
    except DialogInvalid as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {directory}")
        return EXIT_BAD_INPUT
    print(f"{directory}: {len(dialog.questions)} questions, {len(dialog.rules)} rules, "
          f"{len(dialog.findings)} findings, {len(dialog.advice)} pieces of advice: valid")
    report = check_paths(dialog)
    fig = report.figures()
    print(f"states: {fig['states']}  paths: {fig['paths']}")
    print(f"questions on a path: fewest {fig['questions_fewest']}, median "
          f"{fig['questions_median']:g}, most {fig['questions_most']}")
    print("paths ending in: " + ", ".join(f"{k} {v}" for k, v in fig["outcomes"].items()))
    from ..dialog.simulate import PEOPLE, no_alarm_lengths

    for who, known in PEOPLE.items():
        plain = no_alarm_lengths(dialog, known)
        counts = set(plain.values())
        shown = (f"{counts.pop()} for every place and side" if len(counts) == 1 else
                 ", ".join(f"{k} {v}" for k, v in plain.items()))
        print(f"questions with no alarm sign, {who} in the config file: {shown}")
    for state in report.unreachable:
        print(f"unreachable state: {state}")
    for violation in report.violations:
        print(f"violation: {violation}")
    for gap in report.gaps:
        print(f"alarm sign left unasked: {gap}")
    if not report.ok:
        return EXIT_FAILED
    print("every path ends in an outcome; a yes to an emergency sign ends the questions at "
          "once; no path with an unknown alarm sign ends in self_care; no unreachable state; "
          "every alarm sign that could raise the outcome is asked before it is given")
    return 0


def cmd_diagram(args: argparse.Namespace) -> int:
    from ..dialog.diagram import DiagramError, render

    dialog = load(args.dialogs)
    try:
        path = render(dialog, args.output)
    except DiagramError as exc:
        raise UserError(str(exc)) from exc
    print(f"wrote {path}")
    return 0
