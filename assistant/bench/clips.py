"""Which recordings the benchmark decodes, and on which question.

The recordings (``/work/shared/data/speech`` or any folder laid out the same way, see
:data:`LAYOUT`) are asked on real questions, so that each clip is decoded with a real
question's grammar and read by the real answer matcher:

- ``yes/no``: the "yes" and "no" clips on a yes/no alarm question (``fever``);
- ``left/right/up/down``: each word on the choice question it answers (left and right
  on ``side``, up on ``location``); a word that answers no choice question ("down": the
  lower back is "low down", never "down" alone) is listed as such, not measured;
- ``digits`` (Speech Commands "zero".."nine") and ``digits 8k`` (the 8 kHz Free Spoken
  Digit Dataset) on the 0-10 ``severity`` question;
- false accepts: every word that is not a phrase of the yes/no question (bed, bird,
  cat, ...) on that question again, and the noise clips (``commands/_noise_``: room,
  machine and babble noise) apart. Any answer heard is the dangerous mistake: "bed"
  taken as "no" closes an alarm sign.

Only the clips of one half of the speakers are taken (:mod:`.split`): figures are
reported on speakers no threshold was tuned on. A sample takes each speaker's first
clip before anyone's second, so a few clips still come from many people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dialog.matcher import ANSWER, Matcher
from ..dialog.model import Dialog, Question
from .recording_files import recordings_in
from .split import belongs, speaker_of

HALVES = ("held-out", "tune", "all")

YES_NO = "yes/no"
CHOICE = "left/right/up/down"
DIGITS = "digits"
DIGITS_8K = "digits 8k"
NON_ANSWER = "non-answer"
NOISE = "noise"
NOISE_FOLDER = "_noise_"
GROUPS = (YES_NO, CHOICE, DIGITS, DIGITS_8K)
"""The accuracy groups, in the order they are reported."""

YES_NO_QUESTION = "fever"
"""The yes/no question the yes/no clips and the non-answers are asked on: an alarm sign,
where a false "no" does the most harm."""
NUMBER_QUESTION = "severity_after_angioplasty"
CHOICE_WORDS = ("left", "right", "up", "down")
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
               "nine")
LAYOUT = ("commands/<word>/*.wav (one folder per word, 'yes' and 'no' among them; "
          "Speech Commands) and, if there are any, digits/<digit>_<speaker>_<n>.wav (Free "
          "Spoken Digit Dataset); a recording may also be .flac, .mp3, .ogg, .m4a or another "
          "format a phone saves")
_DIGIT_NAME = re.compile(r"(\d)_([^_]+)_(\d+)")
"""A spoken digit's name, without its suffix."""


@dataclass(frozen=True)
class Trial:
    """One clip, the question it is asked on, and the answer wanted."""

    group: str
    """One of :data:`GROUPS`, :data:`NON_ANSWER` or :data:`NOISE`."""
    question: str
    clip: Path
    word: str
    """The clip's label: its folder (a word) or its digit."""
    expected: object
    """The answer value wanted ("yes", "upper", 5.0); None for a non-answer."""


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
    elif not all(recordings_in(commands / w) for w in ("yes", "no")):
        problem = "has no recordings in commands/yes or commands/no"
    else:
        # digits/ may be missing (its groups are then not measured), never misnamed.
        odd = sorted(p.name for p in recordings_in(digits) if not _DIGIT_NAME.fullmatch(p.stem))
        if odd:
            problem = f"has digit clips not named <digit>_<speaker>_<n>.wav: {', '.join(odd[:3])}"
    if problem:
        raise ValueError(f"speech recordings: {speech_dir} {problem}; expected {LAYOUT}")


def plan_trials(dialog: Dialog, matcher: Matcher, speech_dir: Path,
                sample: int | None = None, half: str = "all",
                groups: tuple[str, ...] = (*GROUPS, NON_ANSWER, NOISE)) -> Plan:
    """Every clip to decode, with its question. ``sample`` keeps at most that many clips
    per word and per digit, spread over speakers; ``half`` keeps the clips of one half
    of the speakers (:data:`HALVES`); ``groups`` the groups wanted."""
    check_speech_dir(speech_dir)
    if sample is not None and sample < 1:
        raise ValueError(f"sample must be 1 or more clips per word, not {sample}")
    if half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}, not '{half}'")
    commands = Path(speech_dir) / "commands"

    def clips(word: str) -> list[Path]:
        return spread(in_half(recordings_in(commands / word), half), sample)

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
               for d, p in _digit_clips(Path(speech_dir) / "digits", sample, half)]
    grammar = set(matcher.grammar(yes_no))
    words = sorted(p.name for p in commands.iterdir()
                   if p.is_dir() and not p.name.startswith("_") and p.name not in grammar)
    trials += [Trial(NON_ANSWER, yes_no.id, p, w, None) for w in words for p in clips(w)]
    trials += [Trial(NOISE, yes_no.id, p, NOISE, None) for p in clips(NOISE_FOLDER)]
    trials = [t for t in trials if t.group in groups]
    questions: dict[str, Any] = {YES_NO: yes_no.id, CHOICE: chosen, DIGITS: number.id,
                                 DIGITS_8K: number.id, NON_ANSWER: yes_no.id,
                                 NOISE: yes_no.id}
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


def in_half(paths: list[Path], half: str) -> list[Path]:
    return [p for p in paths if belongs(p, half)]


def spread(paths: list[Path], sample: int | None) -> list[Path]:
    """At most ``sample`` of ``paths``, every speaker's first clip before anyone's
    second (in name order within each rank), so a sample reaches as many people as it
    can."""
    rank: dict[str, int] = defaultdict(int)
    ordered = []
    for path in sorted(paths):
        speaker = speaker_of(path)
        ordered.append((rank[speaker], path.name, path))
        rank[speaker] += 1
    return [path for _, _, path in sorted(ordered)][:sample]


def _digit_clips(folder: Path, sample: int | None, half: str = "all"
                 ) -> list[tuple[int, Path]]:
    by_digit: dict[int, list[Path]] = defaultdict(list)
    for path in in_half(recordings_in(folder), half):
        match = _DIGIT_NAME.fullmatch(path.stem)
        if match:
            by_digit[int(match.group(1))].append(path)
    return [(d, path) for d in sorted(by_digit) for path in spread(by_digit[d], sample)]
