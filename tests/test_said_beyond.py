"""An emergency told by voice in words no grammar holds.

Whisper hears an answer against the question's grammar, and also writes down freely what
it heard. That free transcription is looked at for an emergency only ("her mouth's gone
all crooked and she can't get her words out"): unsure, it is checked with the person
first, a call for help too, and what it might answer is not kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import Matcher
from assistant.dialog.reader import default_dialogs_dir
from assistant.voice.audio import write_wav
from tests.speech import SPEECH_DATA, need_tools, synth, whisper_channel

STROKE = "her mouth has gone all crooked and she can not get her words out"
COLLAPSE = "my husband has collapsed on the floor and he is not breathing"


def started() -> Conversation:
    talk = Conversation(load_dialog(default_dialogs_dir()))
    talk.start()
    return talk


def test_an_emergency_in_the_free_words_is_checked_then_called() -> None:
    talk = started()
    says = talk.hear("", 0.0, unclear=True, said=STROKE.capitalize() + ".").says
    assert says[0].startswith("I heard her mouth") and says[0].endswith("Is that right?")
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
    assert says[0].endswith("Is that right?") and "collapsed" in says[0]
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
