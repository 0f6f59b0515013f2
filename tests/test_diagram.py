"""Tests of assistant.dialog.diagram on the real dialogue, with the real Graphviz."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.dialog import diagram
from assistant.dialog.diagram import DiagramError, render, to_dot, to_mermaid
from assistant.dialog.expr import LEVELS
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import FINISH, Dialog

DIALOGS = Path(__file__).resolve().parent.parent / "dialogs"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def dialog() -> Dialog:
    return load_dialog(DIALOGS, seeds=False)  # the sources are not drawn


def _mermaid_block(doc: str) -> str:
    match = re.search(r"```mermaid\n(.*?)\n```", doc, re.S)
    assert match, "no mermaid block"
    return match.group(1)


def test_mermaid_has_every_question_and_outcome(dialog: Dialog) -> None:
    doc = to_mermaid(dialog)
    assert doc.startswith("# ")
    block = _mermaid_block(doc)
    assert block.splitlines()[0] == "flowchart TD"
    for qid in dialog.questions:
        assert re.search(rf"\bq_{qid}\[", block), qid
    for level in LEVELS:
        assert f"o_{level}" in block
        assert f"classDef {level} " in block


def test_mermaid_edges_follow_the_branches(dialog: Dialog) -> None:
    block = _mermaid_block(to_mermaid(dialog))
    edges = [line for line in block.splitlines() if "-->" in line]
    expected = sum(len(q.branches) for q in dialog.questions.values())
    assert len([e for e in edges if e.lstrip().startswith("q_")]) == expected
    finishes = sum(b.goto == FINISH for q in dialog.questions.values() for b in q.branches)
    assert len([e for e in edges if e.rstrip().endswith(" decide")]) == finishes
    assert len([e for e in edges if e.lstrip().startswith("decide -->")]) == len(LEVELS)
    assert f"-.-> o_{dialog.stop_when}" in block


def test_mermaid_labels_escape_special_characters(dialog: Dialog) -> None:
    block = _mermaid_block(to_mermaid(dialog))
    for line in block.splitlines():
        for label in re.findall(r'"(.*?)"', line):
            stripped = label.replace("<b>", "").replace("</b>", "").replace("<br/>", "")
            assert not set(stripped) & set('"<>[](){}|'), line
    assert "level #62;= urgent" in block


def test_mermaid_marks_alarm_questions_and_lists_rules(dialog: Dialog) -> None:
    doc = to_mermaid(dialog)
    alarm_line = next(x for x in doc.splitlines() if x.strip().startswith("class q_"))
    marked = set(alarm_line.split()[1].split(","))
    assert marked == {f"q_{q.id}" for q in dialog.questions.values() if q.finding.alarm}
    table = doc.split("## Rules", 1)[1]
    for rule in dialog.rules:
        assert f"| {rule.id} | {rule.level} |" in table


def test_dot_has_every_question(dialog: Dialog) -> None:
    dot = to_dot(dialog)
    assert dot.startswith("digraph ")
    for qid in dialog.questions:
        assert f"q_{qid} [label=" in dot
    for level in LEVELS:
        assert f"o_{level} [" in dot


def test_markdown_and_dot_files(dialog: Dialog, tmp_path: Path) -> None:
    md = render(dialog, tmp_path / "a" / "b" / "flow.md")
    assert md.read_text(encoding="utf-8") == to_mermaid(dialog)
    gv = render(dialog, tmp_path / "flow.gv")
    assert gv.read_text(encoding="utf-8") == to_dot(dialog)


@needs_dot
def test_svg_render(dialog: Dialog, tmp_path: Path) -> None:
    path = render(dialog, tmp_path / "out" / "flow.svg")
    assert path == tmp_path / "out" / "flow.svg"
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Are you short of breath?" in texts
    assert dialog.start in texts


@needs_dot
def test_png_render(dialog: Dialog, tmp_path: Path) -> None:
    path = render(dialog, tmp_path / "flow.PNG")
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_unknown_suffix(dialog: Dialog, tmp_path: Path) -> None:
    with pytest.raises(DiagramError, match=r"\.md.*\.svg.*\.png"):
        render(dialog, tmp_path / "flow.pdf")
    assert not (tmp_path / "flow.pdf").exists()


def test_missing_graphviz(dialog: Dialog, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(DiagramError, match=r"(?i)graphviz") as info:
        render(dialog, tmp_path / "flow.svg")
    assert "apt-get install graphviz" in str(info.value)
    assert ".md" in str(info.value)
    assert not (tmp_path / "flow.svg").exists()
    render(dialog, tmp_path / "flow.md")  # Mermaid needs no Graphviz


@needs_dot
def test_dot_failure_reports_stderr() -> None:
    with pytest.raises(DiagramError, match="syntax error"):
        diagram._run_dot("digraph { a -> }", "svg")


def _outcome_answers(block: str, level: str) -> list[str]:
    """The conditions listed in an outcome's box, joined back from their wrapped lines."""
    line = next(x for x in block.splitlines() if x.strip().startswith(f'o_{level}(["'))
    label = re.sub(r"#(\d+);", lambda m: chr(int(m[1])), line.split('"')[1])
    answers: list[str] = []
    for part in label.split("<br/>")[1:]:
        if part.startswith("• "):
            answers.append(part[2:])
        else:
            assert part.startswith("   "), part
            answers[-1] += " " + part.strip()
    return answers


def test_each_outcome_lists_the_answers_that_give_it(dialog: Dialog) -> None:
    block = _mermaid_block(to_mermaid(dialog))
    for level in LEVELS:
        rules = [" ".join(r.condition.text.split()) for r in dialog.rules if r.level == level]
        if level == LEVELS[0]:
            rules.append("when no rule above holds")
        assert _outcome_answers(block, level) == rules, level
    assert "recent_heart_attack" in _outcome_answers(block, "emergency")
    dot = to_dot(dialog)
    emergency = next(x for x in dot.splitlines() if x.strip().startswith("o_emergency ["))
    assert "• recent_heart_attack<br" in emergency
