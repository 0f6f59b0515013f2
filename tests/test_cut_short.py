"""A screening cut short (input ends, the person stops) keeps what was said of alarm signs.

Found by a newcomer following the README (2026-12-03): "I have chest pain" typed, then the
input ended while BackTalk asked "Is that right?", gave "Stopped before the end (level so
far: self_care)" and a summary with no answers; a yes to the heart group, then nothing,
did the same. What waits for "Is that right?" and would raise the outcome counts when no
answer comes, the same safe mistake as silence after it; what would lower it never does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.dialog.conversation import Conversation
from assistant.dialog.expr import UNKNOWN
from assistant.dialog.model import Dialog

RunCli = Callable[..., Any]


def started(dialog: Dialog) -> Conversation:
    conversation = Conversation(dialog)
    conversation.start()
    return conversation


def ended(conversation: Conversation) -> str:
    reply = conversation.end()
    assert conversation.done
    return reply.text.lower()


def test_chest_pain_named_then_nothing_calls_the_ambulance(dialog: Dialog) -> None:
    conversation = started(dialog)
    assert "is that right" in conversation.hear("I have chest pain").text.lower()
    said = ended(conversation)
    assert conversation.outcome is not None and conversation.outcome.level == "emergency"
    assert "ambulance" in said


def test_an_unsure_yes_to_an_alarm_sign_then_nothing_counts(dialog: Dialog) -> None:
    conversation = started(dialog)
    conversation.hear("yes")  # to the heart group: its signs one by one
    sign = conversation.question
    assert sign is not None and sign.finding.alarm and not sign.members
    assert "is that right" in conversation.hear("yes", 0.5).text.lower()
    ended(conversation)
    assert conversation.model.findings[sign.finding.key] == "yes"


def test_an_unsure_no_to_an_alarm_sign_then_nothing_never_counts(dialog: Dialog) -> None:
    conversation = started(dialog)
    conversation.hear("yes")
    sign = conversation.question
    assert sign is not None
    reply = conversation.hear("no", 0.5)
    assert "is that right" in reply.text.lower(), reply.text
    ended(conversation)
    assert conversation.model.findings.get(sign.finding.key) != "no"
    assert conversation.outcome is not None and conversation.outcome.level != "self_care"


def test_a_yes_to_the_heart_group_then_nothing_calls_the_ambulance(dialog: Dialog) -> None:
    # "Are you short of breath, or faint, or is there pain or pressure in your chest?" -
    # "yes": whichever it is, articles 000 and 004 send for help at once.
    conversation = started(dialog)
    conversation.hear("yes")
    said = ended(conversation)
    assert conversation.outcome is not None and conversation.outcome.level == "emergency"
    assert "ambulance" in said
    heart = dialog.questions["heart"].members
    assert {conversation.model.findings[k] for k in heart} == {UNKNOWN}


def test_a_yes_to_a_group_then_nothing_is_at_least_today_and_says_more_was_unasked(
        dialog: Dialog) -> None:
    conversation = started(dialog)
    conversation.hear("no")   # heart
    conversation.hear("yes")  # worse breathing in, arm or jaw, cutting pain: one of them
    said = ended(conversation)
    assert conversation.outcome is not None
    assert conversation.outcome.level in ("urgent", "emergency")
    assert dialog.language.say["stopped_unasked"].lower() in said


def test_stopped_at_an_appointment_says_it_may_be_more_urgent(dialog: Dialog) -> None:
    conversation = Conversation(dialog, known={"previous_stroke": "yes"})
    conversation.start()
    conversation.hear("no")  # heart
    said = ended(conversation)
    assert conversation.outcome is not None and conversation.outcome.level == "soon"
    assert dialog.language.say["stopped_unasked"].lower() in said


def test_typed_chest_pain_then_end_of_input_through_the_command_line(
        run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("--data-dir", str(tmp_path), "chat", stdin="I have chest pain\n")
    assert done.returncode == 0, done.stderr
    assert "Outcome: emergency" in done.stdout
    summary = next(tmp_path.rglob("*.txt")).read_text(encoding="utf-8")
    assert "ambulance" in summary.lower()
