"""Speech output with the real pyttsx3 and espeak-ng: WAV files, rate, volume, pauses.

The test machine has no sound card. Where playback is tested, ALSA's own ``file`` plugin
stands in for one: aplay plays into a WAV file that the test then reads.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.voice.tts import Speaker, SpeechError, TtsSettings, split_sentences, wav_duration

ROOT = Path(__file__).resolve().parents[1]
PROMPT = "Please see a doctor today, without delay."
FIRST, SECOND = "Please see a doctor today.", "Walking and swimming are good choices."


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    """(sample rate, samples) of a WAV that must be 16-bit mono."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        return wav.getframerate(), np.frombuffer(wav.readframes(-1), "<i2").astype(np.float64)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples**2)))


def longest_silence(path: Path, threshold: float = 100) -> float:
    """Seconds of the longest run of near-zero samples."""
    rate, samples = read_wav(path)
    longest = run = 0
    for quiet in np.abs(samples) <= threshold:
        run = run + 1 if quiet else 0
        longest = max(longest, run)
    return longest / rate


def advice_texts() -> list[str]:
    data = yaml.safe_load((ROOT / "dialogs" / "outcomes.yaml").read_text(encoding="utf-8"))
    texts = [o["say"] for o in data["outcomes"].values()]
    texts += [a["say"] for a in data["advice"].values()]
    return [t.replace("{emergency_number}", "112") for t in texts]


# -- saving ------------------------------------------------------------------------------------
def test_saving_a_prompt_writes_a_valid_wav(tmp_path: Path) -> None:
    path = Speaker().save([PROMPT], tmp_path / "prompt.wav")
    assert path == tmp_path / "prompt.wav"
    rate, samples = read_wav(path)
    assert rate > 8000
    # 7 words at 140 words per minute is 3 s; espeak-ng's words are shorter or longer.
    assert 1.5 < wav_duration(path) < 6.0
    assert rms(samples) > 500, "the file should hold speech, not silence"
    assert not list(tmp_path.glob("*.part")), "the temporary file was left behind"


def test_save_creates_missing_folders(tmp_path: Path) -> None:
    path = Speaker().save([PROMPT], tmp_path / "prompts" / "001.wav")
    assert wav_duration(path) > 1.0


def test_a_slower_rate_gives_longer_speech(tmp_path: Path) -> None:
    slow = Speaker(TtsSettings(rate=100)).save([PROMPT], tmp_path / "slow.wav")
    fast = Speaker(TtsSettings(rate=250)).save([PROMPT], tmp_path / "fast.wav")
    assert wav_duration(slow) > 1.5 * wav_duration(fast)


def test_rate_changes_at_run_time_take_effect_every_time(tmp_path: Path) -> None:
    # pyttsx3 2.99 can drop a rate change that is still in espeak-ng's queue; alternate the
    # rate so that every dropped change would show.
    speaker = Speaker()
    durations = []
    for i, rate in enumerate([100, 250, 100, 250, 100, 250]):
        speaker.set_rate(rate)
        assert speaker.settings.rate == rate
        durations.append(wav_duration(speaker.save([PROMPT], tmp_path / f"{i}.wav")))
    for slow, fast in zip(durations[::2], durations[1::2], strict=True):
        assert slow > 1.5 * fast, durations


def test_a_lower_volume_gives_quieter_speech(tmp_path: Path) -> None:
    speaker = Speaker()
    loud = speaker.save([PROMPT], tmp_path / "loud.wav")
    speaker.set_volume(0.2)
    assert speaker.settings.volume == 0.2
    quiet = speaker.save([PROMPT], tmp_path / "quiet.wav")
    assert rms(read_wav(quiet)[1]) < 0.5 * rms(read_wav(loud)[1])


