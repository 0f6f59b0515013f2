"""Endpointing on answers built from real synthesized speech, silence and noise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from speech import run_sox

from assistant.voice.audio import (
    FRAME_BYTES,
    RATE,
    ChainSource,
    SilenceSource,
    WavSource,
    read_wav,
    write_wav,
)
from assistant.voice.endpoint import (
    AudioStalled,
    EndpointSettings,
    InvalidEndpointSettings,
    capture_answer,
)

SENTENCES = (
    "My back has been hurting for about three days now. It started after I lifted a heavy "
    "box in the garden. The pain is on the left side and sometimes it goes down my leg. "
    "It is worse in the morning and when I bend over to pick something up. I have not had "
    "a fever and I can walk, but slowly. Sitting for a long time makes it much worse. "
)


def speak(tmp_path: Path, text: str) -> bytes:
    """espeak-ng's voice for ``text`` as 16 kHz PCM."""
    path = tmp_path / f"speech-{abs(hash(text))}.wav"
    subprocess.run(["espeak-ng", "-w", str(path), text], check=True, capture_output=True)
    return read_wav(path)


def silence(seconds: float) -> bytes:
    return bytes(int(seconds * RATE) * 2)


def source_of(tmp_path: Path, *parts: bytes) -> WavSource:
    path = tmp_path / "answer.wav"
    write_wav(path, b"".join(parts))
    return WavSource(path)


def sounding_seconds(pcm: bytes) -> float:
    """From the first to the last sample that is not (near) silence."""
    loud = np.nonzero(np.abs(np.frombuffer(pcm, "<i2")) > 30)[0]
    return float((loud[-1] - loud[0]) / RATE)


def seconds(pcm: bytes) -> float:
    return len(pcm) / 2 / RATE


def test_one_word_in_silence(tmp_path: Path) -> None:
    yes = speak(tmp_path, "yes")
    source = source_of(tmp_path, silence(0.6), yes, silence(3.0))
    capture = capture_answer(source, EndpointSettings())
    assert capture.speech and capture.reason == "silence" and not capture.ended_input
    assert capture.speech_seconds == pytest.approx(sounding_seconds(yes), abs=0.1)
    assert capture.started_after == pytest.approx(0.6, abs=0.07)
    assert capture.waited_seconds == pytest.approx(1.0, abs=0.03)
    expected = 0.3 + capture.speech_seconds + capture.waited_seconds
    assert seconds(capture.audio) == pytest.approx(expected, abs=0.04)
    assert source.read(0.1) is not None, "listening stopped before the file ended"


def slow_answer(tmp_path: Path) -> WavSource:
    words = [speak(tmp_path, word) for word in ("my", "left", "side")]
    return source_of(tmp_path, silence(0.5), words[0], silence(0.8), words[1], silence(0.8),
                     words[2], silence(3.0))


def test_pauses_shorter_than_end_silence_do_not_cut_a_slow_speaker(tmp_path: Path) -> None:
    capture = capture_answer(slow_answer(tmp_path), EndpointSettings(end_silence=1.5))
    assert capture.speech and capture.reason == "silence"
    # Three words of about 0.35 s each and two pauses of at least 0.8 s between them.
    assert capture.speech_seconds > 2.6
    assert seconds(capture.audio) > 0.3 + 2.6 + 1.5


def test_a_short_end_silence_cuts_after_the_first_word(tmp_path: Path) -> None:
    source = slow_answer(tmp_path)
    settings = EndpointSettings(end_silence=0.5)
    first = capture_answer(source, settings)
    assert first.speech and first.reason == "silence"
    assert first.speech_seconds < 0.5
    second = capture_answer(source, settings)
    assert second.speech and second.speech_seconds < 0.5, "the next word is the next answer"


def test_silence_is_no_answer_after_the_timeout(tmp_path: Path) -> None:
    source = SilenceSource(10.0)
    capture = capture_answer(source, EndpointSettings(no_answer_timeout=8.0))
    assert not capture.speech and capture.reason == "no_answer"
    assert capture.heard_seconds == pytest.approx(8.0, abs=0.03)
    assert capture.started_after is None
    left = 0
    while source.read(0.1) is not None:
        left += 1
    assert left == pytest.approx(2.0 / 0.03, abs=1)


def test_continuous_speech_stops_at_max_answer(tmp_path: Path) -> None:
    speech = speak(tmp_path, SENTENCES)
    while seconds(speech) < 20:
        speech += speech
    source = source_of(tmp_path, silence(0.5), speech[: 20 * RATE * 2])
    capture = capture_answer(source, EndpointSettings(max_answer=15.0))
    assert capture.speech and capture.reason == "max_length"
    assert capture.speech_seconds == pytest.approx(15.0, abs=0.5)
    assert seconds(capture.audio) == pytest.approx(15.3, abs=0.1)


