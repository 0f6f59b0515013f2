"""The benchmark's honest figures: the Wilson interval, clips of held-out speakers only,
samples spread over speakers, and `backtalk bench --parts recognition --sample 2` writing
per-word counts with their intervals."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.bench.clips import DIGITS_8K, NOISE, YES_NO, plan_trials, spread
from assistant.bench.interval import clustered, design_effect, shown, wilson
from assistant.bench.split import HELD_OUT, TUNE, half_of, speaker_of, speakers_told
from assistant.cli.bench import default_speech_dir
from assistant.dialog.matcher import Matcher
from assistant.dialog.model import Dialog

RunCli = Callable[..., subprocess.CompletedProcess[str]]
SPEECH = default_speech_dir()
needs_speech = pytest.mark.skipif(not (SPEECH / "commands").is_dir(),
                                  reason="the shared recordings are not here")


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3.
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718), (29, 29, 0.8830, 1.0)])
def test_the_wilson_interval_matches_published_values(k: int, n: int, low: float,
                                                      high: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_an_empty_count_says_nothing_and_a_bad_one_is_refused() -> None:
    assert wilson(0, 0) == (0.0, 1.0) and shown(0, 0) == "-"
    assert shown(284, 291) == "284/291 (97.6%, CI 95.1-98.8%)"
    with pytest.raises(ValueError):
        wilson(5, 4)


def test_screenings_of_one_patient_count_as_fewer_than_their_number() -> None:
    # Eight patients screened three times each: when each patient's three came out alike,
    # the 24 are worth 8; when right and wrong fall within patients as by chance, 24.
    alike = [(3, 3)] * 5 + [(0, 3)] * 3
    assert design_effect(alike) == pytest.approx(3.0)
    assert clustered(alike)["ci95"] == pytest.approx(wilson(5, 8), abs=1e-4)
    assert design_effect([(3, 3)] * 8) == pytest.approx(3.0)  # nothing to estimate from
    assert clustered([(3, 3)] * 8)["ci95"] == pytest.approx(wilson(8, 8), abs=1e-4)
    mixed = [(2, 3)] * 6 + [(3, 3), (1, 3)]
    assert design_effect(mixed) == pytest.approx(1.0)
    assert clustered(mixed)["ci95"] == pytest.approx(wilson(16, 24), abs=1e-4)
    between = [(3, 3)] * 5 + [(2, 3), (1, 3), (0, 3)]  # partly alike
    assert 1.5 < design_effect(between) < 3.0
    low, high = clustered(between)["ci95"]
    assert low < wilson(18, 24)[0] - 0.05 and high > wilson(18, 24)[1] + 0.02


def test_a_sample_takes_every_speakers_first_clip_first() -> None:
    paths = [Path(f"{s}_nohash_{n}.wav") for s in ("aa", "bb", "cc") for n in range(3)]
    assert [p.name for p in spread(paths, 4)] == [
        "aa_nohash_0.wav", "bb_nohash_0.wav", "cc_nohash_0.wav", "aa_nohash_1.wav"]
    assert len(spread(paths, None)) == 9


@needs_speech
def test_held_out_clips_never_come_from_a_tuning_speaker(dialog: Dialog) -> None:
    matcher = Matcher(dialog.language)
    held = plan_trials(dialog, matcher, SPEECH, 6, "held-out").trials
    tune = plan_trials(dialog, matcher, SPEECH, 6, "tune").trials
    assert held and tune
    assert {half_of(t.clip) for t in held} == {HELD_OUT}
    assert {half_of(t.clip) for t in tune} == {TUNE}
    assert not {speaker_of(t.clip) for t in held} & {speaker_of(t.clip) for t in tune}
    # Every group is there, the 8 kHz digits and the noise clips too, and a sample of 6
    # yes clips comes from 6 people.
    assert {t.group for t in held} >= {YES_NO, DIGITS_8K, NOISE}
    yes = [t.clip for t in held if t.word == "yes"]
    assert len(yes) == 6 and len({speaker_of(c) for c in yes}) == 6


def _tuning_speaker_clip() -> Path:
    return next(p for p in sorted((SPEECH / "commands" / "yes").glob("*.wav"))
                if half_of(p) == TUNE)


@needs_speech
def test_new_peoples_recordings_are_all_measured_and_tuned_voices_never(
        dialog: Dialog, tmp_path: Path) -> None:
    # Someone's own folder of people this project never heard: the hash would put half of
    # them in the tuning half, though no threshold was ever tuned on their voices.
    yes, no = tmp_path / "commands" / "yes", tmp_path / "commands" / "no"
    yes.mkdir(parents=True)
    no.mkdir()
    source = sorted((SPEECH / "commands" / "no").glob("*.wav"))[0].read_bytes()
    new = [f"newperson{n}" for n in range(12)]
    for name in new:
        (yes / f"{name}_nohash_0.wav").write_bytes(source)
        (no / f"{name}_nohash_0.wav").write_bytes(source)
    tuned = _tuning_speaker_clip()
    (yes / tuned.name).write_bytes(tuned.read_bytes())
    assert {half_of(yes / f"{n}_nohash_0.wav") for n in new} == {TUNE, HELD_OUT}
    matcher = Matcher(dialog.language)
    held = plan_trials(dialog, matcher, tmp_path, None, "held-out").trials
    assert {speaker_of(t.clip) for t in held} == set(new)
    assert len(held) == 24
    tune = plan_trials(dialog, matcher, tmp_path, None, "tune").trials
    assert [t.clip.name for t in tune] == [tuned.name]
    # The caregiver or clinician running it is told so before anything is measured.
    assert speakers_told(tmp_path) == (f"13 speakers in {tmp_path}: 12 not in the shared "
                                       "recordings (held out), 1 in them (by their half)")
    assert speakers_told(SPEECH) is None


def test_a_folder_without_spoken_digits_is_measured_without_them(
        dialog: Dialog, tmp_path: Path) -> None:
    for word in ("yes", "no"):
        (tmp_path / "commands" / word).mkdir(parents=True)
        (tmp_path / "commands" / word / "someone_nohash_0.wav").write_bytes(b"RIFF")
    trials = plan_trials(dialog, Matcher(dialog.language), tmp_path, None, "all").trials
    assert {t.group for t in trials} == {YES_NO}
    (tmp_path / "digits").mkdir()
    (tmp_path / "digits" / "seven.wav").write_bytes(b"RIFF")
    with pytest.raises(ValueError, match="not named <digit>_<speaker>_<n>.wav: seven.wav"):
        plan_trials(dialog, Matcher(dialog.language), tmp_path, None, "all")


@needs_speech
def test_bench_recognition_on_a_sample_writes_counts_with_intervals(
        run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("bench", "--parts", "recognition", "--sample", "2", "--engines",
                   "pocketsphinx", "--no-pin", "--out", str(tmp_path), timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert result["half"] == "held-out" and result["sample"] == 2
    assert result["latency"] == [] and result["startup"] == []
    (sphinx,) = result["recognizers"]
    assert sphinx["half"] == "held-out" and sphinx["peak_rss_mb"] > 20
    assert sphinx["cpu_ms_per_answer"] > 0
    yes_no = sphinx["groups"][YES_NO]
    assert yes_no["clips"] == 4 and set(yes_no["words"]) == {"yes", "no"}
    low, high = yes_no["ci95"]
    assert 0 <= low <= yes_no["rate"] <= high <= 1
    assert sphinx["groups"]["digits"]["words"]["seven"]["clips"] == 2
    assert sphinx["false_accepts"]["clips"] == 0  # not asked for
    table = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "held-out speakers" in table and "CI " in table and "| seven |" in table
    assert "CPU per answer" in table and "### Reply latency" not in table