def test_two_sentences_are_joined_with_a_silent_gap(tmp_path: Path) -> None:
    speaker = Speaker()
    first = speaker.save([FIRST], tmp_path / "first.wav")
    second = speaker.save([SECOND], tmp_path / "second.wav")
    both = speaker.save([FIRST, SECOND], tmp_path / "both.wav")
    pause = speaker.settings.sentence_pause
    assert wav_duration(both) > wav_duration(first) + wav_duration(second) + pause - 0.1
    assert longest_silence(first) < 0.3 and longest_silence(second) < 0.3
    assert longest_silence(both) >= 0.3


def test_sentence_pause_sets_the_gap(tmp_path: Path) -> None:
    none = Speaker(TtsSettings(sentence_pause=0.0)).save([FIRST, SECOND], tmp_path / "0.wav")
    long = Speaker(TtsSettings(sentence_pause=1.0)).save([FIRST, SECOND], tmp_path / "1.wav")
    assert wav_duration(long) - wav_duration(none) == pytest.approx(1.0, abs=0.1)
    assert longest_silence(long) >= 1.0


# -- empty text ------------------------------------------------------------------------------
def test_empty_sentences_are_skipped(tmp_path: Path) -> None:
    speaker = Speaker()
    alone = speaker.save([PROMPT], tmp_path / "alone.wav")
    padded = speaker.save(["", PROMPT, "  \n "], tmp_path / "padded.wav")
    # No extra speech or pauses: the empty items never reached the engine.
    assert wav_duration(padded) == pytest.approx(wav_duration(alone), abs=0.1)


def test_saving_only_empty_text_raises_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="every sentence was empty"):
        Speaker().save(["", "  "], tmp_path / "empty.wav")
    assert not list(tmp_path.iterdir())


def test_speaking_only_empty_text_does_nothing() -> None:
    assert Speaker().speak(["", "  "]) == 0.0


# -- playback ----------------------------------------------------------------------------------
def test_speak_plays_every_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    played = tmp_path / "played.wav"
    config = tmp_path / "asound.conf"
    config.write_text('pcm.!default { type file; slave.pcm { type null }; '
                      f'file "{played}"; format "wav" }}\n')
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))
    speaker = Speaker()
    seconds = speaker.speak([FIRST, SECOND])
    assert seconds > 0
    saved = speaker.save([FIRST, SECOND], tmp_path / "saved.wav")
    assert read_wav(played)[0] == read_wav(saved)[0]
    assert wav_duration(played) == pytest.approx(wav_duration(saved), abs=0.15)


def test_speak_without_a_sound_output_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    # An empty ALSA configuration has no output device on any machine.
    monkeypatch.setenv("ALSA_CONFIG_PATH", "/dev/null")
    with pytest.raises(SpeechError, match="no sound output was found") as caught:
        Speaker().speak([FIRST, SECOND])
    assert "--speak-to DIR" in str(caught.value)


# -- settings and voices -----------------------------------------------------------------------
def test_defaults_are_clear_and_unhurried() -> None:
    settings = TtsSettings()
    assert (settings.rate, settings.volume, settings.voice, settings.sentence_pause) == (
        140, 1.0, None, 0.4)


@pytest.mark.parametrize("changes", [{"rate": 20}, {"rate": 900}, {"volume": 2.5},
                                     {"volume": -0.1}, {"sentence_pause": -1.0}])
def test_settings_out_of_range_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(SpeechError, match="outside|negative"):
        TtsSettings(**changes)  # type: ignore[arg-type]


def test_a_refused_setter_leaves_the_settings_alone() -> None:
    speaker = Speaker()
    with pytest.raises(SpeechError, match="130-150"):
        speaker.set_rate(1000)
    with pytest.raises(SpeechError, match="0-2"):
        speaker.set_volume(3.0)
    assert (speaker.settings.rate, speaker.settings.volume) == (140, 1.0)


def test_a_voice_is_chosen_by_part_of_its_name(tmp_path: Path) -> None:
    speaker = Speaker(TtsSettings(voice="en-us"))
    assert speaker.settings.voice == "en-us"
    assert wav_duration(speaker.save([PROMPT], tmp_path / "us.wav")) > 1.0
    speaker.set_voice(None)
    assert speaker.settings.voice is None


