"""Broken dialogue files: each problem is reported with its file, its line and what is wrong.

Every test copies the real ``dialogs/*.yaml`` into a temporary folder, breaks exactly one
thing, and checks the :class:`Problem` that ``load_dialog`` reports. Expected line numbers
are found by searching the edited text, never written down by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.dialog.loader import load_dialog
from assistant.dialog.reader import DialogInvalid, Problem

ROOT = Path(__file__).resolve().parents[1]
DIALOGS = ROOT / "dialogs"
SEEDS = ROOT.parent / "shared" / "seeds"

Edit = Callable[[Path, str, str], str]


def line_number(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line where the ``occurrence``-th ``needle`` starts in ``text``."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(DialogInvalid) as info:
        load_dialog(folder)
    problems = info.value.problems
    assert problems, "DialogInvalid was raised without any problem"
    # The exception's text lists every problem, so the CLI can just print it.
    for problem in problems:
        assert str(problem) in str(info.value)
    return problems


def find(problems: list[Problem], file: Path, *words: str) -> Problem:
    """The problem in ``file`` whose message has all ``words``; fail listing them all."""
    for problem in problems:
        if problem.file == str(file) and all(w in problem.message for w in words):
            return problem
    listing = "\n".join(str(p) for p in problems)
    raise AssertionError(f"no problem in {file.name} mentioning {words}; got:\n{listing}")


# -- the real files ---------------------------------------------------------------------------
def test_real_dialogs_load_without_problems() -> None:
    dialog = load_dialog(DIALOGS)
    assert dialog.start == "heart"
    assert dialog.stop_when == "emergency"
    assert {p.name for p in map(Path, dialog.files)} == {
        "findings.yaml", "language.yaml", "outcomes.yaml", "questions.yaml", "rules.yaml"}
    # Every question asks declared findings and every rule reads only declared findings.
    for question in dialog.questions.values():
        assert set(question.keys) <= set(dialog.findings)
        assert question.members or question.finding.key in dialog.findings
    for rule in dialog.rules:
        assert rule.condition.reads <= set(dialog.findings)


def test_copy_of_real_dialogs_loads(dialog_copy: Path) -> None:
    # The baseline for every test below: the unedited copy has no problem at all.
    dialog = load_dialog(dialog_copy)
    assert len(dialog.questions) == len(load_dialog(DIALOGS).questions)


# -- YAML itself ------------------------------------------------------------------------------
def test_unclosed_bracket_is_invalid_yaml(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "findings.yaml"
    text = edit(path, "choices: [upper, middle, lower]", "choices: [upper, middle, lower")
    problems = problems_of(dialog_copy)
    problem = find(problems, path, "]")
    assert problem.line == line_number(text, "choices: [upper, middle, lower")
    assert "expected" in problem.message


def test_a_quote_left_open_names_the_line_it_opened(dialog_copy: Path, edit: Edit) -> None:
    # PyYAML reads on to the next quote and reports a line further down, with no hint.
    path = dialog_copy / "questions.yaml"
    text = edit(path, "ask: Are you short of breath?", 'ask: "Are you short of breath?')
    problem = find(problems_of(dialog_copy), path, "not closed")
    opened = line_number(text, 'ask: "Are you short of breath?')
    assert f"the quote opened at line {opened} is not closed" in problem.message


def test_a_colon_in_a_text_says_to_quote_it(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    text = edit(path, "ask: Are you short of breath?", "ask: Breathing: are you short of breath?")
    problem = find(problems_of(dialog_copy), path, "put the whole text in quotes")
    assert problem.line == line_number(text, "ask: Breathing: are you short of breath?")


def test_bracket_left_open_at_end_of_line_points_at_that_line(dialog_copy: Path,
                                                              edit: Edit) -> None:
    path = dialog_copy / "rules.yaml"
    opened = "advice: [stroke_bed, stroke_position, stroke_sitting, warmth"
    text = edit(path, opened + "]", opened)
    problem = find(problems_of(dialog_copy), path, "]")
    assert problem.line == line_number(text, opened)


# -- questions --------------------------------------------------------------------------------
def test_goto_names_a_missing_question(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    text = edit(path, "next: pain_kind", "next: pain_knd")
    problem = find(problems_of(dialog_copy), path, "'pain_knd'", "not a question id")
    assert problem.line == line_number(text, "next: pain_knd")
    assert "'heart'" in problem.message  # which question has the bad goto


def test_phrase_meaning_both_yes_and_no_in_one_question(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    reask = "    reask: Do you feel hot, or shivery, or have a temperature?\n"
    text = edit(path, reask, reask + "    answers: {no: [yeah]}\n")
    problem = find(problems_of(dialog_copy), path, "'yeah'", "both")
    assert problem.line == line_number(text, "answers: {no: [yeah]}")
    assert "'fever'" in problem.message and "'yes'" in problem.message \
        and "'no'" in problem.message


def test_missing_source(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    text = edit(path, '    source: {article: 004_159567c9729f6f9c.txt, heading: "Introduction"}\n',
                "")
    problem = find(problems_of(dialog_copy), path, "'source' is missing")
    # The question that lost its source starts at this line.
    assert problem.line == line_number(text, "- finding: recent_angioplasty")
    assert "article" in problem.message and "heading" in problem.message


def test_source_article_that_does_not_exist(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    bad = '{article: 009_not_an_article.txt, heading: "Introduction"}'
    text = edit(path, "source: " + '{article: 004_159567c9729f6f9c.txt, heading: "Introduction"}',
                "source: " + bad)
    problem = find(problems_of(dialog_copy), path, "009_not_an_article.txt")
    assert problem.line == line_number(text, bad)
    assert "is not in" in problem.message and str(SEEDS) in problem.message


def test_heading_not_found_in_article(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    bad = '{article: 004_159567c9729f6f9c.txt, heading: "Results of the clinical trial"}'
    text = edit(path, "source: " + '{article: 004_159567c9729f6f9c.txt, heading: "Introduction"}',
                "source: " + bad)
    problem = find(problems_of(dialog_copy), path, "Results of the clinical trial",
                   "not found")
    assert problem.line == line_number(text, bad)
    assert "004_159567c9729f6f9c.txt" in problem.message


def test_last_next_item_with_an_if(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    bad = '      - {if: "not fever", goto: general}\n'
    text = edit(path, "      - {goto: general}\n", bad)
    problem = find(problems_of(dialog_copy), path, "last 'next' item must have no 'if'")
    assert problem.line == line_number(text, bad)
    assert "'history'" in problem.message


def test_duplicate_question_id(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    last = ('      - {article: 000_caac9529be028eed.txt, heading: "Back pain after suffering '
            'from illnesses"}\n    next: finish\n')
    second = ("\n  - finding: rash\n"
              "    ask: Is there a rash anywhere on your body?\n"
              "    reask: Any new spots on your skin?\n"
              '    source: {article: 001_e2abd9c330d6a3e1.txt, heading: "When should you see a '
              'doctor?"}\n'
              "    next: finish\n")
    text = edit(path, last, last + second)
    problem = find(problems_of(dialog_copy), path, "'rash'", "used twice")
    assert problem.line == line_number(text, "- finding: rash", occurrence=2)
    assert f"line {line_number(text, '- finding: rash')}" in problem.message


# -- conditions and rules ---------------------------------------------------------------------
def test_misspelt_finding_in_rule(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "rules.yaml"
    text = edit(path, "when: chest_pain or shortness_of_breath",
                "when: chest_pian or shortness_of_breath")
    problem = find(problems_of(dialog_copy), path, "'chest_pian'", "not a declared finding")
    assert problem.line == line_number(text, "when: chest_pian")


def test_choice_compared_with_impossible_value(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "rules.yaml"
    text = edit(path, "when: kidney_area and side != middle and side != both and not "
                "worse_with_movement",
                "when: kidney_area and location == lefty")
    problem = find(problems_of(dialog_copy), path, "'lefty'", "not a value of location")
    assert problem.line == line_number(text, "location == lefty")
    assert "upper, middle, lower" in problem.message  # says what the values are


def test_impossible_value_in_a_question_branch(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "questions.yaml"
    text = edit(path, '{if: "worse_after_sleep and sex != male and level <= soon"',
                '{if: "worse_after_sleep and sex != mail and level <= soon"')
    problem = find(problems_of(dialog_copy), path, "'mail'", "not a value of sex")
    assert problem.line == line_number(text, "sex != mail")


def test_rule_with_unknown_level(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "rules.yaml"
    old = "    level: emergency\n    reason: Back pain with these signs"
    text = edit(path, old, old.replace("emergency", "critical"))
    problem = find(problems_of(dialog_copy), path, "'heart_signs'", "level must be one of")
    assert problem.line == line_number(text, "level: critical")
    assert "self_care, soon, urgent, emergency" in problem.message


def test_rule_uses_a_finding_no_question_asks(dialog_copy: Path, edit: Edit) -> None:
    findings = dialog_copy / "findings.yaml"
    edit(findings, "  woman_over_50: {type: yes_no",
         "  back_surgery: {type: yes_no, about: had surgery on the back}\n"
         "  woman_over_50: {type: yes_no")
    path = dialog_copy / "rules.yaml"
    text = edit(path, "    when: previous_stroke\n", "    when: previous_stroke or back_surgery\n")
    problem = find(problems_of(dialog_copy), path, "'back_surgery'", "no question asks it")
    assert "'after_stroke'" in problem.message
    # The rule's own line, or its 'when' line: either tells the editor where to look.
    assert problem.line in (line_number(text, "- id: after_stroke"),
                            line_number(text, "when: previous_stroke or back_surgery"))


# -- files and sections -----------------------------------------------------------------------
def test_section_defined_twice_in_two_files(dialog_copy: Path) -> None:
    extra = dialog_copy / "zz_extra.yaml"
    extra_text = "# A second, conflicting setting\nstop_when: urgent\n"
    extra.write_text(extra_text, encoding="utf-8")
    questions = dialog_copy / "questions.yaml"
    first_line = line_number(questions.read_text(encoding="utf-8"), "stop_when:")
    problem = find(problems_of(dialog_copy), extra, "'stop_when'", "already defined")
    assert problem.line == line_number(extra_text, "stop_when:")
    assert f"{questions}:{first_line}" in problem.message


def test_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a dialogue file", encoding="utf-8")
    problems = problems_of(folder)
    assert [(p.file, p.line) for p in problems] == [(str(folder), 0)]
    assert "no *.yaml" in problems[0].message


def test_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "no_such_dialogs"
    problems = problems_of(folder)
    assert [(p.file, p.line) for p in problems] == [(str(folder), 0)]
    assert "no such folder" in problems[0].message


def test_unquoted_comma_in_a_finding_text_is_an_unknown_key(dialog_copy: Path,
                                                            edit: Edit) -> None:
    path = dialog_copy / "findings.yaml"
    text = edit(path, 'about: "fainted, or felt faint or dizzy"',
                "about: fainted, or felt faint or dizzy")
    problem = find(problems_of(dialog_copy), path, "'fainting'",
                   "unknown key 'or felt faint or dizzy'", "quote")
    assert problem.line == line_number(text, "fainting:")


def test_misspelt_kind_of_past_time(dialog_copy: Path, edit: Edit) -> None:
    # A misspelt kind would drop every "last March" without a word.
    path = dialog_copy / "language.yaml"
    text = edit(path, "    last: [last]", "    lasts: [last]")
    problem = find(problems_of(dialog_copy), path, "'lasts'", "did you mean 'last'")
    assert problem.line == line_number(text, "lasts: [last]")


def test_told_answers_of_a_finding_that_is_not_yes_no(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    text = edit(path, "    previous_stroke: [stroke,", "    severity: [stroke,")
    problem = find(problems_of(dialog_copy), path, "'severity'", "not a yes/no finding")
    assert problem.line == line_number(text, "severity: [stroke,")


def test_asked_of_before_names_a_yes_no_finding(dialog_copy: Path, edit: Edit) -> None:
    # A misspelt key would read "a stroke in 2018, I'm fine now" as a no to a stroke.
    path = dialog_copy / "language.yaml"
    text = edit(path, "  asked_of_before: [previous_stroke,", "  asked_of_before: [previous_strok,")
    problem = find(problems_of(dialog_copy), path, "'asked_of_before'", "'previous_strok'",
                   "not a yes/no finding")
    assert problem.line == line_number(text, "asked_of_before: [previous_strok,")


def test_told_in_passing_of_a_finding_that_is_not_yes_no(dialog_copy: Path,
                                                         edit: Edit) -> None:
    # A sign told in passing is asked by its own yes/no question.
    path = dialog_copy / "language.yaml"
    text = edit(path, "    previous_stroke: [stroke]\n", "    location: [stroke]\n")
    problem = find(problems_of(dialog_copy), path, "'told_in_passing'", "'location'",
                   "not a yes/no finding")
    assert problem.line == line_number(text, "location: [stroke]")


def test_unknown_concept_in_emergency_nearly(dialog_copy: Path, edit: Edit) -> None:
    # A misspelt concept would drop every "Do you need an ambulance now?" it stands for.
    path = dialog_copy / "language.yaml"
    text = edit(path, "emergency_nearly: [pressing, sweat,", "emergency_nearly: [presing, sweat,")
    problem = find(problems_of(dialog_copy), path, "'emergency_nearly'", "presing")
    assert problem.line == line_number(text, "emergency_nearly:")


def test_what_a_question_asks_about_names_a_finding_and_concepts(dialog_copy: Path,
                                                                 edit: Edit) -> None:
    # A misspelt finding or concept would make every reply to that question tell more than
    # it asks about: "I fell and banged my head" would be asked about an ambulance.
    path = dialog_copy / "language.yaml"
    text = edit(path, "    head_or_neck_injury: [head, hit, neck, floor]",
                "    head_or_neck_injry: [head, hit, neck, floor]\n"
                "    pain_not_relieved: [medicin, swallowed]")
    text = edit(path, "    pain_not_relieved: [medicine, swallowed]\n", "")
    problems = problems_of(dialog_copy)
    finding = find(problems, path, "'head_or_neck_injry'", "not a finding")
    assert finding.line == line_number(text, "head_or_neck_injry:")
    concept = find(problems, path, "'pain_not_relieved'", "medicin")
    assert concept.line == line_number(text, "pain_not_relieved: [medicin")


def test_unknown_concept_among_places(dialog_copy: Path, edit: Edit) -> None:
    path = dialog_copy / "language.yaml"
    text = edit(path, "emergency_places: [heart,", "emergency_places: [hart,")
    problem = find(problems_of(dialog_copy), path, "'emergency_places'", "hart")
    assert problem.line == line_number(text, "emergency_places:")


def test_a_doubtful_no_that_is_not_a_no_phrase(dialog_copy: Path, edit: Edit) -> None:
    # Not itself a no phrase, "don't think so" would be read as the shorter "don't" and
    # never be checked with the person.
    path = dialog_copy / "language.yaml"
    edit(path, '"~don\'t think so", ', "")
    problem = find(problems_of(dialog_copy), path, "'hedged_no'", "don't think so")
    assert "not one of the 'no' phrases" in problem.message


def test_sign_parts_of_an_unknown_kind(dialog_copy: Path, edit: Edit) -> None:
    # A kind the signs together do not know could never be counted with another sign.
    path = dialog_copy / "language.yaml"
    text = edit(path, "  emergency_sign_parts:\n    face:", "  emergency_sign_parts:\n    fase:")
    problem = find(problems_of(dialog_copy), path, "'emergency_sign_parts'", "'fase'")
    assert problem.line == line_number(text, "    fase:")


def test_sign_parts_with_a_misspelt_list(dialog_copy: Path, edit: Edit) -> None:
    # "begin" for "begins": its words would silently count for nothing.
    path = dialog_copy / "language.yaml"
    edit(path, "      begins: [droop,", "      begin: [droop,")
    problem = find(problems_of(dialog_copy), path, "'emergency_sign_parts'", "'face'")
    assert "'begins'" in problem.message
