"""Hands-free start: wait for a wake phrase ("okay back talk"), then screen.

A call for help ("help me", "ambulance", given as ``calls``) is listened for while
waiting too, and starts the screening with that call as its first answer: a call for help
is heard in any state, the waiting one included. Only with a recognizer measured to keep
other speech out of those calls (:data:`HEARS_CALLS`): on 396 recordings of other words
(10 of each Speech Commands word, one digit per speaker and digit), Whisper took none for
a call or the phrase; pocketsphinx, with the rejection below, took 144 (36 %), 20 of them
at confidence 0.9 or more, so with it BackTalk waits for the phrase alone. The figures
below were measured before the calls were added to the grammar.

While waiting, every utterance is decoded with a small grammar: the phrase and each of
its parts ("okay", "back talk", ...). A grammar of the phrase alone turns any speech into
the phrase; with its parts, someone saying only "back" or "okay" lands on that part and
does not wake the assistant. Everything else has to get past the recognizer's rejection:
pocketsphinx compares the grammar with a free phone loop, and for this grammar judges the
margin per second of audio (:meth:`~assistant.asr.sphinx_engine.SphinxRecognizer.
set_rejection_rate`), because the total margin of a three-word phrase is dominated by its
length. vosk catches other speech with ``[unk]``, which its engine adds to every grammar.

Measured 2026-11-21 (pocketsphinx 5.1.1, ``MARGIN_PER_SECOND`` -1800), every clip through
the real path: a folder of WAV files, ``WavDirAnswers``, endpointing, the recognizer,
:meth:`WakePhrase.matches`. The phrase said (detected / said):

==========================================================  =====  =====  =====
espeak-ng voice (words a minute; sox ``tempo``)             okay   hey    hello
==========================================================  =====  =====  =====
en-us, 120 and 160, as said and at 0.7; with and without     8/8    7/8    8/8
a faint noise floor
en (British), the same                                       2/8    1/8    2/8
en-us+f2, en+f3, the same                                   16/16  16/16  16/16
9 others (en-us+f1/f4/m3, en+f2/f4/m3, en-gb-x-rp,          35/36  35/36  32/36
en-us-nyc, en-029), 130 and 150, at 1 and 0.8
pyttsx3 ``Speaker.save`` en-us, 120/140/160                  3/3    2/3    3/3
pyttsx3 ``Speaker.save`` en, 120/140/160                     0/3    0/3    1/3
all                                                         64/74  61/74  62/74
all but the British male voice                              62/63  60/63  59/63
==========================================================  =====  =====  =====

pocketsphinx's US model hears espeak's British male voice mostly as silence: even with the
phrase alone in the grammar it found no words at all in 2-4 of those 8 clips, and with
the parts it settles on "talk". People score far better than espeak against the phone
loop (real one-second yes/no clips +163..+608; the espeak phrases heard here -2400..+600
a second), so the threshold leaves room for slow or unclear speech. "hey" is the weakest
opening word ("today" and "do" took it over when common words were decoys): prefer
"okay back talk".

False wakes, the phrase not said: 448 recordings of people (148 Speech Commands clips of
30 words, 300 spoken digits) and 820 espeak-ng sentences ("what time is it", "good
morning", "back pain", "I have back pain", "talk to me", "hey", "hello", "okay", "back",
"talk", "yes", "no", "help me", "talking back", "back door", ... in 9 voices): "okay
back talk" 1 recording ("six") and 2 sentences ("talking back") of 1268 (0.24 %); "hey
back talk" 1 ("six", 0.08 %); "hello back talk" 1 ("what time is it", 0.08 %).

What else was measured on the same clips, and why it lost:

- The phrase alone, no rejection: "hey back talk" heard in 59/448 recordings (13 %).
- The phrase alone with the dialogue's total margin (-100): 3/32 espeak phrases heard;
  at -1500, 15/32, already with 10/1088 false wakes. The total margin of a long phrase
  mostly measures its length.
- The phrase, its parts and about 110 common English words: no false wakes, but
  espeak's male voices landed on short words ("do", "our", "not"): "hey back talk" 20/32.
- pocketsphinx keyphrase spotting (``add_keyphrase``, ``kws_threshold`` 1e-5..1e-80):
  at most 8 of 16 female-voice phrases and none of 16 male ones; at the thresholds that
  found 5 or more, 4-11 of the 448 recordings woke it too.
- A two-syllable phrase ("back talk") with the same rule: 6/448 recordings and 12/820
  sentences taken for it, hence :data:`MIN_SYLLABLES`.
- The threshold, for "okay back talk": -1500 a second lost 4 of the 35 detections in
  the 9 other voices; -2500 gained 2 detections and took the false wakes from 3 to 7.

A few words around the phrase in the same breath do not stop it: "um okay back talk",
"please okay back talk", "okay back talk please" and "okay back talk I have back pain"
(en-us and en-us+f2 at 140) all woke it, at -1340..-150 a second.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from ..asr.base import RateRejection, Recognizer
from ..asr.english_words import english_filter

log = logging.getLogger(__name__)

MARGIN_PER_SECOND = -1800.0
"""pocketsphinx's rejection threshold for the wake grammar: grammar minus phone-loop score
(its integer log units) per second of the utterance (see above for how it was chosen)."""
HEARS_CALLS = frozenset({"whisper"})
"""Recognizers that listen for calls for help while waiting (see the module docstring)."""
MIN_SYLLABLES = 3
"""Shortest phrase accepted: "back talk" (two) was taken for 6 of 448 recordings of
other words, three-syllable phrases for at most 1."""

_PUNCTUATION = re.compile(r"[^\w\s']|_")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


class WakeError(Exception):
    """The wake phrase cannot be used; the message says what to change."""


def normalise(text: str) -> str:
    """Lower case, punctuation and hyphens as spaces, single spaces: "Okay, Back-Talk!" ->
    "okay back talk". Apostrophes inside words stay ("don't" is a dictionary word)."""
    words = _PUNCTUATION.sub(" ", text.lower()).split()
    return " ".join(w.strip("'") for w in words if w.strip("'"))


def syllables(phrase: str) -> int:
    """A rough syllable count from the spelling: vowel groups in Latin letters (a final
    silent "e" not counted), one per letter in other scripts (right for Hangul and kana)."""
    count = 0
    for word in phrase.split():
        latin = "".join(c for c in word if c.isascii())
        if latin.endswith("e") and len(_VOWEL_GROUPS.findall(latin[:-1])) > 0:
            latin = latin[:-1]
        count += len(_VOWEL_GROUPS.findall(latin))
        count += sum(1 for c in word if not c.isascii() and c.isalpha())
    return count


class WakePhrase:
    """The phrase that starts a screening, checked against the recognizer's vocabulary."""

    def __init__(self, phrase: str, recognizer: Recognizer,
                 calls: Sequence[str] = ()) -> None:
        self.phrase = normalise(phrase)
        if not self.phrase:
            raise WakeError(f"the wake phrase {phrase!r} has no words; choose a phrase of two "
                            'or three words, such as "okay back talk"')
        words = self.phrase.split()
        _, unknown = _vocabulary(recognizer)(list(dict.fromkeys(words)))
        if unknown:
            raise WakeError(_unknown_words(unknown, recognizer))
        if syllables(self.phrase) < MIN_SYLLABLES:
            raise WakeError(f"the wake phrase {self.phrase!r} is too short: it would be heard "
                            f"in everyday speech; use at least {MIN_SYLLABLES} syllables, "
                            'such as "okay back talk"')
        self.calls = calls_heard_by(recognizer, calls)
        """Calls for help listened for while waiting (those the recognizer can hear)."""
        self._grammar = list(dict.fromkeys([self.phrase, *_parts(words), *self.calls]))
        if isinstance(recognizer, RateRejection):
            recognizer.set_rejection_rate(self._grammar, MARGIN_PER_SECOND)
        log.debug("waking on %r; grammar %s", self.phrase, self._grammar)

    def grammar(self) -> list[str]:
        """What to listen for while waiting: the phrase first, then its parts."""
        return list(self._grammar)

    def is_call(self, heard_text: str, confidence: float) -> bool:
        """Whether what was heard is one of the :attr:`calls` for help."""
        return confidence > 0.0 and normalise(heard_text) in self.calls

    def matches(self, heard_text: str, confidence: float) -> bool:
        """Whether what was heard is the phrase. The recognizer has already applied its
        rejection (a rejected utterance comes back as "" with confidence 0)."""
        return confidence > 0.0 and normalise(heard_text) == self.phrase


