"""``backtalk check``: validates the files, walks every path, and reports what breaks."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def path_findings(path: str) -> tuple[dict[str, Any], str]:
    """``a=yes -> b=3 -> ... -> what went wrong`` as findings, and the last part."""
    *steps, last = path.split(" -> ")
    findings: dict[str, Any] = {}
    for step in steps:
        key, _, value = step.partition("=")
        findings[key] = value
    return findings, last


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
    assert fewest == 1  # "yes" to the first question (chest pain) ends it at once
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
        findings, what = path_findings(path)
        assert what == "self_care, although an alarm sign was unknown"
        unknown_alarms = [k for k, v in findings.items()
                          if v == "unknown" and k in broken.alarm_keys]
        assert unknown_alarms, path
        # The path printed is real: the virtual patient walks it to self care.
        values = {k: (float(v) if broken.findings[k].type == "number" and v != "unknown"
                      else v) for k, v in findings.items()}
        result = simulate(broken, check_findings(values, broken))
        assert result["questions"] == list(findings), path
        assert result["outcome"] == "self_care", path
        # ... and the real dialogue does not let it end there.
        assert simulate(dialog, check_findings(values, dialog))["outcome"] != "self_care"


def test_emergency_sign_that_does_not_end_the_questions_is_a_violation(
        run_cli: RunCli, dialog_copy: Path, edit: Edit) -> None:
    edit(dialog_copy / "questions.yaml", "stop_when: emergency", "stop_when: urgent")
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 1, done.stdout + done.stderr
    found = violations(done.stdout)
    assert "chest_pain=yes -> yes to emergency sign 'chest_pain' does not end in emergency" \
        in found
    assert any(v.startswith("chest_pain=yes -> ") and "questions go on to "
               "'shortness_of_breath'" in v for v in found)


def test_question_nothing_leads_to_is_unreachable(run_cli: RunCli, dialog_copy: Path,
                                                  edit: Edit) -> None:
    # shortness_of_breath now skips straight past 'fainting'.
    edit(dialog_copy / "questions.yaml", "next: fainting", "next: recent_heart_attack")
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "unreachable state: fainting" in done.stdout.splitlines()
    assert [line for line in done.stdout.splitlines()
            if line.startswith("unreachable state:")] == ["unreachable state: fainting"]


# -- files broken -----------------------------------------------------------------------------
def test_broken_files_are_listed_with_file_and_line(run_cli: RunCli, dialog_copy: Path,
                                                    edit: Edit) -> None:
    questions = dialog_copy / "questions.yaml"
    q_text = edit(questions, "next: fainting", "next: fainted")
    rules = dialog_copy / "rules.yaml"
    r_text = edit(rules, "when: tearing_pain\n", "when: tearing_pian\n")
    done = run_cli("check", str(dialog_copy))
    assert done.returncode == 1, done.stdout + done.stderr
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
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith(f"{findings}:{line}: ")


def test_check_missing_folder(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    done = run_cli("check", str(folder))
    assert done.returncode == 1
    assert f"{folder}: no such folder" in done.stdout
