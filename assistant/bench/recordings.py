"""How well a recognizer hears real people, through the grammars the dialogue uses.

The recordings (``/work/shared/data/speech`` or any folder laid out the same way, see
:data:`LAYOUT`) are decoded with real questions' grammars and read with the real answer
matcher, so a figure here is what a user would get from the same words:

- ``yes/no``: the "yes" and "no" clips on a yes/no alarm question (``fever``);
- ``left/right/up/down``: each word on the choice question it answers (left and right
  on ``side``, up on ``location``); a word that answers no choice question ("down": the
  lower back is "low down", never "down" alone) is listed as such, not measured;
- ``digits`` (Speech Commands "zero".."nine") and ``digits 8k`` (the 8 kHz Free Spoken
  Digit Dataset) on the 0-10 ``severity`` question;
- false accepts: every word that is not a phrase of the yes/no question (bed, bird,
  cat, ...) on that question again. Any answer heard is the dangerous mistake: "bed"
  taken as "no" closes an alarm sign.

``through_loop`` sends each clip the way a live answer goes: the voice channel reads it
from a WAV file followed by silence, endpoints it, shortens its pauses and its silent
tail, and only then decodes it. That figure is the product's; the bare clip's is kept
beside it because the difference between the two shows what the loop costs.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..asr.base import Recognizer, RecognizerError, Utterance
from ..dialog.matcher import ANSWER, Matcher
from ..dialog.model import Dialog, Question
from ..voice.audio import RATE, read_wav

YES_NO = "yes/no"
CHOICE = "left/right/up/down"
DIGITS = "digits"
DIGITS_8K = "digits 8k"
NON_ANSWER = "non-answer"
GROUPS = (YES_NO, CHOICE, DIGITS, DIGITS_8K)
"""The accuracy groups, in the order they are reported."""

YES_NO_QUESTION = "fever"
"""The yes/no question the yes/no clips and the non-answers are asked on: an alarm sign,
where a false "no" does the most harm."""
NUMBER_QUESTION = "severity_after_angioplasty"
CHOICE_WORDS = ("left", "right", "up", "down")
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
               "nine")
MARGINS = (-300.0, -200.0, -100.0, -50.0, 0.0, 100.0)
"""Rejection margins whose trade-off is re-read from the same decodes (pocketsphinx)."""

LAYOUT = ("commands/<word>/*.wav (one folder per word, 'yes' and 'no' among them; "
          "Speech Commands) and digits/<digit>_<speaker>_<n>.wav (Free Spoken Digit Dataset)")
_DIGIT_NAME = re.compile(r"(\d)_([^_]+)_(\d+)\.wav")


@dataclass(frozen=True)
class Trial:
    """One clip, the question it is asked on, and the answer wanted."""

    group: str
    """One of :data:`GROUPS`, or :data:`NON_ANSWER`."""
    question: str
    clip: Path
    word: str
    """The clip's label: its folder (a word) or its digit."""
    expected: object
    """The answer value wanted ("yes", "upper", 5.0); None for a non-answer."""


@dataclass(frozen=True)
class Outcome:
    trial: Trial
    text: str
    """What the recognizer (or the voice channel) returned; "" when nothing."""
    kind: str
    """The matcher's reading of ``text`` on the trial's question."""
    value: object
    utterance: Utterance | None
    """None when the recognizer was not called: the endpointer heard no speech."""
    audio_seconds: float
    """Audio given to the recognizer."""
    decode_seconds: float
    cpu_seconds: float

    @property
    def right(self) -> bool:
        return self.kind == ANSWER and self.value == self.trial.expected

    @property
    def false_accept(self) -> bool:
        return self.trial.expected is None and self.kind == ANSWER


@dataclass(frozen=True)
class Plan:
    trials: tuple[Trial, ...]
    questions: dict[str, Any]
    """Group -> the question id (or word -> question id) whose grammar is used."""
    unanswerable: dict[str, str]
    """Words of the choice group that answer no choice question, and why."""


def check_speech_dir(speech_dir: Path) -> None:
    """Raise ValueError, naming the folder and the layout wanted, unless ``speech_dir``
    holds recordings laid out as :data:`LAYOUT`."""
    speech_dir = Path(speech_dir)
    problem = None
    commands, digits = speech_dir / "commands", speech_dir / "digits"
    if not speech_dir.is_dir():
        problem = "is not a folder"
    elif not commands.is_dir():
        problem = "has no commands/ folder"
    elif not all(any((commands / w).glob("*.wav")) for w in ("yes", "no")):
        problem = "has no .wav files in commands/yes or commands/no"
    elif not digits.is_dir() or not any(digits.glob("*.wav")):
        problem = "has no .wav files in digits/"
    else:
        odd = sorted(p.name for p in digits.glob("*.wav") if not _DIGIT_NAME.fullmatch(p.name))
        if odd:
            problem = f"has digit clips not named <digit>_<speaker>_<n>.wav: {', '.join(odd[:3])}"
    if problem:
        raise ValueError(f"speech recordings: {speech_dir} {problem}; expected {LAYOUT}")


