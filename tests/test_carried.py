"""The screening the path checker drives keeps each rule's truth from one answer to the
next: its level must be the plain screening's after every answer, aside and undo."""

from __future__ import annotations

import random
from dataclasses import replace

from assistant.dialog.carried import Carried, CarriedScreening
from assistant.dialog.expr import UNKNOWN, compile_condition
from assistant.dialog.machine import Screening
from assistant.dialog.model import Dialog
from assistant.dialog.paths import answers_for
from assistant.dialog.triage import level_of

KINDS = {"fever": ("yes_no", ()), "days": ("number", ())}


def test_a_value_is_dropped_when_a_finding_it_reads_changes_and_back_on_undo() -> None:
    carried = Carried()
    carried.track("a", ["fever"])
    carried.track("b", ["days"])
    carried.values.update(a=1, b=2)
    carried.changed(["fever"])
    assert carried.values == {"b": 2}
    carried.values["a"] = 3
    carried.changed_again("days")
    assert carried.values == {"a": 3}
    carried.values["b"] = 4
    carried.undone()
    assert carried.values == {"a": 1, "b": 2}


def test_conditions_say_what_they_read_besides_findings() -> None:
    alarms = compile_condition("any_alarm_unknown() and fever", KINDS)
    assert alarms.reads_alarms and not alarms.reads_level
    level = compile_condition("level >= urgent or days > 4", KINDS)
    assert level.reads_level and not level.reads_alarms
    plain = compile_condition("fever and unknown(days)", KINDS)
    assert not plain.reads_level and not plain.reads_alarms


def test_the_level_is_the_plain_screenings_on_random_walks(dialog: Dialog) -> None:
    # An unsure alarm sign (read by any_alarm_unknown(), not named in its reads) must
    # change the level too: every walk goes through some.
    draw = random.Random(7)
    questions = [q for q in dialog.questions.values() if not q.members]
    for _ in range(40):
        carried, plain = CarriedScreening(dialog), Screening(dialog)
        for model in (carried, plain):
            model.state = dialog.start
        steps = 0
        for _ in range(draw.randrange(1, 25)):
            question = draw.choice(questions)
            value = draw.choice(answers_for(question, dialog))
            if draw.random() < 0.2 and steps:
                key = draw.choice(questions).finding.key
                for model in (carried, plain):
                    model.also(key, UNKNOWN)
            elif draw.random() < 0.2 and steps:
                for model in (carried, plain):
                    model.undo_last()
                steps -= 1
            else:
                for model in (carried, plain):
                    model.answer(question, value)
                steps += 1
            assert carried.findings == plain.findings
            assert carried.level == plain.level == level_of(dialog, plain.findings)
            for rule in dialog.rules:
                assert carried.first_holding(carried.ranked([rule])) == (
                    carried.ranked([rule])[0][0] if rule.applies(plain.context()) else 0)


def test_a_rule_reading_the_level_is_worked_out_at_the_level_now(dialog: Dialog) -> None:
    rule = replace(dialog.rules[0], level="soon",
                   condition=compile_condition("level >= urgent", KINDS))
    screening = CarriedScreening(dialog)
    screening.state = dialog.start
    [(rank, name, _)] = screening.ranked([rule])
    assert name is None
    assert screening.first_holding([(rank, name, rule)]) == 0
    screening.mark_emergency_phrase()
    assert screening.level == "emergency"
    assert screening.first_holding([(rank, name, rule)]) == rank
