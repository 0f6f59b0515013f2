"""False wakes in a room where other people talk, and the wake phrase heard among them.

Run ``python -m assistant.bench.false_wakes [--engine whisper] [--minutes 5] [--say TEXT]``.

**Why.** While BackTalk waits for its wake phrase it hears everything in the room. A
call for help is listened for there too. What it cannot make out as a whole, it tries
again in the nearest voice (:mod:`assistant.voice.foreground`). So a visitor's word, or a
television's, could wake it or pass for a call for help.

**What is measured.** A room's recording: minutes of 1, 2 or 4 other people talking at
once, Speech Commands words of the held-out speakers (:mod:`.split`) one after another.
It is heard as a live microphone is, turn after turn, through the waiting path with the
wake phrase's grammar and the calls for help, as ``backtalk voice --wake`` hears it: the
voice channel, the endpointer, :meth:`WakePhrase.matches` and :meth:`WakePhrase.is_call`,
and Whisper's own transcription read for an emergency told in other words, alone or with
the short turns just before it (``told``).

**The phrase among the others.** The same recording is heard again with the phrase (or
``--say``: a call for help) said in it once in every 15 s, 10 dB above the others: how
often BackTalk still wakes, or hears the call. It is spoken by espeak-ng, since no
person's recording of it exists here. That is a check of the path, not a figure for
people.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..asr.base import Recognizer
from ..dialog.overheard import Overhearing
from ..voice.audio.sources import AudioSource, WavSource
from ..voice.audio.wav import read_wav, write_wav
from ..voice.channel import NeverOverlapping
from ..voice.wake import normalise
from .interval import shown
from .noise_mix import RATE, babble, mix, to_pcm
from .split import HELD_OUT, SPEECH_DIR, TUNE

TALKERS = (1, 2, 4)
"""How many other people talk at once, one condition each."""
EVERY_SECONDS = 15.0
"""The phrase is said once in every this many seconds of a room's recording."""
PHRASE = "okay back talk"
PHRASE_ABOVE_DB = 10.0
"""How far the phrase is said above the others (the screenings' babble condition)."""
PHRASE_VOICE = ("en-us", 140)
"""espeak-ng voice and words a minute of the phrase."""


@dataclass
class Tally:
    """What one room's recording woke."""

    turns: int = 0
    """Turns of listening (each ends at a pause, or after 15 s of talk)."""
    wakes: int = 0
    calls: int = 0
    told: int = 0
    """Turns whose own transcription told an emergency (it would start a screening with
    its check: :class:`~assistant.dialog.overheard.EmergencyOverheard`)."""
    heard: Counter[str] = field(default_factory=Counter)
    """Everything made out, wake or not (the phrase's parts, calls)."""


class RoomInput(NeverOverlapping):
    """One long recording heard as a live microphone is: every turn of listening goes on
    where the last one stopped (a folder of answer files would drop the rest of a file).
    Once the recording has ended, a turn hears the end of input and listening stops."""

    def __init__(self, path: Path) -> None:
        self.source = WavSource(path)

    def next_source(self) -> AudioSource:
        return self.source

    def close(self) -> None:
        self.source.close()


def room(talkers: int, seconds: float, rng: np.random.Generator, speech: Path,
         half: str = HELD_OUT) -> np.ndarray:
    """``seconds`` of ``talkers`` people of ``half`` talking at once."""
    return babble(round(seconds * RATE), rng, speech, "", talkers, half)


def spoken_phrase(folder: Path, text: str = PHRASE) -> np.ndarray:
    """``text`` said by espeak-ng, 16 kHz, -1..1."""
    path = folder / "phrase.wav"
    voice, speed = PHRASE_VOICE
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text],
                   check=True, capture_output=True)
    return np.frombuffer(read_wav(path), "<i2").astype(np.float32) / 32768.0


def with_phrases(others: np.ndarray, phrase: np.ndarray, rng: np.random.Generator,
                 above_db: float = PHRASE_ABOVE_DB) -> tuple[np.ndarray, int]:
    """``others`` with ``phrase`` said once in every :data:`EVERY_SECONDS` (2-8 s into
    each), ``above_db`` over them; and how many times it was said."""
    said = np.zeros(len(others), np.float32)
    block = round(EVERY_SECONDS * RATE)
    times = 0
    for begin in range(0, len(others) - block + 1, block):
        at = begin + round(float(rng.uniform(2.0, 8.0)) * RATE)
        said[at: at + len(phrase)] = phrase[: len(said) - at]
        times += 1
    return mix(said, others, above_db), times


