"""Replies to the grouped questions, as people give them (``tests/corpus/groups*.yaml``).

A group asks two or three signs at once ("Are you short of breath, or faint, or is there
pain or pressure in your chest?"), so a reply often speaks of one sign and not the others.
Each reply is heard by a real conversation standing at that group, and judged against
what its writer (who saw neither the code nor the lexicon) says it makes clear:

- harmful: a sign the reply does not deny recorded as absent, on an alarm sign (GUIDE,
  "What the matcher misreads"); or an emergency told, not heard as one;
- understood: a plain no records every sign of the group; a sign said present is
  recorded, or asked next on its own (an alarm sign named at a group is confirmed on its
  own question, by design), with nothing contradicting the reply; an unsure or partial
  reply is asked one sign at a time; a reply that answers nothing is asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import corpus_figures as corpus
import pytest
import yaml

from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog

UNDERSTOOD_FLOOR = {"groups1": 0.8, "groups2": 0.75, "groups3": 0.75, "groups4": 0.7,
                    "groups5": 0.8, "groups6": 0.8, "groups7": 0.75, "groups8": 0.7,
                    "groups9": 0.8, "groups10": 0.85, "groups11": 0.8, "groups12": 0.8,
                    "groups13": 0.8, "groups14": 0.9, "groups15": 0.85,
                    "groups16": 0.75, "groups17": 0.8}
"""A little under what is measured: groups1 104/120 on its first run (2026-12-05), tuned on
since (106); groups2, written later by another writer, 82/100 on its first run, 84 after
a change made for groups1 (README); groups3 (tuned on) 64/78 on its first run, 65 since,
and groups4 (kept untuned) 70/86, by two more writers on 2026-12-07; groups5 (tuned on)
86/105 on its first run, 88 since, and groups6 (kept untuned) 86/100, by two more later
that day; groups7 (tuned on) 75/91 on its first run, 77 since, and groups8 (kept untuned)
77/97, by two more in a later session that day; groups9 (68/78) and groups10 (73/81, 75
since) tuned on, and groups11 (kept untuned) 76/86, by three more that session; groups12
(tuned on) 54/64 on its first run, 55 since, and groups13 (kept untuned) 50/60, 51 since,
by two more in a later session."""
KNOWN_HARMFUL: dict[str, set[str]] = {
    "groups12": {
        # Run once (2026-12-07, a later session; 54 of its 64 understood, 3 misread so),
        # then tuned on. Left: a no to the rash taken back in words that tell no rash
        # ("something on my back"), and a faint of years ago called "a funny turn" (no
        # word of the fainting's own), then "nothing like that now", heard as of all three.
        "No rash. Oh wait, actually there is something on my back, my wife spotted it "
        "yesterday.",
        "Had a funny turn years back, but nothing like that now.",
    },
    "groups4": {
        # Run once (2026-12-07; 70 of its 86 understood, 1 misread so) and NOT tuned on;
        # its misreadings are listed here by a script and were not read for changes.
        "No burning — well, yes, a bit at the end, but only slight.",
    },
    "groups6": {
        # Run once (2026-12-07; 86 of its 100 understood, 3 misread so) and NOT tuned on;
        # its misreadings are listed here by a script and were not read for changes.
        "Head... not... sudden... no... slow",
    },
    "groups8": {
        # Run once (2026-12-07; 77 of its 97 understood, 8 misread so) and NOT tuned on;
        # its misreadings are listed here by a script and were not read for changes.
        "He took his pills and it's eased off, and no, it's just where it was.",
        "It's no a ripping pain, mair a dull ache that comes and goes.",
        "Nah, Nan's still getting about, doing her bits. Not been crook in the puku either.",
        "Nah, it's just in my back, doesn't go anywhere else.",
        "Naw, hen, I'm no peching and I've no keeled ower.",
        "Wee... wee... the... no... ach.",
    },
    "groups11": {
        # Run once (2026-12-07, a later session; 76 of its 86 understood, 2 misread so) and NOT
        # tuned on; its misreadings are listed here by a script and were not read for changes.
        "Down... there... no... nothing.",
        "My wife, she never had headache, never in her life, and now one week it is "
        "every day more.",
    },
}
"""Replies to a group still misread so as to lower the outcome, each written down."""
DIALOG = load_dialog(corpus.CORPUS.parents[1] / "dialogs")
BEFORE = {"after_angioplasty": {"recent_angioplasty": "yes", "previous_stroke": "no",
                                "recent_heart_attack": "no"},
          "infection": {"fever": "yes"},
          "headache_onset": {"headache": "yes"}, "headache_signs": {"headache": "yes"},
          "headache_other": {"headache": "yes"}}
"""Facts that open the way to a group (set as a caregiver would in the config file)."""
PLAIN = {"location": "lower", "side": "left", "days": "2", "severity": "3"}
"""Answers on the way to a group to questions that are not yes or no."""


@dataclass(frozen=True)
class Heard:
    understood: bool
    harmful: bool
    state: str
    recorded: dict[str, Any]


def at_group(dialog: Dialog, group: str) -> Conversation:
    """A conversation that has reached ``group``, answering no on the way."""
    conversation = Conversation(dialog, known=dict(BEFORE.get(group, {})))
    conversation.start()
    for _ in range(60):
        if conversation.state == group:
            return conversation
        question = dialog.questions[conversation.state]
        conversation.hear("no" if question.members else PLAIN.get(question.finding.key, "no"))
    raise AssertionError(f"the conversation never reached {group}")


def _label(raw: Any) -> Any:
    # YAML reads the keys yes and no as booleans.
    if isinstance(raw, dict):
        return {{True: "yes", False: "no"}.get(k, k): v for k, v in raw.items()}
    return raw


def hear(dialog: Dialog, group: str, reply: str, raw_label: Any) -> Heard:
    label = _label(raw_label)
    conversation = at_group(dialog, group)
    members = set(dialog.questions[group].members)
    alarms = {m for m in members if dialog.findings[m].alarm}
    before = dict(conversation.findings)
    conversation.hear(reply)
    state = conversation.state
    recorded = {k: v for k, v in conversation.findings.items() if before.get(k) != v}
    pending = conversation.pending
    emergency = state == "emergency" or pending is not None and pending.what == "emergency"
    said_no = {m for m in members if recorded.get(m) == "no"}
    said_yes = {m for m in members if recorded.get(m) == "yes"}
    if pending is not None and pending.what == "answer":
        # Waiting for "Is that right?": judged on what it would record.
        value = pending.meaning.value
        if state == group and value == "no":
            said_no |= members
        elif state in members:
            {"yes": said_yes, "no": said_no}.get(value, set()).add(state)
    if label == "emergency":
        return Heard(emergency, not emergency, state, recorded)
    if label == "reask":
        understood = not recorded and not emergency and (state == group or state in members)
        return Heard(understood, bool(said_no & alarms), state, recorded)
    present = set(label.get("yes") or [])
    absent = members if label.get("no") == "all" else set(label.get("no") or [])
    harmful = bool((said_no - absent) & alarms)
    contradicted = bool(said_no - absent) or bool(said_yes & absent)
    if label.get("no") == "all":
        understood = said_no == members
    elif present:
        understood = not contradicted and (
            all(p in said_yes or (p not in recorded and state in members) for p in present)
            or emergency and bool(present & alarms))
    else:
        understood = not contradicted and not emergency and state in members
    return Heard(understood, harmful, state, recorded)


@cache
def replies(part: str) -> list[tuple[str, str, Any, str]]:
    path = corpus.CORPUS / f"{part}.yaml"
    return [tuple(item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))[part]]


@cache
def heard_all(part: str) -> list[tuple[tuple[str, str, Any, str], Heard]]:
    return [(item, hear(DIALOG, item[0], str(item[1]), item[2])) for item in replies(part)]


@pytest.mark.parametrize("part", sorted(UNDERSTOOD_FLOOR))
def test_every_reply_names_a_group_and_its_signs(part: str) -> None:
    for group, reply, raw, _style in replies(part):
        assert group in DIALOG.questions and DIALOG.questions[group].members, group
        label = _label(raw)
        if isinstance(label, dict):
            members = set(DIALOG.questions[group].members)
            for key in ("yes", "no", "unsure"):
                value = label.get(key)
                assert value in (None, "all") or set(value) <= members, (reply, value)
        else:
            assert label in ("emergency", "reask"), (reply, label)


@pytest.mark.parametrize("part", sorted(UNDERSTOOD_FLOOR))
def test_no_reply_to_a_group_is_misread_so_as_to_lower_the_outcome(part: str) -> None:
    known = KNOWN_HARMFUL.get(part, set())
    harmful = [(item[0], item[1], h.recorded, h.state) for item, h in heard_all(part)
               if h.harmful and item[1] not in known]
    assert not harmful, harmful


def test_every_reply_known_to_be_misread_still_is() -> None:
    """An entry read right by now is taken out of ``KNOWN_HARMFUL``."""
    stale = [(part, reply) for part, replies in KNOWN_HARMFUL.items() for reply in replies
             if not any(h.harmful for item, h in heard_all(part) if item[1] == reply)]
    assert not stale, stale


@pytest.mark.parametrize("part", sorted(UNDERSTOOD_FLOOR))
def test_most_replies_to_a_group_are_understood(part: str) -> None:
    results = heard_all(part)
    understood = sum(h.understood for _, h in results)
    missed = [(item[0], item[1], h.state) for item, h in results if not h.understood]
    harmful = sum(h.harmful for _, h in results)
    corpus.REPORT.append(f"replies to grouped questions ({part}): understood "
                         f"{corpus.rate(understood, len(results))}, misread so as to lower "
                         f"the outcome {corpus.rate(harmful, len(results))}")
    assert understood >= UNDERSTOOD_FLOOR[part] * len(results), missed


@pytest.mark.parametrize(("group", "reply", "label"), [
    # Judged the way the part is: a plain no, a sign named, the thing named then denied.
    ("heart", "no", {False: "all"}),
    ("pain_kind", "sharp, and it never stops", {True: ["tearing_pain"]}),
    ("pain_course", "no, the tablets take the edge off", {False: ["pain_not_relieved"]}),
    ("heart", "chest pain... no", {False: ["chest_pain"]})])
def test_the_judge_itself(group: str, reply: str, label: Any) -> None:
    heard = hear(DIALOG, group, reply, label)
    assert heard.understood and not heard.harmful, heard
