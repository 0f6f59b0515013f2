"""Reading the ``language`` section: what the assistant says, and the words it understands."""

from __future__ import annotations

import math
from typing import Any

from . import yamlfile
from .language_values import check_keys, read_say, read_spellings
from .model import Finding, Language
from .reader import Reader, is_number, word
from .text import normalize

COMMANDS = ("repeat", "back", "help", "stop", "slower", "faster", "louder", "quieter")


def read_language(reader: Reader, findings: dict[str, Finding] | None = None) -> Language:
    data = reader.section("language", dict) or yamlfile.Located()
    check_keys(reader, data)
    yes_no_node = data.get("yes_no")
    yes_no: dict[str, tuple[str, ...]] = {}
    if isinstance(yes_no_node, dict):
        reader.known_keys(yes_no_node, ("yes", "no"), "language: yes_no")
        for value in ("yes", "no"):
            yes_no[value] = reader.word_list(yes_no_node, value)
            if not yes_no[value]:
                reader.problem(yes_no_node, f"'yes_no' needs a list of '{value}' phrases")
    else:
        reader.problem(data, "'yes_no' must map yes and no to phrases", "yes_no")
    commands_node = data.get("commands")
    commands: dict[str, tuple[str, ...]] = {}
    if isinstance(commands_node, dict):
        for name in COMMANDS:
            commands[name] = reader.word_list(commands_node, name)
            if not commands[name]:
                reader.problem(commands_node, f"command '{name}' has no phrases")
        for name in commands_node:
            if name not in COMMANDS:
                reader.problem(commands_node, f"unknown command '{name}' (expected "
                               f"{', '.join(COMMANDS)})", name)
    else:
        reader.problem(data, "'commands' must map each command to phrases", "commands")
    say = read_say(reader, data)
    concepts = _phrase_lists(reader, data, "emergency_concepts",
                             "names to the words for them")
    signs = _phrase_lists(reader, data, "emergency_signs_together",
                          "kinds of sign to phrases for them")
    return Language(
        yes_no=yes_no,
        dont_know=reader.word_list(data, "dont_know"),
        commands=commands,
        emergency_calls=reader.word_list(data, "emergency_calls"),
        emergency_symptoms=reader.word_list(data, "emergency_symptoms"),
        negations=reader.word_list(data, "negations"),
        negation_links=reader.word_list(data, "negation_links"),
        negation_tails=reader.word_list(data, "negation_tails"),
        wellness=reader.word_list(data, "wellness"),
        fillers=reader.word_list(data, "fillers"),
        number_words=_number_map(reader, data, "number_words", 0),
        duration_units=_number_map(reader, data, "duration_units", None),
        duration_phrases=_number_map(reader, data, "duration_phrases", 0),
        more_than=reader.word_list(data, "more_than"),
        or_more=reader.word_list(data, "or_more"),
        roughly=reader.word_list(data, "roughly"),
        say=say,
        spellings=_spellings(reader, data),
        hesitations=reader.word_list(data, "hesitations"),
        my_said_me_before=reader.word_list(data, "my_said_me_before"),
        my_said_me_after=reader.word_list(data, "my_said_me_after"),
        no_said_not_before=reader.word_list(data, "no_said_not_before"),
        clause_breaks=reader.word_list(data, "clause_breaks"),
        corrections=reader.word_list(data, "corrections"),
        taken_back=reader.word_list(data, "taken_back"),
        asking_words=reader.word_list(data, "asking_words"),
        asked_back=reader.word_list(data, "asked_back"),
        complaints=reader.word_list(data, "complaints"),
        doubt_verbs=reader.word_list(data, "doubt_verbs"),
        intensity=reader.word_list(data, "intensity"),
        conversation_talk=reader.word_list(data, "conversation_talk"),
        waiting=reader.word_list(data, "waiting"),
        told_new=reader.word_list(data, "told_new"),
        denied_now=reader.word_list(data, "denied_now"),
        asked_of_before=_yes_no_keys(reader, data, "asked_of_before", findings or {}),
        other_things=reader.word_list(data, "other_things"),
        days_named=reader.word_list(data, "days_named"),
        counted_from_a_day=reader.word_list(data, "counted_from_a_day"),
        days_ahead=reader.word_list(data, "days_ahead"),
        durations_vague=reader.word_list(data, "durations_vague"),
        commands_anywhere=_commands_anywhere(reader, data, commands),
        finding_answers=_finding_answers(reader, data, findings or {}),
        confirm_answers=_answer_lists(reader, data, "confirm_answers", ("yes", "no")),
        emergency_numbers=_emergency_numbers(reader, data),
        call_verbs=reader.word_list(data, "call_verbs"),
        grammar_leaves_out=reader.word_list(data, "grammar_leaves_out"),
        always_confirm=reader.word_list(data, "always_confirm"),
        emergency_areas=_phrase_lists(reader, data, "emergency_areas",
                                      "parts of the body to words for what is wrong with them"),
        hedged_no=_hedged_no(reader, data, yes_no.get("no", ())),
        go_on=reader.word_list(data, "go_on"),
        denied_all=reader.word_list(data, "denied_all"),
        other_people=reader.word_list(data, "other_people"),
        address_words=reader.word_list(data, "address_words"),
        reported_speech=reader.word_list(data, "reported_speech"),
        question_tags=reader.word_list(data, "question_tags"),
        emergency_idioms=reader.word_list(data, "emergency_idioms"),
        emergency_past=reader.word_list(data, "emergency_past"),
        past_times=_past_times(reader, data),
        told_answers=_finding_phrases(reader, data, "told_answers", findings or {},
                                      "the words for what they ask about"),
        named_answers=_finding_phrases(reader, data, "named_answers", findings or {},
                                       "the words that name their sign"),
        told_in_passing=_finding_phrases(reader, data, "told_in_passing", findings or {},
                                         "the words that name their sign"),
        someone_else=reader.word_list(data, "someone_else"),
        emergency_concepts=concepts,
        emergency_when=_emergency_when(reader, data, concepts),
        emergency_nearly=_concept_set(reader, data, "emergency_nearly", concepts),
        emergency_places=_concept_set(reader, data, "emergency_places", concepts),
        emergency_amounts=_concept_set(reader, data, "emergency_amounts", concepts),
        # A question may ask about a kind of stroke sign too ("weakness": arm).
        emergency_asked_about=_emergency_asked_about(
            reader, data, {**concepts, **dict.fromkeys(signs, ())}, findings or {}),
        emergency_hypothetical=reader.word_list(data, "emergency_hypothetical"),
        emergency_signs_together=signs,
        emergency_sign_parts=_sign_parts(reader, data, signs),
        emergency_left_by=reader.word_list(data, "emergency_left_by"),
        emergency_services=reader.word_list(data, "emergency_services"),
        emergency_conditions=reader.word_list(data, "emergency_conditions"),
        emergency_conditions_happening=reader.word_list(data,
                                                        "emergency_conditions_happening"),
        telegraphic_where=reader.word_list(data, "telegraphic_where"),
        telegraphic_how=reader.word_list(data, "telegraphic_how"),
        telegraphic_calm=reader.word_list(data, "telegraphic_calm"),
        telegraphic_small_words=reader.word_list(data, "telegraphic_small_words"),
    )


