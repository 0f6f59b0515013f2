"""The personal recognizer: an answer is matched against the person's own takes of it.

Each enrolled phrase of the question's grammar has its takes (:mod:`assistant.setup.
enrollment`); the answer's distance to a phrase is its nearest take's
(:func:`.templates.dtw_distances`). The nearest phrase is the answer when it is

- near enough: under :data:`MAX_DISTANCE`, and under :data:`LOO_FACTOR` times how far
  this person's takes of that phrase are from each other (leave-one-out, computed once
  at load), so a phrase said very alike every time is not matched loosely; and
- clearly nearer than the runner-up (the nearest other phrase the person enrolled, asked
  for or not): distance ratio under :data:`MAX_RATIO`, so a near-tie between two phrases
  is never an answer.

Thresholds chosen on the tune half of ``../shared/data/speech`` by ``python -m
assistant.bench.personal_tuning`` (three takes of each word enrolled per speaker, the
rest heard against that speaker's words; for false accepts their other words, each of
their words heard with it left out of their enrollment, never-asked words of other
speakers and noise), each clip heard as a live answer (endpointed, as the voice loop
hands it over): the most right answers with at most 1 % false accepts. Tune half, with
slow answers also heard faster (:data:`LONGER`): 154/161 right, 0 wrong, 6/821 false
accepts, 5 of them among the 381 own words left out (the nearest phrase: 161/161).
Before the own words left out were counted (2026-12-02) the same rule, on bare clips,
chose 0.58, 0.98 and 1.8: 155/161 right, 1/440 false accepts, but 25/381 own words left
out taken; held out, those limits took 13.7 % of such words and 2.9 % of the other
words. Held-out figures: ``backtalk bench --engines personal`` (README, Performance).

Phrases of the grammar that were not enrolled are left to the general recognizer (the one
``auto`` would choose), which also hears every answer the templates are not sure of:

- templates sure (confidence >= :data:`SURE`) and every phrase of the grammar enrolled:
  their answer, the general recognizer not run;
- otherwise the general recognizer hears the whole grammar too. When Whisper takes nothing
  (or only a close guess), it hears the answer again after the person's first take of each
  enrolled phrase of the question, their words forced as text (:meth:`PersonalRecognizer.context`,
  :data:`.whisper_engine.CONTEXT_MIN_LOGP`): told how this
  voice says each answer, it hears what it wrote as another word alone ("five" as " Bye").
  That hearing may only confirm a phrase named before it: the one Whisper found best the
  first time (:data:`CONFIRM_FLOOR`), or the templates' nearest when near enough by the
  agreement's limits below; after the takes it wrote noise as one of their words. A phrase
  only it can know (not enrolled: a call for help, a command) wins, at :data:`UNSURE` at
  most when the templates named another; a call for help is never lost to the templates.
  Else, templates sure: theirs. Else, both naming one phrase: the higher confidence; they
  differ, or only one names a phrase: that phrase at :data:`UNSURE` at most, so that an
  answer with consequences is confirmed. Neither sure enough to answer, but the templates'
  nearest phrase is the general recognizer's best guess too (Whisper's, scored down to
  :data:`AGREE_LOGP`), near enough by the agreement's own limits (:data:`AGREE_DISTANCE`,
  :data:`AGREE_RATIO`): that phrase at :data:`UNSURE`. Two recognizers that listen
  differently rarely guess the same wrong phrase.
- Still nothing, but the templates' nearest phrase is one the grammar lets them guess (a
  number question's numbers, a choice question's places and sides:
  :func:`.base.guessable_by_templates`) and near enough by looser limits
  (:data:`GUESS_DISTANCE`, :data:`GUESS_FACTOR` times its takes' spread,
  :data:`GUESS_RATIO`): that phrase as a close guess, under 0.5 (``details["guess"]``),
  so it is always put back to the person ("I heard four. Is that right?"). It is for the
  voice the general recognizer hears badly: held out (2026-12-03), 4 later takes as
  recorded (all of the 8 kHz speaker nicolas), 9 slowed and 7 quieter were right this way,
  none wrong; no other word or noise clip was guessed, 12 of 524 own words left out were
  (README, Performance).

Without a general recognizer (``general=None``, the tuning) the templates' answer is
given alone: no agreement and no guess.
"""

