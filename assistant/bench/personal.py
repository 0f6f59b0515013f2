"""The personal recognizer measured: enroll each speaker's first takes, hear the rest.

For every person of :mod:`.personal_sets`, their enrolled takes go into an enrollment
store in the work folder (as ``backtalk enroll --from`` would keep them) and a
:class:`~assistant.asr.personal_engine.PersonalRecognizer` is built on it, with Whisper
behind it as ``auto`` has. Each later take is heard as recorded, slowed to 0.6x
(``sox tempo``, pitch kept: slow speech) and 20 dB quieter; the false-accept clips as
recorded, and each person's takes of each of their words with that word left out of the
enrollment (a word of their own they did not enroll). Every clip is heard as a live
answer (:mod:`.live_answer`: endpointed, its pauses and tail shortened, the nearest
voice tried when nothing was made out); the enrolled takes go in as files, as
``backtalk enroll --from`` takes them. Two readings are counted: the templates alone,
and the answer the person gets (templates, then Whisper when they are not sure).
Recognition is timed after the endpoint, CPU and wall clock, for the enrolled words in
each condition and for the false-accept clips.

A person's grammar is their words, of which those a screening's grammar lets the templates
take on a close guess (:func:`.personal_sets.guessed_words`: the numbers and the places
and sides) may be; answers given that way are counted apart, as are those at confidence
0.5 or more (there should be none).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..asr.base import Utterance
from ..asr.personal_engine import SURE, PersonalRecognizer
from ..asr.templates import TakeEncoder
from ..asr.tempo import TempoUnavailable, at_tempo
from ..asr.whisper_engine import WhisperRecognizer
from ..voice.audio.recording import read_recording
from ..voice.channel import UNHEARD, for_recognizer, or_nearest_voice
from ..voice.unheard import loudest_sound
from .interval import rate
from .live_answer import live_capture
from .personal_sets import (
    TAKES,
    Person,
    enrolled,
    false_accept_clips,
    guessed_words,
    left_out,
    people_from_speech,
    person_from_folder,
    person_grammar,
)
from .recording_files import clip_pcm

CONDITIONS = ("recorded", "slowed 0.6x", "20 dB quieter")
FALSE_ACCEPT_CLIPS = 20
"""Other-word clips and noise clips heard per person (each)."""
GUESS_HIGH = "guesses at confidence 0.5 or more"
"""Answers given as a close guess yet surer than a guess may be (there should be none)."""
LEFT_OUT = "own words left out"
"""False accepts among a person's takes of one of their words, heard with that word left
out of their enrollment (:func:`.personal_sets.left_out`)."""


class PersonalBenchError(Exception):
    """The personal benchmark cannot run (no sox, no Whisper, no enrolled words)."""


def slowed(pcm: bytes, factor: float = 0.6) -> bytes:
    """``pcm`` at ``factor`` of its speed, pitch kept (sox's WSOLA ``tempo``)."""
    try:
        return at_tempo(pcm, factor)
    except TempoUnavailable as exc:
        raise PersonalBenchError(str(exc)) from exc


def quieter(pcm: bytes, decibels: float = 20.0) -> bytes:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64) * 10 ** (-decibels / 20)
    return np.round(samples).astype("<i2").tobytes()


class Timing:
    """CPU and wall time of recognition (after the endpoint), per group of clips."""

    def __init__(self) -> None:
        self.spent: dict[str, list[tuple[float, float]]] = {}

    def add(self, group: str, cpu_ms: float, wall_ms: float) -> None:
        self.spent.setdefault(group, []).append((cpu_ms, wall_ms))

    def summary(self) -> dict[str, Any]:
        every = [pair for pairs in self.spent.values() for pair in pairs]
        out = {"all clips": _spread(every)} if every else {}
        return out | {group: _spread(pairs) for group, pairs in self.spent.items()}