def _spellings(reader: Reader, data: Any) -> dict[str, str]:
    """``spellings``: one written word -> the phrase it stands for."""
    node = _mapping(reader, data, "spellings", "a written word to a phrase")
    return {} if node is None else read_spellings(reader, node, normalize)


def _answer_lists(reader: Reader, data: Any, key: str, values: tuple[str, ...]
                  ) -> dict[str, tuple[str, ...]]:
    """``key``: answer value -> phrases, for the answers in ``values``."""
    node = _mapping(reader, data, key, f"answers ({', '.join(values)}) to phrases")
    if node is None:
        return {}
    out = {}
    for value in node:
        name = word(value)
        if name not in values:
            reader.problem(node, f"'{key}': '{name}' is not an answer (expected "
                           f"{', '.join(values)})", value)
            continue
        out[name] = reader.word_list(node, value)
    return out


def _finding_answers(reader: Reader, data: Any, findings: dict[str, Finding]
                     ) -> dict[str, dict[str, tuple[str, ...]]]:
    """``finding_answers``: finding key -> answer -> phrases, for yes/no and choice
    findings; each phrase must not also be a command or an emergency phrase."""
    node = _mapping(reader, data, "finding_answers", "finding keys to answers")
    if node is None:
        return {}
    reserved = {p: f"command {name}" for name, ps in
                _phrases_of(data.get("commands")).items() for p in ps}
    for p in reader.word_list(data, "emergency_calls") + \
            reader.word_list(data, "emergency_symptoms"):
        reserved[p] = "an emergency phrase"
    out = {}
    for key, answers in node.items():
        finding = findings.get(key)
        if findings and (finding is None or finding.type == "number"):
            reader.problem(node, f"'finding_answers': '{key}' is not a yes/no or choice "
                           "finding", key)
            continue
        # "dont_know": words that on this question alone are not sure ("nothing" to
        # "pain medicine that did not help?" may be nothing taken or nothing helped).
        values = ("yes", "no", "dont_know") if finding is None or finding.type == "yes_no" \
            else finding.choices
        lists = _answer_lists(reader, node, key, values)
        for value, phrases in lists.items():
            for phrase in phrases:
                if phrase in reserved:
                    reader.problem(answers, f"'finding_answers': '{phrase}' ({key}, {value})"
                                   f" is also {reserved[phrase]}", value)
        out[str(key)] = lists
    return out


