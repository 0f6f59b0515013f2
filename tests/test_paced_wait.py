"""The benchmark of how long a person waits, answers played in real time
(assistant/bench/paced_wait.py), on one real speaker's digits, and its table."""

from __future__ import annotations

import pytest
from speech import SPEECH_DATA

from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.bench.paced_wait import MODES, _spread, _waits
from assistant.bench.personal_sets import Person
from assistant.bench.report import _paced_wait

pytestmark = pytest.mark.skipif(not (SPEECH_DATA / "digits").is_dir(),
                                reason="no shared recordings")


def takes(digit: int, speaker: str = "jackson") -> list:
    return [SPEECH_DATA / "digits" / f"{digit}_{speaker}_{n}.wav" for n in range(5)]


def test_each_answer_is_heard_both_ways_and_the_early_hearing_is_the_one_used(tmp_path):
    person = Person("jackson", {"two": takes(2)[:3], "five": takes(5)[:3]},
                    tests=[("five", takes(5)[3])])
    waits = {mode: {"recorded": []} for mode in MODES}
    tally = dict.fromkeys(("answers", "right", "answers differing", "not heard as speech",
                           "heard early and used", "heard early and set aside"), 0)
    _waits(person, WhisperRecognizer(), tmp_path, ["recorded"], frozenset({"two", "five"}),
           waits, tally)
    assert tally["answers"] == 1 and tally["answers differing"] == 0
    assert tally["right"] == 1
    # Heard early once (in the early mode), and that hearing was the answer.
    assert tally["heard early and used"] == 1 and tally["heard early and set aside"] == 0
    assert all(len(waits[mode]["recorded"]) == 1 for mode in MODES)
    assert all(w >= 0 for mode in MODES for w in waits[mode]["recorded"])
    assert not list(tmp_path.rglob("*.wav")), "the enrollment is deleted"

    result = {"paced_wait": [{"people": 1, "tally": tally, "wait_ms": {
        mode: {"recorded": _spread(by["recorded"])} for mode, by in waits.items()}}]}
    table = "\n".join(_paced_wait(result))
    assert "recorded (1 answers)" in table and "heard early" in table
    assert "1 answers of 1 people" in table and "0 answers differing" in table


def test_a_benchmark_that_could_not_run_says_why():
    lines = _paced_wait({"paced_wait": [{"measured": False, "reason": "no sox"}]})
    assert lines[-1] == "personal not measured: no sox"
