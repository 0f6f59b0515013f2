"""A thirteenth round of the questions the corpus held fewest replies to.

"Not my head, but I cricked me neck something awful falling off the kerb Friday" was a no
to a head or neck hurt; "Not burning exactly, but it's sore at the end" and "I'd be lying
if I said no, it catches me something terrible" noes to pain passing urine. A stroke told
as "a big one" or "one three years back", a heart that "quit", water that "comes out
slow" were not understood. Each reply is a phrasing of our own; tests/corpus/
independent78.yaml to 81 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("head_or_neck_injury", "not the head, no, but I cricked my neck getting off the bus",
     "yes"),
    ("head_or_neck_injury", "he's had no knocks at all", "no"),
    ("painful_urination", "I'd be lying if I said no", "yes"),
    ("painful_urination", "it catches me every time I go", "yes"),
    ("previous_stroke", "my husband had a big one two years ago", "yes"),
    ("previous_stroke", "she had one in 2018, it took her speech for a while", "yes"),
    ("recent_heart_attack", "my heart quit on me in 1999, they had to shock me", "yes"),
    ("kidney_area", "more round to the side, under my ribs", "yes"),
    ("bladder_problems", "it comes out slow and stops and starts", "yes"),
    ("cold_sweat", "I'm sweating like a pig", "yes"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


def test_lying_said_of_a_yes_is_a_no(dialog: Dialog) -> None:
    assert read(dialog, "painful_urination", "I'd be lying if I said yes") == (ANSWER, "no")


@pytest.mark.parametrize("text", ["no burning as such, but it's sore at the end",
                                  "not burning, but sore at the end"])
def test_burning_denied_but_soreness_told_is_no_no(dialog: Dialog, text: str) -> None:
    """Asked again (the no to burning and the soreness told conflict), never a no."""
    assert read(dialog, "painful_urination", text) != (ANSWER, "no")


def test_someone_elses_stroke_told_with_a_fear_is_no_yes(dialog: Dialog) -> None:
    """"Had one" is the person's only when said of them: a mother's is not."""
    assert read(dialog, "previous_stroke", "I worry about a stroke, my dad had one") != \
        (ANSWER, "yes")