from __future__ import annotations

import copy
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..setup.enrollment import EnrollmentError, EnrollmentStore, slug
from . import template_cache
from .base import (
    SAMPLE_RATE,
    Recognizer,
    RecognizerError,
    Utterance,
    guessable_by_templates,
    speech_present,
)
from .templates import Encoder, dtw_distances, features, spoken_part
from .tempo import TempoUnavailable, at_tempo
from .whisper_engine import CONTEXT_GAP

log = logging.getLogger(__name__)

MAX_DISTANCE = 0.56
"""Farthest an answer may be from its phrase's nearest take."""
LOO_FACTOR = 1.6
"""... and no farther than this times the mean distance between the phrase's own takes."""
MAX_RATIO = 0.84
"""Highest (nearest phrase / runner-up) distance ratio that is not a near-tie. An
answer near it gets a low confidence (below), so it is confirmed where it matters."""
MAX_ALONE = 0.34
"""The distance limit when the person enrolled one phrase only (no runner-up to compare
with): the strictest that kept the most such answers on the tune half (2 of 2 later
takes, none of 50 other clips). It was 0.40 while the tuning's grid began there."""
DISTANCE_SCALE = 0.03
RATIO_SCALE = 0.05
"""Units over each threshold that give confidence 0.73 (logistic 1): confidence 0.9 needs
the answer 0.066 under its distance limit and its ratio 0.11 under :data:`MAX_RATIO`
(on the tune half a right answer was 0.40 from its nearest take at the median, 0.54 at
the 90th percentile; its ratio 0.60 and 0.79)."""
QUIET_FLOOR_DB = 10.0
"""Speech may be this quiet (dB over digital zero, -80 dBFS) and still be heard: the
general recognizers' 30 (-60 dBFS) lost all but one of 12 Free Spoken Digit takes (theo)
played 20 dB quieter, and a weak voice is who this recognizer is for. Noise that passes is
still refused by the templates' own limits (false accepts on noise are measured)."""
SURE = 0.9
"""Templates this sure answer alone (the default ``confident_at`` of the dialogue)."""
UNSURE = 0.6
"""Confidence of an answer the templates and the general recognizer disagree on."""
LONGER = 1.15
FASTER = (1.25, 1.6)
"""An answer whose spoken part is more than :data:`LONGER` times as long as the person's
typical take (the median of all their takes) is also heard said :data:`FASTER` times as
fast (:mod:`.tempo`), and each template's nearest of these is its distance: a person
tired or slow that day is heard at the pace they enrolled at. DTW alone lines up the
slower rows, but each row describes less of the word when it is said slowly. Chosen on
the tune half (probe on bare clips, thresholds chosen again for each variant by the
tuning's rule, counting right answers as recorded plus slowed to 0.6x, false accepts at
most 1 %): without it 150 + 118 right of 161 + 161; the faster takes tried for every
answer 153 + 143, at three times the cost; from 1.3 times as long 152 + 142; from 1.15
times 152 + 147 (recorded answers were up to 1.28 times as long at the 90th percentile,
slowed ones 1.23 at the 10th). The benchmark slows answers with the same sox effect this
speeds them up with, so its slowed figure flatters this; the recorded one does not."""
FAR_LONGER = 3.0
"""An answer whose spoken part is more than this many times the person's typical take is
left to the general recognizer: one take cannot line up with it (DTW aligns the whole
answer with the whole take, so a take is not found inside a longer stretch), and even
heard :data:`FASTER` it would be nearly twice as long as their takes. What it saves is
the listening while BackTalk speaks (:mod:`assistant.voice.calls_while_speaking`), which
hears stretches up to 2.5 s long: its CPU per stretch fell about fivefold (0.82 s to
about Whisper's own 0.16 s for a 2.5 s stretch), where the takes were described three
times and aligned for nothing."""
AGREE_DISTANCE = 0.62
AGREE_RATIO = 0.88
AGREE_LOGP = -6.0
"""The limits of an answer both recognizers guess but neither is sure of: the templates'
distance (looser than theirs alone) and ratio (stricter), and Whisper's log-probability
of the phrase. Chosen on the
tune half (``python -m assistant.bench.personal_tuning --agreement``): the strictest of
the values that gave the most right answers with no more false accepts; there, 160 of
161 later takes right instead of 159, false accepts unchanged (9 of 821 with the
templates' limits that command chooses, 6 of them own words left out)."""
GUESS_DISTANCE = 0.65
GUESS_RATIO = 0.85
GUESS_FACTOR = 2.0
"""A close guess by the templates alone: when neither they nor the general recognizer give
an answer (nor guess one phrase together), the templates' nearest phrase is given at a
confidence under 0.5 (:data:`GUESS_MOST`), so it is always put back to the person ("I
heard four. Is that right?"), if the grammar lets them guess it
(:func:`.base.guessable_by_templates`: the numbers of a number question not asked as yes
or no, a choice question's places and sides; never yes or no, a command or a call for
help), the person enrolled another phrase to compare with, and it is under
:data:`GUESS_DISTANCE`, under :data:`GUESS_FACTOR` times how far the phrase's takes are
from each other, and under :data:`GUESS_RATIO` of the runner-up's distance. For a voice
the general recognizer does not know, which is who this recognizer is for.

Chosen on the tune half by ``python -m assistant.bench.personal_tuning --guess``: 161
later takes heard as recorded, slowed to 0.6x and 20 dB quieter (483), right answers
counted for the templates alone plus their guesses (Whisper set aside, as for a voice it
does not know); false accepts of the answer given (440 other words and noise, 381 own
words left out). Without guesses: 448 right (155 + 145 + 148), 475 given, 11 false
accepts (3 + 8). Right answers rose with the distance to 460 by 0.62 and no further up
to 0.80; false accepts were 15 from 0.63 to 0.68, then rose: 0.65 is inside. The ratio,
at 0.65: 459 right and 14 false accepts at :data:`MAX_RATIO` (0.84), 460 at 0.85 and
0.86 (15 and 16), then both rose (461 and 17 at 0.87, 463 and 26 at 0.90): 0.85 is the
strictest with the most right within 2 % false accepts along it. The factor: 459 right
at 1.6, 460 from 1.8 to no limit: 2.0. So 460 right alone (158 + 150 + 152; 448
before), 477 given (475), none wrong, 15 false accepts (1.8 %; 4 other words and noise,
11 own words left out). The grid's most right answers within 2 % false accepts moved
between two runs of the same clips ((0.62, 0.87, 1.8) and (0.61, 0.90, 1.8), 462 right
each, 15 and 16 false accepts), each on the edge of a step in false accepts.

Held out, run once after the choice (``backtalk bench --engines personal``): answers
given right 246 of 262 as recorded, 237 slowed and 222 quieter, of them 4, 9 and 7 close
guesses (242, 228 and 215 without; none wrong, every guess under 0.5); other words taken
4 of 340 and noise 0 of 340, none as a guess; own words left out 36 of 524, 12 of them as
a guess."""
CONFIRM_FLOOR = -8.0
"""Whisper's best phrase, not taken, may be confirmed by a second hearing after the
person's takes only if it scored at least this the first time. Noise heard after the
takes was written as one of their words (" Yes." at -1.2, a phrase that scored -8 to -9
heard alone): the hearing after the takes may only confirm, never name anew. Chosen on
the tune half (``python -m assistant.bench.context_tuning``): with -6 it confirmed 159 of
161 later takes, with -7 160, with -8 and below 161; false accepts stayed at 3 of 821
(those of the first hearing) down to -8 at the chosen limits.

The templates' nearest phrase may be confirmed that way too when it is near enough by the
agreement's limits (:data:`AGREE_DISTANCE`, :data:`AGREE_RATIO`): two listeners that
differ naming one phrase, as in the agreement, with Whisper told the takes. Tried on the
tune half (``backtalk bench --engines personal --half tune``) before the held-out run:
the same answers as recorded (161 of 161) and 20 dB quieter (161), one more slowed (160,
one of them no longer a close guess), the same false accepts (other words 4 of 220,
noise 0 of 220, own words left out 11 of 381)."""
CONTEXT_SECONDS = 8.0
"""Takes heard before an answer by Whisper, at most (their spoken parts and gaps): with
the answer, within the 10 s Whisper hears anyway (:data:`.whisper_engine.WINDOW_SECONDS`)."""
GUESS_MOST = 0.49
"""A close guess is never surer than this, whatever its shortfall (under 0.5: confirmed
wherever it is asked, as a guess of Whisper's is)."""


