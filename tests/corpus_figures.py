"""The phrasing corpus (tests/corpus/*.yaml): what each reply means, and the figures.

Each item is [finding key or "confirm", reply, expected meaning, category]; see
tests/corpus/held_out.yaml for the meanings (and ``cut_offs``: to the days question, no
amount to count, "for months", "since Tuesday", asked at once as yes or no at the
cut-offs). A reply is *understood* when the matcher
gives exactly the expected meaning. It is *harmful* when the misreading could lower the
outcome: yes or doubt on an alarm sign read as no, an emergency not read as one, a
number read lower than said (or an impossible one accepted).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.dialog.matcher import (
    ANSWER,
    COMMAND,
    DONT_KNOW,
    EMERGENCY,
    NOT_UNDERSTOOD,
    OUT_OF_RANGE,
    WAIT,
    Interpretation,
    Matcher,
    confirmation_question,
)
from assistant.dialog.model import Dialog, Question

CORPUS = Path(__file__).resolve().parent / "corpus"
SPLITS = ("held_out", "fresh", "tune", "other", "spoken", "independent", "independent2",
          "independent3", "independent4", "independent5",
          "independent6", "independent7", "independent8",
          "independent9", "independent10", "independent11", "independent12",
          "independent13", "independent14", "independent15", "independent16",
          "independent17", "independent18", "independent19", "independent20",
          "independent21", "independent22", "independent23", "independent24", "independent25",
          "independent26", "independent27", "independent28", "independent29",
          "independent30", "independent31", "independent32", "independent33",
          "independent34", "independent35", "independent36", "independent37",
          "independent38", "independent39", "independent40", "independent41",
          "independent42", "independent43", "independent44", "independent45",
          "independent46", "independent47", "independent48", "independent49",
          "independent50", "independent51", "independent52", "independent53",
          "independent54", "independent55", "independent56", "independent57",
          "independent58", "independent59", "independent60", "independent61",
          "independent62", "independent63", "independent64", "independent65",
          "independent66", "independent67", "independent68", "independent69",
          "independent70", "independent71", "independent72", "independent73",
          "independent74", "independent75", "independent76", "independent77",
          "independent78", "independent79", "independent80", "independent81",
          "independent82", "independent83", "independent84", "independent85",
          "independent86", "independent87", "independent88", "independent89",
          "independent90", "independent91", "independent92", "independent93",
          "independent94", "independent95", "independent96", "independent97",
          "independent98", "independent99", "independent100", "independent101")
REPORT: list[str] = []
"""Lines printed in pytest's terminal summary (filled by tests/test_corpus.py)."""


@dataclass(frozen=True)
class Item:
    split: str
    question: str
    reply: str
    want: str | float
    category: str


@dataclass(frozen=True)
class Result:
    item: Item
    got: Interpretation
    understood: bool
    harmful: bool


def load_items() -> list[Item]:
    items = []
    for split in SPLITS:
        data = yaml.safe_load((CORPUS / f"{split}.yaml").read_text(encoding="utf-8"))
        for q, reply, want, category in data[split]:
            items.append(Item(split, q, str(reply), _word(want), str(_word(category))))
    return items


def _word(value: Any) -> str | float:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return float(value) if isinstance(value, (int, float)) else str(value)


def question_for(dialog: Dialog, key: str) -> Question:
    if key == "confirm":
        return confirmation_question(dialog.language)
    return next(q for q in dialog.questions.values() if q.finding.key == key)


def judge(dialog: Dialog, matcher: Matcher, item: Item) -> Result:
    question = question_for(dialog, item.question)
    got = matcher.interpret(question, item.reply)
    return Result(item, got, _understood(item.want, got), _harmful(item.want, got, question))


def _understood(want: str | float, got: Interpretation) -> bool:
    if isinstance(want, float):
        return got.kind == ANSWER and isinstance(got.value, float) and \
            abs(got.value - want) < 1e-6
    if want.startswith("command:"):
        return got.kind == COMMAND and got.value == want.split(":", 1)[1]
    if want == "cut_offs":
        # No amount to count ("for months", "since Tuesday"): asked at once as yes or no.
        return got.kind == NOT_UNDERSTOOD and got.why in ("date", "vague")
    if want == "reask" and got.kind == COMMAND and got.value == WAIT:
        # A pause asked for ("hang on"): talk that was not understood until the pause
        # became a command of its own, and the question is still asked again.
        return True
    kinds = {"dont_know": DONT_KNOW, "reask": NOT_UNDERSTOOD, "emergency": EMERGENCY,
             "out_of_range": OUT_OF_RANGE}
    if want in kinds:
        return got.kind == kinds[want]
    return got.kind == ANSWER and got.value == want


def _harmful(want: str | float, got: Interpretation, question: Question) -> bool:
    if want == "emergency":
        return got.kind != EMERGENCY
    if isinstance(want, float):
        return got.kind == ANSWER and got.value < want - 1e-6
    if want == "out_of_range":
        return got.kind == ANSWER
    if want == "cut_offs":
        # A number made up for a time with no amount, taken without asking.
        return got.kind == ANSWER and not got.confirm
    # A reply to be asked again (a negation of something else, unrelated talk) read as a
    # no to an alarm sign is as harmful as doubt read so (GUIDE, "What the matcher
    # misreads"). A no the person is asked to confirm ("I don't think so": "I heard no.
    # Is that right?") is their answer, not a misreading.
    if question.finding.alarm and want in ("yes", "dont_know", "reask"):
        return got.kind == ANSWER and got.value == "no" and not got.confirm
    return False


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of k successes in n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate(k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    pct = 100 * k / n if n else 0.0
    return f"{k}/{n} ({pct:.0f}%, 95% CI {100 * lo:.0f}-{100 * hi:.0f}%)"


def table(results: list[Result]) -> list[str]:
    """Understood replies per category and split, with 95% Wilson intervals."""
    categories = list(dict.fromkeys(r.item.category for r in results))
    lines = ["| category | " + " | ".join(f"{s} understood" for s in SPLITS) + " |",
             "|---|" + "---|" * len(SPLITS)]
    for category in [*categories, "all"]:
        cells = []
        for split in SPLITS:
            mine = [r for r in results if r.item.split == split and
                    category in ("all", r.item.category)]
            cells.append(rate(sum(r.understood for r in mine), len(mine)) if mine else "-")
        name = f"**{category}**" if category == "all" else category
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    harmful = []
    for split in SPLITS:
        mine = [r for r in results if r.item.split == split]
        harmful.append(rate(sum(r.harmful for r in mine), len(mine)))
    lines.append("| misread so as to lower the outcome | " + " | ".join(harmful) + " |")
    return lines
