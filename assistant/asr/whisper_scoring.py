"""Scoring a closed set of phrases with Whisper's decoder: an exact best-first search.

Each phrase is written a few ways (:func:`written_forms`: " Yes." and " Yes!"); its score
is the decoder's log-probability of the best of them followed by end-of-text, every token
judged against the whole vocabulary. Scoring every form of a real grammar at once (245
yes/no phrases, 490 forms) would cost a full-vocabulary softmax for thousands of tokens
per answer. But a log-probability only falls as tokens are added, so a prefix that already
scores below a bound cannot lead to a phrase above it: the forms share one token tree
(:class:`PhraseTree`), and :func:`best_phrases` extends only prefixes that can still beat
the bound (the acceptance floor, then the k-th best complete phrase), a layer at a time,
each layer in one batched decoder call. The result is exactly what scoring every form
would give for the phrases above the bound, at the cost of a handful of prefixes: for a
clear "yes", " Yes", " Yes." and " Yes!"; for noise, often nothing past the first token.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

ENDINGS = (".", "!")
"""Punctuation Whisper ends a one-word answer with; each phrase is scored with each."""
NUMERALS = {word: str(i) for i, word in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
     "eighteen", "nineteen"))} | {word: str(20 + 10 * i) for i, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))}
"""Whisper writes a number said on its own as digits (free decodings of the spoken digits:
" 5", " 6", " 9."; of espeak-ng's "eleven", "twenty one", "ten days": " 11", " 21",
" 10 days"), so a phrase with number words is also scored with its numbers as numerals.
Before 2026-12-06 only a phrase that was one word from zero to ten was: "eleven",
"fifteen", "ten days", "fourteen days" were refused and "twenty one" taken as "one"."""

_TENS = {str(tens) for tens in range(20, 100, 10)}
_ONES = {str(one) for one in range(1, 10)}

NAMES = {word: word.capitalize() for word in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
    "easter")} | {word: "I" + word[1:] for word in ("i", "i'm", "i've", "i'd", "i'll")}
"""Words Whisper writes with a capital wherever they stand (free decodings of "since
Monday": " Since Monday"; "yes I do": " Yes I do."); the phrases come in lower case.
Before the pronoun was among them (2026-12-06), "yes i do", "yes i am", "yes i have" were
scored as " Yes i do." and refused (espeak-ng voices, both), and "no i don't" was taken as
"i don't" at 0.6-0.7."""

LEADS = ("yes", "no", "yeah", "nope", "oh")
SET_APART = ("i", "i'm", "i've", "it", "it's", "he", "she", "please", "yes", "no")
"""A first word of :data:`LEADS` Whisper sets apart with a comma when a word of
:data:`SET_APART` follows (" No, it doesn't.", " Yes, I have.", " Oh, yes."): such a
phrase is also scored so; not "no idea" or "no more questions", whose "no" is no answer
of its own."""

Expand = Callable[[list[tuple[int, ...]]], list[np.ndarray]]
"""Given token prefixes, the log-probabilities (whole vocabulary) of each one's next token."""


def written_forms(phrase: str) -> list[str]:
    """How Whisper would write ``phrase`` as a whole answer: capitalised (and the
    :data:`NAMES` in it), one leading space (its words start with one), ended by each of
    :data:`ENDINGS`; with a comma after a first word of :data:`LEADS` too (before a word of
    :data:`SET_APART`); a number word also as its numeral (:data:`NUMERALS`)."""
    said = phrase.split()
    words = [NAMES.get(word, word) for word in said]
    forms = _ended(" ".join(words))
    if len(words) > 1 and words[0] in LEADS and said[1] in SET_APART:
        forms += _ended(f"{words[0]}, {' '.join(words[1:])}")
    numeral = in_numerals(said)
    if numeral is not None and " " not in numeral:
        # A number alone, also bare: " 5 5 5" shows digits written without a stop.
        forms += [f" {numeral}{end}" for end in (*ENDINGS, "")]
    elif numeral is not None:
        forms += _ended(" ".join(NAMES.get(word, word) for word in numeral.split()))
    return forms


def _ended(text: str) -> list[str]:
    """``text`` as a whole answer: a leading space, capitalised, ended by each of
    :data:`ENDINGS`."""
    return [f" {text[:1].upper()}{text[1:]}{end}" for end in ENDINGS]


def in_numerals(words: list[str]) -> str | None:
    """``words`` with every number in them written as digits ("ten days" -> "10 days",
    "twenty one" -> "21"); None when there is none."""
    out: list[str] = []
    i = 0
    while i < len(words):
        value = NUMERALS.get(words[i])
        if value is None or words[i] == "one" and i > 0:
            # "no one", "the left one": a word, not a number, after another word.
            out.append(words[i])
            i += 1
            continue
        ones = NUMERALS.get(words[i + 1]) if i + 1 < len(words) else None
        if value in _TENS and ones in _ONES:
            value, i = value[0] + ones, i + 1  # "twenty one"
        out.append(value)
        i += 1
    joined = " ".join(out)
    return joined if joined != " ".join(words) else None


@dataclass
class PhraseTree:
    """The token sequences of every written form of a grammar's phrases, as a tree."""

    end: int
    """The end-of-text token, which closes every form."""
    children: dict[tuple[int, ...], set[int]] = field(default_factory=dict)
    """Prefix -> the tokens that continue it (``end`` where a form is complete)."""
    phrase_of: dict[tuple[int, ...], str] = field(default_factory=dict)
    """A complete form's tokens (without ``end``) -> its phrase."""

    def add(self, phrase: str, tokens: Sequence[int]) -> None:
        prefix: tuple[int, ...] = ()
        for token in tokens:
            self.children.setdefault(prefix, set()).add(token)
            prefix = (*prefix, token)
        self.children.setdefault(prefix, set()).add(self.end)
        # Two phrases written alike ("centre", "center" are not; "i do", "I do" are) keep
        # the first: they are one answer to the matcher too.
        self.phrase_of.setdefault(prefix, phrase)

    def only(self, phrases: Collection[str]) -> PhraseTree:
        """The forms of ``phrases`` alone, as a tree of their own."""
        tree = PhraseTree(self.end)
        for tokens, phrase in self.phrase_of.items():
            if phrase in phrases:
                tree.add(phrase, tokens)
        return tree


@dataclass(frozen=True)
class Search:
    """The best phrases found above the bound, and what the search cost."""

    best: list[tuple[str, float]]
    """Up to ``keep`` phrases, best first, with their log-probabilities."""
    prefixes: int
    """Prefixes the decoder was run on."""


def best_phrases(tree: PhraseTree, root: np.ndarray, expand: Expand, *, floor: float,
                 keep: int = 3, known: dict[str, float] | None = None) -> Search:
    """The ``keep`` best phrases of ``tree`` whose log-probability is at least ``floor``.

    ``root`` is the log-probability of the first token (the distribution after the
    prompt). ``expand`` runs the decoder on a batch of prefixes. ``known``: phrases already
    scored (their exact log-probabilities), which bound the search from the start.
    """
    scores: dict[str, float] = dict(known or {})
    layer: list[tuple[tuple[int, ...], float, np.ndarray]] = [((), 0.0, root)]
    prefixes = 0
    while layer:
        pending: list[tuple[tuple[int, ...], float]] = []
        for prefix, logp, dist in layer:
            for token in tree.children.get(prefix, ()):
                total = logp + float(dist[token])
                if token == tree.end:
                    phrase = tree.phrase_of[prefix]
                    if total > scores.get(phrase, -np.inf):
                        scores[phrase] = total
                else:
                    pending.append(((*prefix, token), total))
        bound = _bound(scores, floor, keep)
        pending = [(p, lp) for p, lp in pending if lp >= bound]
        if not pending:
            break
        prefixes += len(pending)
        dists = expand([p for p, _ in pending])
        layer = [(p, lp, d) for (p, lp), d in zip(pending, dists, strict=True)]
    ranked = heapq.nlargest(keep, ((lp, ph) for ph, lp in scores.items() if lp >= floor))
    return Search([(ph, lp) for lp, ph in ranked], prefixes)


def best_among(tree: PhraseTree, root: np.ndarray, expand: Expand, *, floor: float,
                among: Collection[str]) -> Search:
    """The best phrase of ``tree`` at or over ``floor`` if it is one of ``among``, else
    none: what :func:`best_phrases` would say to a caller who takes only those.

    ``among`` are scored first; the best of them bounds the search of the others, which
    then only asks whether any beats it, and is not run at all when none of ``among``
    reaches ``floor``. A prefix both searches reach is run once.
    """
    seen: dict[tuple[int, ...], np.ndarray] = {}

    def remembered(prefixes: list[tuple[int, ...]]) -> list[np.ndarray]:
        todo = [p for p in prefixes if p not in seen]
        if todo:
            seen.update(zip(todo, expand(todo), strict=True))
        return [seen[p] for p in prefixes]

    first = best_phrases(tree.only(among), root, remembered, floor=floor, keep=1)
    if not first.best:
        return first
    every = best_phrases(tree, root, remembered, floor=floor, keep=1, known=dict(first.best))
    return Search([scored for scored in every.best if scored[0] in among], len(seen))


def _bound(scores: dict[str, float], floor: float, keep: int) -> float:
    if len(scores) < keep:
        return floor
    return max(floor, heapq.nlargest(keep, scores.values())[-1])


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities of each row of ``logits`` over the whole vocabulary."""
    rows = np.asarray(logits, dtype=np.float64)
    top = rows.max(axis=-1, keepdims=True)
    return rows - top - np.log(np.exp(rows - top).sum(axis=-1, keepdims=True))


def best_stop(tokens: Sequence[int], logprobs: np.ndarray, end: int) -> tuple[int, float]:
    """Where the greedy path is best ended: ``(k, log P(tokens[:k] + end))`` maximal over
    the ``k`` whose end-of-text probability is known (rows of ``logprobs``).

    The reference an answer is compared with: what the decoder would write on its own.
    A free greedy decoding of a short clip often repeats itself (" Yes. Yes. Yes.") instead
    of ending, so its full score says more about the repetition than about the answer;
    its best stopping point does not.
    """
    best_k, best = 0, -np.inf
    running = 0.0
    for k in range(min(len(tokens) + 1, len(logprobs))):
        stop = running + float(logprobs[k][end])
        if stop > best:
            best_k, best = k, stop
        if k < len(tokens):
            running += float(logprobs[k][tokens[k]])
    return best_k, best