def plan_trials(dialog: Dialog, matcher: Matcher, speech_dir: Path,
                sample: int | None = None) -> Plan:
    """Every clip to decode, with its question. ``sample`` keeps at most that many clips
    per word and per digit (digit clips taken from each speaker in turn)."""
    check_speech_dir(speech_dir)
    if sample is not None and sample < 1:
        raise ValueError(f"sample must be 1 or more clips per word, not {sample}")
    commands = Path(speech_dir) / "commands"

    def clips(word: str) -> list[Path]:
        return sorted((commands / word).glob("*.wav"))[:sample]

    yes_no = _question(dialog, YES_NO_QUESTION, lambda q: q.finding.type == "yes_no")
    number = _question(dialog, NUMBER_QUESTION,
                       lambda q: q.finding.type == "number" and q.finding.maximum >= 9
                       and q.at_least is None)
    trials = [Trial(YES_NO, yes_no.id, p, w, w) for w in ("yes", "no") for p in clips(w)]
    chosen: dict[str, str | None] = {}
    unanswerable: dict[str, str] = {}
    choices = [q for q in dialog.questions.values() if q.finding.type == "choice"]
    for word in CHOICE_WORDS:
        found = [(q, m.value) for q in choices
                 if (m := matcher.interpret(q, word)).kind == ANSWER]
        chosen[word] = found[0][0].id if found else None
        if found:
            trials += [Trial(CHOICE, found[0][0].id, p, word, found[0][1]) for p in clips(word)]
        else:
            unanswerable[word] = (f"'{word}' on its own answers none of the choice questions "
                                  f"({', '.join(q.id for q in choices)}), so it is not measured")
    trials += [Trial(DIGITS, number.id, p, w, float(i))
               for i, w in enumerate(DIGIT_WORDS) for p in clips(w)]
    trials += [Trial(DIGITS_8K, number.id, p, str(d), float(d))
               for d, p in _digit_clips(Path(speech_dir) / "digits", sample)]
    grammar = set(matcher.grammar(yes_no))
    words = sorted(p.name for p in commands.iterdir()
                   if p.is_dir() and not p.name.startswith("_") and p.name not in grammar)
    trials += [Trial(NON_ANSWER, yes_no.id, p, w, None) for w in words for p in clips(w)]
    questions: dict[str, Any] = {YES_NO: yes_no.id, CHOICE: chosen, DIGITS: number.id,
                                 DIGITS_8K: number.id, NON_ANSWER: yes_no.id}
    return Plan(tuple(trials), questions, unanswerable)


def _question(dialog: Dialog, preferred: str, fits: Callable[[Question], bool]) -> Question:
    # Another dialogue may lack the usual question; any question of the same kind
    # has the same grammar apart from its own answers.
    question = dialog.questions.get(preferred)
    if question is not None and fits(question):
        return question
    for question in dialog.questions.values():
        if fits(question):
            return question
    raise ValueError(f"the dialogue has no question like '{preferred}' to measure with")


def _digit_clips(folder: Path, sample: int | None) -> list[tuple[int, Path]]:
    by_digit: dict[int, list[tuple[int, str, Path]]] = defaultdict(list)
    for path in folder.glob("*.wav"):
        match = _DIGIT_NAME.fullmatch(path.name)
        if match:
            digit, speaker, n = match.groups()
            by_digit[int(digit)].append((int(n), speaker, path))
    # Ordered by take number first, so a sample has every speaker equally.
    return [(d, path) for d in sorted(by_digit)
            for _, _, path in sorted(by_digit[d])[:sample]]


class _Timed:
    """A recognizer that keeps the last utterance and the time spent decoding."""

    def __init__(self, inner: Recognizer) -> None:
        self.inner = inner
        self.name = inner.name
        self.reset()

    def reset(self) -> None:
        self.last: Utterance | None = None
        self.audio_seconds = self.decode_seconds = self.cpu_seconds = 0.0

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        return self.inner.vocabulary_filter(phrases)

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        wall, cpu = time.perf_counter(), time.process_time()
        self.last = self.inner.recognize(audio, phrases)
        self.decode_seconds += time.perf_counter() - wall
        self.cpu_seconds += time.process_time() - cpu
        self.audio_seconds += len(audio) / (2 * RATE)
        return self.last


