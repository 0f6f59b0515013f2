"""Load and validate the dialogue files (``dialogs/*.yaml``) into a :class:`Dialog`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import yamlfile
from .expr import LEVELS, Condition
from .model import Advice, Dialog, Finding, Language, OutcomeText, Question, Rule
from .questions import load_questions
from .reader import (
    ID_PATTERN,
    DialogInvalid,
    Problem,
    Reader,
    default_seeds_dir,
    is_number,
    word,
)
from .text import normalize
from .threshold import decided_by

FINDING_TYPES = ("yes_no", "choice", "number")
RULE_KEYS = ("id", "when", "level", "reason", "specialists", "advice", "source", "scope")
FINDING_KEYS = ("type", "about", "alarm", "choices", "min", "max", "unit")
COMMANDS = ("repeat", "back", "help", "stop", "slower", "faster", "louder", "quieter")
REQUIRED_SAY = ("welcome", "disclaimer", "not_understood", "reask_dont_know",
                "recorded_unknown", "help_yes_no", "help_choice", "help_number",
                "help_commands", "stopped", "stopped_early", "specialists", "goodbye",
                "repeat_intro", "nothing_to_undo", "out_of_range", "going_back",
                "emergency_heard", "confirm", "confirm_yes_no", "try_again", "help_all",
                "confirm_stop", "going_on", "no_answer_heard", "no_answers", "taken_as_said",
                "slower", "faster", "louder", "quieter", "slowest", "fastest", "loudest",
                "quietest", "repeat_hint", "one_at_a_time")


class _Sections(Reader):
    def findings(self) -> dict[str, Finding]:
        data = self.section("findings", dict) or {}
        out: dict[str, Finding] = {}
        for key, spec in data.items():
            if not ID_PATTERN.match(key):
                self.problem(data, f"finding '{key}': use lower_case_with_underscores", key)
                continue
            if not isinstance(spec, dict):
                self.problem(data, f"finding '{key}' must be a mapping with 'type'", key)
                continue
            ftype = spec.get("type")
            if ftype not in FINDING_TYPES:
                self.problem(spec, f"finding '{key}': type must be one of "
                             f"{', '.join(FINDING_TYPES)}", "type")
                continue
            for extra in spec:
                if extra not in FINDING_KEYS:
                    # Often an unquoted comma: "about: fainted, or felt faint" makes
                    # "or felt faint" a key of its own.
                    self.problem(spec, f"finding '{key}': unknown key '{extra}' (expected "
                                 f"{', '.join(FINDING_KEYS)}; quote a text with a comma)",
                                 extra)
            choices = self.word_list(spec, "choices") if ftype == "choice" else ()
            if ftype == "choice" and len(choices) < 2:
                self.problem(spec, f"finding '{key}': a choice needs at least two 'choices'")
            lo, hi = spec.get("min", 0), spec.get("max", 0)
            if ftype == "number" and not (is_number(lo) and is_number(hi) and lo < hi):
                self.problem(spec, f"finding '{key}': a number needs 'min' < 'max'")
                lo, hi = 0, 0
            out[key] = Finding(key, ftype, self.text(spec, "about", required=False),
                               bool(spec.get("alarm", False)), choices, float(lo), float(hi),
                               self.text(spec, "unit", required=False))
        return out

    def language(self, findings: dict[str, Finding] | None = None) -> Language:
        data = self.section("language", dict) or yamlfile.Located()
        yes_no_node = data.get("yes_no")
        yes_no: dict[str, tuple[str, ...]] = {}
        if isinstance(yes_no_node, dict):
            for value in ("yes", "no"):
                yes_no[value] = self.word_list(yes_no_node, value)
                if not yes_no[value]:
                    self.problem(yes_no_node, f"'yes_no' needs a list of '{value}' phrases")
        else:
            self.problem(data, "'yes_no' must map yes and no to phrases", "yes_no")
        commands_node = data.get("commands")
        commands: dict[str, tuple[str, ...]] = {}
        if isinstance(commands_node, dict):
            for name in COMMANDS:
                commands[name] = self.word_list(commands_node, name)
                if not commands[name]:
                    self.problem(commands_node, f"command '{name}' has no phrases")
            for name in commands_node:
                if name not in COMMANDS:
                    self.problem(commands_node, f"unknown command '{name}' (expected "
                                 f"{', '.join(COMMANDS)})", name)
        else:
            self.problem(data, "'commands' must map each command to phrases", "commands")
        say_node = data.get("say")
        say = {k: " ".join(str(v).split()) for k, v in say_node.items()} \
            if isinstance(say_node, dict) else {}
        for required in REQUIRED_SAY:
            if required not in say:
                self.problem(say_node if isinstance(say_node, dict) else data,
                             f"language.say needs '{required}'")
        return Language(
            yes_no=yes_no,
            dont_know=self.word_list(data, "dont_know"),
            commands=commands,
            emergency_calls=self.word_list(data, "emergency_calls"),
            emergency_symptoms=self.word_list(data, "emergency_symptoms"),
            negations=self.word_list(data, "negations"),
            negation_links=self.word_list(data, "negation_links"),
            fillers=self.word_list(data, "fillers"),
            number_words=self.number_map(data, "number_words"),
            duration_units=self.number_map(data, "duration_units"),
            duration_phrases=self.number_map(data, "duration_phrases"),
            more_than=self.word_list(data, "more_than"),
            or_more=self.word_list(data, "or_more"),
            say=say,
            spellings=self.spellings(data),
            hesitations=self.word_list(data, "hesitations"),
            clause_breaks=self.word_list(data, "clause_breaks"),
            doubt_verbs=self.word_list(data, "doubt_verbs"),
            intensity=self.word_list(data, "intensity"),
            conversation_talk=self.word_list(data, "conversation_talk"),
            finding_answers=self.finding_answers(data, findings or {}),
            confirm_answers=self.answer_lists(data, "confirm_answers", ("yes", "no")),
            emergency_numbers=self.emergency_numbers(data),
            call_verbs=self.word_list(data, "call_verbs"),
            grammar_leaves_out=self.word_list(data, "grammar_leaves_out"),
            emergency_areas=self.word_list(data, "emergency_areas"),
            emergency_feelings=self.word_list(data, "emergency_feelings"),
        )

    def spellings(self, data: Any) -> dict[str, str]:
        """``spellings``: one written word -> the phrase it stands for."""
        node = data.get("spellings")
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.problem(data, "'spellings' must map a written word to a phrase", "spellings")
            return {}
        out = {}
        for written, meant in node.items():
            key, value = normalize(word(written)), normalize(word(meant))
            if len(key.split()) != 1 or not value:
                self.problem(node, f"'spellings': '{written}' must be one word mapped to a "
                             "phrase", written)
                continue
            out[key] = value
        return out

    def answer_lists(self, data: Any, key: str, values: tuple[str, ...]
                     ) -> dict[str, tuple[str, ...]]:
        """``key``: answer value -> phrases, for the answers in ``values``."""
        node = data.get(key)
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.problem(data, f"'{key}' must map answers ({', '.join(values)}) to phrases", key)
            return {}
        out = {}
        for value in node:
            name = word(value)
            if name not in values:
                self.problem(node, f"'{key}': '{name}' is not an answer (expected "
                             f"{', '.join(values)})", value)
                continue
            out[name] = self.word_list(node, value)
        return out

    def finding_answers(self, data: Any, findings: dict[str, Finding]
                        ) -> dict[str, dict[str, tuple[str, ...]]]:
        """``finding_answers``: finding key -> answer -> phrases, for yes/no and choice
        findings; each phrase must not also be a command or an emergency phrase."""
        node = data.get("finding_answers")
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.problem(data, "'finding_answers' must map finding keys to answers",
                         "finding_answers")
            return {}
        reserved = {p: f"command {name}" for name, ps in
                    _phrases_of(data.get("commands")).items() for p in ps}
        for p in self.word_list(data, "emergency_calls") + \
                self.word_list(data, "emergency_symptoms"):
            reserved[p] = "an emergency phrase"
        out = {}
        for key, answers in node.items():
            finding = findings.get(key)
            if findings and (finding is None or finding.type == "number"):
                self.problem(node, f"'finding_answers': '{key}' is not a yes/no or choice "
                             "finding", key)
                continue
            values = ("yes", "no") if finding is None or finding.type == "yes_no" \
                else finding.choices
            lists = self.answer_lists(node, key, values)
            for value, phrases in lists.items():
                for phrase in phrases:
                    if phrase in reserved:
                        self.problem(answers, f"'finding_answers': '{phrase}' ({key}, {value})"
                                     f" is also {reserved[phrase]}", value)
            out[str(key)] = lists
        return out

    def emergency_numbers(self, data: Any) -> tuple[str, ...]:
        numbers = self.word_list(data, "emergency_numbers")
        for number in numbers:
            if not number.isdigit():
                self.problem(data, f"'emergency_numbers': '{number}' must be digits",
                             "emergency_numbers")
        return tuple(n for n in numbers if n.isdigit())

    def number_map(self, data: Any, key: str) -> dict[str, float]:
        node = data.get(key)
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.problem(data, f"'{key}' must map phrases to numbers", key)
            return {}
        out = {}
        for phrase, value in node.items():
            number = _fraction(value)
            if number is None:
                self.problem(node, f"'{key}': '{phrase}' must map to a number (or a fraction "
                             "like 1/24)", phrase)
                continue
            out[normalize(phrase)] = number
        return out

    def advice(self, kinds: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, Advice]:
        data = self.section("advice", dict) or {}
        out = {}
        for key, spec in data.items():
            if not isinstance(spec, dict):
                self.problem(data, f"advice '{key}' must be a mapping with 'say' and 'source'",
                             key)
                continue
            for extra in spec:
                if extra not in ("say", "source", "when"):
                    self.problem(spec, f"advice '{key}': unknown key '{extra}' (expected say, "
                                 "source, when)", extra)
            when = self.condition(spec, "when", kinds) if "when" in spec else None
            out[key] = Advice(key, self.text(spec, "say"), self.sources(spec), when)
        return out

    def advice_ids(self, node: Any, key: str, advice: dict[str, Advice]) -> tuple[str, ...]:
        ids = node.get(key) or []
        if not isinstance(ids, list):
            self.problem(node, f"'{key}' must be a list of advice ids", key)
            return ()
        for i, advice_id in enumerate(ids):
            if advice_id not in advice:
                self.problem(ids, f"'{key}': no advice with id '{advice_id}'", i)
        return tuple(str(a) for a in ids)

    def specialists(self, node: Any) -> tuple[str, ...]:
        value = node.get("specialists") or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(node, "'specialists' must be a list of names", "specialists")
            return ()
        return tuple(v.strip() for v in value)

    def scope(self, spec: Any, rule_id: str, kinds: dict[str, tuple[str, tuple[str, ...]]]
              ) -> tuple[Any, tuple[Any, ...]]:
        """A rule's ``scope: {if: ..., source: ...}``: where the rule applies at all. The
        source is required: leaving a sign unasked on a path must be the article's call."""
        node = spec.get("scope")
        if node is None:
            return None, ()
        if not isinstance(node, yamlfile.Located) or "if" not in node or "source" not in node:
            self.problem(spec, f"rule '{rule_id}': 'scope' needs 'if' (where the rule applies) "
                         "and 'source' (the passage that limits it)", "scope")
            return None, ()
        return self.condition(node, "if", kinds), self.sources(node)

    def outcomes(self, advice: dict[str, Advice]) -> dict[str, OutcomeText]:
        data = self.section("outcomes", dict) or {}
        out = {}
        for level in LEVELS:
            spec = data.get(level)
            if not isinstance(spec, dict):
                self.problem(data if data else yamlfile.Located(),
                             f"outcome '{level}' is missing (needs 'say' and 'source')")
                continue
            out[level] = OutcomeText(level, self.text(spec, "say"), self.specialists(spec),
                                     self.advice_ids(spec, "advice", advice), self.sources(spec))
        for level in data:
            if level not in LEVELS:
                self.problem(data, f"unknown outcome '{level}' (levels: {', '.join(LEVELS)})",
                             level)
        return out

    def rules(self, kinds: dict[str, tuple[str, tuple[str, ...]]], advice: dict[str, Advice]
              ) -> tuple[Rule, ...]:
        data = self.section("rules", list) or []
        out = []
        seen: dict[str, int] = {}
        for i, spec in enumerate(data):
            if not isinstance(spec, yamlfile.Located):
                self.problem(data, f"rule {i + 1} must be a mapping", i)
                continue
            rule_id = str(spec.get("id", ""))
            if not ID_PATTERN.match(rule_id):
                self.problem(spec, f"rule {i + 1}: 'id' must be lower_case_with_underscores")
            elif rule_id in seen:
                self.problem(spec, f"rule id '{rule_id}' is used twice (also line "
                             f"{seen[rule_id]})", "id")
            seen[rule_id] = spec.line
            level = spec.get("level")
            if level not in LEVELS:
                self.problem(spec, f"rule '{rule_id}': level must be one of "
                             f"{', '.join(LEVELS)}", "level")
            condition = self.condition(spec, "when", kinds)
            reason = self.text(spec, "reason")
            specialists = self.specialists(spec)
            ids = self.advice_ids(spec, "advice", advice)
            sources = self.sources(spec)
            scope, scope_sources = self.scope(spec, rule_id, kinds)
            for extra in spec:
                if extra not in RULE_KEYS:
                    self.problem(spec, f"rule '{rule_id}': unknown key '{extra}' (expected "
                                 f"{', '.join(RULE_KEYS)})", extra)
            if condition is not None and level in LEVELS:
                out.append(Rule(rule_id, condition, str(level), reason, specialists, ids,
                                sources, spec.file, spec.line, scope, scope_sources))
        return tuple(out)




