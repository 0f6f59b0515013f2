"""A plain-text summary of one screening, for a caregiver or a doctor.

It is written next to the session record and can be made again from the record alone,
even one cut short by a crash or a kill: the record is the truth, this is a reading of it.
"""

from __future__ import annotations

import json
import os
import stat
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from ..dialog.model import Dialog
from ..dialog.text import words
from ..dialog.triage import fill
from ..setup.private_files import write_private
from .record import read_record

WIDTH = 78
TITLE = "BackTalk screening summary\n"

OUTCOMES = {
    "emergency": "Emergency: call an ambulance now ({number})",
    "urgent": "See a doctor today",
    "soon": "Make a doctor's appointment in the next days",
    "self_care": "Can be looked after at home for now",
}

MODES = {"voice": "spoken (microphone and speaker)", "text": "typed (text chat)"}


def summary_path(record_path: Path) -> Path:
    return record_path.with_suffix(".txt")


def write_summary(record_path: Path, dialog: Dialog) -> Path:
    """Write the summary of the record next to it; return where it went.

    The file is private (0600) and appears whole. It replaces only an older summary (a
    regular file that begins like one); anything else at its name is kept and
    FileExistsError raised.
    """
    text = render_summary(_read_events(record_path), dialog, record_path=record_path)
    return write_private(summary_path(record_path), text.encode("utf-8"),
                         may_replace=is_summary)


