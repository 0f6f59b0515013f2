"""How the answer matcher's time grows with the length of what is said.

``python -m assistant.bench.matching`` times ``Matcher.interpret`` on inputs of 1 KB to
1 MB of several kinds (a long "no no no", random answer words, numbers, emergency-like
words, a negation before a long run of "when") on a yes/no, a choice and a number
question, and prints the time per KB. Linear matching keeps the time per KB flat as the
input grows. Figures are reported, not judged.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from ..dialog.loader import load_dialog
from ..dialog.matcher import Matcher

SIZES_KB = (1, 10, 100, 1000)
WORDS = ["no", "yes", "not", "i", "don't", "know", "chest", "pain", "a", "bit", "maybe", "it",
         "doesn't", "stop", "help", "three", "weeks", "and", "half", "left", "never", "um"]
KINDS = {
    "no no no": lambda rng: "no ",
    "random answer words": lambda rng: rng.choice(WORDS) + rng.choice([" ", ", ", ". "]),
    "numbers": lambda rng: f"{rng.randint(0, 99)} ",
    "chest words, negated": lambda rng: "no chest pain ",
    # A long run of words that name nothing after a negation (START): each search for
    # the next word must not scan the run again.
    "negation, then when when": lambda rng: "when ",
}
START = {"negation, then when when": "it doesn't hurt "}
"""What an input of that kind begins with."""


def _text(kind: str, size: int, rng: random.Random) -> str:
    parts: list[str] = [START.get(kind, "")]
    length = len(parts[0])
    while length < size:
        part = KINDS[kind](rng)
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


def measure(dialogs: Path, sizes_kb: tuple[int, ...] = SIZES_KB) -> dict[str, Any]:
    dialog = load_dialog(dialogs)
    matcher = Matcher(dialog.language)
    keys = ("fever", "side", "days")
    questions = {k: next(q for q in dialog.questions.values() if q.finding.key == k)
                 for k in keys}
    rng = random.Random(1)
    rows = []
    for kind in KINDS:
        for key, question in questions.items():
            for kb in sizes_kb:
                text = _text(kind, kb * 1024, rng)
                start = time.perf_counter()
                got = matcher.interpret(question, text)
                seconds = time.perf_counter() - start
                rows.append({"input": kind, "question": key, "kb": kb,
                             "seconds": round(seconds, 4),
                             "ms_per_kb": round(1000 * seconds / kb, 3), "kind": got.kind})
    return {"rows": rows}


def markdown(result: dict[str, Any]) -> str:
    rows = result["rows"]
    sizes = sorted({r["kb"] for r in rows})
    head = "| input | question | " + " | ".join(f"{s} KB" for s in sizes) + " |"
    lines = ["Matching time per KB of input (ms/KB; flat = linear)", "", head,
             "|---|---|" + "---|" * len(sizes)]
    for kind in dict.fromkeys(r["input"] for r in rows):
        for key in dict.fromkeys(r["question"] for r in rows):
            cells = [next(f"{r['ms_per_kb']:.3f}" for r in rows if r["input"] == kind and
                          r["question"] == key and r["kb"] == s) for s in sizes]
            lines.append(f"| {kind} | {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.matching",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--dialogs", type=Path,
                        default=Path(__file__).resolve().parents[2] / "dialogs")
    parser.add_argument("--max-kb", type=int, default=1000, help="largest input (KB)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    sizes = tuple(s for s in SIZES_KB if s <= args.max_kb) or (1,)
    result = measure(args.dialogs, sizes)
    sys.stdout.write(json.dumps(result) + "\n" if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
