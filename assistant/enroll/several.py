"""Several takes in one recording ("yes ... yes ... yes"), as a caregiver asked to record
the person saying an answer three times makes it on a phone.

The recording is split where the voice-activity model hears a pause of at least
:data:`PAUSE` seconds (:class:`~assistant.voice.vad.ModelDetector`, as the endpointer hears
answers). The pieces are taken as takes only when each is close to another by the take check's
own measure (:class:`.checks.Likeness`), closer than that check asks (:data:`WITHIN`): "I...
don't know" said with a pause splits into two unlike pieces and stays one take, and so do
two answers in one recording, and everything when the likeness cannot be measured.
"""

from __future__ import annotations

from ..asr.base import RecognizerError
from ..voice.audio import FRAME_BYTES, FRAME_SECONDS, RATE
from ..voice.vad import ModelDetector, VadModelError, load_model
from .checks import Likeness

PAUSE = 0.8
"""Seconds without speech between two takes (a slow speaker's pause inside a phrase may be
as long: the likeness then keeps the phrase whole)."""
SHORTEST = 0.15
"""Seconds of speech a piece must hold: a click or a breath between takes is no take."""
MARGIN = 0.2
"""Seconds of the recording kept either side of a piece's speech."""
MOST = 10
"""Pieces beyond which a recording is not split (talk, not takes)."""
WITHIN = 0.55
"""Farthest a piece may be from its nearest other piece (the likeness's distance) for the
pieces to be takes. Stricter than a take's own check (0.70, which lets a third of other
words by). Chosen on the tune half (``python -m assistant.bench.several_takes --half
tune``: recordings of three takes of a word with 1 s pauses, or of two words): 87 of 101
recordings of one word were split into their three takes and none of 148 recordings of two
words ("yes ... no", "yes ... no ... yes"); at 0.60, 95 and 4; at 0.70, 100 and 31."""


def takes_in(pcm: bytes, likeness: Likeness | None) -> list[bytes]:
    """The takes ``pcm`` (16 kHz mono s16le) holds: its pieces when there are several and
    each is like another, else ``pcm`` itself."""
    if likeness is None or likeness.unavailable:
        return [pcm]
    pieces = _pieces(pcm)
    if not 2 <= len(pieces) <= MOST:
        return [pcm]
    try:
        alike = all(min(likeness.to_each(piece, pieces[:i] + pieces[i + 1:]))
                    <= min(WITHIN, likeness.far) for i, piece in enumerate(pieces))
    except RecognizerError:
        return [pcm]
    return pieces if alike else [pcm]


def speech_seconds(pcm: bytes) -> float | None:
    """How long the voice-activity model hears speech in ``pcm``; None when it cannot be
    loaded."""
    speech = _speech(pcm)
    return None if speech is None else sum(speech) * FRAME_SECONDS


def _speech(pcm: bytes) -> list[bool] | None:
    """Speech or not, for each frame of ``pcm``; None without the voice-activity model."""
    try:
        detector = ModelDetector(load_model())
    except VadModelError:
        return None
    speech: list[bool] = []
    for start in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES):
        speech += detector.feed(pcm[start:start + FRAME_BYTES])
    return speech + detector.flush()


def _pieces(pcm: bytes) -> list[bytes]:
    """The stretches of speech of ``pcm`` parted by :data:`PAUSE` or more, with their
    margins; none when the voice-activity model cannot be loaded."""
    speech = _speech(pcm)
    if speech is None:
        return []
    runs: list[list[int]] = []
    pause = round(PAUSE / FRAME_SECONDS)
    for frame, spoken in enumerate(speech):
        if not spoken:
            continue
        if runs and frame - runs[-1][1] < pause:
            runs[-1][1] = frame + 1
        else:
            runs.append([frame, frame + 1])
    margin = round(MARGIN * RATE) * 2
    return [pcm[max(0, first * FRAME_BYTES - margin): last * FRAME_BYTES + margin]
            for first, last in runs if (last - first) * FRAME_SECONDS >= SHORTEST]
