"""Load and validate the dialogue files (``dialogs/*.yaml``) into a :class:`Dialog`.

Each section is read on its own (findings.py, language.py, rules.py, questions.py); what
only holds across sections is checked here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .expr import LEVELS, Condition
from .findings import read_findings
from .language import read_language
from .model import Advice, Dialog, Question, Rule
from .questions import load_questions
from .reader import DialogInvalid, Problem, Reader, default_seeds_dir
from .rules import advice_ids, read_advice, read_outcomes, read_rules
from .threshold import decided_by


def load_dialog(directory: Path | str, seeds: Path | None | bool = True) -> Dialog:
    """Load and validate ``directory/*.yaml``; raise :class:`DialogInvalid` listing problems.

    ``seeds`` is the folder of source articles used to check every ``source``;
    ``True`` finds it next to the project, ``None``/``False`` skips that check.
    """
    seeds_dir = default_seeds_dir() if seeds is True else (seeds or None)
    loader = Reader(Path(directory), seeds_dir if isinstance(seeds_dir, Path) else None)
    files = loader.read_files()
    if loader.problems:  # unreadable files: later checks would only echo missing sections
        raise DialogInvalid(loader.problems)
    findings = read_findings(loader)
    kinds = {k: (f.type, f.choices) for k, f in findings.items()}
    language = read_language(loader, findings)
    advice = read_advice(loader, kinds)
    outcomes = read_outcomes(loader, advice)
    rules = read_rules(loader, kinds, advice)
    safety_node = loader.section("safety", list, required=False)
    safety = advice_ids(loader, {"safety": safety_node}, "safety", advice) if safety_node else ()
    stop_when = loader.sections.get("stop_when", "emergency")
    if stop_when not in LEVELS:
        loader.problem(loader.section_file.get("stop_when"), "'stop_when' must be an outcome "
                       f"level ({', '.join(LEVELS)})", "stop_when")
    start, questions = load_questions(loader, findings, language, kinds, rules)
    # Phrases marked "~" in any file are left out of every grammar, like those listed.
    language = replace(language, grammar_leaves_out=tuple(dict.fromkeys(
        (*language.grammar_leaves_out, *loader.unheard))))
    _cross_checks(loader, questions, rules)
    _check_cuts(loader, questions, rules, advice)
    if loader.problems:
        raise DialogInvalid(loader.problems)
    return Dialog(findings, questions, start, str(stop_when), rules, advice, outcomes,
                  tuple(safety), language, tuple(files))


def _cross_checks(loader: Reader, questions: dict[str, Question], rules: Iterable[Rule]
                  ) -> None:
    asked = {q.finding.key for q in questions.values()}
    for rule in rules:
        for key in sorted(rule.condition.reads - asked):
            loader.problems.append(Problem(rule.file, rule.line, f"rule '{rule.id}' uses "
                                           f"finding '{key}', but no question asks it"))


def _check_cuts(loader: Reader, questions: dict[str, Question], rules: Iterable[Rule],
                advice: dict[str, Advice]) -> None:
    """A number asked as a threshold ("seven or more?") is known only as a side of its cut:
    every condition must be one that the side settles (``severity >= 7``, not ``> 7``)."""
    cuts: dict[str, tuple[float, Question]] = {}
    for question in questions.values():
        if question.at_least is None:
            continue
        key = question.finding.key
        if key in cuts and cuts[key][0] != question.at_least:
            loader.problems.append(Problem(question.file, question.line, f"question "
                                           f"'{question.id}': {key} is asked with two cuts "
                                           f"({cuts[key][0]:g} and {question.at_least:g})"))
        cuts.setdefault(key, (question.at_least, question))
    places: list[tuple[str, int, str, Condition]] = [
        (r.file, r.line, f"rule '{r.id}'", r.condition) for r in rules]
    places += [(q.file, b.line, f"question '{q.id}'", b.condition)
               for q in questions.values() for b in q.branches if b.condition is not None]
    advice_file = loader.section_file.get("advice")
    places += [(advice_file.file if advice_file else "", advice_file.line if advice_file else 0,
                f"advice '{a.id}'", a.when) for a in advice.values() if a.when is not None]
    for file, line, where, condition in places:
        for key, (cut, question) in cuts.items():
            for op, bound in sorted(condition.comparisons.get(key, ())):
                if op == "==" or op == "!=" or not decided_by(cut, op, bound):
                    loader.problems.append(Problem(
                        file, line, f"{where}: '{key} {op} {bound:g}' "
                        f"is not settled by question '{question.id}', which asks only whether "
                        f"{key} is {cut:g} or more"))
