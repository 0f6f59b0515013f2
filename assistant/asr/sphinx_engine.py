"""The pocketsphinx recognizer: the wheel's US English model, one grammar per question.

A grammar search always ends on some phrase, so every answer is decoded twice: once
with the question's phrases and once with a "garbage" loop of English phones that can
match any speech. The answer counts when the grammar explains the audio nearly as well
as the phone loop: ``margin = grammar score - garbage score >= rejection_margin``. This
is the classic weighted garbage alternative, run as two searches so that the margin is
known and becomes the confidence. The two scores are comparable only because every
senone is scored in every frame (``compallsen``): by default pocketsphinx scores only the
senones the active search needs and normalises each frame by the best of those, which
flatters a small grammar. Measured on 8 clips: without it the margins of yes/no
(554..1444) overlapped those of "bed"/"house" (-342..652); with it, 163..608 against
-155..-2182.

Scores are pocketsphinx's integer log scores (``LogMath.log`` of the hypothesis score).

What surrounds a word changes its score. The model's own feature settings (its
``feat.params``: cepstral mean normalisation over the whole utterance, noise removal that
starts from the first frames) make the features of the word depend on the audio before
and after it, and the grammar can only call that audio silence where the phone loop may
use any phone. Answers through the voice loop have surroundings bare recordings do not:
exact digital zeros after a WAV answer, 0.3 s of tail kept, the pre-roll cut where the
endpointer put it. Measured on the shared recordings (``backtalk bench``,
:mod:`assistant.bench.recordings`): 0.3 s of near-silence (-80 dBFS) after a "yes" took its
margin from +379 to -210 and made it "yes i have"; and 2 of the 11 yes/no clips heard bare
were rejected in the loop (-126, and "speak louder" at -1915). So every answer first gets
a faint noise floor (:data:`NOISE_FLOOR`, about -63 dBFS, below the noise of a room heard
through a microphone), which the grammar takes for the silence it is, where it filled
near-digital silence with words. Over four draws of that noise, the lowest in-loop yes/no
margin was +10..+89 and other words were taken 4-6 times in 132 at margin -50; an RMS of
16 gave 6-7 in 132 over the same draws, 12 and 32 (one draw each) 7 and 5, all with 11/11
yes/no. The wake phrase is heard as before (tests/test_wake.py: espeak-ng 16/16, no false
wakes in 178 clips; "okay back talk" and "hey back talk" saved by pyttsx3 3/3 each).

:data:`WORD_BEAM`: pocketsphinx's default word beam (7e-29) pruned the right path. On one
"no" in the loop the grammar of "no" alone scored -4464; "no" and "speak louder" gave "no"
at -6067 (the best path lost), the whole yes/no grammar "speak louder". 1e-60 finds it
again at about 10 % more decoding time.

Measured 2026-11-21 with pocketsphinx 5.1.1 and a per-phone garbage probability of 1e-4,
on all the Speech Commands clips and the 300 spoken digits (FSDD, 8 kHz), through the
voice loop (bare clips in brackets); "other words" are the 132 clips of words that are not
yes/no phrases, taken as an answer on the yes/no question:

=====================  =====================  =========================================
                       before: margin -100    now: margin -50, noise floor, word beam
=====================  =====================  =========================================
yes/no right           9/11 (11/11)           11/11 (11/11); weakest +60 over threshold
other words taken      7/132, 5.3 % (6/132)   5/132, 3.8 % (5/132)
left/right/up right    8/16 (10/16)           10/16 (11/16)
digits right           20/51 (22/51)          19/51 (18/51)
digits 8 kHz right     98/300 (105/300)       93/300 (83/300)
real-time factor       0.114 (0.118)          0.129 (0.125)
=====================  =====================  =========================================

The margin, from the same decodes through the loop (now): -100 lets 6/132 other words
through (4.5 %, and 7/132 on average over the four noise draws) with digits 23/51 and
106/300; -50 5/132 (4.75/132 over the draws); 0 4/132 with 17/51 and 80/300 digits but
yes/no only 10..89 units over it. Phone probabilities 1e-1, 1e-2, 1e-3 and 1e-5 (measured
on bare clips at margin -100) reached the same false accepts with fewer left/right answers
and no more digits.

One grammar can instead be judged by its margin per second of audio
(:meth:`SphinxRecognizer.set_rejection_rate`): the total margin grows with the length of
what was said, so a threshold on it suits one-word answers but not a phrase of several
words (the wake phrase, :mod:`assistant.voice.wake`).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence

import numpy as np

from .base import (
    SAMPLE_RATE,
    ModelMissing,
    RecognizerError,
    Utterance,
    speech_present,
    usable_phrases,
)

log = logging.getLogger(__name__)

REJECTION_MARGIN = -50.0
"""Lowest grammar-minus-garbage score accepted as an answer (see the module docstring)."""
GARBAGE_PHONE_PROB = 1e-4
"""Probability of each phone in the garbage loop: lower makes long garbage dearer."""
CONFIDENCE_SCALE = 150.0
"""Margin above the threshold that maps to confidence 0.73 (logistic 1)."""
RATE_CONFIDENCE_SCALE = 500.0
"""The same for a grammar judged by its margin per second (:meth:`set_rejection_rate`)."""
NOISE_FLOOR = 24.0
"""RMS (of 32767, about -63 dBFS) of the noise every answer is given before decoding."""
WORD_BEAM = 1e-60
"""pocketsphinx's word-exit beam (its default 7e-29 pruned the right answer, see below)."""

