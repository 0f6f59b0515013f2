"""``backtalk enroll`` end to end: a spoken enrollment from answer files made of real
recordings (Speech Commands takes of one speaker, Free Spoken Digit takes of another) and
espeak-ng for the phrases nobody recorded; enrolling from a folder of recordings; --list,
--redo and --delete; the privacy of what is stored."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

import numpy as np
import pytest
from conftest import DIALOGS
from speech import SPEECH_DATA, add_noise_floor, load_wav, silence, synth

from assistant.asr import sphinx_engine
from assistant.cli.entry import main
from assistant.cli.voice_parts import HEARING_LOST
from assistant.enroll.checks import default_likeness, refuse
from assistant.enroll.phrases import enroll_phrases, find_phrase
from assistant.setup.enrollment import EnrollmentStore
from assistant.voice.audio import write_wav
from assistant.voice.channel import WavDirAnswers
from tests.test_spoken_failures import spoken_like

NOISE_TAKE = "noise1060_nohash_0.wav"
"""Loud room noise (its loudest 30 ms at -11 dBFS) that passes every check but the voice
detector's."""

SPEAKER = "692a88e6"
"""A Speech Commands speaker with five takes of yes, no, stop, left and right."""
RECORDED = ("yes", "no", "stop", "left", "right")
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@pytest.fixture
def synthetic_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    # espeak's voice scores far below people's: pocketsphinx would reject it.
    monkeypatch.setattr(sphinx_engine, "REJECTION_MARGIN", -math.inf)


def take(phrase: str, n: int) -> bytes:
    """The ``n``-th take of ``phrase`` by a real person where one was recorded, else by
    espeak-ng at a slightly different speed each time; a pause before and after."""
    if phrase in RECORDED:
        pcm = load_wav(sorted((SPEECH_DATA / "commands" / phrase).glob(f"{SPEAKER}_*"))[n])
    elif phrase in DIGITS:
        pcm = load_wav(SPEECH_DATA / "digits" / f"{DIGITS.index(phrase)}_theo_{n}.wav")
    else:
        return synth(phrase, speed=140 + 10 * n)
    return add_noise_floor(silence(0.3) + pcm + silence(0.3))


def scaled(pcm: bytes, gain: float) -> bytes:
    samples = np.frombuffer(pcm, "<i2").astype(np.float64) * gain
    return np.clip(samples, -32768, 32767).astype("<i2").tobytes()


def write_answers(folder: Path, answers: list[bytes]) -> Path:
    folder.mkdir(parents=True)
    for number, pcm in enumerate(answers):
        write_wav(folder / f"{number:03d}.wav", pcm)
    return folder


def enroll(tmp_path: Path, answers: Path | None, *options: str) -> int:
    wav = ["--input-wav-dir", str(answers), "--speak-to", str(tmp_path / "prompts"),
           "--asr", "pocketsphinx", "--no-answer-timeout", "2", "--end-silence", "0.8"]
    return main(["--data-dir", str(tmp_path / "data"), "enroll",
                 *(wav if answers else []), *options])


def store_of(tmp_path: Path) -> EnrollmentStore:
    return EnrollmentStore(tmp_path / "data" / "voice")


def modes_under(root: Path) -> set[tuple[str, int]]:
    """("dir" or "file", permission bits) of everything under ``root``, and root itself."""
    found = {("dir", stat.S_IMODE(root.stat().st_mode))}
    for folder, dirs, files in os.walk(root):
        found |= {("dir", stat.S_IMODE((Path(folder) / d).stat().st_mode)) for d in dirs}
        found |= {("file", stat.S_IMODE((Path(folder) / f).stat().st_mode)) for f in files}
    return found


def spoken_lines(output: str) -> list[str]:
    return [line.removeprefix("backtalk> ") for line in output.splitlines()
            if line.startswith("backtalk> ")]


