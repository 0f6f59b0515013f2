"""A call for help heard while BackTalk speaks, measured in a virtual room.

A private PulseAudio server (:mod:`.pulse_room`) is the room: what BackTalk plays to its
speaker comes back to its microphone through a loopback (the echo, ``--echo-db`` against
what was played), and a person is played into the room. The rest is BackTalk's own, as
``backtalk voice`` puts it together: the sound server's echo canceller loaded by
:func:`~assistant.voice.echo_cancel.start_echo_cancel`, each prompt said by the
:class:`~assistant.voice.channel.VoiceChannel` through ``aplay``, the microphone through
PortAudio, and :class:`~assistant.voice.calls_while_speaking.CallsWhileSpeaking` with
Whisper listening for the dialogue's calls.

Each prompt of the virtual patients' screenings (:func:`~assistant.dialog.simulate.
simulate`) in the chosen half (by a hash of its words) is said three times:

- alone: nothing is said in the room; a call heard is a false call;
- with another word: a real person's recording (Speech Commands, a speaker of the half,
  none of the calls) said at a random moment of the prompt; a call heard is a false call;
- with a call: one of the calls, said by an espeak-ng voice of the half at a random moment
  of the prompt: heard or not, and how long after it began the prompt stopped.

With ``--enrolled`` each voice is a person who enrolled (``backtalk enroll``'s phrases,
three takes each by the same espeak-ng voice at other paces and pitches than its calls),
and the personal recognizer, Whisper behind it, listens as it would for them.

The listener's constants were set by trying the opening prompt with "help me" in one
voice (``en+f3``, the tune half's); they were not tuned on the held-out prompts or voices.
The room is a simple one: the echo is the sound played, delayed, with no room's
reverberation, and no noise; a real room is harder for the echo canceller.
``--echo-delay`` is how late the echo comes beyond what the sound server reckons with
(40 ms by default; a speaker that keeps sound of its own, a TV over HDMI, some USB and
Bluetooth speakers, adds to that).
Run ``python -m assistant.bench.calls_while_speaking [--half tune|held-out] [--echo-db 0
-10] [--echo-delay MS] [--sample N]`` (each prompt is said in real time: about 15 s a
trial).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from ..dialog.loader import load_dialog
from ..dialog.matcher import Matcher
from ..dialog.model import Dialog
from ..dialog.reader import default_dialogs_dir
from ..dialog.simulate import simulate
from .clips import spread
from .interval import shown
from .pulse_room import EchoRoom, PulseServer, heard_here
from .screening_patients import PATIENTS
from .split import HELD_OUT, SPEECH_DIR, TUNE, belongs
from .timing import percentiles

VOICES = {TUNE: ("en+f3", "en-us", "en+m3"),
          HELD_OUT: ("en-us+f2", "en-gb-x-rp", "en-us+f4", "en+m7")}
"""The espeak-ng voices that say the calls, by half."""
ECHO_LEFT = "echo left, dB under the calls' voices"
OTHER_WORDS = ("yes", "no", "stop", "go", "left", "right", "up", "down", "on", "off")
"""Speech Commands words said in the room as other speech (a person answering early)."""


def prompts(dialog_dir: Path | None, half: str) -> list[str]:
    """Every prompt of the virtual patients' screenings whose words fall in ``half``."""
    dialog = _dialog(dialog_dir)
    said: dict[str, None] = {}
    for _, findings in PATIENTS:
        for turn in simulate(dialog, findings)["transcript"]:
            said[turn["assistant"]] = None
    return [text for text in said if half == "all" or _half(text) == half]


def _half(text: str) -> str:
    return TUNE if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else HELD_OUT


def _dialog(dialog_dir: Path | None) -> Dialog:
    return load_dialog(dialog_dir or default_dialogs_dir())


def _calls(dialog_dir: Path | None) -> list[str]:
    return Matcher(_dialog(dialog_dir).language, ("112",)).emergency_grammar()


