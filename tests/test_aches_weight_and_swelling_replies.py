"""A fifth round of the questions the corpus held fewest replies to, answered as people do.

Asked whether they have lost weight without trying, people say "a stone since the
summer" or "I've had to put a new hole in my belt"; whether everything aches, "from head
to toe" or "the whole lot"; whether the pain is worse, "it's going downhill" or "it's
settled"; whether the headache is unlike the old ones, "New." or "I've never had it there
before": none of these was understood, and the last was a no. "I'm going to finish
meself off" was heard as "stop" (its "I've had enough"), not as a call for help. In the
north of England and in Ireland "me" is often "my": "Not me face. Me legs though" was a
no to swelling (its "not me", as in "not me, my husband"). Each reply is a phrasing of
our own; tests/corpus/independent46.yaml to 49 measure writers' replies.
"""

from __future__ import annotations

import pytest
from reading import read

from assistant.dialog.matcher import ANSWER, COMMAND, EMERGENCY, NOT_UNDERSTOOD
from assistant.dialog.model import Dialog


@pytest.mark.parametrize(("key", "text", "value"), [
    ("weight_loss", "about a stone since the summer", "yes"),
    ("weight_loss", "he's lost nearly two stone", "yes"),
    ("weight_loss", "I've put a new hole in my belt", "yes"),
    ("weight_loss", "she's wasting away", "yes"),
    ("weight_loss", "I wasn't trying, it just went", "yes"),
    ("weight_loss", "no, I've put a stone on if anything", "no"),
    ("weight_loss", "no, I've been on a diet", "no"),
    ("everything_hurts", "I ache from head to foot", "yes"),
    ("everything_hurts", "the whole lot hurts", "yes"),
    ("everything_hurts", "arms and legs as well", "yes"),
    ("everything_hurts", "only me back", "no"),
    ("pain_worsening", "it's going downhill", "yes"),
    ("pain_worsening", "it hurts more every night", "yes"),
    ("pain_worsening", "no, it's settled down", "no"),
    ("swelling", "my ankles are up like balloons of a morning", "yes"),
    ("swelling", "nothing's swollen", "no"),
    ("pain_spreading", "it's moved round into my side", "yes"),
    ("pain_spreading", "it's taking over my whole back and hips", "yes"),
    ("pain_spreading", "no, just in the back", "no"),
    ("recent_injury", "the dog knocked me and I went into the door", "yes"),
    ("recent_injury", "no, I've not been on the floor at all", "no"),
])
def test_short_answers_in_their_own_words(dialog: Dialog, key: str, text: str,
                                          value: str) -> None:
    assert read(dialog, key, text) == (ANSWER, value)


@pytest.mark.parametrize(("text", "value"), [
    ("New.", "yes"),
    ("it's round the back of my head, I've never had it there before", "yes"),
    ("it's new, this one", "yes"),
    ("no, it's his usual one", "no"),
    ("no, nothing new about it", "no"),
])
def test_a_headache_unlike_the_old_ones(dialog: Dialog, text: str, value: str) -> None:
    """"Never had it before" is the yes of this question, not a no."""
    assert read(dialog, "headache_new_pattern", text) == (ANSWER, value)


@pytest.mark.parametrize("text", [
    "I'm going to finish meself off",
    "what's the use, I'll finish myself off, I've had enough",
    "I'd be better off dead",
    "I'm going to do myself in",
])
def test_wanting_to_die_is_a_call_for_help_at_any_question(dialog: Dialog, text: str) -> None:
    for key in ("weight_loss", "pain_worsening", "swelling"):
        assert read(dialog, key, text)[0] == EMERGENCY, key


def test_having_had_enough_alone_is_still_a_stop(dialog: Dialog) -> None:
    assert read(dialog, "weight_loss", "I've had enough") == (COMMAND, "stop")


@pytest.mark.parametrize(("text", "value"), [
    ("Not me face. Me legs though, they're swollen", "yes"),
    ("me ankles are fine, nothing's swollen", "no"),
])
def test_me_for_my_is_no_one_else(dialog: Dialog, text: str, value: str) -> None:
    assert read(dialog, "swelling", text) == (ANSWER, value)


@pytest.mark.parametrize("text", ["help me back to bed", "help me, me back's gone"])
def test_me_as_an_object_keeps_a_call_for_help(dialog: Dialog, text: str) -> None:
    assert read(dialog, "pain_worsening", text)[0] == EMERGENCY


def test_not_me_said_of_someone_else_still_tells_nothing(dialog: Dialog) -> None:
    assert read(dialog, "swelling", "not me, my husband's ankles swell") != (ANSWER, "yes")


def test_a_sign_not_caught_stays_not_understood(dialog: Dialog) -> None:
    """What these words do not say is still asked again."""
    assert read(dialog, "weight_loss", "do I look thin to you?")[0] == NOT_UNDERSTOOD
