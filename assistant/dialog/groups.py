"""Linking grouped questions to their signs' own questions.

A group ("chest pain, fainting or breathlessness?") is answered at once when it can be;
when its answer is yes or unclear, its signs are asked one by one, and then the dialogue
goes on as the group's ``next`` says.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .coverage import could_fire, values_worth_trying
from .expr import LEVELS, Condition, Context
from .model import Branch, Finding, Question, Rule
from .reader import Reader


def link_groups(reader: Reader, pending: list[tuple[Any, Question]],
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
