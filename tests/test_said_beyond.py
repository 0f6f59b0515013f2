"""An emergency told by voice in words no grammar holds.

Whisper hears an answer against the question's grammar, and also writes down freely what
it heard. That free transcription is looked at for an emergency only ("her mouth's gone
all crooked and she can't get her words out"): unsure, it is checked with the person
first, a call for help too, and what it might answer is not kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.asr.base import Heard
from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import Matcher
from assistant.dialog.reader import default_dialogs_dir
from assistant.records.record import SessionRecord
from assistant.session import run
from assistant.voice.audio import write_wav
from tests.speech import SPEECH_DATA, need_tools, synth, whisper_channel, woken_by_voice

STROKE = "her mouth has gone all crooked and she can not get her words out"
COLLAPSE = "my husband has collapsed on the floor and he is not breathing"
NEW_STROKE = "Oh no, my face has dropped and my arm has gone dead, it has just happened."
PHRASE = "okay back talk"
NEED = "Do you need an ambulance now?"
"""How an emergency told in more than eight words is checked."""


def started() -> Conversation:
    talk = Conversation(load_dialog(default_dialogs_dir()))
    talk.start()
    return talk


def test_an_emergency_in_the_free_words_is_checked_then_called() -> None:
    talk = started()
    says = talk.hear("", 0.0, unclear=True, said=STROKE.capitalize() + ".").says
    # Told in more than eight words, it is asked as a need, not said back (a story said back
    # was answered "yes, that's what I said": tests/test_twenty_fourth_round.py).
    assert says[0] == NEED
    assert talk.summary()["outcome"] is None
    talk.hear("yes")
    assert talk.summary()["outcome"] == "emergency"


def test_a_call_in_the_free_words_waits_for_a_yes() -> None:
    talk = started()
    says = talk.hear("no", 0.7, said="No. Help me, call an ambulance.").says
    assert says[0].endswith("Is that right?") and talk.summary()["outcome"] is None
    talk.hear("no, that's wrong")
    assert talk.summary()["outcome"] is None and talk.summary()["findings"] == {}


@pytest.mark.parametrize("said", ["Yes.", "Thank you.", "No, I had a stroke years ago.", ""])
def test_free_words_with_no_emergency_change_nothing(said: str) -> None:
    plain, beyond = started(), started()
    assert beyond.hear("yes", 0.9, said=said).says == plain.hear("yes", 0.9).says


@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason="the shared recordings are not here")
def test_an_emergency_told_by_voice_reaches_the_free_words(tmp_path: Path) -> None:
    """espeak-ng says it (no person's recording of one is here); Whisper's grammar for the
    question holds no phrase of it, its free transcription does."""
    need_tools("espeak-ng", "sox")
    write_wav(tmp_path / "000.wav", synth(COLLAPSE, "en-us", 140))
    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    talk = Conversation(dialog)
    talk.start()
    assert talk.question is not None
    heard = whisper_channel(tmp_path).listen(matcher.grammar(talk.question))
    assert heard is not None and heard.text == "" and "collapsed" in heard.said.lower()
    says = talk.hear(heard.text, heard.confidence, unclear=heard.unclear,
                     said=heard.said).says
    assert says[0] == NEED
    talk.hear("yes")
    assert talk.summary()["outcome"] == "emergency"


@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason="the shared recordings are not here")
def test_the_benchmark_of_free_words_runs_on_real_recordings(
        capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.bench import said_emergencies

    said_emergencies.main(["--per-word", "1", "--noise", "4"])
    last = capsys.readouterr().out.splitlines()[-1]
    clips = sum(1 for p in (SPEECH_DATA / "commands").iterdir()
                if p.is_dir() and p.name != "_noise_") + 4
    assert last.startswith(f"{clips} clips, ") and "taken for an emergency: 0/" in last


def ended() -> Conversation:
    talk = started()
    talk.end()
    assert talk.done
    return talk


def test_after_the_outcome_an_emergency_in_the_free_words_is_checked() -> None:
    talk = ended()
    says = talk.hear("", 0.0, said=NEW_STROKE).says
    assert says[0] == NEED
    assert "112" in " ".join(talk.hear("yes").says)


@pytest.mark.parametrize(("answer", "advice"), [("no", False), ("", True), ("yes", True),
                                                ("help me", True)])
def test_the_check_after_the_outcome_gives_the_advice_unless_turned_down(
        answer: str, advice: bool) -> None:
    """Silence may mean they can no longer answer: only a no leaves it at goodbye."""
    talk = ended()
    talk.hear("", 0.0, said=NEW_STROKE)
    words = " ".join(talk.hear(answer).says)
    assert ("112" in words) is advice and ("Goodbye" in words) is not advice


@pytest.mark.parametrize("said", ["Thank you.", "I had a stroke years ago.", "Bye-bye."])
def test_after_the_outcome_free_words_with_no_emergency_are_not_checked(said: str) -> None:
    says = ended().hear("", 0.0, said=said).says
    assert not any(s.endswith("Is that right?") for s in says)


class Heards:
    """A channel that hears the given utterances in turn, then input ends."""

    def __init__(self, heard: list[Heard]) -> None:
        self.heard = list(heard)
        self.said: list[list[str]] = []

    def say(self, sentences: list[str]) -> None:
        self.said.append(sentences)

    def listen(self, grammar: list[str]) -> Heard | None:
        return self.heard.pop(0) if self.heard else None


def test_the_session_waits_for_the_check_after_the_outcome(tmp_path: Path) -> None:
    """The screening is stopped and ended; then a new stroke is told in words the grammar
    does not hold, and input ends with the check unanswered: the advice is still said,
    and every turn is on record."""
    rejected: dict[str, Any] = {"rejected": True, "speech_seconds": 2.5}
    channel = Heards([Heard("stop"), Heard("yes"), Heard("", 0.0, rejected, said=NEW_STROKE)])
    record = SessionRecord(tmp_path / "20261203-235900-0001.jsonl")
    try:
        run(started_unstarted(), channel, record)
    finally:
        record.close()
    assert channel.said[-2][0] == NEED
    assert "112" in " ".join(channel.said[-1])
    events = [json.loads(line) for line in record.path.read_text(encoding="utf-8").splitlines()]
    turns = [e for e in events if e["event"] == "turn"]
    assert turns[-2]["said"] == NEW_STROKE and turns[-2]["understood_as"] == "emergency"
    assert turns[-1]["heard"] is None


def started_unstarted() -> Conversation:
    return Conversation(load_dialog(default_dialogs_dir()))


@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason="the shared recordings are not here")
def test_waiting_for_the_phrase_an_emergency_told_in_other_words_is_checked(
        tmp_path: Path) -> None:
    """`backtalk voice --wake` waits; espeak-ng says other things first (the past, a
    plan), then an emergency in words no grammar holds, then yes to the check. Only the
    emergency starts a screening, and it starts with the check, not the welcome."""
    need_tools("espeak-ng", "sox")
    events = woken_by_voice(tmp_path, ["my husband had a stroke two years ago",
                                       "we are going to the shops later", COLLAPSE, "yes"],
                            PHRASE)
    turns = [e for e in events if e["event"] == "turn"]
    assert "collapsed" in turns[0]["said"].lower() and turns[0]["heard"] == ""
    assert turns[0]["says"][0] == NEED
    assert events[-1]["event"] == "summary" and events[-1]["outcome"] == "emergency"
