"""An emergency told in pieces while BackTalk waits: people who speak slowly after a stroke
stop between the parts of what they say ("I fell." ... "Can't move."), and each pause ends
a turn. The short turns heard one after another are read together; the sentences of a
television, one after another, are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bench.overheard import by_words, spoken_pieces
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import Matcher
from assistant.dialog.overheard import PIECE_PAUSE, EmergencyOverheard, Pieces, first_question
from assistant.dialog.reader import default_dialogs_dir
from tests.speech import SPEECH_DATA, woken_by_voice

PHRASE = "okay back talk"


@pytest.fixture(scope="module")
def told() -> EmergencyOverheard:
    dialog = load_dialog(default_dialogs_dir())
    return EmergencyOverheard(Matcher(dialog.language), first_question(dialog, "112"))


def heard_in_turns(told: EmergencyOverheard, turns: list[str],
                   pause: float = 0.5) -> list[bool]:
    """Whether each turn, said after ``pause`` seconds, is read as an emergency (with the
    turns before it, as the wait reads them)."""
    pieces = Pieces()
    return [told(turn) or told(pieces.joined(turn, pause)) for turn in turns]


@pytest.mark.parametrize("turns", [
    ["I fell.", "Can't move.", "Been here ages."],
    ["On the floor.", "Can't get up."],
    ["Chest.", "So tight.", "Sweating."],
])
def test_an_emergency_told_in_pieces_is_heard_whole(told: EmergencyOverheard,
                                                    turns: list[str]) -> None:
    assert not any(told(turn) for turn in turns)  # no piece tells it alone
    assert heard_in_turns(told, turns)[-1]


def test_pieces_after_a_long_pause_are_not_joined(told: EmergencyOverheard) -> None:
    assert not any(heard_in_turns(told, ["I fell.", "Can't move."], PIECE_PAUSE + 1))


def test_silence_between_pieces_drops_them(told: EmergencyOverheard) -> None:
    pieces = Pieces()
    pieces.joined("I fell.", 0.5)
    assert pieces.joined("", None) == ""
    assert pieces.joined("Can't move.", 0.5) == "Can't move."


def test_the_sentences_of_a_television_are_not_joined() -> None:
    pieces = Pieces()
    pieces.joined("Police are appealing for witnesses after a man fell from a bridge.", 0.2)
    assert pieces.joined("Traffic is moving slowly on the ring road this morning.", 0.2) == \
        "Traffic is moving slowly on the ring road this morning."


def test_a_short_end_goes_on_with_a_longer_turn() -> None:
    pieces = Pieces()
    pieces.joined("I can't see out of my right eye", 0.3)
    assert pieces.joined("Just now.", 0.3) == "I can't see out of my right eye. Just now."


@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason="the shared recordings are not here")
def test_waiting_an_emergency_said_in_pieces_starts_the_screening(tmp_path: Path) -> None:
    """`backtalk voice --wake`: espeak-ng says "I fell.", then "Can't move." as two answers
    (no person's recording of an emergency told in pieces is here), then yes to the check.
    Neither piece alone would wake it; together they start the screening with the check."""
    events = woken_by_voice(tmp_path, ["I fell.", "Can't move.", "yes"])
    turns = [e for e in events if e["event"] == "turn"]
    said = turns[0]["said"].lower()
    assert "fell" in said and "move" in said
    assert turns[0]["says"][0].endswith("Is that right?")
    assert events[-1]["event"] == "summary" and events[-1]["outcome"] == "emergency"


def test_the_benchmark_hears_a_line_in_pieces(told: EmergencyOverheard) -> None:
    """``python -m assistant.bench.overheard --pieces``: each pause of a line ends a turn;
    read alone its pieces tell nothing, read as the wait reads them they do."""
    lines = [("emergency", "I fell. Can't move. Been here ages."),
             ("news", "Police are appealing for witnesses. A man fell from a bridge.")]
    assert spoken_pieces(lines[0][1], True) == ["I fell.", "Can't move.", "Been here ages."]
    assert by_words(lines, told, pieces=True) == ["emergency", ""]
    assert by_words(lines, told, pieces=True, join=False) == ["", ""]
    assert by_words(lines, told, pieces=True, apart=True) == ["emergency", ""]