def is_summary(path: Path) -> bool:
    """Whether ``path`` is a summary BackTalk wrote (a regular file, not a link)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            return handle.read(len(TITLE)) == TITLE.encode()
    except OSError:
        return False


def _read_events(path: Path) -> list[dict[str, Any]]:
    try:
        return read_record(path)
    except ValueError:  # half a JSON line, or half of a multi-byte character
        pass
    # A program killed while writing leaves half a line; everything before it still counts.
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def render_summary(events: list[dict[str, Any]], dialog: Dialog,
                   record_path: Path | None = None) -> str:
    start = next((e for e in events if e.get("event") == "start"), {})
    summary = next((e for e in reversed(events) if e.get("event") == "summary"), None)
    turns = [e for e in events if e.get("event") == "turn"]
    number = str(start.get("emergency_number") or "112")
    lines = [TITLE.rstrip("\n"), "=" * 26, ""]

    began, ended = _when(start.get("time")), _when(events[-1].get("time") if events else None)
    lines.append(f"Started:  {_human(began)}")
    last = "Ended:   " if summary else "Last recorded:"
    took = f" (after {_duration(began, ended)})" if began and ended else ""
    lines.append(f"{last} {_human(ended)}{took}")
    lines.append(f"Run as:   {MODES.get(str(start.get('mode')), 'not recorded')}")
    lines += ["", *_wrap("BackTalk is not a doctor. This is a screening, not a diagnosis."), ""]

    lines += _heading("Outcome")
    if summary is None:
        lines += _wrap("The conversation ended before it finished; these are the answers "
                       "recorded so far.")
        said = turns[-1].get("says") if turns else next(
            (e.get("says") for e in events if e.get("event") == "prompt"), None)
        if said:
            lines += _wrap("Last thing BackTalk said: " + " ".join(said), "  ")
        findings = _findings_from_turns(turns)
    else:
        lines += _outcome(summary, number)
        findings = dict(summary.get("findings") or {})
    # A yes to a sign whose yes calls the ambulance, and a yes to "Is that right?", are
    # answers (listed with the answers): only calls and emergencies told are words.
    answers = {" ".join(words(p)) for ps in dialog.language.yes_no.values() for p in ps}
    calls = [t.get("heard") for t in turns
             if t.get("understood_as") == "emergency" and t.get("heard") and
             not t.get("checking") and " ".join(words(str(t.get("heard")))) not in answers]
    if calls:
        lines += _wrap("Emergency words heard: " + ", ".join(f'"{c}"' for c in calls))

    # The caregiver's own facts (the config file) were not asked: listed apart.
    given = start.get("known")
    known: dict[str, Any] = given if isinstance(given, dict) else {}
    set_before = {k: v for k, v in findings.items() if k in known and known[k] == v}
    asked = {k: v for k, v in findings.items() if k not in set_before}
    lines += ["", *_heading("Answers, in the order asked")]
    lines += [w for key, value in asked.items() for w in _answer(dialog, key, value)]
    if not asked:
        lines.append("No answers were recorded.")
    if set_before:
        lines += ["", *_heading("From the config file (not asked)")]
        lines += [w for key, value in set_before.items() for w in _answer(dialog, key, value)]

    advice = _advice(summary, dialog, number) if summary else []
    if advice:
        lines += ["", *_heading("Advice given")]
        lines += [w for say in advice for w in _wrap(say, "- ")]
    if summary and summary.get("sources"):
        lines += ["", *_heading("Sources (articles the advice comes from)")]
        lines += [w for s in summary["sources"]
                  for w in _wrap(f'{s.get("article")}: "{s.get("heading")}"', "- ")]
    lines += ["", f"Emergency number: {number}"]
    if record_path is not None:
        # Not wrapped: the path must survive being copied out of the text.
        lines += ["", f"Full record: {record_path}"]
    return "\n".join(lines) + "\n"


def _advice(summary: dict[str, Any], dialog: Dialog, number: str) -> list[str]:
    said = [str(a.get("say", "")) for a in summary.get("advice") or []]
    if summary.get("level_so_far") in (None, "emergency"):
        return said
    # The summary lists the outcome's advice only; short of an emergency the safety advice
    # (when to call for help) was spoken too, and a caregiver needs it most.
    safety = [fill(dialog.advice[a].say, number) for a in dialog.safety if a in dialog.advice]
    return list(dict.fromkeys([*said, *safety]))


def _outcome(summary: dict[str, Any], number: str) -> list[str]:
    level = summary.get("level_so_far")
    if summary.get("stopped"):
        because = summary.get("stopped_because")
        lines = _wrap("Stopped before the end of the questions" +
                      (f": {because}." if because else "."))
        # "At home for now" is never true of an unfinished screening, so that level is not
        # shown; the recorded next step says why.
        if level and level != "self_care":
            lines.append(f"Level so far: {OUTCOMES.get(level, level).format(number=number)}.")
    elif level in OUTCOMES:
        lines = [OUTCOMES[level].format(number=number) + "."]
    else:
        lines = ["No outcome was reached."]
    if summary.get("next_step"):
        lines += _wrap("Next step: " + summary["next_step"], "  ")
    for reason in summary.get("reasons") or []:
        lines += _wrap("Why: " + reason, "  ")
    if summary.get("specialists"):
        lines += _wrap("Who to see: " + ", ".join(summary["specialists"]), "  ")
    return lines


def _findings_from_turns(turns: list[dict[str, Any]]) -> dict[str, Any]:
    """The findings as the conversation held them, rebuilt from the turns.

    Records written since grouped questions hold them whole in each turn. For older
    records it mirrors the conversation's undo history: each recorded answer and each emergency
    phrase is one step, and a "go back" that moved undoes the last step, restoring the
    value before it. This follows the record format of ``session.run``; a finding whose
    undo is not visible in the record (e.g. a future command) would show its last value.
    """
    held = [t["findings"] for t in turns if isinstance(t.get("findings"), dict)]
    if held:
        # Each turn records every finding as the conversation held it.
        return dict(held[-1])
    findings: dict[str, Any] = {}
    history: list[tuple[str | None, Any]] = []
    missing = object()
    for turn in turns:
        for key, value in (turn.get("recorded") or {}).items():
            history.append((key, findings.get(key, missing)))
            findings[key] = value
        if turn.get("understood_as") == "emergency":
            history.append((None, missing))
        went_back = turn.get("understood_as") == "command" and turn.get("value") == "back"
        if went_back and turn.get("state") != turn.get("state_before") and history:
            key, previous = history.pop()
            if key is not None and previous is missing:
                findings.pop(key, None)
            elif key is not None:
                findings[key] = previous
    return findings


def _answer(dialog: Dialog, key: str, value: Any) -> list[str]:
    finding = dialog.findings.get(key)
    about = finding.about if finding and finding.about else key.replace("_", " ")
    if value == "unknown":
        said = "not known"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        said = f"{value:g}" + (f" {finding.unit}" if finding and finding.unit else "")
    else:
        said = str(value).replace("_", " ")
    lines = _wrap(f"{about}: {said}", "- ")
    if finding and finding.alarm and value in ("yes", "unknown"):
        mark = "** ALARM SIGN" + (" (not ruled out)" if value == "unknown" else "")
        # Kept whole and to the right, so a glance down the list finds every one.
        if len(lines[-1]) + 2 + len(mark) <= WIDTH:
            lines[-1] += "  " + mark
        else:
            lines.append("  " + mark)
    return lines


def _heading(title: str) -> list[str]:
    return [title.upper(), "-" * len(title)]


def _wrap(text: str, first: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first,
                         subsequent_indent=" " * len(first)) or [first.rstrip()]


def _when(stamp: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(stamp))
    except ValueError:
        return None


def _human(moment: datetime | None) -> str:
    # Shown in the offset it was recorded in: the local time where the screening ran.
    return f"{moment.day} {moment:%B %Y, %H:%M}" if moment else "not recorded"


def _duration(began: datetime, ended: datetime) -> str:
    seconds = max(0, int((ended - began).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute")] if hours else [(minutes, "minute"),
                                                                  (seconds, "second")]
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n) or "0 seconds"