def run_trials(recognizer: Recognizer, dialog: Dialog, matcher: Matcher,
               trials: Sequence[Trial], *, through_loop: bool) -> list[Outcome]:
    """Decode every trial's clip, bare or through the voice channel."""
    timed = _Timed(recognizer)
    grammars = {q: matcher.grammar(dialog.questions[q]) for q in {t.question for t in trials}}

    def outcome(trial: Trial, text: str) -> Outcome:
        meaning = matcher.interpret(dialog.questions[trial.question], text)
        return Outcome(trial, text, meaning.kind, meaning.value, timed.last,
                       timed.audio_seconds, timed.decode_seconds, timed.cpu_seconds)

    if not through_loop:
        out = []
        for trial in trials:
            timed.reset()
            out.append(outcome(trial, timed.recognize(read_wav(trial.clip),
                                                      grammars[trial.question]).text))
        return out
    # Imported here: the voice channel pulls in text-to-speech and the session.
    from ..voice.channel import VoiceChannel, WavDirAnswers
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker

    settings = EndpointSettings()
    out = []
    with tempfile.TemporaryDirectory(prefix="backtalk-bench-") as tmp:
        folder = Path(tmp)
        # The channel's own file input, so that each clip is followed by the same
        # silence and endpointed exactly as an answer file would be.
        for i, trial in enumerate(trials):
            _link(trial.clip, folder / f"{i:06d}.wav")
        # The Speaker is never used: the channel only listens here.
        channel = VoiceChannel(Speaker(), timed, WavDirAnswers(folder, settings), settings)
        for trial in trials:
            timed.reset()
            heard = channel.listen(grammars[trial.question])
            out.append(outcome(trial, heard.text if heard else ""))
    return out


def _link(target: Path, link: Path) -> None:
    try:
        os.symlink(target.resolve(), link)
    except OSError:  # file systems without symbolic links
        shutil.copyfile(target, link)


def summarize(outcomes: Sequence[Outcome], dialog: Dialog, matcher: Matcher
              ) -> dict[str, Any]:
    """The figures of one run: accuracy per group, false accepts, speed and (for an
    engine that reports a rejection margin) the margins and their trade-off."""
    groups: dict[str, Any] = {}
    for group in GROUPS:
        mine = [o for o in outcomes if o.trial.group == group]
        groups[group] = _rate(sum(o.right for o in mine), len(mine))
        if group == CHOICE:
            groups[group]["words"] = {
                w: _rate(sum(o.right for o in mine if o.trial.word == w),
                         sum(o.trial.word == w for o in mine))
                for w in dict.fromkeys(o.trial.word for o in mine)}
    others = [o for o in outcomes if o.trial.group == NON_ANSWER]
    wrong = [o for o in others if o.false_accept]
    false_accepts = {
        "count": len(wrong), "clips": len(others),
        "rate": round(len(wrong) / len(others), 4) if others else None,
        "examples": [f"{o.trial.word}/{o.trial.clip.stem} -> {o.text!r}" for o in wrong],
        "words": sorted({o.trial.word for o in others}),
    }
    audio = sum(o.audio_seconds for o in outcomes)
    decode = sum(o.decode_seconds for o in outcomes)
    cpu = sum(o.cpu_seconds for o in outcomes)
    result: dict[str, Any] = {
        "groups": groups, "false_accepts": false_accepts,
        "rtf": round(decode / audio, 4) if audio else None,
        "rtf_cpu": round(cpu / audio, 4) if audio else None,
        "audio_seconds": round(audio, 2), "decode_seconds": round(decode, 2),
        "not_heard": sum(o.utterance is None for o in outcomes if o.trial.expected is not None),
    }
    if any(isinstance((o.utterance.details if o.utterance else {}).get("margin"), float)
           for o in outcomes):
        result["margins"] = margins(outcomes, dialog, matcher)
        result["margin_curve"] = margin_curve(outcomes, dialog, matcher)
    return result


def _rate(right: int, clips: int) -> dict[str, Any]:
    return {"right": right, "clips": clips, "rate": round(right / clips, 4) if clips else None}


def _reread(o: Outcome, margin: float, dialog: Dialog, matcher: Matcher) -> bool:
    """Whether ``o`` would be a hit (right, or a false accept) with ``margin``."""
    details = o.utterance.details if o.utterance else {}
    heard, score = details.get("heard"), details.get("margin")
    accepted = isinstance(score, float) and score >= margin and isinstance(heard, str)
    meaning = matcher.interpret(dialog.questions[o.trial.question],
                                heard if accepted and isinstance(heard, str) else "")
    return meaning.kind == ANSWER and (o.trial.expected is None
                                       or meaning.value == o.trial.expected)


