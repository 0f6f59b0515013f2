"""The personal benchmark on one person's folder (``--enrollment``): their later takes are
heard, and so are their own words with each left out of the enrollment in turn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.bench.personal import GUESS_HIGH, LEFT_OUT, measure_personal
from assistant.bench.personal_table import personal_lines
from assistant.bench.run import BenchError, BenchOptions, run_bench
from assistant.bench.split import SPEECH_DIR as SPEECH
from assistant.voice.audio.recording import LONGEST
from assistant.voice.audio.wav import read_wav, write_wav


def _theo(tmp_path: Path, takes: int = 5) -> Path:
    folder = tmp_path / "theo"
    for digit, word in ((1, "one"), (3, "three")):
        (folder / word).mkdir(parents=True)
        for take in range(takes):
            shutil.copy(SPEECH / "digits" / f"{digit}_theo_{take}.wav",
                        folder / word / f"{take}.wav")
    return folder


def test_one_persons_folder_is_measured_with_own_words_left_out(tmp_path: Path) -> None:
    folder = _theo(tmp_path)
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
    # Close guesses (his digits are numbers a screening lets his takes guess) counted
    # apart, and none surer than a guess may be.
    assert given["recorded guess"]["clips"] == 2
    assert given[GUESS_HIGH]["right"] == 0 and given[GUESS_HIGH]["clips"] > 2 * 3 + 8
    table = "\n".join(personal_lines({"personal": [{**result, "peak_rss_mb": 1}]}))
    assert "own words left out of the enrollment taken" in table
    assert "| enrolled words, recorded | 2 |" in table
    assert "own words left out taken as a close guess" in table


def test_a_noise_recording_minutes_long_is_heard_not_refused(tmp_path: Path) -> None:
    """A folder of recordings whose noise is one long file (as Speech Commands ships its
    background noise): each take of the person's is bounded as an answer is, the noise is
    not, and is heard as the other benchmarks hear it."""
    speech = tmp_path / "speech"
    (speech / "commands" / "_noise_").mkdir(parents=True)
    (speech / "digits").symlink_to(SPEECH / "digits")
    for entry in (SPEECH / "commands").iterdir():
        if entry.name != "_noise_":
            (speech / "commands" / entry.name).symlink_to(entry)
    pieces = sorted((SPEECH / "commands" / "_noise_").glob("*.wav"))[:40]
    noise = b"".join(read_wav(piece) for piece in pieces)
    assert len(noise) > 2 * 16000 * LONGEST, "the noise must outlast a take"
    write_wav(speech / "commands" / "_noise_" / "noise_long_nohash_0.wav", noise)
    result = measure_personal(speech, tmp_path / "work", enrollment=_theo(tmp_path), sample=1)
    assert result["summary"]["given"]["noise"]["clips"] == 1


def test_more_takes_enrolled_leave_fewer_to_hear(tmp_path: Path) -> None:
    result = measure_personal(SPEECH, tmp_path / "work", enrollment=_theo(tmp_path, 6),
                              takes=5)
    (person,) = result["people"]
    assert person["tests"] == 2  # six takes of each word: five enrolled, one heard
    assert result["takes"] == 5
    # Each word's six takes heard with that word left out.
    assert result["summary"]["given"][LEFT_OUT]["clips"] == 12
    table = "\n".join(personal_lines({"personal": [{**result, "peak_rss_mb": 1}]}))
    assert "1 person, 5 takes of each word enrolled, 2 later takes heard" in table


def test_no_takes_enrolled_is_refused(tmp_path: Path) -> None:
    options = BenchOptions(dialogs=tmp_path, speech_dir=SPEECH, work_dir=tmp_path / "work",
                           engines=("personal",), pin_core=None, takes=0)
    with pytest.raises(BenchError, match="at least one take"):
        run_bench(options, progress=lambda _: None)


def test_a_clip_is_heard_as_a_live_answer() -> None:
    from assistant.bench.live_answer import live_answer
    from assistant.voice.audio.wav import read_wav

    tight = read_wav(SPEECH / "digits" / "3_theo_5.wav")  # cut tight round the word
    heard = live_answer(tight)
    assert heard is not None
    # The word, with what the endpointer keeps before it and the shortened silence after.
    assert len(tight) < len(heard) < len(tight) + 2 * 16000 * 2 * 0.7
    assert live_answer(bytes(16000 * 2)) is None  # a second of silence is no answer