def _spread(pairs: list[tuple[float, float]]) -> dict[str, Any]:
    cpu, wall = (sorted(column) for column in zip(*pairs, strict=True))
    at = int(0.95 * (len(cpu) - 1))
    return {"answers": len(cpu), "cpu_mean": round(statistics.fmean(cpu)),
            "cpu_p95": round(cpu[at]), "wall_p50": round(wall[(len(wall) - 1) // 2]),
            "wall_p95": round(wall[at])}


def _heard(recognizer: PersonalRecognizer, pcm: bytes, grammar: list[str],
           timing: Timing, group: str) -> tuple[str, float, str, bool]:
    """(templates' text, confidence and text given, whether it was given as a close
    guess) for ``pcm`` heard as a live answer
    (:mod:`.live_answer`), the nearest voice tried as the channel does when nothing was
    made out; a clip the endpointer missed is heard as the channel hears a wait with no
    speech (:mod:`assistant.voice.unheard`, never surer than
    :data:`~assistant.voice.channel.UNHEARD`). Recognition is timed in ``group`` (not a
    clip the endpointer missed)."""
    capture = live_capture(pcm)
    if not capture.speech:
        sound = loudest_sound(capture.audio)
        if sound is None:
            return "", 0.0, "", False
        mine, final = recognizer.decide(sound, grammar)
        return mine.text, min(final.confidence, UNHEARD), final.text, _guess(final)
    audio = for_recognizer(capture)
    cpu, wall = time.process_time(), time.perf_counter()
    mine, whole = recognizer.decide(audio, grammar)
    final, _ = or_nearest_voice(recognizer, audio, grammar, whole)
    timing.add(group, (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
    return mine.text, final.confidence, final.text, _guess(final)


def _guess(heard: Utterance) -> bool:
    return bool(heard.text) and heard.details.get("guess") is True


class Tally:
    """Counts of one reading (templates alone or the answer given) over many clips."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, key: str, hit: bool) -> None:
        self.counts[f"{key}:n"] += 1
        self.counts[f"{key}:k"] += hit


def _measure_person(person: Person, general: WhisperRecognizer, root: Path,
                    speech_dir: Path, half: str, timing: Timing, guessed: frozenset[str]
                    ) -> dict[str, Any]:
    store = enrolled(person, root / person.speaker / "voice")
    recognizer = PersonalRecognizer(store, general, TakeEncoder(general.encoder_frames))
    grammar = person_grammar(sorted(person.enroll), guessed)
    alone, given = Tally(), Tally()
    for word, clip in person.tests:
        recorded = read_recording(clip)
        for condition, audio in zip(CONDITIONS, (recorded, slowed(recorded),
                                                 quieter(recorded)), strict=True):
            mine, confidence, text, guess = _heard(recognizer, audio, grammar, timing,
                                                   f"enrolled words, {condition}")
            alone.add(condition, mine == word)
            given.add(condition, text == word)
            given.add(f"{condition} guess", guess and text == word)
            given.add(f"{condition} guess wrong", guess and text != word)
            given.add(GUESS_HIGH, guess and confidence >= 0.5)
            given.add(f"{condition} wrong", bool(text) and text != word)
            given.add(f"{condition} sure and wrong", confidence >= SURE and text != word)
    words, noise = false_accept_clips(speech_dir, person, half, FALSE_ACCEPT_CLIPS)
    heard = [("other words", recognizer, grammar, clip) for clip in words]
    heard += [("noise", recognizer, grammar, clip) for clip in noise]
    for word, clips in left_out(person):
        rest = person_grammar([w for w in grammar if w != word], guessed)
        heard += [(LEFT_OUT, recognizer.without(word), rest, clip) for clip in clips]
    for key, hearer, phrases, clip in heard:
        # Other people's words and noise are read as the other benchmarks read them: a
        # noise recording may last minutes, longer than any take of the person's own.
        mine, confidence, text, guess = _heard(hearer, clip_pcm(clip), phrases, timing, key)
        alone.add(key, bool(mine))
        given.add(key, bool(text))
        given.add(f"{key} guess", guess)
        given.add(GUESS_HIGH, guess and confidence >= 0.5)
        given.add(f"{key} sure", bool(text) and confidence >= SURE)
    store.delete_all()
    return {"speaker": person.speaker, "words": len(grammar), "tests": len(person.tests),
            "alone": dict(alone.counts), "given": dict(given.counts)}


def measure_personal(speech_dir: Path, work_dir: Path, half: str = "held-out",
                     enrollment: Path | None = None, sample: int | None = None,
                     takes: int = TAKES, dialogs: Path | None = None) -> dict[str, Any]:
    """Per person and in total: right answers per condition, false accepts, CPU per answer.
    ``dialogs``: the dialogue whose grammars say which words may be guessed (default: the
    bundled one)."""
    if enrollment is not None:
        one = person_from_folder(enrollment, takes, sample=sample)
        people = [one] if one else []
    else:
        people = people_from_speech(speech_dir, half, takes, sample=sample)
    if not people:
        raise PersonalBenchError(f"no word with more than {takes} takes to enroll and test")
    general = WhisperRecognizer()
    work_dir.mkdir(parents=True, exist_ok=True)
    timing = Timing()
    guessed = guessed_words(dialogs)
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="personal-") as temporary:
        measured = [_measure_person(person, general, Path(temporary), speech_dir, half,
                                    timing, guessed) for person in people]
    totals: dict[str, Counter[str]] = {"alone": Counter(), "given": Counter()}
    for person in measured:
        for reading in totals:
            totals[reading].update(person[reading])
    keys = (*CONDITIONS, "other words", "noise", LEFT_OUT, "other words sure", "noise sure",
            f"{LEFT_OUT} sure",
            *(f"{c} wrong" for c in CONDITIONS), *(f"{c} sure and wrong" for c in CONDITIONS),
            *(f"{c} guess" for c in CONDITIONS), *(f"{c} guess wrong" for c in CONDITIONS),
            *(f"{k} guess" for k in ("other words", "noise", LEFT_OUT)), GUESS_HIGH)
    summary = {reading: {key: rate(counts[f"{key}:k"], counts[f"{key}:n"]) for key in keys
                         if counts[f"{key}:n"]}
               for reading, counts in totals.items()}
    return {"engine": "personal", "measured": True, "half": half, "takes": takes,
            "enrollment": str(enrollment) if enrollment else None,
            "people": measured, "summary": summary, "time_ms": timing.summary()}