OPEN_VOCABULARY = frozenset({"whisper"})
"""Recognizers that write any text: a wake phrase for them is held to English dictionary
words (:mod:`assistant.asr.english_words`)."""


def _vocabulary(recognizer: Recognizer) -> Callable[[list[str]], tuple[list[str], list[str]]]:
    """How to tell the phrases ``recognizer`` can hear from the others."""
    if not _open(recognizer):
        return recognizer.vocabulary_filter

    def both(phrases: list[str]) -> tuple[list[str], list[str]]:
        usable, unusable = recognizer.vocabulary_filter(phrases)
        english, other = english_filter(usable)
        return english, unusable + other
    return both


def _open(recognizer: Recognizer) -> bool:
    return _one_of(recognizer, OPEN_VOCABULARY)


def _one_of(recognizer: Recognizer, names: frozenset[str]) -> bool:
    """Whether ``recognizer`` is one of ``names``, or the personal recognizer with one of
    them behind it (for what the person did not enroll)."""
    behind = getattr(recognizer, "general", None)
    return recognizer.name in names or (behind is not None and behind.name in names)


def hears_calls(recognizer: Recognizer) -> bool:
    """Whether ``recognizer`` may listen for calls for help while waiting: one of
    :data:`HEARS_CALLS`, or the personal recognizer with one of them behind it (the
    recognizer ``auto`` gives a person who enrolled; a call they did not enroll is heard
    by the one behind)."""
    return _one_of(recognizer, HEARS_CALLS)


