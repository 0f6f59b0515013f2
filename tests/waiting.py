"""The waiting loop heard from recordings, for the tests of the wake phrase and of the calls
for help heard while waiting: answers are WAV files read by ``WavDirAnswers`` through the
real voice channel (endpointing and a recognizer), no sound card."""

from __future__ import annotations

from pathlib import Path

from conftest import DIALOGS

from assistant.asr.base import Heard, Recognizer
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import Matcher
from assistant.voice.channel import VoiceChannel, WavDirAnswers
from assistant.voice.endpoint import EndpointSettings
from assistant.voice.tts import Speaker, TtsSettings
from assistant.voice.wake import WakePhrase

PHRASE = "okay back talk"
FALSE_WAKE_CEILING = 0.02
"""Most recordings of other words that may be taken as the phrase or a call (the lead's
target); measured 1 of 448 (0.2 %), 1 of the 178 used by the pocketsphinx test."""


def calls_listened_for() -> list[str]:
    """The calls for help BackTalk listens for while it waits, from the real dialogue."""
    return Matcher(load_dialog(DIALOGS).language, ("112",)).emergency_grammar()


def channel_for(folder: Path, recognizer: Recognizer) -> VoiceChannel:
    settings = EndpointSettings()
    return VoiceChannel(Speaker(TtsSettings(rate=140)), recognizer,
                        WavDirAnswers(folder, settings), settings)


def listen_all(channel: VoiceChannel, wake: WakePhrase) -> list[Heard]:
    """What the waiting loop hears, one answer file after another, until input ends."""
    heard = []
    while (one := channel.listen(wake.grammar())) is not None:
        heard.append(one)
    return heard


def hear_recordings(clips: list[tuple[str, Path]], recognizer: Recognizer, wake: WakePhrase,
                    tmp_path: Path) -> list[Heard]:
    """What the waiting loop hears in each recording, one answer file each, in order."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for number, (_, path) in enumerate(clips):
        (folder / f"{number:04d}.wav").symlink_to(path)
    heard = listen_all(channel_for(folder, recognizer), wake)
    assert len(heard) == len(clips)
    return heard
