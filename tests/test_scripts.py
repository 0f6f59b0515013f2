"""Every scripted conversation in ``dialogs/scripts/`` runs against the real dialogue.

Scripts are found when the tests are collected, so a new ``dialogs/scripts/*.yaml`` is
picked up without touching this file. The runner itself is checked too: a wrong
expectation must fail with the expected and actual values, and a broken script file must
be reported with its file name and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog
from assistant.dialog.scripts import ScriptResult, find_scripts, run_script

DIALOGS = Path(__file__).parents[1] / "dialogs"
SCRIPTS = find_scripts([DIALOGS / "scripts"])
MIN_SCRIPTS = 25


@pytest.fixture(scope="module")
def dialog() -> Dialog:
    """The real dialogue, loaded once for every script in this module."""
    return load_dialog(Path(__file__).parents[1] / "dialogs")


def explain(result: ScriptResult) -> str:
    """What went wrong, turn by turn, as the ``backtalk script`` command prints it."""
    lines = [f"{result.path} ({result.name})"]
    if result.error:
        lines.append(f"  error: {result.error}")
    for failure in result.failures:
        said = "(opening)" if failure.user is None else repr(failure.user)
        lines.append(f"  turn {failure.turn}, user said {said}:")
        for want, got in zip(failure.expected, failure.actual, strict=True):
            lines.append(f"    expected {want}")
            lines.append(f"    actual   {got}")
    return "\n".join(lines)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the scripts ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_script_passes(path: Path, dialog: Dialog) -> None:
    result = run_script(path, dialog)
    assert result.passed, explain(result)
    assert result.turns > 1, f"{path.name} has no user turns"


def test_there_are_enough_scripts() -> None:
    assert len(SCRIPTS) >= MIN_SCRIPTS, (
        f"only {len(SCRIPTS)} scripts in {DIALOGS / 'scripts'}; expected at least {MIN_SCRIPTS}")


def test_every_script_has_a_name_and_a_comment() -> None:
    for path in SCRIPTS:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{path.name}: start with a one-line comment"
        assert "\nname:" in text, f"{path.name}: give the script a name"


# -- the runner catches mistakes ----------------------------------------------------------------
WRONG = """\
name: Chest pain is wrongly expected to be self care
turns:
  - expect: {state: heart}
  - {user: "yes", expect: {state: chest_pain, says: [ask about each one]}}
  - user: "yes"
    expect:
      state: self_care
      outcome: self_care
      findings: {chest_pain: "no"}
      says: [look after this at home]
"""


def test_a_wrong_script_fails_with_expected_and_actual(tmp_path: Path, dialog: Dialog) -> None:
    result = run_script(write(tmp_path, "wrong.yaml", WRONG), dialog)

    assert not result.passed
    assert result.error == ""
    assert result.name == "Chest pain is wrongly expected to be self care"
    assert [f.turn for f in result.failures] == [2]  # the opening and the group's "yes" held
    failure = result.failures[0]
    assert failure.user == "yes"
    pairs = dict(zip(failure.expected, failure.actual, strict=True))
    assert pairs["state: self_care"] == "state: emergency"
    assert pairs["outcome: self_care"] == "outcome: emergency"
    assert pairs["finding chest_pain: no"] == "finding chest_pain: yes"
    says = [(want, got) for want, got in pairs.items() if want.startswith("says:")]
    assert says == [(f"says: {'look after this at home'!r}", says[0][1])]
    assert "ambulance" in says[0][1]
    assert "look after this at home" in explain(result)


def test_a_not_ended_conversation_fails_an_outcome(tmp_path: Path, dialog: Dialog) -> None:
    path = write(tmp_path, "early.yaml", """\
name: The outcome is expected too early
turns:
  - user: "no"
    expect: {state: pain_kind, outcome: self_care, done: true}
""")
    result = run_script(path, dialog)

    assert not result.passed
    failure = result.failures[0]
    assert failure.expected == ["outcome: self_care", "done: True"]
    assert failure.actual == ["outcome: (not ended)", "done: False"]


# -- broken script files -----------------------------------------------------------------------
def test_invalid_yaml_is_reported_with_file_and_line(tmp_path: Path, dialog: Dialog) -> None:
    path = write(tmp_path, "broken.yaml", """\
name: Broken
turns:
  - expect: {state: heart
  - user: "no"
""")
    result = run_script(path, dialog)

    assert not result.passed
    assert result.failures == []
    assert result.error.startswith(f"{path}:")
    assert "broken.yaml:3:" in result.error  # where the bracket was opened


def test_an_unknown_expectation_is_reported_with_file_and_line(tmp_path: Path,
                                                               dialog: Dialog) -> None:
    path = write(tmp_path, "typo.yaml", """\
name: A misspelt expectation
turns:
  - expect: {state: heart}
  - user: "no"
    expect: {stat: pain_kind}
""")
    result = run_script(path, dialog)

    assert not result.passed
    assert result.turns == 0  # nothing was run
    assert f"{path}:5:" in result.error  # the line of the misspelt key itself
    assert "'stat'" in result.error and "did you mean 'state'" in result.error
    assert "state" in result.error  # and it says what is allowed


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param('name: x\nturns:\n  - expect: {state: heart}\n  - usr: "no"\n',
                     4, "unknown turn key", id="unknown-turn-key"),
        pytest.param("name: x\nturns:\n  - expect: {state: heart}\n  - action: quit\n",
                     4, "the only action is 'end'", id="unknown-action"),
        pytest.param("name: x\nturns:\n  - expect: {state: heart}\n  - expect: {}\n",
                     4, "needs 'user' or 'action'", id="turn-without-user"),
        pytest.param("name: x\nturns:\n  - \"no\"\n", 3, "a turn must be a mapping",
                     id="turn-not-a-mapping"),
    ],
)
def test_other_broken_turns_name_file_and_line(tmp_path: Path, dialog: Dialog, text: str,
                                              line: int, words: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    result = run_script(path, dialog)

    assert not result.passed
    assert f"{path}:{line}:" in result.error
    assert words in result.error


def test_a_script_without_turns_is_reported(tmp_path: Path, dialog: Dialog) -> None:
    path = write(tmp_path, "empty.yaml", "name: no turns here\n")
    result = run_script(path, dialog)

    assert not result.passed
    assert str(path) in result.error
    assert "'turns'" in result.error
