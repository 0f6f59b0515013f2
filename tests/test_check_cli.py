"""``backtalk check``: validates the files, walks every path, and reports what breaks."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.dialog.conversation import Conversation
from assistant.dialog.expr import LEVELS
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog
from assistant.dialog.paths import check_paths
from assistant.dialog.simulate import check_findings, simulate

ROOT = Path(__file__).resolve().parents[1]
DIALOGS = ROOT / "dialogs"

RunCli = Callable[..., Any]
Edit = Callable[[Path, str, str], str]

STATES = re.compile(r"^states: (\d+)\s+paths: (\d+)$", re.M)
LENGTHS = re.compile(r"^questions on a path: fewest (\d+), median ([\d.]+), most (\d+)$", re.M)


def violations(stdout: str) -> list[str]:
    return [line[len("violation: "):] for line in stdout.splitlines()
            if line.startswith("violation: ")]


def path_steps(path: str) -> tuple[list[tuple[str, str]], str]:
    """``a=yes -> b=3 -> ... -> what went wrong`` as (question, answer) steps, and the
    last part."""
    *steps, last = path.split(" -> ")
    # "(days known)": a question passed over because its answer was known already.
    return [(q, v) for q, _, v in (step.partition("=") for step in steps
                                   if not step.startswith("("))], last


def path_findings(path: str, dialog: Dialog) -> tuple[dict[str, Any], str]:
    """The findings a path sets (a group answered no sets each of its signs), and what
    went wrong."""
    steps, last = path_steps(path)
    findings: dict[str, Any] = {}
    for qid, value in steps:
        question = dialog.questions[qid]
        if question.members:
            findings.update({m: "no" for m in question.members if value == "no"})
        else:
            findings[question.finding.key] = value
    return findings, last


def replay(dialog: Dialog, steps: list[tuple[str, str]]) -> Conversation:
    """Answer each question as a path says ("unknown" is said twice: an alarm sign is asked
    again once)."""
    conversation = Conversation(dialog)
    conversation.start()
    for qid, value in steps:
        assert conversation.state == qid
        question = dialog.questions[qid]
        if "+" in value or value in question.names:
            said = "yes, " + " and ".join(question.names[k][0] for k in value.split("+"))
        else:
            said = "I don't know" if value == "unknown" else value
        conversation.hear(said)
        if conversation.state == qid:
            conversation.hear(said)
    return conversation


# -- the real dialogue ------------------------------------------------------------------------
def test_check_real_dialogs(dialog: Dialog) -> None:
    backtalk = Path(sys.executable).with_name("backtalk")
    command = [str(backtalk)] if backtalk.exists() else \
        [sys.executable, "-m", "assistant.cli"]
    done = subprocess.run([*command, "check", "dialogs"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "valid" in out
    states = STATES.search(out)
    assert states, out
    assert int(states[1]) == len(dialog.questions) + len(LEVELS)
    lengths = LENGTHS.search(out)
    assert lengths, out
    fewest, median, most = int(lengths[1]), float(lengths[2]), int(lengths[3])
    assert 1 <= fewest <= median <= most <= len(dialog.questions)
    # The figures are the path checker's own.
    figures = check_paths(dialog).figures()
    assert int(states[2]) == figures["paths"] > 0
    assert (fewest, median, most) == (figures["questions_fewest"],
                                      figures["questions_median"], figures["questions_most"])
    assert fewest == 2  # "yes" to the heart group, then to chest pain, ends it at once
    assert not violations(out)
    assert not [line for line in out.splitlines() if line.startswith("unreachable state:")]
    assert out.rstrip().splitlines()[-1].startswith("every path ends in an outcome")


# -- safety broken ----------------------------------------------------------------------------
def test_unknown_alarm_ending_in_self_care_is_a_violation(run_cli: RunCli, dialog_copy: Path,
                                                          dialog: Dialog) -> None:
    rules = dialog_copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    start = text.index("  - id: alarm_sign_unclear\n")
    end = text.index("  - id:", start + 1)
    assert "any_alarm_unknown()" in text[start:end]
    rules.write_text(text[:start] + text[end:], encoding="utf-8")

    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 1, done.stdout + done.stderr
    found = violations(done.stdout)
    assert found, done.stdout
    assert "every path ends in an outcome" not in done.stdout  # no all-clear
    broken = load_dialog(dialog_copy)
    for path in found[:3]:
        findings, what = path_findings(path, broken)
        assert what == "self_care, although an alarm sign was unknown"
        unknown_alarms = [k for k, v in findings.items()
                          if v == "unknown" and k in broken.alarm_keys]
        assert unknown_alarms, path
        # The path printed is real: answering as it says reaches self care.
        conversation = replay(broken, path_steps(path)[0])
        assert conversation.questions_asked == [q for q, _ in path_steps(path)[0]], path
        assert conversation.outcome is not None and conversation.outcome.level == "self_care"
        values = {k: (float(v) if broken.findings[k].type == "number" and v != "unknown"
                      else v) for k, v in findings.items()}
        # ... and the real dialogue does not let it end there.
        assert simulate(dialog, check_findings(values, dialog))["outcome"] != "self_care"


def test_emergency_sign_that_does_not_end_the_questions_is_a_violation(
        run_cli: RunCli, dialog_copy: Path, edit: Edit) -> None:
    edit(dialog_copy / "questions.yaml", "stop_when: emergency", "stop_when: urgent")
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 1, done.stdout + done.stderr
    found = violations(done.stdout)
    assert "heart=yes -> chest_pain=yes -> yes to emergency sign 'chest_pain' does not end " \
        "in emergency" in found
    assert any(v.startswith("heart=yes -> chest_pain=yes -> ") and "questions go on to "
               "'pain_kind'" in v for v in found)


def test_question_nothing_leads_to_is_unreachable(run_cli: RunCli, dialog_copy: Path,
                                                  edit: Edit) -> None:
    # Only a fever leads to the questions about infection; now nothing does.
    edit(dialog_copy / "questions.yaml",
         '      - {if: "fever or unknown(fever)", goto: infection}\n', "")
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 1, done.stdout + done.stderr
    unreachable = [line for line in done.stdout.splitlines()
                   if line.startswith("unreachable state:")]
    assert sorted(unreachable) == ["unreachable state: everything_hurts",
                                   "unreachable state: infection", "unreachable state: weakness"]


# -- files broken -----------------------------------------------------------------------------
def test_broken_files_are_listed_with_file_and_line(run_cli: RunCli, dialog_copy: Path,
                                                    edit: Edit) -> None:
    questions = dialog_copy / "questions.yaml"
    q_text = edit(questions, "next: pain_kind", "next: fainted")
    rules = dialog_copy / "rules.yaml"
    r_text = edit(rules, "when: tearing_pain\n", "when: tearing_pian\n")
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    q_line = q_text[:q_text.index("next: fainted")].count("\n") + 1
    r_line = r_text[:r_text.index("when: tearing_pian")].count("\n") + 1
    assert any(line.startswith(f"{questions}:{q_line}: ") and "'fainted'" in line
               for line in lines), done.stdout
    assert any(line.startswith(f"{rules}:{r_line}: ") and "'tearing_pian'" in line
               for line in lines), done.stdout
    assert f"2 problem(s) in {dialog_copy}" in done.stdout
    assert "paths:" not in done.stdout  # no path walk on broken files


def test_invalid_yaml_is_listed_with_file_and_line(run_cli: RunCli, dialog_copy: Path,
                                                   edit: Edit) -> None:
    findings = dialog_copy / "findings.yaml"
    text = edit(findings, "choices: [left, right, middle, both]",
                "choices: [left, right, middle, both")
    line = text[:text.index("choices: [left, right, middle, both")].count("\n") + 1
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 2  # broken files are bad input
    assert done.stdout.splitlines()[0].startswith(f"{findings}:{line}: ")


def test_check_missing_folder(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    done = run_cli("check", str(folder))
    assert done.returncode == 2
    assert f"{folder}: no such folder" in done.stdout


def test_check_reads_the_folder_given_with_dialogs(run_cli: RunCli, dialog_copy: Path,
                                                   edit: Edit) -> None:
    # "backtalk --dialogs DIR check" checked the bundled files and said "valid", while
    # every other command loaded DIR and failed with "Run 'backtalk check' for details".
    edit(dialog_copy / "questions.yaml", "next: pain_kind", "next: pain_knd")
    done = run_cli("--dialogs", str(dialog_copy), "check")
    assert done.returncode == 2
    assert "'pain_knd' is not a question id" in done.stdout
    simulated = run_cli("--dialogs", str(dialog_copy), "simulate", "--findings", "x.yaml")
    assert f"Run 'backtalk check {dialog_copy}' for details." in simulated.stderr


def test_check_with_a_missing_folder_of_articles_says_so_once(run_cli: RunCli,
                                                              tmp_path: Path) -> None:
    done = run_cli("check", "--seeds", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0], lines
