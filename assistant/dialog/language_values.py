"""The keys of the ``language`` section and the values each may take.

Every key there is optional to YAML, so a misspelt one ("dont_knw") used to be dropped in
silence, and with it every "I don't know"; and a sentence given as a number or a list was
spoken as "['a', 'b']". Here each key is known, and each sentence is checked for being
text, for being non-empty (speech synthesis must never get empty text) and for naming
only the blanks ("{answer}") that the program fills in.
"""

from __future__ import annotations

import re
from typing import Any

from . import yamlfile
from .reader import Reader, closest

PHRASE_LISTS = ("dont_know", "emergency_calls", "emergency_symptoms", "negations",
                "negation_links", "negation_tails", "fillers", "more_than", "or_more", "roughly",
                "hesitations", "my_said_me_before", "my_said_me_after", "no_said_not_before",
                "clause_breaks", "corrections", "taken_back", "asking_words",
                "asked_back",
                "complaints",
                "doubt_verbs", "intensity", "conversation_talk", "waiting", "told_new",
                "denied_now",
                "asked_of_before", "other_things",
                "days_named", "durations_vague", "counted_from_a_day", "days_ahead",
                "commands_anywhere",
                "emergency_numbers", "call_verbs", "grammar_leaves_out", "always_confirm",
                "wellness", "emergency_idioms", "emergency_hypothetical", "emergency_past",
                "someone_else", "hedged_no", "go_on", "denied_all", "other_people",
                "address_words", "question_tags",
                "reported_speech",
                "emergency_left_by", "emergency_services",
                "emergency_conditions", "emergency_conditions_happening",
                "telegraphic_where", "telegraphic_how", "telegraphic_calm",
                "telegraphic_small_words")
MAPPINGS = ("yes_no", "commands", "say", "spellings", "number_words", "duration_units",
            "duration_phrases", "finding_answers", "confirm_answers", "emergency_areas",
            "emergency_signs_together", "emergency_concepts", "emergency_when",
            "past_times", "told_answers", "named_answers", "told_in_passing", "emergency_nearly",
            "emergency_asked_about", "emergency_places", "emergency_amounts",
            "emergency_sign_parts")
LANGUAGE_KEYS = (*MAPPINGS, *PHRASE_LISTS)
REQUIRED = ("dont_know", "emergency_calls")
"""Lists without which a safety rule cannot hold: doubt never taken as "no", and a call for
help heard in any state. (``yes_no``, ``commands`` and ``say`` are checked one by one.)"""

SAY_SLOTS: dict[str, tuple[str, ...]] = {
    "welcome": (), "disclaimer": (), "not_understood": (), "reask_dont_know": (),
    "recorded_unknown": (), "help_yes_no": (), "help_choice": ("choices",),
    "help_number": (), "help_commands": (), "stopped": (), "stopped_early": (),
    "stopped_unasked": (),
    "specialists": ("specialists",), "goodbye": (), "repeat_intro": (),
    "nothing_to_undo": (), "out_of_range": ("min", "max"), "going_back": (),
    "emergency_heard": (), "emergency_told": (), "confirm": ("answer",),
    "confirm_yes_no": ("answer", "about"),
    "confirm_nearly": (), "taken_as_ambulance": (), "unclear_as_ambulance": (),
    "confirm_dont_know": (), "confirm_none": (), "try_again": (), "help_all": (),
    "confirm_stop": (), "going_on": (),
    "no_answer_heard": (), "no_answers": (), "taken_as_said": (), "unclear_as_said": (),
    "slower": (),
    "faster": (), "louder": (), "quieter": (), "slowest": (), "fastest": (), "loudest": (),
    "quietest": (), "repeat_hint": (), "one_at_a_time": (), "noisy": (), "too_noisy": (),
    "ask_yes_no_instead": (), "one_choice": ("choice",), "more_than": ("amount",),
    "at_least": ("amount",), "record_not_saved": (), "cannot_hear": (),
    "other_voices": (), "over_voices": (), "told_before": (), "date_unknown": (),
    "waiting": (), "still_waiting": (),
}
"""Every sentence ``say`` must hold, and the blanks the program fills in each one."""
REQUIRED_SAY = tuple(SAY_SLOTS)
BLANK = re.compile(r"\{([^{}]*)\}")


def check_keys(reader: Reader, data: Any) -> None:
    """Unknown keys (with the closest known one) and missing safety lists."""
    reader.known_keys(data, LANGUAGE_KEYS, "language")
    for key in REQUIRED:
        if isinstance(data, yamlfile.Located) and key not in data:
            reader.problem(data, f"language: '{key}' is missing; it is needed so that "
                           + ("doubt is never taken as no" if key == "dont_know" else
                              "a call for help is heard at any question"))


def read_say(reader: Reader, data: Any) -> dict[str, str]:
    """``say``: each sentence as non-empty text with known blanks; problems for the rest."""
    node = data.get("say")
    if not isinstance(node, dict):
        reader.problem(data, "language: 'say' must map each sentence's name to its text "
                       f"({len(SAY_SLOTS)} of them: {', '.join(SAY_SLOTS)})",
                       "say" if "say" in data else None)
        return {}
    say: dict[str, str] = {}
    for key, value in node.items():
        if key not in SAY_SLOTS:
            reader.problem(node, f"language.say: unknown sentence '{key}'"
                           f"{closest(key, SAY_SLOTS)}", key)
            continue
        if not isinstance(value, str) or not value.strip():
            reader.problem(node, f"language.say: '{key}' must be non-empty text (got "
                           f"{_shown(value)}); quote it if it starts with a bracket", key)
            continue
        text = " ".join(value.split())
        for blank in BLANK.findall(text):
            if blank not in SAY_SLOTS[key]:
                takes = ", ".join("{" + s + "}" for s in SAY_SLOTS[key]) or "no blanks"
                reader.problem(node, f"language.say: '{key}' has '{{{blank}}}', which is "
                               f"never filled in (it takes {takes})", key)
        say[key] = text
    for required in SAY_SLOTS:
        if required not in node:
            reader.problem(node, f"language.say needs '{required}'")
    return say


def read_spellings(reader: Reader, node: Any, normalize: Any) -> dict[str, str]:
    """``spellings``: one written word -> the phrase it stands for (a word, not a list)."""
    out = {}
    for written, meant in node.items():
        key = normalize(yamlfile.as_word(written))
        value = normalize(yamlfile.as_word(meant)) if isinstance(meant, (str, bool, int)) \
            else ""
        if len(key.split()) != 1 or not value:
            reader.problem(node, f"'spellings': '{written}' must be one word mapped to a "
                           f"phrase (got {_shown(meant)})", written)
            continue
        out[key] = value
    return out


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return f"'{value}'"