# -- the takes' checks, on real recordings ------------------------------------------------------
def test_a_real_take_passes_and_spoilt_copies_are_refused_with_their_reason() -> None:
    good = take("yes", 0)
    assert refuse(good) is None
    assert refuse(scaled(good, 0.004)) == "quiet"
    assert refuse(scaled(good, 40)) == "clipped"
    samples = np.frombuffer(load_wav(SPEECH_DATA / "commands" / "yes" /
                                     f"{SPEAKER}_nohash_0.wav"), "<i2")
    # Cut through the loudest 10 ms of the word, as a recording started or stopped too soon.
    frames = samples[: len(samples) // 160 * 160].reshape(-1, 160).astype(np.float64)
    loudest = int(np.argmax((frames * frames).mean(axis=1))) * 160
    assert refuse(samples[loudest:].tobytes()) == "cut_start"
    assert refuse(samples[: loudest + 160].tobytes()) == "cut_end"
    assert refuse(silence(0.05)) == "no_speech"


def test_another_word_is_refused_as_unlike_the_takes_kept() -> None:
    likeness = default_likeness()
    if likeness is None:
        pytest.skip("the personal recognizer's take_distance is not installed")
    kept = [take("yes", n) for n in range(3)]
    assert refuse(take("yes", 4), kept, likeness) is None
    # Something else said instead (another word of one syllable is often not caught).
    assert refuse(synth("please call my daughter on the telephone"), kept, likeness) == "far"


# -- which phrases -----------------------------------------------------------------------------
def test_the_phrases_come_from_the_dialogue_files(dialog_copy: Path, edit) -> None:
    from assistant.dialog.loader import load_dialog

    phrases = enroll_phrases(load_dialog(DIALOGS), wake="Hello  Back Talk")
    assert phrases[:3] == ["yes", "no", "i don't know"]
    assert phrases[3:14] == [*DIGITS, "ten"]
    for expected in ("upper", "middle", "lower", "left", "right", "both", "repeat",
                     "slower", "stop", "go back", "help me"):
        assert phrases.count(expected) == 1
    assert "female" not in phrases  # a choice set in the config file, never asked
    assert phrases[-1] == "hello back talk"
    edit(dialog_copy / "language.yaml", "stop: [stop, quit,", "stop: [quit, stop,")
    assert "quit" in enroll_phrases(load_dialog(dialog_copy))
    assert "stop" not in enroll_phrases(load_dialog(dialog_copy))
    assert find_phrase("I_DONT_KNOW", phrases) == find_phrase("I don't know", phrases) == (
        "i don't know")
    assert find_phrase("yess", phrases) is None


# -- a spoken enrollment ------------------------------------------------------------------------
def test_spoken_enrollment_from_answer_files_end_to_end(tmp_path: Path, dialog,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    phrases = enroll_phrases(dialog)
    answers = []
    for number, phrase in enumerate(phrases):
        if number and number % 6 == 0:
            answers.append(synth("go on"))  # after a rest every six answers
        if phrase == "yes":
            answers.append(scaled(take("yes", 0), 0.004))  # far from the microphone
        if phrase == "no":
            answers.append(scaled(take("no", 0), 40))  # far too close
        answers.append(take(phrase, 1))
    assert enroll(tmp_path, write_answers(tmp_path / "answers", answers), "--takes", "1") == 0
    out = capsys.readouterr().out
    said = spoken_lines(out)
    assert said[0].startswith("Let's teach me how you say your answers.")
    assert "That was too quiet for me. Please say it a little louder, or come closer. " \
           "Please say: yes." in said
    assert any(line.startswith("That was so loud that the sound broke up.") and
               line.endswith("Please say: no.") for line in said)
    assert sum(line.startswith("Well done. Let's rest") for line in said) == 4
    assert said[-1] == "That's all. Thank you. I have learnt how you say your answers."
    assert "refused  yes: too quiet" in out and "refused  no: too loud (clipped)" in out
    store = store_of(tmp_path)
    assert {p: len(files) for p, files in store.phrases().items()} == dict.fromkeys(phrases, 1)
    # The take kept is the good one, with the silence after it cut to a short tail.
    kept = store.takes("yes")[0]
    assert refuse(kept) is None and len(kept) < len(take("yes", 1)) + 16000
    assert modes_under(tmp_path / "data" / "voice") == {("dir", 0o700), ("file", 0o600)}
    assert len(list((tmp_path / "prompts").glob("*.wav"))) == len(said)

    assert main(["--data-dir", str(tmp_path / "data"), "enroll", "--list", "--takes", "1"]) == 0
    assert f"{len(phrases)} of {len(phrases)} answers complete." in capsys.readouterr().out
    # Started again with every answer taught, it records nothing and says so.
    assert enroll(tmp_path, tmp_path / "answers", "--takes", "1") == 0
    assert "nothing to record" in capsys.readouterr().out


@pytest.mark.usefixtures("synthetic_speech")
def test_a_call_for_help_instead_of_a_take_gives_the_emergency_advice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "help me" instead of "yes"; no answer to "Do you need help now?" counts as yes.
    answers = write_answers(tmp_path / "answers", [synth("help me"), silence(3)])
    assert enroll(tmp_path, answers) == 0
    out = capsys.readouterr().out
    said = spoken_lines(out)
    assert said[-2] == "Do you need help now? Please say yes or no."
    assert said[-1].startswith("Please call an ambulance now. The number is 112.")
    assert "Ended: emergency." in out
    assert not store_of(tmp_path).exists()


# -- from recordings, list, redo, delete ---------------------------------------------------------
def recordings(folder: Path) -> Path:
    """A caregiver's folder: real takes of yes, no (with a too quiet and a clipped copy),
    three (8 kHz FSDD clips), a folder with a typo, a note and a broken file."""
    for word, count in (("yes", 3), ("no", 3)):
        (folder / word).mkdir(parents=True)
        for n in range(count):
            write_wav(folder / word / f"{n}.wav", take(word, n))
    write_wav(folder / "no" / "quiet.wav", scaled(take("no", 3), 0.004))
    # A second of room noise saved as a take: loud enough, not cut, but no word in it.
    noise = load_wav(SPEECH_DATA / "commands" / "_noise_" / NOISE_TAKE)[:32000]
    write_wav(folder / "no" / "noise.wav", noise)
    write_wav(folder / "no" / "loud.wav", scaled(take("no", 4), 40))
    (folder / "no" / "broken.wav").write_text("not a recording")
    (folder / "no" / "notes.txt").write_text("recorded on a phone")
    (folder / "Three").mkdir()
    for n in range(2):
        source = SPEECH_DATA / "digits" / f"3_theo_{n}.wav"
        (folder / "Three" / source.name).write_bytes(source.read_bytes())
    (folder / "yess").mkdir()
    write_wav(folder / "yess" / "0.wav", take("yes", 4))
    return folder


def test_from_a_folder_of_real_recordings(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = recordings(tmp_path / "phone")
    assert enroll(tmp_path, None, "--from", str(folder)) == 0
    captured = capsys.readouterr()
    store = store_of(tmp_path)
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 3, "no": 3, "three": 2}
    assert "refused  no: quiet.wav: too quiet" in captured.out
    assert "refused  no: loud.wav: too loud (clipped)" in captured.out
    assert "refused  no: broken.wav: not a recording BackTalk can read" in captured.out
    assert "refused  no: noise.wav: no speech heard in it" in captured.out
    assert "yess: not an answer BackTalk asks for" in captured.err
    # The 8 kHz clips are kept at 16 kHz: twice as many samples.
    source = load_wav(SPEECH_DATA / "digits" / "3_theo_0.wav")
    assert len(store.takes("three")[0]) == len(source)
    assert modes_under(tmp_path / "data" / "voice") == {("dir", 0o700), ("file", 0o600)}

    # The same folder again replaces the takes; it does not add copies, and says so.
    assert enroll(tmp_path, None, "--from", str(folder)) == 0
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 3, "no": 3, "three": 2}
    assert "taken    yes: 3 (0.wav, 1.wav, 2.wav), replacing the 3 kept before" in \
        capsys.readouterr().out

    capsys.readouterr()
    assert enroll(tmp_path, None, "--list") == 0
    listing = capsys.readouterr().out
    assert "  yes " in listing and "  three         2  1 more wanted" in listing
    assert "  zero          0  missing" in listing
    assert "2 of 25 answers complete. Still to do: i don't know, zero, one, two, three, " \
        in listing


def enrolled(tmp_path: Path) -> EnrollmentStore:
    """A store holding three takes of yes and of no (put there directly: quicker)."""
    store = store_of(tmp_path)
    for word in ("yes", "no"):
        for n in range(3):
            store.add(word, take(word, n))
    return store


def test_redo_replaces_the_takes_only_when_every_new_one_passed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = enrolled(tmp_path)
    before = store.takes("yes")
    # One good take, then "stop", and yes to "Do you want to stop now?": the old takes stay.
    # (Take 4 of "stop": pocketsphinx rejects three of this speaker's five, and a stop it
    # does not make out is taken for a take, to be caught by the likeness check.)
    cut_short = write_answers(tmp_path / "cut-short",
                              [take("yes", 3), take("stop", 4), take("yes", 4)])
    assert enroll(tmp_path, cut_short, "--redo", "Yes", "--takes", "2") == 0
    said = spoken_lines(capsys.readouterr().out)
    assert "Do you want to stop now? Please say yes or no." in said
    assert said[-1].startswith("Your earlier recordings of yes are kept. We will stop here.")
    assert store.takes("yes") == before

    again = write_answers(tmp_path / "again", [take("yes", 3), take("yes", 4)])
    assert enroll(tmp_path, again, "--redo", "yes", "--takes", "2") == 0
    after = store.takes("yes")
    assert len(after) == 2 and not set(after) & set(before)
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 2, "no": 3}

    # Refused three times: the answer is left for another time, the takes it had are kept.
    spoilt = write_answers(tmp_path / "spoilt", [scaled(take("yes", 3), 0.004),
                                                  scaled(take("yes", 4), 40),
                                                  scaled(take("yes", 4), 0.004)])
    capsys.readouterr()
    assert enroll(tmp_path, spoilt, "--redo", "yes", "--takes", "2") == 0
    out = capsys.readouterr().out
    assert any(line.startswith("That was too quiet") and line.endswith(
        "Let's leave that one for now. We can try it another time. Your earlier recordings "
        "of yes are kept.") for line in spoken_lines(out))
    assert "Left for another time: yes." in out
    assert store.takes("yes") == after