TAKES = ((110, 40), (150, 60), (170, 45))
"""(words a minute, pitch) of the enrolled takes: not the calls' own 130 and 50, as a
person never says a word twice the same way (espeak-ng would)."""


def _said_by_espeak(text: str, voice: str, folder: Path, pace: int = 130,
                    pitch: int = 50) -> Path:
    path = folder / f"{voice}-{pace}-{pitch}-{zlib.crc32(text.encode())}.wav"
    if not path.exists():
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(pace), "-p", str(pitch), "-w",
                        str(path), text], check=True, capture_output=True)
    return path


def _listeners(args: argparse.Namespace, whisper: Any, voices: tuple[str, ...],
               folder: Path) -> dict[str, Any]:
    """The recognizer that listens for each voice: Whisper, or with ``--enrolled`` the
    personal recognizer over that voice's enrollment (Whisper behind it)."""
    if not args.enrolled:
        return {voice: whisper for voice in voices}
    from ..asr.personal_engine import PersonalRecognizer
    from ..asr.templates import TakeEncoder
    from ..enroll.phrases import enroll_phrases
    from ..setup.enrollment import EnrollmentStore
    from ..voice.audio import read_wav

    listeners = {}
    for voice in voices:
        store = EnrollmentStore(folder / "enrolled" / voice)
        if not store.exists():  # made once, for every room (a take added twice would be
            # its own nearest take, and the phrase's limits would shrink to nothing)
            for phrase in enroll_phrases(_dialog(args.dialogs)):
                for pace, pitch in TAKES:
                    store.add(phrase, read_wav(_said_by_espeak(phrase, voice, folder, pace,
                                                               pitch)))
        listeners[voice] = PersonalRecognizer(store, whisper,
                                              TakeEncoder(whisper.encoder_frames))
    return listeners


def _other_words(speech_dir: Path, half: str) -> list[Path]:
    clips = [c for word in OTHER_WORDS for c in sorted((speech_dir / "commands" / word)
                                                        .glob("*.wav"))]
    return [c for c in clips if belongs(c, half)]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    texts = prompts(args.dialogs, args.half)
    rng = random.Random(args.seed)
    if args.sample:
        texts = rng.sample(texts, min(args.sample, len(texts)))
    results: dict[str, Any] = {"prompts": len(texts), "rooms": {}}
    with tempfile.TemporaryDirectory() as folder:
        for echo_db in args.echo_db:
            results["rooms"][f"{echo_db:+g} dB"] = _room(args, texts, echo_db, rng,
                                                         Path(folder))
        if args.answers:
            results["answers"] = _answers(args, Path(folder))
    return results


def _answers(args: argparse.Namespace, folder: Path) -> dict[str, tuple[int, int]]:
    """Answers heard through the echo canceller as without it: ``args.answers`` yes and no
    recordings of the half, each said in the room while BackTalk listens (and is silent),
    through the live answer path, once with the canceller and once without."""
    from ..asr.select import make_recognizer
    from ..voice.audio import MicrophoneSource
    from ..voice.channel import MicrophoneAnswers, VoiceChannel
    from ..voice.echo_cancel import DEVICE, start_echo_cancel
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker

    clips = spread([c for word in ("yes", "no") for c in
                    (args.speech_dir / "commands" / word).glob("*.wav")
                    if belongs(c, args.half)], args.answers)
    recognizer, _ = make_recognizer("whisper")
    right: dict[str, tuple[int, int]] = {}
    (folder / "answers").mkdir()
    with heard_here(PulseServer(folder / "answers")) as server:
        room = EchoRoom(server)
        for way in ("without the canceller", "through the canceller"):
            echo = start_echo_cancel(None, None) if way.startswith("through") else None
            if echo is not None:
                echo.use()
            answers = MicrophoneAnswers(MicrophoneSource(DEVICE), echo=echo)
            channel = VoiceChannel(Speaker(device=DEVICE), recognizer, answers,
                                   EndpointSettings(no_answer_timeout=4.0))
            count = 0
            try:
                for clip in clips:
                    timer = threading.Timer(0.5, _say, (room, clip))
                    timer.start()
                    heard = channel.listen(["yes", "no"])
                    timer.join()
                    count += heard is not None and heard.text == clip.parent.name
            finally:
                answers.close_echo()
            right[way] = (count, len(clips))
            print(f"answers {way}: {count}/{len(clips)}", file=sys.stderr, flush=True)
    return right


