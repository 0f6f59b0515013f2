"""Reading the ``questions`` section: states, accepted phrases and where each answer leads."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .coverage import could_fire, values_worth_trying
from .expr import LEVELS, Condition, Context
from .model import FINISH, STOPPED, Branch, Finding, Language, Question, Rule
from .reader import ID_PATTERN, Problem, Reader, is_number
from .yamlfile import Located

RESERVED = {FINISH, STOPPED, *LEVELS}
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
    _link_groups(reader, pending, questions, rules, findings)
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
    if key not in findings:
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
    # A question asked as part of a group takes its way on from the group (_link_groups).
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


def _open(members: tuple[str, ...]) -> Condition:
    """True while some member of a group has no answer: ask them one by one."""
    def test(ctx: Context) -> bool:
        return any(m not in ctx.findings for m in members)
    return Condition(f"one by one: {', '.join(members)}", frozenset(members), test, {})


def _could_change(rest: tuple[str, ...], rules: tuple[Rule, ...],
                  values: dict[str, list[Any]], alarms: frozenset[str]) -> Condition:
    """True while the signs ``rest`` could still change the outcome: the level is still
    self care (where the advice depends on every answer), or a rule reading one of them
    could still raise it, given the answers so far (after "no angioplasty", "getting worse"
    can no longer make it an emergency)."""
    reading = [(r, sorted(r.reads)) for r in rules if r.reads & set(rest)]
    fires: dict[tuple[Any, ...], bool] = {}  # the path checker asks this very often

    def can_fire(rule: Rule, reads: list[str], findings: dict[str, Any]) -> bool:
        key = (rule.id, *(findings.get(k) for k in reads))
        if key not in fires:
            fires[key] = could_fire(rule, findings, values, alarms)
        return fires[key]

    def test(ctx: Context) -> bool:
        rank = LEVELS.index(ctx.level)
        return rank == 0 or any(LEVELS.index(r.level) > rank and
                                can_fire(r, reads, dict(ctx.findings)) for r, reads in reading)

    return Condition(f"could change the outcome: {', '.join(rest)}", frozenset(), test, {})


def _link_groups(reader: Reader, pending: list[tuple[Any, Question]],
                 questions: dict[str, Question], rules: tuple[Rule, ...],
                 findings: dict[str, Finding]) -> None:
    """Chain each group: group -> its members one by one -> the group's ``next``. The
    signs left in a group are skipped once no rule reading them could raise the level
    (a numb groin makes it urgent; leg cramps could add nothing)."""
    conditions = [r.condition for r in rules]
    values = {k: values_worth_trying(f, conditions) for k, f in findings.items()}
    alarms = frozenset(k for k, f in findings.items() if f.alarm)
    # A finding may also be asked on its own elsewhere (with a 'next' of its own); the
    # group uses the question without one.
    by_finding = {q.finding.key: q.id for q in questions.values()
                  if not q.members and not q.branches}
    owner: dict[str, str] = {}
    for spec, group in pending:
        if not group.members:
            continue
        chain = []
        # One by one, the most dangerous first: it is named last in the group's question
        # (what is heard last is remembered best), and a yes to it ends the questions soonest.
        for key in reversed(group.members):
            if key in owner:
                reader.problem(spec, f"question '{group.id}': '{key}' is already asked in "
                               f"group '{owner[key]}'", "group")
            owner[key] = group.id
            if key not in by_finding:
                reader.problem(spec, f"question '{group.id}': '{key}' needs a question of its "
                               "own (with 'finding', 'ask' and 'reask'), asked when the group's "
                               "answer is yes or unclear", "group")
                continue
            chain.append(by_finding[key])
        if not chain:
            continue
        names = {k: v for q in chain for k, v in questions[q].names.items()}
        cuts = {questions[q].finding.key: cut for q in chain
                if (cut := questions[q].at_least) is not None}
        for q in chain:
            if not questions[q].yes_no:
                reader.problem(spec, f"question '{group.id}': '{questions[q].finding.key}' is "
                               "a number; its own question must ask a threshold ('at_least')",
                               "group")
        first = Branch(chain[0], _open(group.members), group.line)
        questions[group.id] = replace(group, names=names, cuts=cuts,
                                      branches=(first, *group.branches))
        for here, after in zip(chain, [*chain[1:], None], strict=True):
            member = questions[here]
            if member.branches:
                reader.problem(next(s for s, q in pending if q.id == here),
                               f"question '{here}' is asked in group '{group.id}': leave out "
                               "'next', it goes on as the group does", "next")
            if after is None:
                questions[here] = replace(member, branches=group.branches)
                continue
            rest = tuple(questions[q].finding.key for q in chain[chain.index(here) + 1:])
            way_on = (Branch(after, _could_change(rest, rules, values, alarms), member.line),
                      *group.branches)
            questions[here] = replace(member, branches=way_on)