def load_dialog(directory: Path | str, seeds: Path | None | bool = True) -> Dialog:
    """Load and validate ``directory/*.yaml``; raise :class:`DialogInvalid` listing problems.

    ``seeds`` is the folder of source articles used to check every ``source``;
    ``True`` finds it next to the project, ``None``/``False`` skips that check.
    """
    seeds_dir = default_seeds_dir() if seeds is True else (seeds or None)
    loader = _Sections(Path(directory), seeds_dir if isinstance(seeds_dir, Path) else None)
    files = loader.read_files()
    if loader.problems:  # unreadable files: later checks would only echo missing sections
        raise DialogInvalid(loader.problems)
    findings = loader.findings()
    kinds = {k: (f.type, f.choices) for k, f in findings.items()}
    language = loader.language(findings)
    advice = loader.advice(kinds)
    outcomes = loader.outcomes(advice)
    rules = loader.rules(kinds, advice)
    safety_node = loader.section("safety", list, required=False)
    safety = loader.advice_ids({"safety": safety_node}, "safety", advice) if safety_node else ()
    stop_when = loader.sections.get("stop_when", "emergency")
    if stop_when not in LEVELS:
        loader.problem(loader.section_file.get("stop_when"), "'stop_when' must be an outcome "
                       f"level ({', '.join(LEVELS)})", "stop_when")
    start, questions = load_questions(loader, findings, language, kinds, rules)
    _cross_checks(loader, questions, rules)
    _check_cuts(loader, questions, rules, advice)
    if loader.problems:
        raise DialogInvalid(loader.problems)
    return Dialog(findings, questions, start, str(stop_when), rules, advice, outcomes,
                  tuple(safety), language, tuple(files))


def _fraction(value: Any) -> float | None:
    """A number, or a fraction written "1/24" (an hour in days)."""
    if is_number(value):
        return float(value)
    parts = str(value).split("/") if isinstance(value, str) else []
    if len(parts) == 2 and all(p.strip().isdigit() for p in parts) and int(parts[1]):
        return int(parts[0]) / int(parts[1])
    return None


def _phrases_of(node: Any) -> dict[str, list[str]]:
    if not isinstance(node, dict):
        return {}
    return {str(k): [normalize(word(p)) for p in v] for k, v in node.items()
            if isinstance(v, list)}


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