def _room(args: argparse.Namespace, texts: list[str], echo_db: float, rng: random.Random,
          folder: Path) -> dict[str, Any]:
    (folder / f"pulse{echo_db:+g}").mkdir()
    with heard_here(PulseServer(folder / f"pulse{echo_db:+g}")) as server:
        return _trials(args, texts, EchoRoom(server, echo_db, args.echo_delay), rng,
                       folder)


def _trials(args: argparse.Namespace, texts: list[str], room: EchoRoom,
            rng: random.Random, folder: Path) -> dict[str, Any]:
    from ..asr.select import make_recognizer
    from ..voice.audio import MicrophoneSource, read_wav
    from ..voice.calls_while_speaking import CallsWhileSpeaking, listened_for
    from ..voice.channel import MicrophoneAnswers, VoiceChannel
    from ..voice.echo_cancel import DEVICE, start_echo_cancel
    from ..voice.endpoint import EndpointSettings
    from ..voice.sound_check import levels, loudest
    from ..voice.tts import Speaker
    from ..voice.wake import calls_heard_by

    echo = start_echo_cancel(None, None)
    echo.use()
    recognizer, _ = make_recognizer("whisper")
    endpoint = EndpointSettings()
    answers = MicrophoneAnswers(MicrophoneSource(DEVICE), echo=echo)
    calls = list(calls_heard_by(recognizer, _calls(args.dialogs)))
    voices, others = VOICES.get(args.half, VOICES[HELD_OUT]), _other_words(args.speech_dir,
                                                                           args.half)
    # One listener per voice: the person in the room, whether they speak or not.
    listeners = {voice: CallsWhileSpeaking(listener, calls, endpoint) for voice, listener
                 in _listeners(args, recognizer, voices, folder).items()}
    speaker = Speaker(device=DEVICE)
    channel = VoiceChannel(speaker, recognizer, answers, endpoint)
    false_alone = false_other = heard = said = 0
    delays: list[float] = []
    busy = listened = 0.0
    remains: list[float] = []
    voiced: list[float] = []
    missed: list[str] = []
    false: list[str] = []
    try:
        people = random.Random(args.seed)  # who is in the room (--enrolled), apart from
        # the draws of the prompts' trials, which stay those of a run without enrollment
        for n, text in enumerate(texts, 1):
            person = people.choice(voices)
            answers.calls = listeners[person]
            if (heard_alone := _trial(channel, room, text, None, rng)) is not None:
                false_alone += 1
                false.append(f"{heard_alone[1]!r} in {text[:40]!r}... alone")
            busy += answers.calls.busy
            listened += answers.calls.listened
            remains.append(loudest(answers.calls.frame_levels))
            other = rng.choice(others)
            if (heard_other := _trial(channel, room, text, other, rng)) is not None:
                false_other += 1
                false.append(f"{heard_other[1]!r} in {text[:40]!r}... with "
                             f"{other.parent.name!r} ({other.stem})")
            call = rng.choice(listened_for(calls, text))
            voice = person if args.enrolled else rng.choice(voices)
            clip = _said_by_espeak(call, voice, folder)
            voiced.append(levels(read_wav(clip)).voice)
            took = _trial(channel, room, text, clip, rng)
            said += 1
            if took is not None:
                heard += 1
                delays.append(took[0])
            else:
                missed.append(f"{call!r} ({voice}) in {text[:40]!r}...")
            print(f"{n}/{len(texts)}: false {false_alone}+{false_other}, heard {heard}/{said}",
                  file=sys.stderr, flush=True)
    finally:
        answers.close_echo()
    return {"alone": (false_alone, len(texts)), "other word": (false_other, len(texts)),
            "call": (heard, said), "stopped after the call began": percentiles(delays),
            ECHO_LEFT: round(
                float(np.median(voiced) - np.median(remains)), 1) if voiced else None,
            "recognition seconds per second listened, nobody speaking": round(
                busy / listened, 3) if listened else None,
            "missed": missed, "false": false}


