"""Hearing fails in the middle of a screening (a USB microphone pulled out, an answer file
gone): the person, who may have no screen, hears why the questions stop and the safety
advice; the record keeps every turn and the ending. The failure is real: the third answer
file is removed after the check at start, so reading it fails when its turn comes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.asr.sphinx_engine import SphinxRecognizer
from assistant.dialog.conversation import Conversation
from assistant.dialog.model import Dialog
from assistant.records.record import SessionRecord
from assistant.session import HearingFailed, run
from assistant.voice.channel import VoiceChannel, WavDirAnswers
from assistant.voice.endpoint import EndpointSettings
from assistant.voice.tts import Speaker, TtsSettings, wav_duration
from tests.test_faults import safety_advice, whole_lines


def test_hearing_that_fails_mid_screening_is_said_with_the_safety_advice(
        tmp_path: Path, dialog: Dialog) -> None:
    speaker = Speaker(TtsSettings(rate=140))
    answers, prompts = tmp_path / "answers", tmp_path / "prompts"
    answers.mkdir()
    prompts.mkdir()
    for name in ("001.wav", "002.wav", "003.wav"):
        speaker.save(["no"], answers / name)
    endpoint = EndpointSettings()
    channel = VoiceChannel(speaker, SphinxRecognizer(), WavDirAnswers(answers, endpoint),
                           endpoint, speak_to=prompts)
    (answers / "003.wav").unlink()
    record = SessionRecord.create(tmp_path / "data")

    with pytest.raises(HearingFailed) as failed:
        run(Conversation(dialog, "112"), channel, record)

    assert failed.value.unsaid is None
    assert "003.wav" in str(failed.value)
    events = whole_lines(record.path)
    turns = [e for e in events if e["event"] == "turn"]
    assert [t["turn"] for t in turns] == [1, 2, 3]
    assert all(t["heard"] is not None for t in turns[:2])
    last = turns[-1]
    assert last["interrupted"] and "003.wav" in last["cannot_hear"]
    assert all(advice in " ".join(last["says"]) for advice in safety_advice(dialog))
    assert events[-1]["event"] == "summary" and events[-1]["stopped"]

    # The last prompt said is why the questions stop, then the ending on record.
    hint = dialog.language.say["repeat_hint"]
    expected = [dialog.language.say["cannot_hear"], *(s for s in last["says"] if s != hint)]
    said = sorted(prompts.glob("*.wav"))[-1]
    reference = speaker.save(expected, tmp_path / "reference.wav")
    assert wav_duration(said) == pytest.approx(wav_duration(reference), rel=0.05)
    assert record.path.stat().st_mode & 0o777 == 0o600


def test_hearing_that_fails_after_the_outcome_keeps_the_screening_whole(
        tmp_path: Path, dialog: Dialog) -> None:
    # A yes to the heart group (confirmed when heard unsure) and to chest pain: the
    # emergency outcome is said; then the answer file for "repeat" and the like is gone.
    speaker = Speaker(TtsSettings(rate=140))
    answers = tmp_path / "answers"
    answers.mkdir()
    for name, word in (("001.wav", "yes"), ("002.wav", "yes"), ("003.wav", "yes"),
                       ("004.wav", "repeat")):
        speaker.save([word], answers / name)
    endpoint = EndpointSettings()
    channel = VoiceChannel(speaker, SphinxRecognizer(), WavDirAnswers(answers, endpoint),
                           endpoint, speak_to=tmp_path / "prompts")
    (answers / "004.wav").unlink()
    record = SessionRecord.create(tmp_path / "data")

    summary = run(Conversation(dialog, "112"), channel, record)

    assert summary["outcome"] == "emergency" and not summary["stopped"]
    events = whole_lines(record.path)
    assert events[-1]["event"] == "summary" and events[-1]["outcome"] == "emergency"
    assert not any(e.get("cannot_hear") for e in events)
