"""Choosing Whisper's limits for an answer heard after the person's own takes.

``python -m assistant.bench.context_tuning [--speech-dir DIR] [--half tune]`` enrolls each
speaker's first three takes of each word (:mod:`.personal_sets`), as the personal
benchmark does, and hears with Whisper alone every later take, the person's other words,
never-asked words of others, noise, and each of their words with that word left out of
the enrollment, every clip as a live answer (:mod:`.live_answer`). Each clip is heard
twice: as today without context, and after the person's first take of each enrolled
phrase the personal recognizer would give it (:meth:`~assistant.asr.personal_engine.
PersonalRecognizer.context`: the templates' nearest first, as many as fit).

For each way it prints the right answers, wrong ones and false accepts at Whisper's
limits, and the limits (log-probability, margin) with the most right answers, then the
fewest wrong, among those that take at most 1 % of the false-accept clips: the rule
:mod:`.whisper_tuning` chose ``MIN_LOGP`` and ``MIN_MARGIN`` by. The ones with context
are ``CONTEXT_MIN_LOGP`` and ``CONTEXT_MIN_MARGIN`` of :mod:`assistant.asr.whisper_engine`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..asr import whisper_engine
from ..asr.personal_engine import CONFIRM_FLOOR, PersonalRecognizer, near_by_agreement
from ..asr.templates import TakeEncoder
from ..asr.whisper_engine import WhisperRecognizer
from ..voice.audio.recording import read_recording
from ..voice.channel import for_recognizer
from ..voice.foreground import nearest_voices
from ..voice.unheard import loudest_sound
from .interval import shown
from .live_answer import live_capture
from .personal import FALSE_ACCEPT_CLIPS
from .personal_sets import enrolled, false_accept_clips, left_out, people_from_speech
from .recording_files import clip_pcm
from .split import SPEECH_DIR

BUDGET = 0.01
LOGPS = tuple(round(float(x), 1) for x in np.arange(-8.0, -0.95, 0.1))
MARGINS = tuple(round(float(x), 1) for x in np.arange(-6.0, 0.05, 0.1))
FLOOR = -12.0
"""Phrases are scored down to here, so every clip's best phrase is known."""


Scored = tuple[str, float, float]
"""Whisper's best phrase for one stretch of audio: (phrase, log-probability, margin);
("", -inf, -inf) when nothing was scored."""


@dataclass(frozen=True)
class Heard:
    """What Whisper made of one clip, with and without the person's takes before it: the
    answer the channel hands over, then the nearest voices in it (tried in turn when the
    answer is not made out, :func:`assistant.voice.channel.or_nearest_voice`)."""

    word: str
    """The word said; "" for a false-accept clip."""
    plain: tuple[Scored, ...]
    told: tuple[Scored, ...]
    near: tuple[str, ...]
    """For each stretch, the templates' nearest phrase when near enough by the agreement's
    limits, else "" (the second hearing may confirm it)."""


NOTHING: Scored = ("", -np.inf, -np.inf)


def _best(recognizer: WhisperRecognizer, audio: bytes, grammar: list[str],
          context: list[tuple[bytes, str]]) -> Scored:
    details = recognizer.recognize(audio, grammar, context=context).details
    if "logp" not in details:
        return NOTHING
    return (str(details["heard"]), float(str(details["logp"])),
            float(str(details["margin"])))


def stretches(pcm: bytes) -> list[bytes]:
    """What the channel hands the recognizer of ``pcm`` heard as an answer: the answer
    (or, when the endpointer heard none, the loudest sound of the wait,
    :func:`assistant.voice.unheard.loudest_sound`), then its nearest voices."""
    capture = live_capture(pcm)
    if not capture.speech:
        sound = loudest_sound(capture.audio)
        return [] if sound is None else [sound]
    audio = for_recognizer(capture)
    return [audio] + [voice for voice, _ in nearest_voices(audio)]


def hear(speech_dir: Path, half: str) -> list[Heard]:
    whisper = WhisperRecognizer(search_floor=FLOOR)
    whisper.context_floor, whisper.context_margin_floor = FLOOR, -np.inf
    encoder = TakeEncoder(whisper.encoder_frames)
    out: list[Heard] = []
    with tempfile.TemporaryDirectory(prefix="backtalk-context-") as temporary:
        for person in people_from_speech(speech_dir, half):
            store = enrolled(person, Path(temporary) / person.speaker)
            templates = PersonalRecognizer(store, None, encoder)
            grammar = sorted(person.enroll)
            words, noise = false_accept_clips(speech_dir, person, half, FALSE_ACCEPT_CLIPS)
            to_hear = [(templates, grammar, word, read_recording(clip))
                       for word, clip in person.tests]
            to_hear += [(templates, grammar, "", clip_pcm(clip)) for clip in words + noise]
            for word, takes in left_out(person):
                rest = [w for w in grammar if w != word]
                to_hear += [(templates.without(word), rest, "", read_recording(clip))
                            for clip in takes]
            for hearer, phrases, word, pcm in to_hear:
                plain, told, near = [], [], []
                for audio in stretches(pcm):
                    mine = hearer.match(audio, phrases)
                    context = hearer.context(phrases, mine)
                    plain.append(_best(whisper, audio, phrases, []))
                    told.append(_best(whisper, audio, phrases, context))
                    near.append(str(mine.details["heard"]) if near_by_agreement(mine.details)
                                else "")
                out.append(Heard(word, tuple(plain), tuple(told), tuple(near)))
            print(f"{person.speaker}: {len(to_hear)} clips", file=sys.stderr, flush=True)
    return out