PAST_KINDS = ("ago", "before", "last", "anchors", "seasons", "months", "present")
"""The kinds of word of ``past_times`` (:mod:`.past` reads each)."""


def _past_times(reader: Reader, data: Any) -> dict[str, tuple[str, ...]]:
    """``past_times``: each of :data:`PAST_KINDS` -> its words; an unknown kind is named."""
    out = _phrase_lists(reader, data, "past_times", "kinds of word to the words")
    node = data.get("past_times")
    if out and isinstance(node, dict):
        reader.known_keys(node, PAST_KINDS, "past_times")
    return out


def _finding_phrases(reader: Reader, data: Any, key: str, findings: dict[str, Finding],
                     what: str) -> dict[str, tuple[str, ...]]:
    """``key`` (``told_answers``, ``named_answers``, ``told_in_passing``): a yes/no
    finding's key -> phrases
    (``what`` they are, for the error message)."""
    out = _phrase_lists(reader, data, key, f"finding keys to {what}")
    node = data.get(key) if out else None
    for name in list(out):
        if not _yes_no_finding(findings, name):
            reader.problem(node, f"'{key}': '{name}' is not a yes/no finding", name)
            del out[name]
    return out


def _yes_no_finding(findings: dict[str, Finding], name: object) -> bool:
    """Whether ``name`` is a yes/no finding's key (any name, when no findings are known)."""
    finding = findings.get(name) if isinstance(name, str) else None
    return not findings or finding is not None and finding.type == "yes_no"


def _yes_no_keys(reader: Reader, data: Any, key: str, findings: dict[str, Finding]
                 ) -> frozenset[str]:
    """``key`` (``asked_of_before``): a list of yes/no findings' keys, each known."""
    node = data.get(key) if isinstance(data, dict) else None
    if node is None:
        return frozenset()
    if not isinstance(node, list):
        reader.problem(data, f"'{key}' must be a list of finding keys", key)
        return frozenset()
    keys = set()
    for i, name in enumerate(node):
        if not _yes_no_finding(findings, name):
            reader.problem(node, f"'{key}': '{name}' is not a yes/no finding", i)
        else:
            keys.add(str(name))
    return frozenset(keys)


def _phrase_lists(reader: Reader, data: Any, key: str, what: str
                  ) -> dict[str, tuple[str, ...]]:
    """``key``: a name -> a list of phrases (``emergency_areas``: a part of the body -> the
    words for what is wrong with it)."""
    node = _mapping(reader, data, key, what)
    if node is None:
        return {}
    return {word(name): reader.word_list(node, name) for name in node}


def _emergency_when(reader: Reader, data: Any, concepts: dict[str, tuple[str, ...]]
                    ) -> tuple[frozenset[str], ...]:
    """``emergency_when``: lists of concept names, each known in ``emergency_concepts``."""
    node = data.get("emergency_when")
    if node is None:
        return ()
    rules = []
    for rule in node if isinstance(node, list) else [None]:
        names = _concept_names(reader, data, "emergency_when", "each item", rule, concepts)
        if names:
            rules.append(frozenset(names))
    return tuple(rules)


def _sign_parts(reader: Reader, data: Any, signs: dict[str, tuple[str, ...]]
                ) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """``emergency_sign_parts``: a kind of sign of ``emergency_signs_together`` -> its
    ``where`` words, ``how`` phrases and (optional) ``begins``, beginnings of how words."""
    node = _mapping(reader, data, "emergency_sign_parts",
                    "kinds of sign to their 'where' and 'how' words")
    out = {}
    for name in node or {}:
        kind, parts = word(name), node[name]
        if kind not in signs or not isinstance(parts, dict) or \
                set(parts) - {"begins"} != {"where", "how"}:
            reader.problem(node, f"'emergency_sign_parts': '{kind}' must be a kind of "
                           "'emergency_signs_together' with 'where' and 'how' lists (and "
                           "'begins', if any)", kind)
            continue
        out[kind] = (reader.word_list(parts, "where"), reader.word_list(parts, "how"),
                     reader.word_list(parts, "begins"))
    return out


