"""A virtual patient: answers every question from a file of findings.

A yes/no finding missing from the file is answered "no"; a missing number or choice is
answered "I don't know". The answers go through the same matcher as typed or spoken
ones, so a simulation also exercises how answers are understood.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import yamlfile
from .conversation import Conversation
from .expr import UNKNOWN
from .model import Dialog, Finding, Question
from .questions import questions_keys
from .reader import answer_value, closest

MAX_TURNS = 300
CONFIRM = "confirm"
"""What ``simulate``'s ``say`` is told is asked when the question is "Is that right?"."""


class SimulateError(Exception):
    """The findings file is unusable (unknown key, impossible value, not YAML)."""


def load_findings(path: Path, dialog: Dialog) -> dict[str, Any]:
    """Read and check a findings file (``chest_pain: yes``, ``days: 5``, ``side: left``)."""
    try:
        data = yamlfile.load(path)
    except yamlfile.DialogFileError as exc:
        raise SimulateError(str(exc)) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SimulateError(f"{path}: must map finding keys to values, e.g. 'fever: yes'")
    return check_findings(data, dialog, where=str(path),
                          lines=getattr(data, "line_of", lambda _k: 0))


def check_findings(data: dict[str, Any], dialog: Dialog, where: str = "findings",
                   lines: Any = lambda _k: 0) -> dict[str, Any]:
    """Normalise values; raise SimulateError for an unknown key or an impossible value."""
    out: dict[str, Any] = {}
    for key, raw in data.items():
        at = f"{where}:{lines(key)}" if lines(key) else where
        finding = dialog.findings.get(key)
        if finding is None:
            known = sorted(dialog.findings)
            raise SimulateError(f"{at}: '{key}' is not a known finding{closest(key, known)}. "
                                f"Known findings: {', '.join(known)}")
        if isinstance(raw, (list, dict)) or raw is None:
            shape = "nothing" if raw is None else "a list" if isinstance(raw, list) \
                else "a mapping"
            raise SimulateError(f"{at}: {key}: give one value (yes, no, unknown, one of its "
                                f"choices or a number), not {shape}")
        try:
            value = answer_value(raw)
        except ValueError as exc:
            raise SimulateError(f"{at}: {key}: {exc}") from exc
        _check_value(finding, value, at)
        out[key] = value
    return out


def _check_value(finding: Finding, value: Any, at: str) -> None:
    if value == UNKNOWN:
        return
    if finding.type == "yes_no" and value not in ("yes", "no"):
        raise SimulateError(f"{at}: {finding.key} is yes or no (or unknown), not '{value}'")
    if finding.type == "choice" and value not in finding.choices:
        raise SimulateError(f"{at}: {finding.key} is one of {', '.join(finding.choices)}, "
                            f"not '{value}'")
    if finding.type == "number" and (
            not isinstance(value, float) or not finding.minimum <= value <= finding.maximum):
            raise SimulateError(f"{at}: {finding.key} is a number from {finding.minimum:g} to "
                                f"{finding.maximum:g}, not '{value}'")


def answer_for(finding: Finding, findings: dict[str, Any], cut: float | None = None,
               in_group: bool = False) -> str:
    """What the virtual patient says when asked about ``finding``. ``cut``: asked as a
    threshold ("seven or more?"): a number missing from the file is a no, and in a group
    the number is said as yes or no."""
    value = findings.get(finding.key)
    if cut is not None and (value is None or (in_group and value != UNKNOWN)):
        return "yes" if isinstance(value, (int, float)) and value >= cut else "no"
    if value is None:
        return "no" if finding.type == "yes_no" else "I don't know"
    if value == UNKNOWN:
        return "I don't know"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def answer_to(question: Question, dialog: Dialog, findings: dict[str, Any]) -> str:
    """What the virtual patient says to ``question``; to a group of signs, yes if any of
    them is present, "I don't know" if any is unknown, else no."""
    if not question.members:
        return answer_for(question.finding, findings, question.at_least)
    said = {m: answer_for(dialog.findings[m], findings, question.cuts.get(m), in_group=True)
            for m in question.members}
    alarms = {said[m] for m in question.members if m not in question.names}
    if "yes" in alarms:
        return "yes"
    if "I don't know" in said.values():
        return "I don't know"
    named = [question.names[m][0] for m in question.names if said[m] == "yes"]
    return f"yes, {' and '.join(named)}" if named else "no"


PEOPLE: dict[str, dict[str, Any]] = {
    "nothing set": {},
    "a man set": {"sex": "male", "woman_over_50": "no", "previous_stroke": "no",
                  "recent_heart_attack": "no", "recent_angioplasty": "no"},
    "a woman set": {"sex": "female", "woman_over_50": "yes", "previous_stroke": "no",
                    "recent_heart_attack": "no", "recent_angioplasty": "no"},
}
"""What the config file's [person] table may say, for the plain-screening figures."""


def no_alarm_lengths(dialog: Dialog, known: dict[str, Any] | None = None) -> dict[str, int]:
    """Questions asked when every yes/no answer is no, for each place and side of the pain.

    The plain screening with no alarm sign: the figure a clinician means by "typical".
    ``known``: the facts set in the config file (see PEOPLE).
    """
    lengths: dict[str, int] = {}
    for place in dialog.findings["location"].choices:
        for side in dialog.findings["side"].choices:
            result = simulate(dialog, {"location": place, "side": side}, known=known)
            lengths[f"{place}/{side}"] = result["questions_asked"]
    return lengths


def replay(dialog: Dialog, answers: list[str], emergency_number: str = "112"
           ) -> dict[str, Any]:
    """The summary the answers reach when typed one by one (extra answers are ignored)."""
    conversation = Conversation(dialog, emergency_number)
    conversation.start()
    for answer in answers:
        if conversation.done:
            break
        conversation.hear(answer)
    return conversation.summary()


def simulate(dialog: Dialog, findings: dict[str, Any], emergency_number: str = "112",
             known: dict[str, Any] | None = None,
             say: Callable[[str, str], str] | None = None) -> dict[str, Any]:
    """Run a whole screening for the virtual patient; the summary plus the transcript.

    ``known``: facts set beforehand, as in the config file. Findings that no question asks
    (``sex``) can only be known that way, so they are taken as known too. ``say``: how the
    patient puts each plain answer ("yes", "5", "left") into words, given the finding key
    asked (:data:`CONFIRM` for "Is that right?"); the plain answer when None."""
    asked = questions_keys(dialog.questions)
    known = {**{k: v for k, v in findings.items() if k not in asked}, **(known or {})}
    conversation = Conversation(dialog, emergency_number, known=known)
    reply = conversation.start()
    transcript: list[dict[str, Any]] = [{"assistant": reply.text}]
    while not conversation.done and len(transcript) < MAX_TURNS:
        question = conversation.question
        assert question is not None
        # The patient confirms what they said when asked "Is that right?".
        said = "yes" if conversation.pending else answer_to(question, dialog, findings)
        if say is not None:
            said = say(said, CONFIRM if conversation.pending else question.finding.key)
        reply = conversation.hear(said)
        transcript.append({"user": said, "assistant": reply.text, "state": reply.state})
    return {**conversation.summary(), "transcript": transcript}