def test_an_unknown_voice_lists_some_that_exist() -> None:
    with pytest.raises(SpeechError, match="no espeak-ng voice matches 'zz-no-such-voice'") as e:
        Speaker(TtsSettings(voice="zz-no-such-voice"))
    assert "en-us" in str(e.value)


def test_two_speakers_in_a_row_do_not_hang() -> None:
    # A fresh process, as in real use: the first Speaker creates the engine. A hang would
    # otherwise also stall every later test, so the timeout ends the process instead.
    script = (
        "import gc, sys, tempfile\n"
        "from pathlib import Path\n"
        "from assistant.voice.tts import Speaker, TtsSettings, wav_duration\n"
        "folder = Path(tempfile.mkdtemp())\n"
        "first = Speaker(TtsSettings(rate=130))\n"
        "a = first.save(['The first speaker.'], folder / 'a.wav')\n"
        "del first\n"
        "gc.collect()\n"
        "b = Speaker(TtsSettings(rate=160)).save(['The second speaker.'], folder / 'b.wav')\n"
        "print(wav_duration(a) > 0.5 and wav_duration(b) > 0.5)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True", done.stdout + done.stderr



def test_espeak_is_told_the_true_size_of_each_text(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # pyttsx3 told espeak-ng each text was ten times its size, and espeak-ng copies that many
    # bytes: a read past the text that killed a CI worker. Every call espeak-ng gets must name
    # no more bytes than the text and its closing zero hold.
    from pyttsx3.drivers import _espeak

    Speaker().save(["Warm up."], tmp_path / "warm.wav")  # the engine and its Synth in place
    seen: list[tuple[int, int]] = []
    real = _espeak.cSynth

    def recording(text: bytes, size: int, *rest: object) -> int:
        seen.append((len(text), size))
        return int(real(text, size, *rest))

    monkeypatch.setattr(_espeak, "cSynth", recording)
    texts = [FIRST, "Ça va? Schön, naïve café.",
             "Is the pain worse at night, or when you lie down?"]
    path = Speaker().save(texts, tmp_path / "sizes.wav")
    assert len(seen) == len(texts)
    assert all(size == length + 1 for length, size in seen), seen
    assert [length for length, _ in seen] == [len(t.encode("utf-8")) for t in texts]
    assert wav_duration(path) > 3.0, "the sentences were still spoken"


# -- splitting ---------------------------------------------------------------------------------
def test_long_advice_is_split_into_short_sentences_losing_nothing() -> None:
    text = " ".join(advice_texts())
    sentences = split_sentences(text)
    assert len(sentences) > len(advice_texts())
    assert all(s.strip() and s == s.strip() for s in sentences)
    assert all(len(s.split()) <= 16 for s in sentences)
    assert " ".join(sentences).split() == text.split()


def test_a_very_long_sentence_is_cut_at_commas_and_before_and() -> None:
    text = ("If you get chest pain, trouble breathing, or you faint, call 112 at once and do "
            "not start new medicines on your own, and if the pain does not go away within "
            "three or four days, see a doctor.")
    sentences = split_sentences(text, max_words=14)
    assert len(sentences) == 4
    assert all(len(s.split()) <= 14 for s in sentences)
    for before, after in itertools.pairwise(sentences):
        assert before.endswith(",") or after.startswith("and "), (before, after)
    assert " ".join(sentences) == text


def test_numbers_are_kept_whole() -> None:
    sentences = split_sentences("Call 112 now. Take 3.5 ml, twice a day! Pay 1,000.50 once; "
                                "then rest for 2.5 days?")
    assert sentences == ["Call 112 now.", "Take 3.5 ml, twice a day!", "Pay 1,000.50 once;",
                         "then rest for 2.5 days?"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t", " . ", "?! ;"])
def test_text_without_words_gives_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_a_long_sentence_without_commas_is_cut_every_max_words() -> None:
    text = " ".join(f"word{i}" for i in range(40))
    sentences = split_sentences(text, max_words=16)
    assert [len(s.split()) for s in sentences] == [16, 16, 8]