def test_input_ending_mid_speech_keeps_the_audio_so_far(tmp_path: Path) -> None:
    speech = speak(tmp_path, SENTENCES)[: int(1.5 * RATE) * 2]
    capture = capture_answer(source_of(tmp_path, silence(0.5), speech), EndpointSettings())
    assert capture.speech and capture.ended_input and capture.reason == "end_of_input"
    assert seconds(capture.audio) == pytest.approx(0.3 + 1.5, abs=0.1)


def test_input_ending_before_any_speech() -> None:
    capture = capture_answer(SilenceSource(1.0), EndpointSettings())
    assert not capture.speech and capture.ended_input and capture.reason == "end_of_input"


def test_low_noise_before_a_word_does_not_start_the_answer(tmp_path: Path) -> None:
    noise_path = tmp_path / "noise.wav"
    run_sox("-n", "-r", "16000", "-b", "16", noise_path, "synth", "2", "whitenoise", "vol",
            "0.01")
    noise, yes = read_wav(noise_path), speak(tmp_path, "yes")
    # The room's noise goes on under the word and after it, as it does in a room.
    noisy_yes = (np.frombuffer(yes, "<i2").astype(np.int32)
                 + np.frombuffer(noise[: len(yes)], "<i2")).clip(-32768, 32767)
    source = source_of(tmp_path, noise, noisy_yes.astype("<i2").tobytes(), noise, noise)
    capture = capture_answer(source, EndpointSettings())
    assert capture.speech and capture.reason == "silence"
    assert capture.started_after == pytest.approx(2.0, abs=0.1)
    assert capture.speech_seconds < sounding_seconds(yes) + 0.1, "the noise after it is not speech"


def test_a_click_shorter_than_min_speech_is_not_an_answer(tmp_path: Path) -> None:
    click = (np.sin(np.arange(int(0.06 * RATE)) * 0.3) * 20000).astype("<i2").tobytes()
    source = source_of(tmp_path, silence(1.0), click, silence(3.0))
    capture = capture_answer(source, EndpointSettings(no_answer_timeout=3.0))
    assert not capture.speech and capture.reason == "no_answer"


def test_a_fixed_threshold_replaces_the_adaptive_one(tmp_path: Path) -> None:
    yes = speak(tmp_path, "yes")
    source = source_of(tmp_path, silence(0.5), yes, silence(2.0))
    assert capture_answer(source, EndpointSettings(threshold=-40.0)).speech
    source = source_of(tmp_path, silence(0.5), yes, silence(2.0))
    assert not capture_answer(source, EndpointSettings(threshold=-3.0)).speech


class StalledSource:
    """A live source whose device has gone quiet: reads time out with nothing."""

    def read(self, timeout: float) -> bytes | None:
        return b""

    def discard_pending(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_stalled_live_source_is_reported() -> None:
    chained = ChainSource(SilenceSource(0.3), StalledSource())
    with pytest.raises(AudioStalled, match="microphone"):
        capture_answer(chained, EndpointSettings(stall_timeout=0.3))


def test_whole_frames_only(tmp_path: Path) -> None:
    capture = capture_answer(source_of(tmp_path, silence(0.5), speak(tmp_path, "no"),
                                       silence(2.0)))
    assert len(capture.audio) % FRAME_BYTES == 0


@pytest.mark.parametrize("field", ["end_silence", "max_answer", "no_answer_timeout"])
def test_impossible_settings_are_refused(field: str) -> None:
    with pytest.raises(InvalidEndpointSettings, match=field):
        EndpointSettings(**{field: 0})  # type: ignore[arg-type]


def test_pauses_inside_an_answer_are_found_and_can_be_shortened(tmp_path: Path) -> None:
    # "my ... left ... side": three words with 1.5 s pauses, ended by the slow-speech
    # silence of 2.5 s.
    words = [speak(tmp_path, w) for w in ("my", "left", "side")]
    pause = silence(1.5)
    capture = capture_answer(
        source_of(tmp_path, silence(0.5), pause.join(words), silence(3.0)),
        EndpointSettings(end_silence=2.5))

    assert capture.reason == "silence"
    long_ones = [(a, b) for a, b in capture.pauses if b - a > 1.0]
    assert len(long_ones) == 2
    assert all(1.3 < b - a < 2.3 for a, b in long_ones)  # espeak's own quiet edges add some
    shortened = capture.with_short_pauses(0.3)
    cut = sum(b - a - 0.3 for a, b in capture.pauses if b - a > 0.3)
    assert seconds(shortened) == pytest.approx(seconds(capture.audio) - cut, abs=0.05)
    assert seconds(capture.audio) - seconds(shortened) > 2.4
    # Only silence was removed: what sounds is all still there.
    loud = np.count_nonzero(np.abs(np.frombuffer(capture.audio, "<i2")) > 300)
    assert np.count_nonzero(np.abs(np.frombuffer(shortened, "<i2")) > 300) == loud
    assert capture.with_short_pauses(5.0) == capture.audio
