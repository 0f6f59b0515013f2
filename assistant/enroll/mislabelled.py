"""A take filed under the wrong answer: a phone memo named "yes" that holds a "no", a
recording copied into the wrong folder.

Kept, such a take would teach the personal recognizer that the person's "no" is a "yes".
The likeness check (:mod:`.checks`) misses many: another word of the same speaker is
within its limit one time in five. So a take is also compared with the takes of every
other answer: one nearer to some take of another answer than to any other take of its own
sounds like that answer, and is refused. It needs no limit of its own, and a take with no
other take of its answer to compare with is not judged.
"""

from __future__ import annotations

from ..asr.base import RecognizerError
from .checks import Likeness

LIKE = "like:"
"""A refusal's reason is this followed by the answer the take sounds like."""


def refusal(answer: str) -> str:
    """The reason a take that sounds like ``answer`` is refused for."""
    return LIKE + answer


def answer_in(reason: str) -> str | None:
    """The answer a take refused for ``reason`` sounds like; None for any other reason."""
    return reason[len(LIKE):] if reason.startswith(LIKE) else None


def sounds_like(take: bytes, own: list[bytes], others: dict[str, list[bytes]],
                likeness: Likeness | None) -> str | None:
    """The other answer ``take`` sounds like (nearer one of its takes than any of ``own``,
    the other takes of its answer), or None; None too when that cannot be measured."""
    if not own or likeness is None or likeness.unavailable:
        return None
    answers = [answer for answer, takes in others.items() for _ in takes]
    try:
        nearest_own = min(likeness.to_each(take, own))
        distances = likeness.to_each(take, [t for takes in others.values() for t in takes])
    except RecognizerError:
        return None
    nearer = [(d, answer) for d, answer in zip(distances, answers, strict=True)
              if d < nearest_own]
    return min(nearer)[1] if nearer else None