def taken(clip: Heard, way: str, logp: float, margin: float) -> str:
    """The phrase given ("" for none): heard alone (``way`` "plain"), with the limits
    ``logp`` and ``margin``; or ("told") as the personal recognizer does, heard alone with
    Whisper's limits, and when that takes nothing, heard after the takes with ``logp`` and
    ``margin``, if it names the phrase found best alone, scored at least
    :data:`~assistant.asr.personal_engine.CONFIRM_FLOOR`, or the templates' nearest, near
    enough by the agreement's limits."""
    for (first, lp, mg), (again, told_lp, told_mg), near in zip(clip.plain, clip.told,
                                                                 clip.near, strict=True):
        if way == "plain":
            if first and lp >= logp and mg >= margin:
                return str(first)
            continue
        if first and lp >= whisper_engine.MIN_LOGP and mg >= whisper_engine.MIN_MARGIN:
            return str(first)
        named = {first, near} if lp >= CONFIRM_FLOOR else {near}
        if again and again in named and told_lp >= logp and told_mg >= margin:
            return str(again)
    return ""


def counts(heard: list[Heard], way: str, logp: float, margin: float) -> tuple[int, int, int]:
    """(right, wrong, false accepts) with the limits ``logp`` and ``margin``."""
    right = wrong = false = 0
    for clip in heard:
        phrase = taken(clip, way, logp, margin)
        if not phrase:
            continue
        if not clip.word:
            false += 1
        elif phrase == clip.word:
            right += 1
        else:
            wrong += 1
    return right, wrong, false


def choose(heard: list[Heard], way: str) -> tuple[float, float]:
    """The most right answers, then the fewest wrong, then the fewest false accepts,
    within :data:`BUDGET`; of the limits that give as many, the middle ones (the median
    log-probability, then the median margin at it), away from either edge of the plateau."""
    others = sum(1 for clip in heard if not clip.word)
    found: dict[tuple[float, float], tuple[int, int, int]] = {}
    for logp in LOGPS:
        for margin in MARGINS:
            right, wrong, false = counts(heard, way, logp, margin)
            if false <= BUDGET * others:
                found[logp, margin] = (right, -wrong, -false)
    if not found:
        raise ValueError("no limits keep false accepts within the budget")
    best = max(found.values())
    plateau = sorted(limits for limits, key in found.items() if key == best)
    logp = _median([lp for lp, _ in plateau])
    return logp, _median([mg for lp, mg in plateau if lp == logp])


def _median(values: list[float]) -> float:
    ordered = sorted(set(values))
    return ordered[(len(ordered) - 1) // 2]


def line(heard: list[Heard], way: str, limits: tuple[float, float]) -> str:
    tests = sum(1 for clip in heard if clip.word)
    right, wrong, false = counts(heard, way, *limits)
    nearest = sum(1 for clip in heard if clip.word and getattr(clip, way)
                  and getattr(clip, way)[0][0] == clip.word)
    return (f"limits {limits}: right {shown(right, tests)}, wrong {shown(wrong, tests)}, "
            f"false accepts {shown(false, len(heard) - tests)}; best phrase right "
            f"{shown(nearest, tests)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speech-dir", type=Path, default=SPEECH_DIR)
    parser.add_argument("--half", choices=("tune", "held-out"), default="tune",
                        help="choose on the tune half; the held-out half only to report")
    parser.add_argument("--save", type=Path, help="also write every clip's scores (JSON)")
    args = parser.parse_args(argv)
    heard = hear(args.speech_dir, args.half)
    if args.save:
        args.save.write_text(json.dumps([asdict(clip) for clip in heard]))
    for way, now in (("plain", (whisper_engine.MIN_LOGP, whisper_engine.MIN_MARGIN)),
                     ("told", (whisper_engine.CONTEXT_MIN_LOGP,
                               whisper_engine.CONTEXT_MIN_MARGIN))):
        label = "heard alone" if way == "plain" else "then after the takes"
        print(f"{args.half} half, {label}, as now: {line(heard, way, now)}")
        print(f"{args.half} half, {label}, chosen by the rule: "
              f"{line(heard, way, choose(heard, way))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