class PersonalRecognizer:
    """Template matching on the person's enrolled takes, with a general recognizer behind."""

    name = "personal"

    def __init__(self, store: EnrollmentStore, general: Recognizer | None, encoder: Encoder, *,
                 max_distance: float = MAX_DISTANCE, max_ratio: float = MAX_RATIO,
                 loo_factor: float = LOO_FACTOR, max_alone: float | None = None) -> None:
        self.general = general
        floor = min(AGREE_LOGP, CONFIRM_FLOOR)
        if general is not None and getattr(general, "search_floor", -math.inf) > floor:
            # Whisper's best guess is wanted even where it rejects the answer: phrases are
            # scored down to the agreement's floor and the one the hearing after the takes
            # may confirm (acceptance does not change).
            general.search_floor = floor  # type: ignore[attr-defined]
        if general is not None and hasattr(general, "alternatives"):
            # Only Whisper's best phrase is read here, and searched down to that floor
            # a third-best bound prunes little: scoring no others makes the search stop
            # at the best (the session record then shows no alternatives from Whisper).
            general.alternatives = 0
        self.encoder = encoder
        self.max_distance, self.max_ratio, self.loo_factor = max_distance, max_ratio, loo_factor
        self.max_alone = MAX_ALONE if max_alone is None else max_alone
        self.templates: dict[str, list[np.ndarray]] = {}
        self.phrase_of: dict[str, str] = {}
        self.first_take: dict[str, bytes] = {}
        """Phrase key -> the spoken part of its first take (what Whisper is told)."""
        lengths: list[int] = []
        for phrase, (takes, rows) in described_takes(store, encoder).items():
            spoken = [spoken_part(take) for take in takes]
            lengths += [len(part) for part in spoken]
            self.templates[slug(phrase)] = rows
            self.phrase_of[slug(phrase)] = phrase.lower()
            self.first_take[slug(phrase)] = spoken[0]
        if not self.templates:
            raise RecognizerError(f"no enrolled takes in {store.root}; run 'backtalk enroll'")
        # The person's usual pace: how long their takes' spoken parts are (bytes).
        self.typical = max(float(np.median(lengths)), 1.0)
        self.tempo_works = True
        # Leave-one-out: how far this person's takes of each phrase are from each other.
        self.spread = {key: _spread(rows) for key, rows in self.templates.items()}
        self.limit = {key: spread_limit(self.max_distance, self.loo_factor, spread)
                      for key, spread in self.spread.items()}

    def enrolled(self, phrase: str) -> bool:
        return _key(phrase) in self.templates

    def without(self, phrase: str) -> PersonalRecognizer:
        """This recognizer as if ``phrase`` had never been enrolled (the benchmark hears a
        person's own word against the rest of their enrollment). Raises RecognizerError
        when nothing would be left."""
        key = _key(phrase)
        if not set(self.templates) - {key}:
            raise RecognizerError(f"{phrase!r} is the only phrase enrolled")
        other = copy.copy(self)
        other.templates = {k: v for k, v in self.templates.items() if k != key}
        other.phrase_of = {k: v for k, v in self.phrase_of.items() if k != key}
        other.spread = {k: v for k, v in self.spread.items() if k != key}
        other.limit = {k: v for k, v in self.limit.items() if k != key}
        return other

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        if self.general is None:
            usable = [p for p in phrases if self.enrolled(p)]
            return usable, [p for p in phrases if not self.enrolled(p)]
        usable, unusable = self.general.vocabulary_filter(phrases)
        rescued = [p for p in unusable if self.enrolled(p)]
        return list(usable) + rescued, [p for p in unusable if p not in rescued]

    def set_rejection_rate(self, phrases: Sequence[str], margin_per_second: float) -> None:
        """Passed on to the general recognizer (the wake phrase is heard by it)."""
        forward = getattr(self.general, "set_rejection_rate", None)
        if forward is not None:
            forward(phrases, margin_per_second)

    def match(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        """The templates' answer alone, among the enrolled phrases of ``phrases``."""
        started = time.process_time()
        keys = {_key(p): p.lower() for p in phrases if self.enrolled(p)}
        if not keys:
            return Utterance("", 0.0, (), self.name, rejected=True, details={"enrolled": 0})
        every = list(self.templates)
        names = [k for k in every for _ in self.templates[k]]
        rows = [row for k in every for row in self.templates[k]]
        distances = dtw_distances(features(audio, self.encoder), rows)
        longer = len(spoken_part(audio)) / self.typical
        if longer > LONGER:
            for quicker in self._faster(audio):
                distances = np.minimum(distances,
                                       dtw_distances(features(quicker, self.encoder), rows))
        nearest: dict[str, float] = {}
        for key, distance in zip(names, distances, strict=True):
            nearest[key] = min(nearest.get(key, math.inf), float(distance))
        ranked = sorted(((k, d) for k, d in nearest.items() if k in keys),
                        key=lambda item: item[1])
        best, distance = ranked[0]
        # The runner-up is any other phrase the person enrolled, asked for or not: an answer
        # as near to "go" as to "no" is a near-tie even where "go" is no answer.
        runner = min((d for k, d in nearest.items() if k != best), default=math.inf)
        ratio = distance / runner if runner > 0 else 1.0
        limit = self.limit[best] if runner < math.inf else min(self.limit[best],
                                                               self.max_alone)
        over = min((limit - distance) / DISTANCE_SCALE, (self.max_ratio - ratio) / RATIO_SCALE)
        guess_limit = spread_limit(GUESS_DISTANCE, GUESS_FACTOR, self.spread[best])
        details: dict[str, object] = {
            "nearest": [(self.phrase_of[k], round(d, 3)) for k, d in
                        sorted(nearest.items(), key=lambda item: item[1])[:3]],
            "asked": [k for k, _ in ranked],
            "heard": keys[best], "distance": round(distance, 3),
            "runner_up": round(runner, 3) if runner < math.inf else None,
            "limit": round(limit, 3), "ratio": round(ratio, 3), "over": round(over, 2),
            "length": round(longer, 2),
            "cpu_ms": round((time.process_time() - started) * 1000)}
        if over < 0:
            # Near enough for a close guess (:meth:`_combine`): the looser limits, and a
            # runner-up to be nearer than.
            details["close"] = runner < math.inf and distance < guess_limit and \
                ratio < GUESS_RATIO
            return Utterance("", 0.0, (), self.name, rejected=True, details=details)
        return Utterance(keys[best], _confidence(over), (), self.name, details=details)

    def _faster(self, audio: bytes) -> list[bytes]:
        """The answer said :data:`FASTER` times as fast; none once sox has failed (the
        answer is then heard as said, and the log says why once)."""
        if not self.tempo_works:
            return []
        try:
            return [at_tempo(audio, factor) for factor in FASTER]
        except TempoUnavailable as exc:
            self.tempo_works = False
            log.warning("slow answers are heard as said: %s", exc)
            return []

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        return self.decide(audio, phrases)[1]

    def decide(self, audio: bytes, phrases: Sequence[str]) -> tuple[Utterance, Utterance]:
        """(the templates' answer alone, the answer given): the benchmark reports both."""
        audio = audio[: len(audio) - len(audio) % 2]
        if not speech_present(audio, floor_db=QUIET_FLOOR_DB):
            silent = Utterance("", 0.0, (), self.name, details={"speech": False})
            return silent, silent
        if self.general is not None and \
                len(spoken_part(audio)) > FAR_LONGER * self.typical:
            unmatched = Utterance("", 0.0, (), self.name, rejected=True,
                                  details={"far_longer": True})
            # No take lines up with so long a stretch: the takes would not help Whisper.
            theirs = self.general.recognize(audio, phrases)
            return unmatched, replace(self._combine(unmatched, theirs, phrases),
                                      said=theirs.said)
        mine = self.match(audio, phrases)
        others = any(not self.enrolled(p) for p in phrases)
        if self.general is None or (mine.confidence >= SURE and not others):
            return mine, mine
        theirs = self._general(audio, phrases, mine)
        # Whisper's own transcription goes on whatever answer is given (read for an
        # emergency only).
        if mine.confidence >= SURE and (not theirs.text or self.enrolled(theirs.text)):
            return mine, replace(mine, said=theirs.said)
        return mine, replace(self._combine(mine, theirs, phrases), said=theirs.said)

    def _general(self, audio: bytes, phrases: Sequence[str], mine: Utterance) -> Utterance:
        """The general recognizer's answer. When Whisper does not take one (or only as a
        close guess), it hears the answer again after the person's first take of each
        enrolled phrase (:meth:`context`), and that hearing's answer stands only if it is
        the phrase Whisper found best the first time (scored down to
        :data:`CONFIRM_FLOOR`) or the templates' nearest, near enough by the agreement's
        limits."""
        assert self.general is not None
        theirs = self.general.recognize(audio, phrases)
        if not getattr(self.general, "hears_context", False) or \
                (theirs.text and not theirs.details.get("guess")):
            return theirs
        first = theirs.details.get("heard")
        logp = theirs.details.get("logp")
        named: set[str] = set()
        if first and isinstance(logp, (int, float)) and logp >= CONFIRM_FLOOR:
            named.add(str(first))
        if near_by_agreement(mine.details):
            named.add(str(mine.details["heard"]))
        if not named:
            return theirs
        try:
            again = self.general.recognize(  # type: ignore[call-arg]
                audio, phrases, context=self.context(phrases, mine), among=named)
        except RecognizerError as exc:
            # The first hearing (and the words it wrote down) is kept whatever happens.
            log.warning("the hearing after the takes failed: %s", exc)
            return theirs
        if again.text not in named:
            return theirs
        return replace(again, said=theirs.said, details={**again.details, "after_takes": True,
                                                         "first": dict(theirs.details)})

    def context(self, phrases: Sequence[str], mine: Utterance) -> list[tuple[bytes, str]]:
        """(the spoken part of its first take, phrase) for the enrolled phrases of
        ``phrases``, as many as fit in :data:`CONTEXT_SECONDS` of takes, the templates'
        nearest first (``mine``), then laid in the grammar's order (the order tells nothing
        of the answer)."""
        keys = [_key(p) for p in phrases if self.enrolled(p)]
        asked = mine.details.get("asked")
        nearest = [k for k in asked if k in keys] if isinstance(asked, list) else []
        chosen, room = set(), CONTEXT_SECONDS * SAMPLE_RATE * 2
        for key in nearest + [k for k in keys if k not in nearest]:
            size = len(self.first_take[key]) + CONTEXT_GAP * SAMPLE_RATE * 2
            if size <= room:
                chosen.add(key)
                room -= size
        return [(self.first_take[k], self.phrase_of[k]) for k in dict.fromkeys(keys)
                if k in chosen]

    def _combine(self, mine: Utterance, theirs: Utterance, phrases: Sequence[str]
                 ) -> Utterance:
        details = {"personal": dict(mine.details), "personal_text": mine.text,
                   "personal_confidence": mine.confidence, "general": dict(theirs.details),
                   "general_text": theirs.text, "general_confidence": theirs.confidence}
        if theirs.text and not self.enrolled(theirs.text):
            # Only the general recognizer knows this phrase ("help me" when it was not
            # enrolled): it is heard, however sure the templates were of another.
            sure = theirs.confidence if not mine.text else min(theirs.confidence, UNSURE)
            return Utterance(theirs.text, sure, theirs.alternatives, self.name,
                             details=details)
        if mine.text and mine.text == theirs.text:
            return Utterance(mine.text, max(mine.confidence, theirs.confidence), (), self.name,
                             details=details)
        if mine.text:
            return Utterance(mine.text, min(mine.confidence, UNSURE), (), self.name,
                             details=details)
        if theirs.text:
            return Utterance(theirs.text, min(theirs.confidence, UNSURE), (), self.name,
                             details=details)
        if _agree(mine.details, theirs.details):
            return Utterance(str(mine.details["heard"]), UNSURE, (), self.name,
                             details={**details, "agreed": True})
        heard = str(mine.details.get("heard", ""))
        if mine.details.get("close") and heard in {p.lower() for p in
                                                   guessable_by_templates(phrases)}:
            # A close guess: under 0.5, by how far it fell short of the limits.
            sure = min(_confidence(float(str(mine.details["over"]))), GUESS_MOST)
            return Utterance(heard, sure, (), self.name, details={**details, "guess": True})
        return Utterance("", 0.0, (), self.name, rejected=theirs.rejected, details=details)


def described_takes(store: EnrollmentStore, encoder: Encoder,
                    version: str | None = None) -> dict[str, tuple[list[bytes], list[np.ndarray]]]:
    """Phrase -> (its takes, their rows), for every phrase with takes. Rows described before
    are read from beside the takes and the others kept there (:mod:`.template_cache`), for an
    encoder that names its description (``version``, else the encoder's own: a
    TakeEncoder's)."""
    version = version or getattr(encoder, "version", None)
    kept = template_cache.load(store.root, version) if version else {}
    used: dict[str, np.ndarray] = {}
    out: dict[str, tuple[list[bytes], list[np.ndarray]]] = {}
    for phrase in store.phrases():
        takes = store.takes(phrase)
        if takes:
            names = [template_cache.key(take) for take in takes]
            for name, take in zip(names, takes, strict=True):
                used[name] = kept[name] if name in kept else features(take, encoder)
            out[phrase] = takes, [used[name] for name in names]
    if version and used and used.keys() != kept.keys():
        template_cache.save(store.root, version, used)
    return out


def _agree(mine: dict[str, object], theirs: dict[str, object]) -> bool:
    """Whether the templates' and Whisper's best guesses, neither sure, are one phrase near
    enough by the agreement's limits."""
    heard, logp = theirs.get("heard"), theirs.get("logp")
    if heard is None or heard != mine.get("heard") or not isinstance(logp, (int, float)):
        return False
    return near_by_agreement(mine) and logp >= AGREE_LOGP


def near_by_agreement(mine: dict[str, object]) -> bool:
    """Whether the templates' nearest phrase is near enough by the agreement's limits."""
    distance, ratio = mine.get("distance"), mine.get("ratio")
    return bool(mine.get("heard")) and isinstance(distance, (int, float)) and \
        isinstance(ratio, (int, float)) and distance < AGREE_DISTANCE and ratio < AGREE_RATIO


def spread_limit(distance: float, factor: float, spread: float | None) -> float:
    """The distance limit of a phrase: ``distance``, and no more than ``factor`` times how
    far its takes are from each other (``spread``; None with a single take)."""
    return distance if spread is None else min(distance, factor * spread)


def _spread(rows: list[np.ndarray]) -> float | None:
    """How far the takes of one phrase are from each other; None with a single take."""
    if len(rows) < 2:
        return None
    return float(np.mean([dtw_distances(row, rows[:i] + rows[i + 1:]).min()
                          for i, row in enumerate(rows)]))


def _key(phrase: str) -> str:
    try:
        return slug(phrase)
    except EnrollmentError:
        return ""


def _confidence(over: float) -> float:
    """0.5 at the thresholds, rising with the margin under the stricter (logistic)."""
    return round(1.0 / (1.0 + math.exp(-over)), 3)
