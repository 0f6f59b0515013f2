"""Every key and value of the dialogue files is checked: a wrong value or a misspelt
optional key, once dropped without a word, is now a problem naming the file, the line and
(for a key) the closest known one.

Each case edits one thing in a copy of the real files and looks for the problem at the
line of the edit (found by searching the edited text, never written down).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_loader_errors import Edit, find, line_number, problems_of

from assistant.cli import main
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog, Finding
from assistant.dialog.paths import emergency_signs
from assistant.dialog.scripts import run_script
from assistant.dialog.simulate import SimulateError, load_findings

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE_CASES = [
    # (what was wrong, old text, new text, words the problem must have)
    ("misspelt key", "\n  dont_know: [", "\n  dont_knwo: [",
     ("unknown key 'dont_knwo'", "did you mean 'dont_know'")),
    ("sentence as a number", "    goodbye: Take care. Goodbye.", "    goodbye: 5",
     ("'goodbye' must be non-empty text", "'5'")),
    ("sentence as a list", "    goodbye: Take care. Goodbye.", "    goodbye: [Take care, Bye]",
     ("'goodbye' must be non-empty text", "a list")),
    ("sentence as a mapping", "    goodbye: Take care. Goodbye.", "    goodbye: {a: b}",
     ("'goodbye' must be non-empty text", "a mapping")),
    ("empty sentence", "    goodbye: Take care. Goodbye.", "    goodbye: ''",
     ("'goodbye' must be non-empty text",)),
    ("no sentence", "    goodbye: Take care. Goodbye.", "    goodbye:",
     ("'goodbye' must be non-empty text", "nothing")),
    ("misspelt sentence", "    goodbye: Take care. Goodbye.", "    goodby: Take care.",
     ("unknown sentence 'goodby'", "did you mean 'goodbye'")),
    ("misspelt blank", "confirm: I heard {answer}. Is that right?",
     "confirm: I heard {answr}. Is that right?", ("'{answr}'", "never filled in", "{answer}")),
    ("unknown answer in yes_no", "    yes: [yes, yeah,", "    yess: [yes, yeah,",
     ("unknown key 'yess'", "did you mean 'yes'")),
    ("number word as a word", "seven: 7", "seven: seven", ("'seven' must map to a number",)),
    ("number word not a number", "seven: 7", "seven: .nan", ("'seven' must map to a number",)),
    ("negative number word", "seven: 7", "seven: -7", ("'seven'", "0 or more")),
    ("duration unit of no time", "week: 7, weeks", "week: 0, weeks", ("'week'", "above 0")),
    ("fraction over zero", "hour: 1/24", "hour: 1/0", ("'hour' must map to a number",)),
    ("endless duration", "yesterday: 1,", "yesterday: .inf,", ("'yesterday' must map",)),
    ("spelling as a list", "dunno: \"don't know\"", "dunno: [don't, know]",
     ("'dunno' must be one word", "a list")),
    ("spelling of nothing", "dunno: \"don't know\"", "dunno: ~",
     ("'dunno' must be one word", "nothing")),
    ("phrase list as a number", "  hesitations: [um,", "  hesitations: 5\n  unused: [um,",
     ("'hesitations' must be a list of phrases",)),
    ("phrase that is a list", "  hesitations: [um,", "  hesitations: [[um],",
     ("'hesitations': item 1 is not a phrase",)),
    ("emergency number in words", '"112"', '"one one two"', ("must be digits",)),
    ("answers for a misspelt finding", "    chest_pain: {yes: [tight,",
     "    chest_pian: {yes: [tight,", ("'chest_pian' is not a yes/no or choice finding",)),
    ("an answer a finding cannot take", "erectile_dysfunction: {no:", "erectile_dysfunction: {nah:",
     ("'nah' is not an answer",)),
    ("misspelt command", "    repeat: [repeat,", "    repeet: [repeat,",
     ("unknown command 'repeet'",)),
    ("a word said anywhere that is no command", "commands_anywhere: [slower,",
     "commands_anywhere: [slowly,", ("'commands_anywhere': 'slowly' is not a one-word command",)),
]


@pytest.mark.parametrize(("old", "new", "words"), [c[1:] for c in LANGUAGE_CASES],
                         ids=[c[0] for c in LANGUAGE_CASES])
def test_wrong_value_in_language(dialog_copy: Path, edit: Edit, old: str, new: str,
                                 words: tuple[str, ...]) -> None:
    path = dialog_copy / "language.yaml"
    text = edit(path, old, new)
    problem = find(problems_of(dialog_copy), path, *words)
    assert problem.line == line_number(text, new.strip().splitlines()[0])


def test_safety_lists_are_required(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    edit(path, "  emergency_calls: [", "  emergency_calls_: [")
    problems = problems_of(dialog_copy)
    find(problems, path, "'emergency_calls' is missing", "call for help")
    find(problems, path, "unknown key 'emergency_calls_'", "did you mean 'emergency_calls'")


OTHER_CASES = [
    ("alarm maybe", "findings.yaml", "chest_pain: {type: yes_no, alarm: true,",
     "chest_pain: {type: yes_no, alarm: maybe,", ("'alarm' must be true or false", "maybe")),
    ("alarm as a number", "findings.yaml", "chest_pain: {type: yes_no, alarm: true,",
     "chest_pain: {type: yes_no, alarm: 1,", ("'alarm' must be true or false",)),
    ("misspelt finding key", "findings.yaml", "chest_pain: {type: yes_no, alarm: true,",
     "chest_pain: {type: yes_no, alrm: true,", ("unknown key 'alrm'", "did you mean 'alarm'")),
    ("choices on a number", "findings.yaml", "days: {type: number, min: 0,",
     "days: {type: number, choices: [a, b], min: 0,", ("'choices' is only for a choice",)),
    ("misspelt outcome advice", "outcomes.yaml", "    advice: [keep_moving,",
     "    advise: [keep_moving,", ("outcome 'self_care'", "unknown key 'advise'",
                                  "did you mean 'advice'")),
    ("misspelt rule specialists", "rules.yaml", "    specialists: [a neurologist, a neuros",
     "    specialist: [a neurologist, a neuros", ("unknown key 'specialist'",
                                         "did you mean 'specialists'")),
    ("misspelt question answers", "questions.yaml", '    answers: {yes: ["i fainted"',
     '    answer: {yes: ["i fainted"', ("question 'fainting'", "unknown key 'answer'",
                                       "did you mean 'answers'")),
    ("misspelt goto", "questions.yaml", "      - {if: sudden_severe_pain, goto: sudden_",
     "      - {if: sudden_severe_pain, got: sudden_", ("next item 1", "needs 'goto'")),
    ("extra key in a next item", "questions.yaml", "      - {if: sudden_severe_pain, goto: s",
     "      - {if: sudden_severe_pain, iff: x, goto: s", ("unknown key 'iff'",
                                                       "did you mean 'if'")),
    ("misspelt source heading", "questions.yaml",
     '    source: {article: 004_159567c9729f6f9c.txt, heading: "Introduction"}',
     '    source: {article: 004_159567c9729f6f9c.txt, headng: "Introduction"}',
     ("unknown key 'headng'", "did you mean 'heading'")),
    ("misspelt section", "questions.yaml", "stop_when: emergency", "stop_wen: emergency",
     ("unknown section 'stop_wen'", "did you mean 'stop_when'")),
]


@pytest.mark.parametrize(("name", "old", "new", "words"), [c[1:] for c in OTHER_CASES],
                         ids=[c[0] for c in OTHER_CASES])
def test_wrong_key_or_value_elsewhere(dialog_copy: Path, edit: Edit, name: str, old: str,
                                      new: str, words: tuple[str, ...]) -> None:
    path = dialog_copy / name
    text = edit(path, old, new)
    problem = find(problems_of(dialog_copy), path, *words)
    assert problem.line == line_number(text, new.strip())


def test_folder_without_language_yaml(dialog_copy: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (dialog_copy / "language.yaml").unlink()
    problems = problems_of(dialog_copy)
    assert [str(p) for p in problems] == [
        f"{dialog_copy}: section 'language' is missing from every dialogue file (it usually "
        "lives in language.yaml; is that file missing?)"]
    assert main(["check", str(dialog_copy)]) == 2
    assert "language.yaml" in capsys.readouterr().out


def test_shipped_dialogue_is_still_valid() -> None:
    dialog = load_dialog(ROOT / "dialogs")
    lines = (ROOT / "dialogs" / "findings.yaml").read_text(encoding="utf-8").splitlines()
    marked = {line.split(":")[0].strip() for line in lines
              if "alarm: true" in line and not line.startswith("#")}
    assert dialog.alarm_keys == marked
    assert dialog.language.dont_know and dialog.language.emergency_calls


# -- a simulated patient and the scripts ------------------------------------------------------
@pytest.fixture(scope="module")
def dialog() -> Dialog:
    return load_dialog(ROOT / "dialogs", seeds=False)


@pytest.mark.parametrize(("text", "words"), [
    ("fever: [yes]\n", "fever: give one value (yes, no, unknown, one of its choices or a "
     "number), not a list"),
    ("fever: {a: yes}\n", "not a mapping"),
    ("fever:\n", "not nothing"),
    ("fevr: yes\n", "'fevr' is not a known finding (did you mean 'fever'?)"),
    ("- fever: yes\n", "must map finding keys to values"),
])
def test_finding_of_the_wrong_shape(tmp_path: Path, dialog: Dialog, text: str,
                                    words: str) -> None:
    path = tmp_path / "patient.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SimulateError, match="^" + str(path)) as info:
        load_findings(path, dialog)
    assert words in str(info.value)


@pytest.mark.parametrize(("turn", "words"), [
    ('{user: "no", confidence: high}', "'confidence' must be a number from 0 to 1"),
    ('{user: "no", expect: {done: maybe}}', "'done' must be true or false"),
    ('{user: "no", expect: {findings: [fever]}}', "'findings' must be a mapping"),
    ('{user: "no", expect: {outcome: later}}', "'outcome' must be one of"),
    ('{user: "no", expect: [state]}', "'expect' must be a mapping"),
    ('{usr: "no"}', "unknown turn key 'usr' (did you mean 'user'?)"),
    ('{user: "no", expect: {stat: x}}', "unknown expectation 'stat' (did you mean 'state'?)"),
])
def test_script_value_of_the_wrong_kind(tmp_path: Path, dialog: Dialog, turn: str,
                                        words: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: x\nturns:\n  - expect: {{state: heart}}\n  - {turn}\n",
                    encoding="utf-8")
    result = run_script(path, dialog)
    assert result.error.startswith(f"{path}:4: "), result.error
    assert words in result.error


def test_misspelt_script_key(tmp_path: Path, dialog: Dialog) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("nmae: x\nturns:\n  - expect: {state: heart}\n", encoding="utf-8")
    assert "unknown script key 'nmae' (did you mean 'name'?)" in run_script(path, dialog).error


def test_declared_findings_no_rule_reads_change_no_emergency_sign(dialog: Dialog) -> None:
    # check skips findings no rule reads when it looks for emergency signs (20,000 of
    # them took 10 s): with a thousand such findings the signs are the same.
    extra = {f"extra_{i}": Finding(f"extra_{i}", "yes_no") for i in range(1000)}
    bigger = replace(dialog, findings={**dialog.findings, **extra})
    assert emergency_signs(bigger) == emergency_signs(dialog)
    assert {"chest_pain", "tearing_pain"} <= emergency_signs(dialog)

