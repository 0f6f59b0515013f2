"""Enrolling from a phone's recordings as they were saved: an iPhone's voice memos (.m4a,
AAC at 48 kHz stereo), an Android recorder's .3gp (AMR at 8 kHz), .mp3, .opus, .flac.

The phone files are made here from real takes of one Speech Commands speaker with FFmpeg's
own encoders (through PyAV, as a phone's encoder would write them); BackTalk must read them
back as the same take, enroll them with ``backtalk enroll --from``, and hear that person's
later answers through a whole screening by voice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import av
import numpy as np
import pytest
from speech import add_noise_floor, silence, synth

from assistant.bench.split import SPEECH_DIR
from assistant.cli import main
from assistant.setup.enrollment import EnrollmentStore
from assistant.voice.audio import AudioError, read_wav, write_wav
from assistant.voice.audio.recording import LONGEST, TooLong, read_recording

SPEAKER = "1acc97de"
"""Said "yes" and "no" five times each (as in tests/test_personal_voice.py)."""

PHONES = {
    # suffix: (codec, rate, channels, container)
    ".m4a": ("aac", 48000, "stereo", "mp4"),
    ".3gp": ("libopencore_amrnb", 8000, "mono", "3gp"),
    ".mp3": ("libmp3lame", 44100, "mono", "mp3"),
    ".opus": ("libopus", 48000, "mono", "ogg"),
    ".flac": ("flac", 44100, "stereo", "flac"),
}


def take(word: str, number: int) -> Path:
    return SPEECH_DIR / "commands" / word / f"{SPEAKER}_nohash_{number}.wav"


def saved_as(pcm: bytes, path: Path) -> Path:
    """``pcm`` (16 kHz mono s16le) saved at ``path`` as a phone would, by its suffix."""
    codec, rate, layout, container = PHONES[path.suffix]
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = layout
        convert = av.AudioResampler(format=stream.format.name, layout=layout, rate=rate)
        frame = av.AudioFrame.from_ndarray(np.frombuffer(pcm, "<i2")[None, :], format="s16",
                                           layout="mono")
        frame.sample_rate = 16000
        for piece in [*convert.resample(frame), *convert.resample(None), None]:
            for packet in stream.encode(piece):
                out.mux(packet)
    return path


def likeness(a: bytes, b: bytes) -> float:
    """Correlation of two recordings of one take at the best shift (up to 50 ms: an AAC
    encoder puts about 20 ms of priming before the sound)."""
    x = np.frombuffer(a, "<i2").astype(np.float64)
    y = np.frombuffer(b, "<i2").astype(np.float64)
    n = min(len(x), len(y)) - 800
    return max(float(np.corrcoef(x[:n], y[shift:shift + n])[0, 1]) for shift in range(800))


@pytest.mark.parametrize("suffix", list(PHONES))
def test_a_phone_recording_is_read_as_the_take_it_holds(tmp_path: Path, suffix: str) -> None:
    original = read_wav(take("yes", 0))
    heard = read_recording(saved_as(original, tmp_path / f"yes{suffix}"))
    assert abs(len(heard) - len(original)) <= 0.05 * 16000 * 2
    # AMR keeps only the telephone band: alike, less closely.
    assert likeness(original, heard) > (0.7 if suffix == ".3gp" else 0.95)


def test_a_screening_by_voice_after_enrolling_from_phone_recordings(tmp_path: Path) -> None:
    phone = tmp_path / "phone"
    for word, suffix in (("yes", ".m4a"), ("no", ".3gp")):
        (phone / word).mkdir(parents=True)
        for number in range(3):
            saved_as(read_wav(take(word, number)), phone / word / f"memo {number}{suffix}")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "enroll", "--from", str(phone)]) == 0
    store = EnrollmentStore(data / "voice")
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 3, "no": 3}
    answers = tmp_path / "answers"
    answers.mkdir()
    said = ["no", "no", "no", "no", "yes", "yes", "no", "no", "no"]  # 52_voice_fever_urgent
    for turn, word in enumerate(said):
        shutil.copy(take(word, 3 + turn % 2), answers / f"{turn:02d}.wav")
    assert main(["--data-dir", str(data), "voice", "--asr", "auto", "--input-wav-dir",
                 str(answers), "--speak-to", str(tmp_path / "prompts")]) == 0
    (record,) = (data / "sessions").glob("*.jsonl")
    events = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    turns = [e for e in events if e["event"] == "turn"]
    assert [t["heard"] for t in turns] == said
    assert all(t["recognizer"]["engine"] == "personal" for t in turns)
    assert events[-1]["event"] == "summary" and events[-1]["outcome"] == "urgent"


def test_what_is_no_take_is_refused_with_its_reason(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    phone = tmp_path / "phone"
    (phone / "yes").mkdir(parents=True)
    for number in range(3):
        saved_as(read_wav(take("yes", number)), phone / "yes" / f"{number}.m4a")
    # A whole memo recorded by mistake, a file that is no sound, a note.
    saved_as(read_wav(take("yes", 3)) * int(LONGEST + 2), phone / "yes" / "long memo.m4a")
    write_wav(phone / "yes" / "long.wav", read_wav(take("yes", 4)) * int(LONGEST + 2))
    (phone / "yes" / "broken.m4a").write_bytes(b"\x00\x00\x00\x18ftypM4A " + bytes(200))
    (phone / "yes" / "notes.txt").write_text("recorded in the kitchen")
    assert main(["--data-dir", str(tmp_path / "data"), "enroll", "--from", str(phone)]) == 0
    out = capsys.readouterr().out
    assert "taken    yes: 3 (0.m4a, 1.m4a, 2.m4a)" in out
    assert "refused  yes: long memo.m4a: longer than 30 s" in out
    assert "refused  yes: long.wav: longer than 30 s" in out
    assert "refused  yes: broken.m4a: not a recording BackTalk can read" in out
    assert "notes.txt" not in out
    with pytest.raises(TooLong):
        read_recording(phone / "yes" / "long memo.m4a")
    with pytest.raises(AudioError):
        read_recording(phone / "yes" / "broken.m4a")


def test_recordings_side_by_side_named_by_their_answer(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    # A phone keeps its memos in one list; a caregiver renames them after the answer.
    phone = tmp_path / "memos"
    phone.mkdir()
    names = {"yes": ["yes.m4a", "Yes 2.m4a", "yes (3).m4a"],
             "no": ["no_1.m4a", "No-2.m4a", "no 3.m4a"]}
    for word, files in names.items():
        for number, name in enumerate(files):
            saved_as(read_wav(take(word, number)), phone / name)
    saved_as(read_wav(take("yes", 4)), phone / "New Recording 7.m4a")
    assert main(["--data-dir", str(tmp_path / "data"), "enroll", "--from", str(phone)]) == 0
    captured = capsys.readouterr()
    store = EnrollmentStore(tmp_path / "data" / "voice")
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 3, "no": 3}
    assert "New Recording 7.m4a: not an answer BackTalk asks for" in captured.err


def memo(*pieces: bytes, pause: float = 1.0) -> bytes:
    """``pieces`` said one after another with ``pause`` seconds between, in a quiet room."""
    gap = silence(pause)
    return add_noise_floor(gap.join([gap, *pieces, gap]))


def test_one_memo_with_an_answer_said_three_times_gives_three_takes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    phone = tmp_path / "memos"
    phone.mkdir()
    saved_as(memo(*(read_wav(take("yes", n)) for n in range(3))), phone / "yes.m4a")
    # "I... don't know" with a pause in it is one take, and so is a memo of two answers.
    saved_as(memo(synth("I", pad=0), synth("don't know", pad=0)), phone / "i dont know.m4a")
    saved_as(memo(read_wav(take("no", 0)), read_wav(take("yes", 4))), phone / "no.m4a")
    assert main(["--data-dir", str(tmp_path / "data"), "enroll", "--from", str(phone)]) == 0
    out = capsys.readouterr().out
    assert "taken    yes: 3 (yes.m4a (1/3), yes.m4a (2/3), yes.m4a (3/3))" in out
    store = EnrollmentStore(tmp_path / "data" / "voice")
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 3, "i don't know": 1,
                                                               "no": 1}
    # Each take is one "yes": about as long as a take alone, not the whole memo.
    assert all(len(t) < 1.6 * 16000 * 2 for t in store.takes("yes"))


def test_the_personal_benchmark_measures_a_phones_recordings(tmp_path: Path) -> None:
    from assistant.bench.personal import measure_personal

    phone = tmp_path / "phone"
    for word in ("yes", "no"):
        (phone / word).mkdir(parents=True)
        for number in range(4):
            saved_as(read_wav(take(word, number)), phone / word / f"{number}.m4a")
    result = measure_personal(SPEECH_DIR, tmp_path / "work", enrollment=phone, sample=1)
    (person,) = result["people"]
    assert person["words"] == 2 and person["tests"] == 2
    assert result["summary"]["given"]["recorded"]["right"] == 2


def test_a_take_filed_under_the_wrong_answer_is_refused(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    # A memo of "no" named "yes 4": kept, it would teach BackTalk that this "no" is a yes.
    # This speaker's "no" is near enough their "yes" to pass the likeness check.
    def said(word: str, number: int) -> bytes:
        return read_wav(SPEECH_DIR / "commands" / word / f"0cb74144_nohash_{number}.wav")

    phone = tmp_path / "memos"
    phone.mkdir()
    for word in ("yes", "no"):
        for number in range(3):
            saved_as(said(word, number), phone / f"{word} {number + 1}.m4a")
    saved_as(said("no", 3), phone / "yes 4.m4a")
    assert main(["--data-dir", str(tmp_path / "data"), "enroll", "--from", str(phone)]) == 0
    out = capsys.readouterr().out
    assert "refused  yes: yes 4.m4a: sounds like 'no'" in out
    store = EnrollmentStore(tmp_path / "data" / "voice")
    assert {p: len(f) for p, f in store.phrases().items()} == {"yes": 3, "no": 3}
