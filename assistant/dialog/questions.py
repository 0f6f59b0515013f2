"""Reading the ``questions`` section: states, accepted phrases and where each answer leads."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .expr import LEVELS
from .groups import link_groups
from .model import FINISH, STOPPED, Branch, Finding, Language, Question, Rule
from .reader import ID_PATTERN, Problem, Reader, is_number
from .yamlfile import Located

RESERVED = {FINISH, STOPPED, *LEVELS}
QUESTION_KEYS = ("id", "finding", "ask", "reask", "answers", "next", "source", "help", "names",
                 "at_least")
GROUP_KEYS = ("id", "group", "ask", "answers", "next", "source", "help")
Kinds = dict[str, tuple[str, tuple[str, ...]]]


def load_questions(reader: Reader, findings: dict[str, Finding], language: Language,
                   kinds: Kinds, rules: tuple[Rule, ...] = ()) -> tuple[str, dict[str, Question]]:
    """Return the start state and the questions by id; problems go to ``reader``."""
    data = reader.section("questions", list) or []
    questions: dict[str, Question] = {}
    pending: list[tuple[Any, Question]] = []
    grouped = {str(m) for spec in data if isinstance(spec, dict)
               and isinstance(spec.get("group"), list) for m in spec["group"]}
    for i, spec in enumerate(data):
        if not isinstance(spec, dict):
            reader.problem(data, f"question {i + 1} must be a mapping", i)
            continue
        question = _question(reader, spec, findings, language, kinds, grouped)
        if question is None:
            continue
        if question.id in questions:
            first = questions[question.id]
            reader.problem(spec, f"question id '{question.id}' is used twice (first at line "
                           f"{first.line})", "id")
            continue
        questions[question.id] = question
        pending.append((spec, question))
    link_groups(reader, pending, questions, rules, findings)
    for spec, question in pending:
        for branch in question.branches:
            if branch.goto != FINISH and branch.goto not in questions:
                reader.problems.append(_at(spec, branch.line,
                                           f"question '{question.id}': goto '{branch.goto}' "
                                           "is not a question id (or 'finish')"))
    start = reader.sections.get("start")
    if not isinstance(start, str) or start not in questions:
        owner = reader.section_file.get("start")
        reader.problem(owner, f"'start' must name a question id (got '{start}')", "start")
    return str(start), questions


def _at(spec: Any, line: int, message: str) -> Problem:
    return Problem(spec.file, line or spec.line, message)


def _question(reader: Reader, spec: Any, findings: dict[str, Finding], language: Language,
              kinds: Kinds, grouped: set[str]) -> Question | None:
    if "group" in spec:
        return _group(reader, spec, findings, language, kinds)
    key = spec.get("finding")
    reader.known_keys(spec, QUESTION_KEYS, f"question '{spec.get('id', key)}'")
    if not isinstance(key, str) or key not in findings:
        reader.problem(spec, f"'finding' must name a declared finding (got '{key}')",
                       "finding" if "finding" in spec else None)
        return None
    finding = findings[key]
    qid = str(spec.get("id", key))
    if not ID_PATTERN.match(qid) or qid in RESERVED:
        reader.problem(spec, f"question id '{qid}' must be lower_case_with_underscores and "
                       f"not one of {', '.join(sorted(RESERVED))}", "id")
        return None
    ask, reask = reader.text(spec, "ask"), reader.text(spec, "reask")
    at_least = _cut(reader, spec, finding, qid)
    phrases = _phrases(reader, spec, finding, language, qid, at_least is not None)
    # A question asked as part of a group takes its way on from the group (groups.py).
    branches = () if key in grouped and "next" not in spec else \
        _branches(reader, spec, kinds, qid)
    sources = reader.sources(spec)
    names = reader.word_list(spec, "names") if "names" in spec else ()
    if names and (key not in grouped or finding.alarm):
        reader.problem(spec, f"question '{qid}': 'names' is for a sign that is not an alarm "
                       "sign, asked in a group", "names")
    return Question(qid, finding, ask, reask, phrases, branches, sources,
                    reader.text(spec, "help", required=False), spec.file, spec.line,
                    names={key: names} if names else {}, at_least=at_least)


def _cut(reader: Reader, spec: Any, finding: Finding, qid: str) -> float | None:
    """``at_least: 7``: a number finding asked as "seven or more?" (see threshold.py)."""
    if "at_least" not in spec:
        return None
    cut = spec["at_least"]
    if finding.type != "number" or not is_number(cut) or \
            not finding.minimum < cut <= finding.maximum:
        reader.problem(spec, f"question '{qid}': 'at_least' is for a number finding, a number "
                       f"above its min and up to its max (got '{cut}')", "at_least")
        return None
    return float(cut)


def _phrases(reader: Reader, spec: Any, finding: Finding, language: Language, qid: str,
             threshold: bool = False) -> dict[str, tuple[str, ...]]:
    node = spec.get("answers")
    if threshold:
        finding = replace(finding, type="yes_no")
    if finding.type == "number":
        if node is not None:
            reader.problem(spec, f"question '{qid}': a number question takes numbers; remove "
                           "'answers'", "answers")
        return {}
    if node is not None and not isinstance(node, dict):
        reader.problem(spec, f"question '{qid}': 'answers' must map each answer to phrases",
                       "answers")
        node = None
    node = node or {}
    values = ("yes", "no") if finding.type == "yes_no" else finding.choices
    phrases: dict[str, tuple[str, ...]] = {}
    for value in values:
        base = language.yes_no.get(value, ()) if finding.type == "yes_no" else (value,)
        extra = reader.word_list(node, value) if value in node else ()
        phrases[value] = tuple(dict.fromkeys((*base, *extra)))
    for value in node:
        if value not in values:
            reader.problem(node, f"question '{qid}': '{value}' is not an answer of "
                           f"{finding.key} ({', '.join(values)})", value)
    _check_unambiguous(reader, node or spec, phrases, language, qid)
    return phrases


def _check_unambiguous(reader: Reader, where: Any, phrases: dict[str, tuple[str, ...]],
                       language: Language, qid: str) -> None:
    owner: dict[str, str] = {}
    for meaning, words in _global_phrases(language):
        for phrase in words:
            owner.setdefault(phrase, meaning)
    for value, words in phrases.items():
        for phrase in words:
            other = owner.get(phrase)
            if other is not None and other != value:
                reader.problem(where, f"question '{qid}': phrase '{phrase}' means both "
                               f"'{other}' and '{value}'")
            owner[phrase] = value


def _global_phrases(language: Language) -> list[tuple[str, tuple[str, ...]]]:
    items = [(f"command {name}", words) for name, words in language.commands.items()]
    items.append(("I don't know", language.dont_know))
    items.append(("emergency", language.emergency_phrases))
    return items


def _branches(reader: Reader, spec: Any, kinds: Kinds, qid: str) -> tuple[Branch, ...]:
    raw = spec.get("next")
    if isinstance(raw, str):
        return (Branch(raw.strip(), None, spec.line_of("next")),)
    if not isinstance(raw, list) or not raw:
        reader.problem(spec, f"question '{qid}': 'next' must be a question id, 'finish', or a "
                       "list of {if: ..., goto: ...}", "next" if "next" in spec else None)
        return ()
    branches = []
    for i, item in enumerate(raw):
        if not isinstance(item, Located) or not isinstance(item.get("goto"), str):
            reader.problem(raw, f"question '{qid}': next item {i + 1} needs 'goto'", i)
            continue
        reader.known_keys(item, ("if", "goto"), f"question '{qid}': next item {i + 1}")
        condition = None
        if "if" in item:
            condition = reader.condition(item, "if", kinds)
            if condition is None:
                continue
        elif i != len(raw) - 1:
            reader.problem(item, f"question '{qid}': only the last 'next' item may have no "
                           "'if' (the ones after it could never be taken)")
        branches.append(Branch(item["goto"].strip(), condition, item.line))
    if raw and isinstance(raw[-1], dict) and "if" in raw[-1]:
        reader.problem(raw, f"question '{qid}': the last 'next' item must have no 'if', so "
                       "that every answer leads somewhere", len(raw) - 1)
    return tuple(branches)


# -- grouped questions ----------------------------------------------------------------------------
MAX_GROUP = 3
"""Signs asked together at most: more is too much to hold in mind after a stroke."""


def _group(reader: Reader, spec: Any, findings: dict[str, Finding], language: Language,
           kinds: Kinds) -> Question | None:
    """``group: [a, b, c]`` with ``id``, ``ask``, ``source`` and ``next``. No ``reask``:
    the simpler way to ask a group is one sign at a time."""
    qid = str(spec.get("id", ""))
    if not ID_PATTERN.match(qid) or qid in RESERVED or qid in findings:
        reader.problem(spec, f"a grouped question needs an 'id' of its own, lower_case_with_"
                       f"underscores and not a finding (got '{qid}')", "id")
        return None
    raw = spec.get("group")
    members = tuple(str(m) for m in raw) if isinstance(raw, list) else ()
    # A number finding may be a sign when its own question asks a threshold (checked when
    # the group is linked to its members' questions).
    bad = [m for m in members if m not in findings or findings[m].type == "choice"]
    if not 2 <= len(members) <= MAX_GROUP or bad or len(set(members)) != len(members):
        reader.problem(spec, f"question '{qid}': 'group' must list 2 to {MAX_GROUP} different "
                       f"yes/no findings" + (f" (not {', '.join(bad)})" if bad else ""), "group")
        return None
    if "reask" in spec:
        reader.problem(spec, f"question '{qid}': a group has no 'reask'; when its answer is "
                       "unclear, its signs are asked one by one", "reask")
    # 'reask' is known, and reported above with the reason it does not belong here.
    reader.known_keys(spec, (*GROUP_KEYS, "reask"), f"question '{qid}'")
    parts = [findings[m] for m in members]
    stand_in = Finding(qid, "yes_no", " or ".join(f.about or f.key for f in parts),
                       any(f.alarm for f in parts))
    phrases = _phrases(reader, spec, stand_in, language, qid)
    branches = _branches(reader, spec, kinds, qid)
    return Question(qid, stand_in, reader.text(spec, "ask"), "", phrases, branches,
                    reader.sources(spec), reader.text(spec, "help", required=False),
                    spec.file, spec.line, members)


def questions_keys(questions: dict[str, Question]) -> set[str]:
    """Every finding some question asks (the signs of a group included)."""
    return {k for q in questions.values() for k in q.keys}
