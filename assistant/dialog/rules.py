"""Reading what the screening concludes: the ``rules``, the ``outcomes`` they lead to, and
the ``advice`` both give."""

from __future__ import annotations

from typing import Any

from . import yamlfile
from .expr import LEVELS
from .model import Advice, OutcomeText, Rule
from .reader import ID_PATTERN, Reader

RULE_KEYS = ("id", "when", "level", "reason", "specialists", "advice", "source", "scope")
OUTCOME_KEYS = ("say", "specialists", "advice", "source")
ADVICE_KEYS = ("say", "source", "when")


def read_advice(reader: Reader, kinds: dict[str, tuple[str, tuple[str, ...]]]
                ) -> dict[str, Advice]:
    data = reader.section("advice", dict) or {}
    out = {}
    for key, spec in data.items():
        if not isinstance(spec, dict):
            reader.problem(data, f"advice '{key}' must be a mapping with 'say' and 'source'",
                           key)
            continue
        reader.known_keys(spec, ADVICE_KEYS, f"advice '{key}'")
        when = reader.condition(spec, "when", kinds) if "when" in spec else None
        out[key] = Advice(key, reader.text(spec, "say"), reader.sources(spec), when)
    return out


def advice_ids(reader: Reader, node: Any, key: str, advice: dict[str, Advice]
               ) -> tuple[str, ...]:
    ids = node.get(key) or []
    if not isinstance(ids, list):
        reader.problem(node, f"'{key}' must be a list of advice ids", key)
        return ()
    for i, advice_id in enumerate(ids):
        if not isinstance(advice_id, str) or advice_id not in advice:
            reader.problem(ids, f"'{key}': no advice with id '{advice_id}'", i)
    return tuple(str(a) for a in ids)


def read_outcomes(reader: Reader, advice: dict[str, Advice]) -> dict[str, OutcomeText]:
    data = reader.section("outcomes", dict) or {}
    out = {}
    for level in LEVELS:
        spec = data.get(level)
        if not isinstance(spec, dict):
            reader.problem(data if data else yamlfile.Located(),
                           f"outcome '{level}' is missing (needs 'say' and 'source')")
            continue
        reader.known_keys(spec, OUTCOME_KEYS, f"outcome '{level}'")
        out[level] = OutcomeText(level, reader.text(spec, "say"), _specialists(reader, spec),
                                 advice_ids(reader, spec, "advice", advice),
                                 reader.sources(spec))
    for level in data:
        if level not in LEVELS:
            reader.problem(data, f"unknown outcome '{level}' (levels: {', '.join(LEVELS)})",
                           level)
    return out


def read_rules(reader: Reader, kinds: dict[str, tuple[str, tuple[str, ...]]],
               advice: dict[str, Advice]) -> tuple[Rule, ...]:
    data = reader.section("rules", list) or []
    out = []
    seen: dict[str, int] = {}
    for i, spec in enumerate(data):
        if not isinstance(spec, yamlfile.Located):
            reader.problem(data, f"rule {i + 1} must be a mapping", i)
            continue
        rule_id = str(spec.get("id", ""))
        if not ID_PATTERN.match(rule_id):
            reader.problem(spec, f"rule {i + 1}: 'id' must be lower_case_with_underscores")
        elif rule_id in seen:
            reader.problem(spec, f"rule id '{rule_id}' is used twice (also line "
                           f"{seen[rule_id]})", "id")
        seen[rule_id] = spec.line
        level = spec.get("level")
        if level not in LEVELS:
            reader.problem(spec, f"rule '{rule_id}': level must be one of "
                           f"{', '.join(LEVELS)}", "level")
        condition = reader.condition(spec, "when", kinds)
        reason = reader.text(spec, "reason")
        specialists = _specialists(reader, spec)
        ids = advice_ids(reader, spec, "advice", advice)
        sources = reader.sources(spec)
        scope, scope_sources = _scope(reader, spec, rule_id, kinds)
        reader.known_keys(spec, RULE_KEYS, f"rule '{rule_id}'")
        if condition is not None and level in LEVELS:
            out.append(Rule(rule_id, condition, str(level), reason, specialists, ids,
                            sources, spec.file, spec.line, scope, scope_sources))
    return tuple(out)


def _specialists(reader: Reader, node: Any) -> tuple[str, ...]:
    value = node.get("specialists") or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        reader.problem(node, "'specialists' must be a list of names", "specialists")
        return ()
    return tuple(v.strip() for v in value)


def _scope(reader: Reader, spec: Any, rule_id: str,
           kinds: dict[str, tuple[str, tuple[str, ...]]]) -> tuple[Any, tuple[Any, ...]]:
    """A rule's ``scope: {if: ..., source: ...}``: where the rule applies at all. The
    source is required: leaving a sign unasked on a path must be the article's call."""
    node = spec.get("scope")
    if node is None:
        return None, ()
    if not isinstance(node, yamlfile.Located) or "if" not in node or "source" not in node:
        reader.problem(spec, f"rule '{rule_id}': 'scope' needs 'if' (where the rule applies) "
                       "and 'source' (the passage that limits it)", "scope")
        return None, ()
    reader.known_keys(node, ("if", "source"), f"rule '{rule_id}': scope")
    return reader.condition(node, "if", kinds), reader.sources(node)