def hear(recognizer: Recognizer, audio: np.ndarray, calls: Sequence[str],
         voice_over: bool = True, told: Callable[[str], bool] | None = None) -> Tally:
    """A room's recording heard through the waiting path, turn after turn, to its end;
    ``voice_over``: a turn ends when the nearest voice has (``EndpointSettings``)."""
    from ..voice.channel import VoiceChannel
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker
    from ..voice.wake import WakePhrase

    wake = WakePhrase(PHRASE, recognizer, calls)
    settings = EndpointSettings(among_voices=voice_over)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="backtalk-wakes-") as tmp:
        path = Path(tmp) / "room.wav"
        write_wav(path, to_pcm(audio))
        # The Speaker is never used: the channel only listens here.
        recording = RoomInput(path)
        channel = VoiceChannel(Speaker(), recognizer, recording, settings)
        overhearing = Overhearing(told) if told is not None else None
        while (heard := channel.listen(wake.grammar(), unheard_words=False)) is not None:
            tally.turns += 1
            if heard.text:
                tally.heard[heard.text] += 1
            tally.wakes += wake.matches(heard.text, heard.confidence)
            call = wake.is_call(heard.text, heard.confidence)
            tally.calls += call
            tally.told += bool(overhearing and not call and overhearing.telling(
                heard.said, heard.details.get("started_after")) is not None)
        recording.close()
    return tally


def measure(engine: str, minutes: float, speech: Path, above_db: float = PHRASE_ABOVE_DB,
            say: str = PHRASE, seed: int = 2026, half: str = HELD_OUT,
            voice_over: bool = True) -> dict[str, tuple[Tally, Tally, int]]:
    """Per condition: (the others alone, ``say`` said among them, times said)."""
    from ..asr.select import make_recognizer
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import Matcher
    from ..dialog.overheard import EmergencyOverheard, first_question
    from ..dialog.reader import default_dialogs_dir

    recognizer, _ = make_recognizer(engine, None)
    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language, ("911",))
    calls = matcher.emergency_grammar()
    told = EmergencyOverheard(matcher, first_question(dialog, "911"))
    rng = np.random.default_rng(seed)
    out = {}
    with tempfile.TemporaryDirectory(prefix="backtalk-phrase-") as tmp:
        phrase = spoken_phrase(Path(tmp), say)
    for talkers in TALKERS:
        others = room(talkers, minutes * 60, rng, speech, half)
        said, times = with_phrases(others, phrase, rng, above_db)
        out[_condition(talkers)] = (hear(recognizer, others, calls, voice_over, told),
                                    hear(recognizer, said, calls, voice_over, told), times)
    return out


def _condition(talkers: int) -> str:
    return "1 other person" if talkers == 1 else f"{talkers} other people at once"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="whisper", help="recognizer (default whisper)")
    parser.add_argument("--minutes", type=float, default=5.0, metavar="M",
                        help="minutes of each room's recording (default 5)")
    parser.add_argument("--above", type=float, default=PHRASE_ABOVE_DB, metavar="DB",
                        help="dB the phrase is said above the others (default 10)")
    parser.add_argument("--say", default=PHRASE, metavar="TEXT",
                        help="what is said among the others: the wake phrase (default) "
                        "or a call for help, such as \"help me\"")
    parser.add_argument("--speech", type=Path, default=SPEECH_DIR, metavar="DIR")
    parser.add_argument("--half", choices=(HELD_OUT, TUNE), default=HELD_OUT,
                        help="whose words the others say (default: the held-out speakers)")
    parser.add_argument("--no-voice-over", dest="voice_over", action="store_false",
                        help="turns end only at a pause or after 15 s, as before an answer "
                        "ended with the nearest voice (to compare)")
    args = parser.parse_args(argv)
    print(f"{args.engine}: {args.minutes:g} minutes of each room, {args.half} speakers",
          flush=True)
    said_head = f'"{args.say}" heard (espeak-ng, +{args.above:g} dB)'
    print(f"{'others talking':<24} {'turns':>5} {'false wakes':>11} {'false calls':>11} "
          f"{'told':>4}  "
          f"{said_head:<34} made out of the others alone")
    for condition, (alone, said, times) in measure(args.engine, args.minutes, args.speech,
                                                   args.above, args.say, half=args.half,
                                                   voice_over=args.voice_over).items():
        made_out = ", ".join(f"{t} x{n}" for t, n in alone.heard.most_common()) or "nothing"
        print(f"{condition:<24} {alone.turns:>5} {alone.wakes:>11} {alone.calls:>11} "
              f"{alone.told:>4}  "
              f"{shown(said.heard[normalise(args.say)], times):<34} {made_out}", flush=True)


if __name__ == "__main__":
    main()
