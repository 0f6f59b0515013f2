"""Screenings of one dialogue share its state machine: each keeps its own place and answers,
and the machine keeps no hold on a screening that has ended."""

from __future__ import annotations

import gc
import weakref

from talking import at

from assistant.dialog.conversation import Conversation
from assistant.dialog.model import Dialog


def test_two_screenings_of_one_dialogue_go_their_own_ways(dialog: Dialog) -> None:
    first = at(dialog, "pain_course")
    second = Conversation(dialog)
    second.start()
    assert first.machine is second.machine
    start = second.question
    assert start is not None and start.id != "pain_course"

    # An answer, and going back, in one screening move only that one.
    first_findings = dict(first.model.findings)
    second.hear("yes")
    assert first.question is not None and first.question.id == "pain_course"
    assert first.model.findings == first_findings
    first.hear("go back")
    assert second.model.findings != first.model.findings
    assert second.question is not None and second.question.id != start.id

    # An emergency in one is not an emergency in the other.
    first.hear("call an ambulance")
    assert first.outcome is not None and first.outcome.level == "emergency"
    assert second.outcome is None
    assert second.model.floor == "self_care"


def test_an_ended_screening_is_not_kept_by_the_machine(dialog: Dialog) -> None:
    talk = at(dialog, "pain_course")
    machine = talk.machine
    gone = weakref.ref(talk.model)
    del talk
    gc.collect()
    assert gone() is None
    assert machine.models == []


def test_going_back_after_a_shared_start_undoes_the_answer(dialog: Dialog) -> None:
    talk = Conversation(dialog)
    talk.start()
    first = talk.question
    assert first is not None
    talk.hear("no")
    assert talk.question is not None and talk.question.id != first.id
    talk.hear("go back")
    assert talk.question is not None and talk.question.id == first.id
    assert first.finding.key not in talk.model.findings