def calls_heard_by(recognizer: Recognizer, calls: Sequence[str]) -> tuple[str, ...]:
    """Of ``calls``, those ``recognizer`` may listen for outside a question's grammar (see
    :func:`hears_calls`) and can hear, as it gives them back: none for the others."""
    heard, _ = recognizer.vocabulary_filter(list(calls) if hears_calls(recognizer) else [])
    return tuple(dict.fromkeys(normalise(c) for c in heard))


def _parts(words: list[str]) -> list[str]:
    """Every run of consecutive words shorter than the phrase, each once, longest first."""
    n = len(words)
    runs = (" ".join(words[i:i + size]) for size in range(n - 1, 0, -1)
            for i in range(n - size + 1))
    return list(dict.fromkeys(runs))


def _unknown_words(unknown: list[str], recognizer: Recognizer) -> str:
    """The message for words the recognizer cannot hear, with a split into known words
    where one exists ("backtalk" -> "back talk")."""
    splits = {w: [f"{w[:i]} {w[i:]}" for i in range(1, len(w))] for w in unknown}
    candidates = [s for options in splits.values() for s in options]
    known = set(_vocabulary(recognizer)(candidates)[0]) if candidates else set()
    hints = []
    for word in unknown:
        found = [s for s in splits[word] if s in known]
        if found:
            # Single letters are dictionary words too ("a", "b"): the most even split is
            # the likeliest meaning.
            best = min(found, key=lambda s: abs(len(s.split()[0]) - len(s.split()[1])))
            hints.append(f'"{word}" -> "{best}"')
    listed = ", ".join(f'"{w}"' for w in unknown)
    message = (f"{listed} is not in the English dictionary, so the {recognizer.name} "
               "recognizer would seldom hear the wake phrase; " if _open(recognizer) else
               f"the {recognizer.name} vocabulary does not know {listed}, so the wake phrase "
               "could never be heard; ")
    if hints:
        return message + "write it as separate words: " + ", ".join(hints)
    return message + "choose other words"
