"""The speaker split that keeps tuning clips apart from the clips figures are measured on."""

from collections import defaultdict
from pathlib import Path

import pytest

from assistant.bench.split import HELD_OUT, TUNE, half_of, speaker_of

SPEECH = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech"


def test_speaker_names_follow_the_recordings_layout():
    assert speaker_of(Path("commands/yes/0a7c2a8d_nohash_1.wav")) == "0a7c2a8d"
    assert speaker_of(Path("digits/7_theo_12.wav")) == "theo"
    assert speaker_of(Path("elsewhere/answer.wav")) == "answer"


def test_a_recording_in_another_format_has_the_speaker_and_half_of_its_name():
    for wav in ("commands/yes/0a7c2a8d_nohash_1.wav", "digits/7_theo_12.wav"):
        for suffix in (".flac", ".mp3", ".M4A"):
            other = Path(wav).with_suffix(suffix)
            assert speaker_of(other) == speaker_of(Path(wav)) != other.stem
            assert half_of(other) == half_of(Path(wav))


def test_takes_of_one_speaker_never_fall_on_both_sides():
    takes = [Path(f"commands/{w}/ffd2ba2f_nohash_{n}.wav") for w in ("yes", "no") for n in (0, 3)]
    assert len({half_of(p) for p in takes}) == 1


@pytest.mark.skipif(not SPEECH.is_dir(), reason="the shared recordings are beside the repo in CI")
def test_every_group_of_the_shared_recordings_has_both_halves():
    halves: dict[str, set[str]] = defaultdict(set)
    speakers: dict[str, set[str]] = defaultdict(set)
    for clip in SPEECH.rglob("*.wav"):
        group = "digits" if clip.parent.name == "digits" else clip.parent.name
        halves[group].add(half_of(clip))
        speakers[half_of(clip)].add(speaker_of(clip))
    for group in ("yes", "no", "left", "right", "up", "down", "digits", "_noise_"):
        assert halves[group] == {TUNE, HELD_OUT}, group
    assert not speakers[TUNE] & speakers[HELD_OUT]