def margin_curve(outcomes: Sequence[Outcome], dialog: Dialog, matcher: Matcher,
                 levels: Sequence[float] = MARGINS) -> list[dict[str, Any]]:
    """Hits per group (right answers; false accepts for non-answers) had the recognizer
    used each margin in ``levels``, re-read from the same decodes."""
    curve = []
    for level in levels:
        row: dict[str, Any] = {"margin": level}
        for group in (*GROUPS, NON_ANSWER):
            mine = [o for o in outcomes if o.trial.group == group]
            row[group] = [sum(_reread(o, level, dialog, matcher) for o in mine), len(mine)]
        curve.append(row)
    return curve


def margins(outcomes: Sequence[Outcome], dialog: Dialog, matcher: Matcher
            ) -> dict[str, Any]:
    """The margins (grammar minus garbage score) of the clips whose grammar pass found the
    wanted answer (for non-answers: any answer), lowest first: how far each group sits
    from the threshold, which a count of a dozen clips cannot show."""
    out: dict[str, Any] = {}
    thresholds = {o.utterance.details.get("threshold") for o in outcomes if o.utterance}
    out["threshold"] = next((t for t in thresholds if isinstance(t, float)), None)
    for group in (*GROUPS, NON_ANSWER):
        found = []
        for o in outcomes:
            margin = o.utterance.details.get("margin") if o.utterance else None
            if (o.trial.group == group and isinstance(margin, float)
                    and _reread(o, -math.inf, dialog, matcher)):
                found.append(round(margin))
        out[group] = sorted(found)
    return out


def measure_recordings(recognizer: Recognizer, dialog: Dialog, speech_dir: Path, *,
                       through_loop: bool = True, sample: int | None = None,
                       bare_too: bool = True) -> dict[str, Any]:
    """Accuracy, false accepts and real-time factor of ``recognizer`` on the recordings.

    The top-level figures are those of the voice loop when ``through_loop`` (the
    product's), else of the bare clips. Each run is also kept whole under ``"loop"`` and
    ``"bare"``; ``bare_too`` decodes the bare clips beside the loop (twice the time).
    Raises ValueError for a folder not laid out as :data:`LAYOUT`.
    """
    matcher = Matcher(dialog.language)
    plan = plan_trials(dialog, matcher, speech_dir, sample)
    runs = {}
    if bare_too or not through_loop:
        runs["bare"] = summarize(run_trials(recognizer, dialog, matcher, plan.trials,
                                            through_loop=False), dialog, matcher)
    if through_loop:
        runs["loop"] = summarize(run_trials(recognizer, dialog, matcher, plan.trials,
                                            through_loop=True), dialog, matcher)
    main = runs["loop" if through_loop else "bare"]
    return {
        "engine": recognizer.name, "measured": True,
        "path": "loop" if through_loop else "bare",
        **{k: main[k] for k in ("groups", "false_accepts", "rtf", "audio_seconds",
                                "decode_seconds")},
        "grammars": plan.questions, "not_measured": plan.unanswerable,
        "speech_dir": str(speech_dir), "sample": sample, "clips": len(plan.trials),
        **runs,
    }


def measure_vosk_or_reason(dialog: Dialog, speech_dir: Path, model_path: Path | None = None,
                           *, through_loop: bool = True, sample: int | None = None
                           ) -> dict[str, Any]:
    """vosk measured as :func:`measure_recordings` does, or ``{"engine": "vosk",
    "measured": False, "reason": ...}`` when no English vosk model can be used."""
    check_speech_dir(speech_dir)
    from ..setup.models import find_vosk_model

    path = model_path or find_vosk_model()
    if path is None:
        return _not_measured("no English vosk model is installed (looked in $VOSK_MODEL_PATH, "
                             "models/ and the user data folder); 'backtalk models download' "
                             "fetches one where there is internet")
    try:
        from ..asr.vosk_engine import VoskRecognizer

        recognizer = VoskRecognizer(path)
        _, unknown = recognizer.vocabulary_filter(["yes", "no"])
    except (RecognizerError, ImportError) as exc:
        return _not_measured(f"the vosk model at {path} cannot be used: {exc}")
    if unknown:
        return _not_measured(f"the vosk model at {path} does not know "
                             f"{' or '.join(unknown)}: it is not an English model")
    result = measure_recordings(recognizer, dialog, speech_dir, through_loop=through_loop,
                                sample=sample)
    result["model"] = str(path)
    return result


def _not_measured(reason: str) -> dict[str, Any]:
    return {"engine": "vosk", "measured": False, "reason": reason}
