"""Draw the screening flow for clinicians to review: Mermaid (Markdown) or Graphviz.

The picture follows :mod:`.machine`: one node per question, edges labelled with the
``next`` conditions (numbered in the order they are tried), ``finish`` edges into one
"rules decide" node that fans out to the outcome levels (in DOT, a small marker beside each
question instead, so that the arrows stay readable), and one note for the jump to
``stop_when`` (emergency) that any answer may cause. Each outcome box lists the answers
that give it: the condition of every rule at that level. :func:`render` picks the format
from the file's suffix.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import textwrap
from pathlib import Path

from .expr import LEVELS
from .model import FINISH, Dialog, Question

SUFFIXES = (".md", ".svg", ".png", ".dot", ".gv")
COLOURS = {"emergency": "#f8b4b4", "urgent": "#fcd29f", "soon": "#fdf2a0", "self_care": "#bfe8c4"}
BORDERS = {"emergency": "#b91c1c", "urgent": "#c2410c", "soon": "#a16207", "self_care": "#15803d"}
ALARM_FILL, ALARM_BORDER = "#fff1f1", "#b91c1c"
TITLE = "Back-pain screening flow"
FINISH_STUB = 'shape=hexagon, fillcolor="#e5e7eb", fontsize=9, margin="0.04,0.02"'
DECIDE = "the rules decide the level (the most urgent rule that holds wins)"
_MERMAID_ESCAPES = str.maketrans({c: f"#{ord(c)};" for c in '#"<>[](){}|&'})


class DiagramError(Exception):
    """The diagram cannot be written (unknown suffix, Graphviz missing or failing)."""


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _lines(text: str, width: int = 30) -> list[str]:
    return textwrap.wrap(_short(text), width) or [""]


def _node(qid: str) -> str:
    return f"q_{qid}"


def _target(goto: str) -> str:
    return "decide" if goto == FINISH else _node(goto)


def _branch_labels(q: Question) -> list[str]:
    """Condition texts, numbered in the order they are tried when there is a choice."""
    if len(q.branches) == 1:
        return [b.condition.text if b.condition else "" for b in q.branches]
    return [f"{i}. {b.condition.text}" if b.condition else "otherwise"
            for i, b in enumerate(q.branches, 1)]


def _outcome_label(dialog: Dialog, level: str) -> str:
    say = dialog.outcomes[level].say if level in dialog.outcomes else ""
    return f"{level.upper()}: {say.split('.')[0]}"


def _answers_for(dialog: Dialog, level: str) -> list[str]:
    """The answers that give ``level``: the condition of each rule at that level (a
    finding alone means it was answered yes), most specific rules as written."""
    texts = [r.condition.text for r in dialog.rules if r.level == level]
    if level == LEVELS[0]:
        texts.append("when no rule above holds")
    lines = []
    for text in texts:  # wrapped, never cut: a cut condition would say something else
        wrapped = textwrap.wrap(" ".join(text.split()), 44) or [""]
        lines += [f"• {wrapped[0]}", *(f"   {more}" for more in wrapped[1:])]
    return lines


def _rule_counts(dialog: Dialog) -> dict[str, str]:
    counts = {level: sum(r.level == level for r in dialog.rules) for level in LEVELS}
    out = {level: f"{n} rule{'s' * (n != 1)}" for level, n in counts.items()}
    out[LEVELS[0]] = "no rule above holds"
    return out


def _emergency_note(dialog: Dialog) -> str:
    return (f"From ANY question: an answer that makes the level '{dialog.stop_when}', or "
            "an emergency phrase, ends the questions at once")


# -- Mermaid -----------------------------------------------------------------------------------
def _m(text: str) -> str:
    return text.translate(_MERMAID_ESCAPES)


def _m_question(q: Question) -> str:
    text = "<br/>".join(_m(line) for line in _lines(q.ask, 36))
    return f'    {_node(q.id)}["<b>{_m(q.finding.key)}</b><br/>{text}"]'


def to_mermaid(dialog: Dialog) -> str:
    """A Markdown document: how to read it, a ``flowchart TD`` and the table of rules."""
    out = ["flowchart TD", '    start(["start"]) --> ' + _node(dialog.start)]
    out += [_m_question(q) for q in dialog.questions.values()]
    out.append(f'    decide{{"{_m(DECIDE)}"}}')
    out += [f'    o_{lv}(["<b>{_m(_outcome_label(dialog, lv))}</b>'
            + "".join(f"<br/>{_m(a)}" for a in _answers_for(dialog, lv)) + '"])'
            for lv in reversed(LEVELS)]
    out.append(f'    note>"{_m(_emergency_note(dialog))}"] -.-> o_{dialog.stop_when}')
    for q in dialog.questions.values():
        for b, text in zip(q.branches, _branch_labels(q), strict=True):
            label = f'|"{_m(text)}"|' if text else ""
            out.append(f"    {_node(q.id)} -->{label} {_target(b.goto)}")
    counts = _rule_counts(dialog)
    out += [f'    decide -->|"{_m(counts[lv])}"| o_{lv}' for lv in reversed(LEVELS)]
    out.append(f"    classDef alarm fill:{ALARM_FILL},stroke:{ALARM_BORDER},stroke-width:3px")
    out += [f"    classDef {lv} fill:{COLOURS[lv]},stroke:{BORDERS[lv]},stroke-width:2px"
            for lv in LEVELS]
    alarms = [_node(q.id) for q in dialog.questions.values() if q.finding.alarm]
    if alarms:
        out.append(f"    class {','.join(alarms)} alarm")
    out += [f"    class o_{lv} {lv}" for lv in LEVELS]
    rows = ["| rule | level | when | reason |", "| --- | --- | --- | --- |"]
    for rule in sorted(dialog.rules, key=lambda r: -LEVELS.index(r.level)):
        cells = (rule.id, rule.level, f"`{rule.condition.text}`", rule.reason)
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    intro = (
        f"Each box is a question, asked from the top starting at `{dialog.start}`; its first "
        "line is the finding it records. Boxes with a thick red border are alarm signs. An "
        "arrow's label is the condition for taking it; where there is a choice, the "
        "conditions are tried in the numbered order and the first that holds wins. Arrows "
        "into the diamond end the questions, and the rules below decide the outcome; each "
        "outcome box lists the answers that give it (one line a rule; a finding named alone "
        "means it was answered yes). "
        f"{_emergency_note(dialog)}. The user may also say stop or go back at any question "
        "(not drawn).")
    return "\n".join([f"# {TITLE}", "", intro, "", "```mermaid", *out, "```", "",
                      "## Rules", "", *rows, ""])


# -- Graphviz ----------------------------------------------------------------------------------
def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _d_question(q: Question) -> str:
    text = "<br/>".join(html.escape(line) for line in _lines(q.ask))
    label = f"<<b>{html.escape(q.finding.key)}</b><br/>{text}>"
    style = (f', fillcolor="{ALARM_FILL}", color="{ALARM_BORDER}", penwidth=2.5'
             if q.finding.alarm else "")
    return f"  {_node(q.id)} [label={label}{style}];"


def to_dot(dialog: Dialog) -> str:
    """The same graph as :func:`to_mermaid`, as Graphviz DOT."""
    out = [
        "digraph screening {",
        f"  graph [rankdir=TB, fontname=Helvetica, labelloc=t, fontsize=18, nodesep=0.25, "
        f"ranksep=0.3, label={_q(TITLE + ' (thick red border: alarm sign)')}];",
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica, '
        "fontsize=10, margin=\"0.1,0.04\"];",
        "  edge [fontname=Helvetica, fontsize=9, color=\"#555555\", fontcolor=\"#1d4ed8\"];",
        '  start [shape=circle, label="start", fillcolor="#dddddd"];',
        f"  start -> {_node(dialog.start)} [weight=10];",
    ]
    out += [_d_question(q) for q in dialog.questions.values()]
    for q in dialog.questions.values():
        for i, (b, text) in enumerate(zip(q.branches, _branch_labels(q), strict=True)):
            attrs = [f"label={_q(' ' + text)}"] if text else []
            target = _target(b.goto)
            if b.goto == FINISH:  # a marker beside the question, not 20 arrows to one node
                target = f"f_{q.id}"
                out.append(f"  {{ rank=same; {_node(q.id)}; {target}; }}")
                out.append(f'  {target} [label="finish: rules decide", {FINISH_STUB}];')
            elif i == len(q.branches) - 1:
                attrs.append("weight=10")  # the default path runs straight down
            out.append(f"  {_node(q.id)} -> {target} [{', '.join(attrs)}];")
    last = list(dialog.questions)[-1]
    out.append(f"  decide [label={_q('finish: ' + DECIDE)}, {FINISH_STUB}, fontsize=12];")
    out.append(f"  {_node(last)} -> decide [style=invis];")  # decide below the questions
    counts = _rule_counts(dialog)
    out.append("  { rank=same;")
    for lv in reversed(LEVELS):
        answers = "".join(f"{html.escape(a)}<br align=\"left\"/>"
                          for a in _answers_for(dialog, lv))
        label = f"<<b>{html.escape(_outcome_label(dialog, lv))}</b><br/>{answers}>"
        out.append(f'    o_{lv} [shape=box, style="rounded,filled,bold", fontsize=12, '
                   f'fillcolor="{COLOURS[lv]}", color="{BORDERS[lv]}", label={label}];')
    note = "\\n".join(textwrap.wrap(_emergency_note(dialog), 34)).replace('"', '\\"')
    out.append(f'    note [shape=note, fillcolor="{COLOURS["emergency"]}", label="{note}"];')
    out.append("  }")
    out += [f"  decide -> o_{lv} [label={_q(' ' + counts[lv])}];" for lv in reversed(LEVELS)]
    out.append(f'  note -> o_{dialog.stop_when} [style=dashed, color="{BORDERS["emergency"]}"];')
    out.append("  " + " -> ".join(f"o_{lv}" for lv in reversed(LEVELS)) + " [style=invis];")
    out.append("}")
    return "\n".join(out) + "\n"


# -- files -------------------------------------------------------------------------------------
def render(dialog: Dialog, path: Path) -> Path:
    """Write the diagram to ``path`` in the format its suffix names; return ``path``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DiagramError(f"cannot draw to '{path.name}': the file name must end in one of "
                           f"{', '.join(SUFFIXES)} (.md: Mermaid in Markdown; .dot/.gv: "
                           "Graphviz source; .svg/.png: drawn by Graphviz)")
    if suffix == ".md":
        data = to_mermaid(dialog).encode()
    elif suffix in (".dot", ".gv"):
        data = to_dot(dialog).encode()
    else:
        data = _run_dot(to_dot(dialog), suffix[1:])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _run_dot(source: str, fmt: str) -> bytes:
    dot = shutil.which("dot")
    missing = (f"Graphviz's 'dot' is needed to draw .{fmt} files: install Graphviz "
               "(sudo apt-get install graphviz), or draw to a .md file (Mermaid) instead")
    if dot is None:
        raise DiagramError(missing)
    try:
        done = subprocess.run([dot, f"-T{fmt}"], input=source.encode(), capture_output=True,
                              check=False, timeout=120)
    except FileNotFoundError as exc:
        raise DiagramError(missing) from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiagramError(f"Graphviz 'dot' could not run: {exc}") from exc
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip()
        raise DiagramError(f"Graphviz 'dot' failed (exit {done.returncode}): {err}")
    return done.stdout
