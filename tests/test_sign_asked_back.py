"""A thing asked back at a group, then a no: the no is of that thing, not of the group.

People who find words slowly, or who check what they heard, say the thing back before
they answer ("Poison? No... no.", a reply written for tests/corpus/groups5.yaml by a
writer who saw neither code nor lexicon). The words they say back are often not the
group's own ("poison" for a poisoning, "bleeding" for blood in the urine, "stent" for a
heart procedure), and a bare no after them was read as a no to every sign of the group:
alarm signs never spoken of recorded as absent.
"""

from __future__ import annotations

import pytest
from talking import at

from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("question_id", "reply"), [
    ("general", "Poison? No... no."),
    ("general", "Poisoned? No."),
    ("urine", "Bleeding? No."),
    ("nerves", "Cramping? No."),
    ("kidney_signs", "Thinner? No."),
    ("history", "Stent? No."),
    ("heart", "Breathless? Nah."),
])
def test_the_other_alarm_signs_are_still_asked(dialog: Dialog, question_id: str,
                                               reply: str) -> None:
    talk = at(dialog, question_id)
    group = talk.question
    assert group is not None and group.members
    said = talk.hear(reply)
    denied = {key for key, value in said.recorded.items() if value == "no"}
    # At most the one thing asked back is denied; every other sign is asked on its own.
    assert len(denied) <= 1, said.recorded
    asked: list[str] = []
    while talk.question is not None and talk.question.finding.key in group.members:
        asked.append(talk.question.finding.key)
        talk.hear("no")
    assert set(asked) | denied == set(group.members)


@pytest.mark.parametrize("reply", [
    "Me? No.",  # a word of the talk itself, not a sign
    "Pardon? No.",
    "Dad, have you? ... No, he's shaking his head, none of those.",
])
def test_a_word_of_the_talk_asked_back_leaves_a_plain_no(dialog: Dialog, reply: str) -> None:
    talk = at(dialog, "general")
    group = talk.question
    assert group is not None
    said = talk.hear(reply)
    assert said.recorded == dict.fromkeys(group.members, "no")
