"""How long a person waits for their answer to be made out, answers played in real time.

Each later take of the people of :mod:`.personal_sets` is played to the voice channel as a
microphone would deliver it (:class:`~assistant.voice.audio.PacedSource`: each 30 ms frame
only once it would have been heard whole), after the channel's lead of silence and
followed by silence, and heard by :meth:`VoiceChannel.listen
<assistant.voice.channel.VoiceChannel.listen>` with a personal recognizer on their
enrollment and Whisper behind it (as ``auto`` has it). The wait is from the moment a
microphone would have delivered the frame on which the endpointer decided that the
answer had ended to the moment the recognizer's answer was ready: what the person waits
beyond the endpoint before the reply can begin (the dialogue and the first sentence of
speech come after it, :mod:`.timing`).

Each clip is heard twice in a row, once heard while the silence that ends it runs on
(:mod:`assistant.voice.early_hearing`) and once only when the endpointer has decided, so
that the machine's load weighs on both alike; the two answers must be the same.

    python -m assistant.bench.paced_wait [--half held-out] [--sample N]
        [--conditions recorded slowed] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..asr.personal_engine import PersonalRecognizer
from ..asr.templates import TakeEncoder
from ..asr.whisper_engine import WhisperRecognizer
from ..voice.audio import PacedSource
from ..voice.audio.recording import read_recording
from ..voice.channel import NeverOverlapping, VoiceChannel
from ..voice.endpoint import EndpointSettings
from ..voice.tts import Speaker
from .live_answer import answer_source
from .personal import slowed
from .personal_sets import Person, enrolled, guessed_words, people_from_speech, person_grammar
from .split import HELD_OUT, SPEECH_DIR, TUNE
from .timing import percentiles

MODES = ("early", "at the endpoint")
CONDITIONS = ("recorded", "slowed")


class _Played(NeverOverlapping):
    """One paced answer at a time, as :meth:`play` sets it."""

    def __init__(self, settings: EndpointSettings) -> None:
        self.settings = settings
        self.source: PacedSource | None = None

    def play(self, pcm: bytes) -> PacedSource:
        self.source = PacedSource(answer_source(pcm, self.settings))
        return self.source

    def next_source(self) -> PacedSource | None:
        return self.source


def _waits(person: Person, general: WhisperRecognizer, root: Path, conditions: list[str],
           guessed: frozenset[str], waits: dict[str, dict[str, list[float]]],
           tally: dict[str, int]) -> None:
    store = enrolled(person, root / person.speaker / "voice")
    recognizer = PersonalRecognizer(store, general, TakeEncoder(general.encoder_frames))
    grammar = person_grammar(sorted(person.enroll), guessed)
    settings = EndpointSettings()
    played = _Played(settings)
    channel = VoiceChannel(Speaker(), recognizer, played, settings)
    for word, clip in person.tests:
        recorded = read_recording(clip)
        for condition in conditions:
            pcm = recorded if condition == "recorded" else slowed(recorded)
            texts = []
            for mode in MODES:
                channel.hear_early = mode == "early"
                source = played.play(pcm)
                heard = channel.listen(grammar)
                timing = channel.timing
                if heard is None or timing is None or not timing.speech:
                    tally["not heard as speech"] += 1
                    break
                ended = source.heard_at(timing.listened)
                waits[mode][condition].append(max(0.0, timing.heard_at - ended))
                texts.append(heard.text)
            else:
                tally["answers"] += 1
                tally["right"] += texts[0] == word
                tally["answers differing"] += texts[0] != texts[1]
    tally["heard early and used"] += channel.early.used
    tally["heard early and set aside"] += channel.early.set_aside
    channel.early.close()
    store.delete_all()


def measure(speech_dir: Path, work_dir: Path, half: str = HELD_OUT, sample: int | None = None,
            conditions: list[str] | None = None,
            progress: Callable[[str], None] = lambda _line: None) -> dict[str, Any]:
    conditions = conditions or ["recorded"]
    people = people_from_speech(speech_dir, half, sample=sample)
    general = WhisperRecognizer()
    guessed = guessed_words(None)
    waits: dict[str, dict[str, list[float]]] = {m: {c: [] for c in conditions} for m in MODES}
    tally = dict.fromkeys(("answers", "right", "answers differing", "not heard as speech",
                           "heard early and used", "heard early and set aside"), 0)
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="paced-") as temporary:
        for number, person in enumerate(people, 1):
            progress(f"[{number}/{len(people)}] {person.speaker}: {len(person.tests)} clips")
            _waits(person, general, Path(temporary), conditions, guessed, waits, tally)
    return {"half": half, "people": len(people), "tally": tally,
            "wait_ms": {mode: {c: _spread(values) for c, values in by.items()}
                        for mode, by in waits.items()}}


def _spread(seconds: list[float]) -> dict[str, Any]:
    """p50, p95 and max as :func:`.timing.percentiles` gives them, in ms, and the mean."""
    if not seconds:
        return {"answers": 0}
    return {"answers": len(seconds),
            **{key: round(value * 1000) for key, value in percentiles(seconds).items()},
            "mean": round(1000 * sum(seconds) / len(seconds))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=(TUNE, HELD_OUT), default=HELD_OUT)
    parser.add_argument("--sample", type=int, default=None, metavar="N",
                        help="later takes heard per word and person (default: all)")
    parser.add_argument("--conditions", nargs="+", choices=CONDITIONS, default=["recorded"])
    parser.add_argument("--speech", type=Path, default=SPEECH_DIR, metavar="DIR")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()),
                        metavar="DIR", help="where the enrollments are kept while measured")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="also write the result there (JSON)")
    args = parser.parse_args(argv)
    result = measure(args.speech, args.work_dir, args.half, args.sample, args.conditions,
                     lambda line: print(line, file=sys.stderr, flush=True))
    text = json.dumps(result, indent=1)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
