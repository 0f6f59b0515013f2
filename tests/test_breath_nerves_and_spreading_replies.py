"""Tenth and eleventh rounds of the questions the corpus held fewest replies to.

"She says it's nothing like her migraines" was a no to a new kind of headache; "I've not
noticed, I don't really pay attention down there" a no to a numb groin; "it's not
growing, but it has moved down into my bum and leg" a no to pain spreading; "I lost a lot
after the stroke, three years back, I've been steady since" a yes to weight lost. Winded,
nerves, a yawn, rings tight, a back caught on a door, medicine "not shifting it" were not
understood. Each reply is a phrasing of our own; tests/corpus/independent66.yaml to 73
measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import heard, read

from assistant.dialog.matcher import ANSWER, EMERGENCY
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("headache_new_pattern", "it's nothing like his usual ones, this", "yes"),
    ("headache_new_pattern", "I never have headache like this one", "yes"),
    ("headache_new_pattern", "it's the same headache he always gets", "no"),
    ("shortness_of_breath", "she's puffing like an old engine on the stairs", "yes"),
    ("shortness_of_breath", "I get winded going to the shop", "yes"),
    ("shortness_of_breath", "no, I'm breathing lovely", "no"),
    ("stress", "my nerves are bad since the flood", "yes"),
    ("stress", "she's been in a right state over her sister", "yes"),
    ("stress", "not stressed, no, just a bit tired of the telly", "no"),
    ("stress", "I was stressed when I lost my job, years ago, but these days I'm fine", "no"),
    ("worse_when_breathing", "he winces when he yawns", "yes"),
    ("worse_when_breathing", "no, only when I bend down to the oven", "no"),
    ("headache_with_cough", "every sneeze and my head's splitting", "yes"),
    ("swelling", "my rings are tight first thing", "yes"),
    ("swelling", "my ankles swelled when I was expecting, back in 1970, nothing since", "no"),
    ("everything_hurts", "like a truck's run over me, every joint", "yes"),
    ("everything_hurts", "it's mostly my back, honestly", "no"),
    ("weight_loss", "her skirt hangs off her now", "yes"),
    ("weight_loss", "I lost a lot after the op in 2015, I've been steady since", "no"),
    ("recent_injury", "I caught my back on the car door", "yes"),
    ("pain_not_relieved", "the co-codamol's not shifting it", "yes"),
    ("pain_not_relieved", "paracetamol hasn't done a thing", "yes"),
    ("pain_not_relieved", "the new ones work, I'm a lot easier", "no"),
    ("groin_numbness", "down below feels dead, like cold rubber", "yes"),
    ("groin_numbness", "I couldn't feel the seat when I sat on the loo", "yes"),
    ("pain_spreading", "it's moved down into my hip now", "yes"),
    ("pain_spreading", "no, it's not moved at all", "no"),
    ("pain_to_arm_or_jaw", "my teeth ache with it", "yes"),
])
def test_answers_in_their_own_words(dialog: Dialog, key: str, text: str, value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("key", "text"), [
    ("groin_numbness", "I haven't noticed, to be honest"),
    ("groin_numbness", "I've not noticed, I never pay attention to that"),
    ("worse_when_breathing", "not really noticed"),
])
def test_not_noticed_is_never_a_firm_no(dialog: Dialog, key: str, text: str) -> None:
    """An alarm sign not looked for is not known to be absent: at most a no to confirm."""
    meaning = heard(dialog, key, text)
    assert not (meaning.kind == ANSWER and meaning.value == "no" and not meaning.confirm)


def test_growing_denied_but_moved_is_spreading(dialog: Dialog) -> None:
    assert read(dialog, "pain_spreading",
                "it's no bigger, but it's moved down into the back of my leg") == (ANSWER, "yes")


@pytest.mark.parametrize("text", ["he can't catch his breath, he's gone grey",
                                  "me cyaan ketch me breath"])
def test_breath_not_caught_is_a_call_for_help(dialog: Dialog, text: str) -> None:
    assert read(dialog, "shortness_of_breath", text)[0] == EMERGENCY


def test_a_stroke_of_long_ago_is_still_asked_as_before(dialog: Dialog) -> None:
    """Weight and stress left the questions of what has been; a stroke did not."""
    assert read(dialog, "previous_stroke",
                "a little one in 2012, I've been steady since") == (ANSWER, "yes")