def test_another_answer_said_in_place_of_a_take_is_asked_for_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Aphasia swaps words: asked for "no", the person says "yes" (a real take of theirs,
    # like enough to their "no" takes to pass the likeness check).
    store = store_of(tmp_path)
    for word, count in (("yes", 3), ("no", 2)):
        for n in range(count):
            store.add(word, take(word, n))
    answers = write_answers(tmp_path / "swapped", [take("yes", 3), take("no", 2)])
    assert enroll(tmp_path, answers, "--takes", "3") == 0
    out = capsys.readouterr().out
    assert "That sounded like yes. Please say: no." in spoken_lines(out)
    assert "refused  no: sounds like 'yes'" in out
    assert len(store.takes("no")) == 3 and len(store.takes("yes")) == 3


def test_delete_asks_first_and_removes_every_sample(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    enrolled(tmp_path)
    # Not at a terminal (pytest's stdin) and without --yes: refused, nothing removed.
    assert enroll(tmp_path, None, "--delete") == 2
    assert "add --yes" in capsys.readouterr().err
    assert store_of(tmp_path).exists()
    assert enroll(tmp_path, None, "--delete", "--yes") == 0
    assert "Deleted 6 voice samples" in capsys.readouterr().out
    assert not (tmp_path / "data" / "voice").exists()
    assert enroll(tmp_path, None, "--delete") == 0
    assert "nothing to delete" in capsys.readouterr().out


def test_bad_input_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert enroll(tmp_path, None, "--redo", "banana") == 2
    assert "'banana' is not an answer BackTalk asks for" in capsys.readouterr().err
    assert enroll(tmp_path, None, "--from", str(tmp_path / "nowhere")) == 2
    assert "is not a folder" in capsys.readouterr().err
    (tmp_path / "quiet" / "yes").mkdir(parents=True)
    write_wav(tmp_path / "quiet" / "yes" / "0.wav", scaled(take("yes", 0), 0.004))
    assert enroll(tmp_path, None, "--from", str(tmp_path / "quiet")) == 1
    assert "0 takes of 0 answers kept" in capsys.readouterr().out
    assert enroll(tmp_path, None, "--takes", "0", "--list") == 2
    assert "takes" in capsys.readouterr().err


def test_a_screening_is_completed_by_voice_with_an_enrollment_made_from_recordings(
        tmp_path: Path) -> None:
    import json

    folder = tmp_path / "phone"
    for word in ("yes", "no", "right"):
        (folder / word).mkdir(parents=True)
        for n in range(3):
            write_wav(folder / word / f"{n}.wav", take(word, n))
    assert enroll(tmp_path, None, "--from", str(folder)) == 0
    # Script 47 (pain at the right kidney: soon), answered with the same person's other takes.
    said = ["no"] * 7 + ["yes", "no", "no", "yes", "right", "no", "no", "no"]
    answers = write_answers(tmp_path / "answers",
                            [take(word, 3 + n % 2) for n, word in enumerate(said)])
    assert main(["--data-dir", str(tmp_path / "data"), "voice", "--asr", "personal",
                 "--input-wav-dir", str(answers), "--speak-to", str(tmp_path / "prompts"),
                 "--confirm-below", "0", "--confident-at", "0"]) == 0
    (record,) = (tmp_path / "data" / "sessions").glob("*.jsonl")
    events = [json.loads(line) for line in record.read_text().splitlines()]
    turns = [e for e in events if e["event"] == "turn"]
    assert [t["heard"] for t in turns] == said
    assert {t["recognizer"]["engine"] for t in turns} == {"personal"}
    summary = events[-1]
    assert summary["outcome"] == "soon"
    assert summary["findings"]["side"] == "right" and summary["findings"]["kidney_area"] == "yes"


def test_hearing_that_fails_mid_enrollment_is_said_and_keeps_the_takes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    answers = write_answers(tmp_path / "answers", [take("yes", 1), take("no", 1)])
    opened = WavDirAnswers.next_source

    def next_source(self: WavDirAnswers) -> object:
        # The second answer's file is gone once the first is heard: reading it fails for
        # real, as a microphone pulled out would.
        source = opened(self)
        (answers / "001.wav").unlink(missing_ok=True)
        return source

    monkeypatch.setattr(WavDirAnswers, "next_source", next_source)
    assert enroll(tmp_path, answers, "--takes", "1") == 2
    err = capsys.readouterr().err
    assert "001.wav" in err and "also said aloud" in err
    assert "takes recorded so far are kept" in err
    assert len(store_of(tmp_path).takes("yes")) == 1
    spoken_like(tmp_path / "prompts" / "problem.wav",
                [*HEARING_LOST, "If you need help now, call 112."])
