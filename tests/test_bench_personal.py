"""The personal benchmark on one person's folder (``--enrollment``): their later takes are
heard, and so are their own words with each left out of the enrollment in turn."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.bench.personal import LEFT_OUT, measure_personal
from assistant.bench.personal_table import personal_lines

SPEECH = Path("/work/shared/data/speech")


def test_one_persons_folder_is_measured_with_own_words_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "theo"
    for digit, word in ((1, "one"), (3, "three")):
        (folder / word).mkdir(parents=True)
        for take in range(5):
            shutil.copy(SPEECH / "digits" / f"{digit}_theo_{take}.wav",
                        folder / word / f"{take}.wav")
    result = measure_personal(SPEECH, tmp_path / "work", enrollment=folder, sample=1)
    (person,) = result["people"]
    assert person["words"] == 2 and person["tests"] == 2  # one later take of each word
    given = result["summary"]["given"]
    assert given["recorded"]["right"] == 2
    # Each word's takes (three enrolled, one later: the sample), heard with that word left
    # out: 8 clips; theo's "one" and "three" are far apart, neither is taken for the other.
    assert given[LEFT_OUT]["clips"] == 8
    assert result["summary"]["alone"][LEFT_OUT]["right"] == 0
    assert not list((tmp_path / "work").glob("personal-*")), "the takes were not removed"
    timed = result["time_ms"]["enrolled words, recorded"]
    assert timed["answers"] == 2 and 0 < timed["wall_p50"] <= timed["wall_p95"]
    table = "\n".join(personal_lines({"personal": [{**result, "peak_rss_mb": 1}]}))
    assert "own words left out of the enrollment taken" in table
    assert "| enrolled words, recorded | 2 |" in table


def test_a_clip_is_heard_as_a_live_answer() -> None:
    from assistant.bench.live_answer import live_answer
    from assistant.voice.audio.wav import read_wav

    tight = read_wav(SPEECH / "digits" / "3_theo_5.wav")  # cut tight round the word
    heard = live_answer(tight)
    assert heard is not None
    # The word, with what the endpointer keeps before it and the shortened silence after.
    assert len(tight) < len(heard) < len(tight) + 2 * 16000 * 2 * 0.7
    assert live_answer(bytes(16000 * 2)) is None  # a second of silence is no answer