def _hedged_no(reader: Reader, data: Any, noes: tuple[str, ...]) -> tuple[str, ...]:
    """``hedged_no``: phrases each one of the no phrases (else a reply would find a shorter
    no inside it, "don't", and never know the doubt)."""
    hedges = reader.word_list(data, "hedged_no")
    for hedge in hedges:
        if hedge not in noes:
            reader.problem(data, f"'hedged_no': '{hedge}' is not one of the 'no' phrases of "
                           "'yes_no'", "hedged_no")
    return tuple(h for h in hedges if h in noes)


def _concept_set(reader: Reader, data: Any, key: str, concepts: dict[str, tuple[str, ...]]
                 ) -> frozenset[str]:
    """``key`` (``emergency_nearly``, ``emergency_places``...): concept names, each known in
    ``emergency_concepts``."""
    node = data.get(key)
    return frozenset() if node is None else frozenset(
        _concept_names(reader, data, key, "it", node, concepts))


def _emergency_asked_about(reader: Reader, data: Any, concepts: dict[str, tuple[str, ...]],
                           findings: dict[str, Finding]) -> dict[str, frozenset[str]]:
    """``emergency_asked_about``: a finding's key -> the concepts its question asks about."""
    node = _mapping(reader, data, "emergency_asked_about",
                    "finding keys to the concepts their questions ask about")
    if node is None:
        return {}
    out = {}
    for name in node:
        key = word(name)
        if findings and key not in findings:
            reader.problem(node, f"'emergency_asked_about': '{key}' is not a finding", key)
            continue
        names = _concept_names(reader, node, key, "in 'emergency_asked_about', it",
                               node[name], concepts)
        if names:
            out[key] = frozenset(names)
    return out


def _concept_names(reader: Reader, data: Any, key: str, what: str, node: Any,
                   concepts: dict[str, tuple[str, ...]]) -> list[str]:
    """``node``, a list of concept names under ``key``, each known in
    ``emergency_concepts`` (an empty list, and a problem reported, when one is not)."""
    names = [word(n) for n in node] if isinstance(node, list) and node else []
    unknown = [n for n in names if n not in concepts]
    if not names or unknown:
        reader.problem(data, f"'{key}': {what} must be a list of concepts named "
                       f"in 'emergency_concepts' (unknown: {', '.join(unknown) or node!r})",
                       key)
        return []
    return names


def _commands_anywhere(reader: Reader, data: Any, commands: dict[str, tuple[str, ...]]
                       ) -> tuple[str, ...]:
    words = reader.word_list(data, "commands_anywhere")
    known = {phrase for phrases in commands.values() for phrase in phrases}
    for said in words:
        if said not in known or " " in said:
            reader.problem(data, f"'commands_anywhere': '{said}' is not a one-word command",
                           "commands_anywhere")
    return tuple(w for w in words if w in known and " " not in w)


def _emergency_numbers(reader: Reader, data: Any) -> tuple[str, ...]:
    numbers = reader.word_list(data, "emergency_numbers")
    for number in numbers:
        if not number.isdigit():
            reader.problem(data, f"'emergency_numbers': '{number}' must be digits",
                           "emergency_numbers")
    return tuple(n for n in numbers if n.isdigit())


def _number_map(reader: Reader, data: Any, key: str, least: float | None
                ) -> dict[str, float]:
    """Phrase -> number, each at least ``least`` (above 0 when None: a unit of no time)."""
    node = _mapping(reader, data, key, "phrases to numbers")
    if node is None:
        return {}
    out = {}
    for phrase, value in node.items():
        number = _fraction(value)
        low_ok = number is not None and (number > 0 if least is None else number >= least)
        if number is None or not math.isfinite(number) or not low_ok:
            bound = "above 0" if least is None else f"{least:g} or more"
            reader.problem(node, f"'{key}': '{phrase}' must map to a number {bound} (or a "
                           f"fraction like 1/24), not '{value}'", phrase)
            continue
        if not normalize(phrase):
            reader.problem(node, f"'{key}': '{phrase}' is not a phrase", phrase)
            continue
        out[normalize(phrase)] = number
    return out


def _mapping(reader: Reader, data: Any, key: str, what: str) -> Any:
    """``data[key]`` when it is a mapping; None when it is missing, or (a problem) when it is
    something else."""
    node = data.get(key)
    if node is not None and not isinstance(node, dict):
        reader.problem(data, f"'{key}' must map {what}", key)
        return None
    return node


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
