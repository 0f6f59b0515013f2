"""Most of an emergency told in telegraphic speech ("Chest. Tight. Bad."), as people with
aphasia speak after a stroke, overheard while BackTalk waits or after the outcome: a part of
the body and a word of something wrong, in pieces of a word or two. It is asked about ("Do
you need an ambulance now?"); in a reply to a question the same pieces are an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import EMERGENCY, Matcher
from assistant.dialog.overheard import EmergencyOverheard, first_question
from assistant.dialog.reader import default_dialogs_dir
from tests.speech import SPEECH_DATA, woken_by_voice

NEARLY_ASKED = "Do you need an ambulance now?"
PIECES = "Floor. Hours. Cold. Can't... up."
"""Told only in telegraphic speech: no phrase of the other readings is whole in it."""


@pytest.fixture(scope="module")
def told() -> EmergencyOverheard:
    dialog = load_dialog(default_dialogs_dir())
    return EmergencyOverheard(Matcher(dialog.language), first_question(dialog, "112"))


@pytest.mark.parametrize("said", [
    "Chest. Tight. Bad.", "Arm... arm. Gone. Help.", "Floor. Hours. Cold. Can't... up.",
    "Words. Wrong. All... wrong. Now.", "Throat. Stuck. Can't.",
])
def test_telegraphic_distress_is_heard(told: EmergencyOverheard, said: str) -> None:
    assert told(said)


@pytest.mark.parametrize("said", [
    "Chest pain. Last year. Stent. Fine now.",       # the past, and well now
    "Arm. Weak. Since... stroke. Always.",            # what an old stroke left
    "Cup... the... kettle. Tea. Want tea.",           # finding words, no part of the body
    "Legs. Heavy. Always. Evening. Feet up.",         # an old complaint
    "If arm goes numb, ring. Yes. Card. Fridge.",     # a plan
    "No chest pain at all, no pressure, nothing.",    # denied
])
def test_telegraphic_talk_that_tells_no_emergency_is_none(told: EmergencyOverheard,
                                                         said: str) -> None:
    assert not told(said)


def test_a_whole_sentence_is_judged_by_the_other_readings(told: EmergencyOverheard) -> None:
    """Not telegraphic: the phrase readings judge it (here, an emergency)."""
    assert told("Chest tight and my arm hurts, it's really bad.")


@pytest.mark.parametrize(("said", "emergency"), [
    ("chest heavy heavy down the left sweat oh no", True),
    ("floor hours cold can't get up", True),
    ("cup kettle tea want tea", False),
    ("legs heavy always evening feet up", False),
    ("Waiting lists for hip and knee operations now stand at over seven million", False),
    ("I think my arm is hurting because I slept on it", False),
    ("I haven't got any chest pain", False),   # denied, as said before it is cut up
    ("my head doesn't hurt", False),
    ("She's shaking her head.", False),
])
def test_pieces_written_with_no_stop_between_them(told: EmergencyOverheard, said: str,
                                                 emergency: bool) -> None:
    """Whisper often writes telegraphic pieces with no stop between them: a short run of
    words with few small words ("the", "is", "my") is read as pieces; a headline, longer,
    and a sentence, with its small words, are not."""
    assert told(said) is emergency


def test_in_answer_to_a_question_pieces_are_an_answer() -> None:
    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    question = dialog.questions["leg_numbness_or_weakness"]
    assert matcher.interpret(question, "Legs. Numb. Both.").kind != EMERGENCY
    assert matcher.interpret(question, "Legs. Numb. Both.", telegraphic=True).kind == EMERGENCY


def test_a_screening_woken_by_telegraphic_speech_asks_about_an_ambulance() -> None:
    dialog = load_dialog(default_dialogs_dir())
    talk = Conversation(dialog)
    talk.start()
    says = talk.hear("", 0.0, said=PIECES, overheard=True).says
    assert NEARLY_ASKED in says
    talk.hear("yes")
    assert talk.summary()["outcome"] == "emergency"
    # Said in answer to the question, the same pieces ask nothing.
    talk = Conversation(dialog)
    talk.start()
    assert NEARLY_ASKED not in talk.hear("", 0.0, said=PIECES).says


def test_after_the_outcome_telegraphic_speech_is_checked() -> None:
    talk = Conversation(load_dialog(default_dialogs_dir()), "112")
    talk.start()
    while not talk.done:
        talk.hear("stop")
    assert talk.hear("", 0.0, said=PIECES).says[-1] == NEARLY_ASKED
    # No answer to the check (they may no longer be able to): the emergency advice.
    assert "112" in " ".join(talk.hear("").says)


@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason="the shared recordings are not here")
def test_waiting_telegraphic_pieces_start_the_screening_with_the_question(
        tmp_path: Path) -> None:
    """`backtalk voice --wake`: espeak-ng says "My arm.", "It's dead.", "Help." as three
    answers (no person's recording of telegraphic speech is here; Whisper writes "It's
    sad."), then yes to "Do you need an ambulance now?"."""
    events = woken_by_voice(tmp_path, ["My arm.", "It's dead.", "Help.", "yes"])
    turns = [e for e in events if e["event"] == "turn"]
    assert "arm" in turns[0]["said"].lower()
    assert NEARLY_ASKED in turns[0]["says"]
    assert events[-1]["event"] == "summary" and events[-1]["outcome"] == "emergency"
