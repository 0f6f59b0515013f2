"""Which recordings tune a recognizer and which only measure it: a split by speaker.

A figure measured on the clips a threshold was tuned on says nothing about people the
project has never heard (yes/no was 11/11 on its tuning clips and 71 % on 150 new
speakers). So every clip belongs to one half by its speaker alone, and a speaker's
clips never sit on both sides: thresholds are chosen on :data:`TUNE` and figures are
reported on :data:`HELD_OUT`.

The half is a hash of the speaker's name, not an order or a random draw, so it is the
same on every machine and for recordings added later, and the split needs no list. The
hash is salted (:data:`SALT`) so that the three speakers of the spoken digits fall on both
sides (one tunes, two are held out); unsalted, all three fell on one side.

Only speakers of the shared recordings were ever tuned on. In another folder (someone's
own recordings of new people) a speaker the shared recordings do not hold is held out
whatever the hash says (:func:`belongs`), so that all of them are measured, not half.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from .recording_files import recordings_in

TUNE = "tune"
HELD_OUT = "held-out"
SALT = "backtalk:1"
SPEECH_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "speech"
"""The shared recordings (``../shared/data/speech`` beside the project folder)."""
_DIGIT_NAME = re.compile(r"\d_([^_]+)_\d+")


def speaker_of(clip: Path) -> str:
    """The speaker of a clip in the layout of ``../shared/data/speech``: the part of a
    Speech Commands name before ``_nohash_``, or the name in ``<digit>_<speaker>_<n>.wav``
    (Free Spoken Digit Dataset; any suffix). Any other name is its own speaker."""
    name = Path(clip).name
    if "_nohash_" in name:
        return name.split("_nohash_", 1)[0]
    match = _DIGIT_NAME.fullmatch(Path(name).stem)
    return match.group(1) if match else Path(name).stem


def half_of(clip: Path) -> str:
    """:data:`TUNE` or :data:`HELD_OUT`: about half the speakers each."""
    digest = hashlib.sha256((SALT + speaker_of(clip)).encode("utf-8")).digest()
    return TUNE if digest[0] % 2 == 0 else HELD_OUT


@lru_cache(maxsize=1)
def shared_speakers() -> frozenset[str] | None:
    """Every speaker of the shared recordings; None when they are not beside the project
    (then nobody can tell a new speaker from a tuned one, and the hash alone decides)."""
    if not SPEECH_DIR.is_dir():
        return None
    return frozenset(speaker_of(p) for p in SPEECH_DIR.rglob("*.wav"))


def belongs(clip: Path, half: str) -> bool:
    """Whether ``clip`` is one of ``half``'s ("all", :data:`TUNE` or :data:`HELD_OUT`). A
    speaker the shared recordings do not hold was never tuned on: held out."""
    if half == "all":
        return True
    known = shared_speakers()
    never_tuned_on = known is not None and speaker_of(clip) not in known
    return (HELD_OUT if never_tuned_on else half_of(clip)) == half


def speakers_told(speech_dir: Path) -> str | None:
    """For a folder other than the shared recordings, how many of its speakers are new
    (held out whatever the hash says) and how many the shared recordings hold; None for
    the shared recordings themselves or when they are not here to compare with."""
    known = shared_speakers()
    if known is None or Path(speech_dir).resolve() == SPEECH_DIR.resolve():
        return None
    speakers = {speaker_of(p) for p in recordings_in(speech_dir, "*/**/*")}
    new = len(speakers - known)
    return (f"{len(speakers)} speakers in {speech_dir}: {new} not in the shared recordings "
            f"(held out), {len(speakers) - new} in them (by their half)")