def _say(room: EchoRoom, clip: Path) -> None:
    room.say(clip).wait()


def _trial(channel: Any, room: EchoRoom, text: str, person: Path | None,
           rng: random.Random) -> tuple[float, str] | None:
    """Say ``text`` with ``person`` said in the room at a random moment; when a call was
    heard (any call: each leads to the emergency advice), the seconds from the moment it
    began to the prompt's end, and the call; else None."""
    words = len(text.split())
    seconds = words / channel.speaker.settings.rate * 60
    at = rng.uniform(0.5, max(0.6, seconds - 1.5))
    began: list[float] = []

    def say(person: Path) -> None:
        began.append(time.monotonic())
        room.say(person).wait()

    timer = threading.Timer(at, say, (person,)) if person is not None else None
    if timer is not None:
        timer.start()
    channel.say([text])
    ended = time.monotonic()
    if timer is not None:
        timer.join()
        timer.cancel()
    heard = channel.answers.call_heard()
    if heard is None:
        return None
    return (round(ended - began[0], 2) if began else 0.0), heard.text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--half", choices=(TUNE, HELD_OUT, "all"), default=HELD_OUT)
    parser.add_argument("--echo-db", type=float, nargs="*", default=[0.0, -10.0],
                        help="the echo's level against what is played, one room each")
    parser.add_argument("--echo-delay", type=int, default=40, metavar="MS",
                        help="how much later than it is played the echo reaches the "
                             "microphone, beyond what the sound server knows of (a "
                             "speaker's own buffering)")
    parser.add_argument("--sample", type=int, help="at most N prompts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--answers", type=int, default=0, metavar="N",
                        help="also N yes/no recordings answered with and without the "
                             "canceller, BackTalk silent")
    parser.add_argument("--enrolled", action="store_true",
                        help="each voice enrolled (espeak-ng takes), heard by the personal "
                             "recognizer with Whisper behind it")
    parser.add_argument("--dialogs", type=Path, default=None)
    parser.add_argument("--speech-dir", type=Path, default=SPEECH_DIR)
    args = parser.parse_args(argv)
    results = measure(args)
    print(f"{results['prompts']} prompts of the {args.half} half; the echo {args.echo_delay} ms "
          "later than the sound server knows")
    for way, (right, total) in results.get("answers", {}).items():
        print(f"yes/no answers right, {way}: {shown(right, total)}")
    for room, counts in results["rooms"].items():
        print(f"echo at {room}:")
        for kind in ("alone", "other word"):
            print(f"  false calls, prompt {kind}: {shown(*counts[kind])}")
        print(f"  calls heard while speaking: {shown(*counts['call'])}; the prompt stopped "
              f"{counts['stopped after the call began']} s after the call began")
        print("  BackTalk's voice left by the echo canceller (loudest 0.3 s of each prompt, "
              f"median): {counts[ECHO_LEFT]} dB under the calls' voices")
        print("  recognition time (wall clock) per second listened, the prompt "
              f"alone: {counts['recognition seconds per second listened, nobody speaking']} s")
        for miss in counts["missed"]:
            print(f"    missed: {miss}")
        for false in counts["false"]:
            print(f"    false call: {false}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(None))
