"""Spoken screenings answered with real recordings: the patients answer the question
asked (and put a misheard answer right), each answer is a clip of another held-out
speaker, and one quiet screening runs through the real voice loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.asr.select import make_recognizer
from assistant.bench.interval import shown_rate
from assistant.bench.screening_tables import screenings as screening_table
from assistant.bench.screenings import (
    ScreeningProblem,
    Voices,
    draw_key,
    fitting,
    measure_screenings,
    patient_says,
)
from assistant.bench.split import HELD_OUT, half_of, speaker_of
from assistant.cli.bench import default_speech_dir
from assistant.dialog.conversation import Conversation
from assistant.dialog.model import Dialog

SPEECH = default_speech_dir()
pytestmark = pytest.mark.skipif(not (SPEECH / "commands").is_dir(),
                                reason="the shared recordings are not here")


def test_every_patient_fits_and_reaches_its_outcome_when_typed(dialog: Dialog) -> None:
    chosen, left_out = fitting(dialog)
    assert left_out == []
    assert {p["outcome"] for p in chosen} == {"emergency", "urgent", "soon", "self_care"}


def test_a_misheard_answer_is_put_right(dialog: Dialog) -> None:
    conversation = Conversation(dialog, "112")
    conversation.start()
    findings = {"location": "upper", "side": "left", "days": 2.0}
    assert patient_says(conversation, dialog, findings) == "no"
    # Heard, unsure, as a yes to the heart signs: that waits for "Is that right?", and
    # the patient who has none of them says no.
    conversation.hear("yes", confidence=0.3)
    assert conversation.pending is not None
    assert patient_says(conversation, dialog, findings) == "no"


def test_each_answer_of_a_conversation_has_another_held_out_speaker() -> None:
    voices = Voices(SPEECH, HELD_OUT)
    used: set[str] = set()
    for n, word in enumerate(("yes", "no", "no", "three", "left", "no")):
        clip = voices.take(word, used, draw_key("0/0", "heart", False, n))
        assert clip.parent.name == word and half_of(clip) == HELD_OUT
        assert speaker_of(clip) not in used
        used.add(speaker_of(clip))


def test_an_answer_s_recording_does_not_depend_on_the_answers_before_it() -> None:
    # Two versions of the code that hear one answer differently must still give the
    # later questions the same recordings, or before/after comparisons are noise.
    key = draw_key("0/3", "urine", False, 0)
    alone = Voices(SPEECH, HELD_OUT).take("no", set(), key)
    voices = Voices(SPEECH, HELD_OUT)
    for n in range(5):
        voices.take("yes", set(), draw_key("0/3", "heart", True, n))
    assert voices.take("no", set(), key) == alone
    others = {Voices(SPEECH, HELD_OUT).take("no", set(), draw_key(f"{d}/3", "urine", False, 0))
              for d in range(6)}
    assert len(others) > 1  # another draw, other voices


def test_one_quiet_screening_runs_through_the_voice_loop(dialog: Dialog,
                                                         tmp_path: Path) -> None:
    recognizer, _ = make_recognizer("pocketsphinx")
    result = measure_screenings(dialog, recognizer, SPEECH, tmp_path, limit=1,
                                conditions=["quiet"])
    quiet = result["conditions"]["quiet"]
    (run,) = quiet["runs"]
    assert quiet["conversations"] == 1 and run["wanted"] == "emergency"
    assert run["answers"] == len(run["clips"]) >= 2
    assert not run["cut_off"] and quiet["cut_off"] == 0
    assert run["reasks"] == max(0, run["answers"] - 2)
    assert len(run["heard"]) == run["answers"]
    assert quiet["right_outcome"]["clips"] == 1
    assert all(t > 0 for t in run["beyond_endpoint"])
    assert len(list((tmp_path / "quiet" / "00").glob("*.wav"))) == run["answers"]


def test_each_patient_is_screened_again_with_other_recordings(dialog: Dialog,
                                                              tmp_path: Path) -> None:
    recognizer, _ = make_recognizer("pocketsphinx")
    result = measure_screenings(dialog, recognizer, SPEECH, tmp_path, limit=1,
                                conditions=["quiet"], draws=2)
    runs = result["conditions"]["quiet"]["runs"]
    assert result["draws"] == 2 and [r["draw"] for r in runs] == [0, 1]
    assert result["conditions"]["quiet"]["right_outcome"]["clips"] == 2
    assert runs[0]["clips"] != runs[1]["clips"]
    for draw, run in enumerate(runs):
        assert len(list((tmp_path / "quiet" / f"00.{draw}").glob("*.wav"))) == run["answers"]
    # Two screenings of one patient: the table's interval is of the patients, not of the
    # screenings.
    by_patient = result["conditions"]["quiet"]["right_by_patient"]
    assert by_patient["clips"] == 2 and 1.0 <= by_patient["design_effect"] <= 2.0
    lines = "\n".join(screening_table({"screenings": [result]}))
    assert "cut off" in lines and "design effect" in lines
    assert shown_rate(by_patient) in lines


def test_a_screening_longer_than_the_limit_is_cut_off_and_not_right(
        dialog: Dialog, tmp_path: Path) -> None:
    recognizer, _ = make_recognizer("pocketsphinx")
    result = measure_screenings(dialog, recognizer, SPEECH, tmp_path, limit=1,
                                conditions=["quiet"], max_answers=1)
    quiet = result["conditions"]["quiet"]
    (run,) = quiet["runs"]
    assert result["max_answers"] == 1
    assert run["answers"] == 1 and run["cut_off"] and quiet["cut_off"] == 1
    assert run["outcome"] != run["wanted"] and quiet["right_outcome"]["right"] == 0
    with pytest.raises(ScreeningProblem, match="max_answers must be 1 or more"):
        measure_screenings(dialog, recognizer, SPEECH, tmp_path, max_answers=0)


def test_no_draws_is_refused(dialog: Dialog, tmp_path: Path) -> None:
    from assistant.bench.run import BenchError, BenchOptions, run_bench

    options = BenchOptions(dialogs=tmp_path, speech_dir=SPEECH, work_dir=tmp_path / "work",
                           engines=("pocketsphinx",), pin_core=None, parts=("screenings",),
                           draws=0)
    with pytest.raises(BenchError, match="screened at least once"):
        run_bench(options, progress=lambda _: None)
    options.draws, options.max_answers = 1, 0
    with pytest.raises(BenchError, match="at least one answer"):
        run_bench(options, progress=lambda _: None)
    with pytest.raises(ScreeningProblem, match="draws must be 1 or more"):
        measure_screenings(dialog, None, SPEECH, tmp_path, draws=0)