# The 39 ARPAbet phones of the CMU dictionary, each a one-phone "word" of the garbage loop.
_PHONES = ("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY",
           "F", "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P",
           "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH")
_GARBAGE_PREFIX = "_garbage_"
_GARBAGE_SEARCH = "_garbage"


class SphinxRecognizer:
    """Decodes answers with pocketsphinx against a per-question phrase grammar.

    The defaults are read from the module constants when the recognizer is made, so a
    test with synthetic speech can patch ``REJECTION_MARGIN`` (espeak's words score far
    below people's: "middle" -750..-1084, "no" -111..-579) or pass ``-math.inf``.
    """

    name = "pocketsphinx"

    def __init__(self, *, rejection_margin: float | None = None,
                 garbage_phone_prob: float | None = None) -> None:
        import pocketsphinx

        self.rejection_margin = (REJECTION_MARGIN if rejection_margin is None
                                 else rejection_margin)
        phone_prob = GARBAGE_PHONE_PROB if garbage_phone_prob is None else garbage_phone_prob
        model = pocketsphinx.get_model_path("en-us")
        try:
            # bestpath off: the lattice pass turned many answers into unfinished partial
            # phrases and made the garbage loop ten times slower.
            config = pocketsphinx.Config(loglevel="FATAL", bestpath=False, compallsen=True,
                                         wbeam=WORD_BEAM)
            self._decoder = pocketsphinx.Decoder(config)
            for i, phone in enumerate(_PHONES):
                # update only on the last word: rebuilding the search per word is slow.
                self._decoder.add_word(_GARBAGE_PREFIX + phone.lower(), phone,
                                       i == len(_PHONES) - 1)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelMissing(
                f"pocketsphinx could not load its English model from {model} ({exc}); "
                "reinstall it with `pip install --force-reinstall pocketsphinx`") from exc
        self._logmath = self._decoder.get_logmath()
        self._searches: dict[tuple[str, ...], str] = {}
        self._rate_thresholds: dict[tuple[str, ...], float] = {}
        self._warned: set[str] = set()
        units = [_GARBAGE_PREFIX + p.lower() for p in _PHONES]
        # 0 -> 2 (enter), 2 -phone-> 3, 3 -> 2 (another phone) or 3 -> 1 (final).
        loop = [(0, 2, 1.0), *((2, 3, phone_prob, u) for u in units),
                (3, 2, 0.5), (3, 1, 0.5)]
        self._add_search(_GARBAGE_SEARCH, loop)

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        usable: list[str] = []
        unusable: list[str] = []
        for phrase in phrases:
            words = phrase.lower().split()
            ok = bool(words) and all(self._decoder.lookup_word(w) for w in words)
            (usable if ok else unusable).append(phrase)
        return usable, unusable

    def set_rejection_rate(self, phrases: Sequence[str], margin_per_second: float) -> None:
        """Judge answers decoded with exactly ``phrases`` by ``margin / seconds of audio >=
        margin_per_second`` instead of the total margin against ``rejection_margin``.

        Every other grammar keeps the total margin. The rule holds however the recognizer's
        ``rejection_margin`` is set, so a test that turns rejection off for synthetic
        answers still judges this grammar as it would be judged live.

        The noise floor every answer gets (:data:`NOISE_FLOOR`) began here, as a dither of
        +-2: stretches of exact digital zeros (WAV answer files, noise-gated microphones)
        made pocketsphinx drop words. Measured on "okay back talk" saved by pyttsx3 (en-us
        at 120/140/160 words a minute, zeros after the speech): without dither "okay" or
        "talk" 3/3; with +-1 the phrase 3/3; with +-2 the phrase 3/3 with a margin 130-170
        units a second higher, and "hey back talk" 3/3 where +-1 gave 2/3. With the
        floor: both phrases 3/3 (confidence 0.80-0.96).
        """
        self._rate_thresholds[tuple(self._usable(phrases))] = margin_per_second

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        started = time.monotonic()
        usable = self._usable(phrases)
        audio = audio[: len(audio) - len(audio) % 2]
        if not speech_present(audio):
            return Utterance("", 0.0, (), self.name, details={"speech": False})
        rate_threshold = self._rate_thresholds.get(tuple(usable))
        # After the speech check, so that the floor is never taken for speech.
        audio = _noise_floor(audio)
        text, grammar_score = self._decode(self._search(usable), audio)
        garbage, garbage_score = self._decode(_GARBAGE_SEARCH, audio)
        details: dict[str, object] = {"heard": text, "garbage": garbage,
                                      "grammar_score": grammar_score,
                                      "garbage_score": garbage_score}
        # An unfinished phrase ("call an") is what the search returns when no phrase fits.
        if text not in usable or grammar_score is None or garbage_score is None:
            details["ms"] = round((time.monotonic() - started) * 1000)
            return Utterance("", 0.0, (), self.name, rejected=True, details=details)
        margin = grammar_score - garbage_score
        score, threshold, scale = margin, self.rejection_margin, CONFIDENCE_SCALE
        if rate_threshold is not None:
            score = margin / (len(audio) / (2 * SAMPLE_RATE))
            threshold, scale = rate_threshold, RATE_CONFIDENCE_SCALE
            details.update(margin_per_second=round(score, 1))
        details.update(margin=margin, threshold=threshold,
                       ms=round((time.monotonic() - started) * 1000))
        if score < threshold:
            return Utterance("", 0.0, (), self.name, rejected=True, details=details)
        # Logistic in the margin over the threshold: 0.5 at the threshold, 0.9 at 330
        # units over it (real yes/no answers in the loop sit 60-640 over it), never quite 1.
        confidence = 1.0 / (1.0 + math.exp(-(score - threshold) / scale))
        return Utterance(text, round(confidence, 3), (), self.name, details=details)

    def _usable(self, phrases: Sequence[str]) -> list[str]:
        return [p.lower() for p in usable_phrases(self, phrases, self._warned)]

    def _search(self, phrases: list[str]) -> str:
        key = tuple(phrases)
        name = self._searches.get(key)
        if name is None:
            name = f"_grammar{len(self._searches)}"
            self._add_search(name, _phrase_transitions(phrases))
            self._searches[key] = name
        return name

    def _add_search(self, name: str, transitions: Sequence[tuple[object, ...]]) -> None:
        try:
            fsg = self._decoder.create_fsg(name, 0, 1, transitions)
            self._decoder.add_fsg(name, fsg)
        except (RuntimeError, ValueError) as exc:
            raise RecognizerError(f"pocketsphinx rejected the grammar {name}: {exc}") from exc

    def _decode(self, search: str, audio: bytes) -> tuple[str, float | None]:
        """(hypothesis text, its log score or None when nothing was decoded)."""
        try:
            # Cepstral mean normalisation otherwise carries over from the previous decode,
            # so the garbage pass would see features shaped by the grammar pass (and the
            # same clip scored up to 430 units apart depending on what came before).
            self._decoder.reinit_feat()
            self._decoder.activate_search(search)
            self._decoder.start_utt()
            self._decoder.process_raw(audio, full_utt=True)
            self._decoder.end_utt()
        except RuntimeError as exc:
            raise RecognizerError(f"pocketsphinx failed to decode an answer: {exc}") from exc
        hyp = self._decoder.hyp()
        if hyp is None or hyp.score <= 0.0:
            return "", None
        return hyp.hypstr, float(self._logmath.log(hyp.score))


def _noise_floor(audio: bytes) -> bytes:
    """``audio`` plus Gaussian noise of RMS :data:`NOISE_FLOOR`, the same noise every time
    so that the same answer is always heard the same way."""
    samples = np.frombuffer(audio, dtype="<i2").astype(np.float64)
    samples += np.random.default_rng(0).normal(0.0, NOISE_FLOOR, len(samples))
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


def _phrase_transitions(phrases: list[str]) -> list[tuple[object, ...]]:
    """A finite-state grammar, state 0 to state 1, with one path per phrase.

    Built directly rather than as JSGF: words go in as the dictionary spells them
    ("don't", "that's") with no quoting, and each phrase gets the same prior.
    """
    prior = 1.0 / len(phrases)
    transitions: list[tuple[object, ...]] = []
    next_state = 2
    for phrase in phrases:
        words = phrase.split()
        state = 0
        for i, word in enumerate(words):
            last = i == len(words) - 1
            target = 1 if last else next_state
            next_state += 0 if last else 1
            transitions.append((state, target, prior if i == 0 else 1.0, word))
            state = target
    return transitions
