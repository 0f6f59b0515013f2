"""Scoring a closed set of phrases with Whisper's decoder: an exact best-first search.

Each phrase is written a few ways (:func:`written_forms`: " No.", " No...", " No?", bare
" No"); its score is the decoder's probability of writing it in any of them, each form
followed by end-of-text and every token judged against the whole vocabulary. Whisper
ends a short answer with whichever mark it hears in the voice (free decodings of people's
"no": " No...", " No?", " No"), so the best form alone would judge the punctuation as
much as the word; summed, the score is the probability of the word.

Scoring every form of a real grammar (245 yes/no phrases, over 1,000 forms) would cost a
full-vocabulary softmax for thousands of tokens per answer. But a log-probability only
falls as tokens are added, so a prefix that already scores below a bound cannot lead to a
form above it: the forms share one token tree (:class:`PhraseTree`), and
:func:`best_phrases` extends only prefixes that can still beat the bound (the acceptance
floor, then the k-th best phrase found), a layer at a time, each layer in one batched
decoder call. The phrases whose best form clears the floor are found exactly; then the
other forms of the few best are completed and summed. For a clear "yes" that is a handful
of prefixes; for noise, often nothing past the first token.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

ENDINGS = (".", "!", "?", "...", "")
"""How Whisper ends a short answer (seen in its free decodings of the recordings); each
phrase is scored with each, and "" is the phrase with no mark at all."""
NEGLIGIBLE = 10.0
"""A form whose prefix is this far (log-probability) below its phrase's best form is not
completed: it could add at most e^-10 of the best form's probability."""
NUMERALS = {word: str(i) for i, word in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))}
"""Whisper writes a number said on its own as digits (free decodings of the spoken digits:
" 5", " 6", " 9."), so a phrase that is one number word is also scored as its numeral."""

Expand = Callable[[list[tuple[int, ...]]], list[np.ndarray]]
"""Given token prefixes, the log-probabilities (whole vocabulary) of each one's next token."""


def written_forms(phrase: str) -> list[str]:
    """How Whisper would write ``phrase`` as a whole answer: capitalised, one leading space
    (its words start with one), ended by each of :data:`ENDINGS`; a number word also as
    its numeral (:data:`NUMERALS`)."""
    text = " ".join(phrase.split())
    forms = [f" {text[:1].upper()}{text[1:]}{end}" for end in ENDINGS]
    numeral = NUMERALS.get(text.lower())
    if numeral is not None:
        forms += [f" {numeral}{end}" for end in ENDINGS]
    return forms


@dataclass
class PhraseTree:
    """The token sequences of every written form of a grammar's phrases, as a tree."""

    end: int
    """The end-of-text token, which closes every form."""
    children: dict[tuple[int, ...], set[int]] = field(default_factory=dict)
    """Prefix -> the tokens that continue it (``end`` where a form is complete)."""
    phrase_of: dict[tuple[int, ...], str] = field(default_factory=dict)
    """A complete form's tokens (without ``end``) -> its phrase."""
    forms_of: dict[str, list[tuple[int, ...]]] = field(default_factory=dict)
    """A phrase -> the tokens of each of its forms."""

    def add(self, phrase: str, tokens: Sequence[int]) -> None:
        prefix: tuple[int, ...] = ()
        for token in tokens:
            self.children.setdefault(prefix, set()).add(token)
            prefix = (*prefix, token)
        self.children.setdefault(prefix, set()).add(self.end)
        # Two phrases written alike ("centre", "center" are not; "i do", "I do" are) keep
        # the first: they are one answer to the matcher too.
        if prefix not in self.phrase_of:
            self.phrase_of[prefix] = phrase
            self.forms_of.setdefault(phrase, []).append(prefix)


@dataclass(frozen=True)
class Search:
    """The best phrases found above the bound, and what the search cost."""

    best: list[tuple[str, float]]
    """Up to ``keep`` phrases, best first, with their log-probabilities."""
    prefixes: int
    """Prefixes the decoder was run on."""


def best_phrases(tree: PhraseTree, root: np.ndarray, expand: Expand, *, floor: float,
                 keep: int = 3) -> Search:
    """The ``keep`` best phrases of ``tree`` whose best form scores at least ``floor``,
    each with the log of its forms' summed probability, best first.

    ``root`` is the log-probability of the first token (the distribution after the
    prompt). ``expand`` runs the decoder on a batch of prefixes.
    """
    seen: dict[tuple[int, ...], np.ndarray] = {(): root}
    scores: dict[str, float] = {}
    layer: list[tuple[tuple[int, ...], float]] = [((), 0.0)]
    prefixes = 0
    while layer:
        pending: list[tuple[tuple[int, ...], float]] = []
        for prefix, logp in layer:
            dist = seen[prefix]
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
        seen.update(zip([p for p, _ in pending], expand([p for p, _ in pending]), strict=True))
        layer = pending
    found = heapq.nlargest(keep, ((lp, ph) for ph, lp in scores.items() if lp >= floor))
    prefixes += _complete(tree, dict((ph, lp) for lp, ph in found), seen, expand)
    summed = [(ph, _summed(tree, ph, seen)) for _, ph in found]
    return Search(sorted(summed, key=lambda item: -item[1]), prefixes)


def _complete(tree: PhraseTree, best: dict[str, float],
              seen: dict[tuple[int, ...], np.ndarray], expand: Expand) -> int:
    """Runs the decoder on the prefixes still missing from every form of the phrases of
    ``best`` (phrase -> its best form's score), shortest first as the search does, except
    forms that cannot matter (:data:`NEGLIGIBLE`). Returns how many prefixes it ran."""
    ran = 0
    while True:
        missing = {prefix for phrase, top in best.items() for form in tree.forms_of[phrase]
                   if (prefix := _first_missing(form, seen, top - NEGLIGIBLE)) is not None}
        if not missing:
            return ran
        shortest = min(len(p) for p in missing)
        batch = sorted(p for p in missing if len(p) == shortest)
        seen.update(zip(batch, expand(batch), strict=True))
        ran += len(batch)


def _first_missing(form: tuple[int, ...], seen: dict[tuple[int, ...], np.ndarray],
                   low: float) -> tuple[int, ...] | None:
    """The shortest prefix of ``form`` not yet run, or None when there is none or the form
    has fallen below ``low`` before it."""
    logp = 0.0
    for k in range(len(form) + 1):
        if form[:k] not in seen:
            return form[:k]
        if k < len(form):
            logp += float(seen[form[:k]][form[k]])
            if logp < low:
                return None
    return None


def _summed(tree: PhraseTree, phrase: str, seen: dict[tuple[int, ...], np.ndarray]) -> float:
    """The log of the summed probability of ``phrase``'s forms whose prefixes were all run
    (the others are negligible)."""
    scores = []
    for form in tree.forms_of[phrase]:
        if all(form[:k] in seen for k in range(len(form) + 1)):
            scores.append(sum(float(seen[form[:k]][form[k]]) for k in range(len(form)))
                          + float(seen[form][tree.end]))
    return float(np.logaddexp.reduce(scores))


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
