"""The vosk (Kaldi) recognizer: one shared model, a fresh grammar recognizer per answer.

Out-of-grammar speech has to go somewhere or vosk forces it into the nearest phrase, so
every grammar also holds ``[unk]`` when the model knows it (the small English model
does; the Korean test model does not). An answer counts only when, with ``[unk]``
removed, exactly one grammar phrase is left: a string of several phrases is what vosk
produces when it crams unknown speech into the grammar (the Korean model turned
"감사합니다" into "넷 셋 넷"). Silence and steady noise are not decoded at all: white
noise came back as "셋" with confidence 1.0.
"""

from __future__ import annotations

import json
import logging
import math
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .base import (
    SAMPLE_RATE,
    ModelMissing,
    RecognizerError,
    Utterance,
    speech_present,
    usable_phrases,
)

log = logging.getLogger(__name__)

UNK = "[unk]"
_CHUNK = 8000  # bytes: a quarter second, the size a live stream would feed
_PROBE_TIMEOUT = 120.0
# Loads the model and decodes a little silence, as recognize() would. Some damage
# (a truncated graph/HCLr.fst) loads without complaint and then kills the process
# with SIGSEGV when a recognizer is made, which no exception can catch.
_PROBE = (
    "import json, sys, vosk\n"
    "vosk.SetLogLevel(-1)\n"
    "model = vosk.Model(sys.argv[1])\n"
    "rec = vosk.KaldiRecognizer(model, 16000, json.dumps(['[unk]']))\n"
    "rec.AcceptWaveform(bytes(6400))\n"
    "rec.FinalResult()\n"
)
_DOWNLOAD = "run `backtalk models download` to fetch the English model"


class VoskRecognizer:
    """Decodes answers with a vosk model that supports runtime grammars (a "small" model).

    ``max_alternatives`` > 0 asks vosk for an n-best list (alternatives and confidence
    come from it, see :func:`read_result`); 0 gives word confidences and no alternatives.
    ``probe`` first loads the model in a child process, so a damaged model gives an
    error rather than a crash.
    """

    name = "vosk"

    def __init__(self, model_path: Path, *, max_alternatives: int = 3,
                 probe: bool = True) -> None:
        import vosk

        self.model_path = Path(model_path)
        self.max_alternatives = max_alternatives
        _check_folder(self.model_path)
        vosk.SetLogLevel(-1)  # Kaldi logs every grammar word and decoder option otherwise
        child = _start_probe(self.model_path) if probe else None
        try:
            self._model = vosk.Model(str(self.model_path))
        except Exception as exc:
            if child is not None:
                child.kill()
                child.communicate()
            raise RecognizerError(
                f"vosk could not load the model in {self.model_path} ({exc}): its files are "
                f"damaged or incomplete; delete the folder and {_DOWNLOAD}") from exc
        if child is not None:
            _finish_probe(child, self.model_path)
        self._vosk = vosk
        self._has_unk = self._known(UNK)
        if not self._has_unk:
            log.warning("the vosk model in %s has no %s word: a word that is not an answer "
                        "will be heard as the nearest answer; use a model that has it",
                        self.model_path, UNK)
        self._warned: set[str] = set()

    def _known(self, word: str) -> bool:
        return bool(self._model.vosk_model_find_word(word) != -1)

    def vocabulary_filter(self, phrases: Sequence[str]) -> tuple[list[str], list[str]]:
        usable: list[str] = []
        unusable: list[str] = []
        for phrase in phrases:
            words = phrase.lower().split()
            ok = bool(words) and all(self._known(w) for w in words)
            (usable if ok else unusable).append(phrase)
        return usable, unusable

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        usable = usable_phrases(self, phrases, self._warned)
        audio = audio[: len(audio) - len(audio) % 2]
        if not speech_present(audio):
            return Utterance("", 0.0, (), self.name, details={"speech": False})
        grammar = list(dict.fromkeys(p.lower() for p in usable))
        grammar += [UNK] if self._has_unk else []
        try:
            rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE,
                                             json.dumps(grammar, ensure_ascii=False))
            if self.max_alternatives > 0:
                rec.SetMaxAlternatives(self.max_alternatives)
            rec.SetWords(True)
            segments = []
            for start in range(0, len(audio), _CHUNK):
                # True: vosk heard an end of speech (0.5 s pause) and closed a segment,
                # whose result FinalResult would no longer include.
                if rec.AcceptWaveform(audio[start:start + _CHUNK]):
                    segments.append(json.loads(rec.Result()))
            segments.append(json.loads(rec.FinalResult()))
        except Exception as exc:
            raise RecognizerError(f"vosk failed to decode an answer: {exc}") from exc
        return read_result(_join(segments), usable, engine=self.name)


def read_result(raw: dict[str, Any], phrases: Sequence[str], *,
                engine: str = "vosk") -> Utterance:
    """Turn vosk's final result for speech into an Utterance.

    Plain results carry a ``conf`` per word: confidence is the lowest one. With
    SetMaxAlternatives vosk gives only a score per alternative (a log-likelihood, higher is
    better); confidence is then the alternative's share of the n-best list (a softmax of
    those scores, summed over alternatives that read the same): an over-estimate when the
    list is short, but it falls when vosk hesitates between phrases, whereas word
    confidences in grammar mode are mostly 1.0 whatever was said.
    """
    wanted = {p.lower() for p in phrases}

    def clean(text: str) -> str:
        """The one grammar phrase ``text`` holds once [unk] is removed, else ""."""
        phrase = " ".join(w for w in text.split() if w != UNK)
        return phrase if phrase in wanted else ""

    alts = raw.get("alternatives")
    if isinstance(alts, list):
        best_raw = str(alts[0].get("text", "")) if alts else ""
        top = max((float(a.get("confidence", 0.0)) for a in alts), default=0.0)
        shares: dict[str, float] = {}
        for alt in alts:
            reading = clean(str(alt.get("text", "")))
            weight = math.exp(float(alt.get("confidence", 0.0)) - top)
            shares[reading] = shares.get(reading, 0.0) + weight
        total = sum(shares.values()) or 1.0
        ranked = {t: s / total for t, s in shares.items() if t}
    else:
        best_raw = str(raw.get("text", ""))
        confs = [float(w.get("conf", 0.0)) for w in raw.get("result", [])
                 if w.get("word") != UNK]
        ranked = {clean(best_raw): min(confs, default=0.0)}
    text = clean(best_raw)
    others = tuple((t, round(c, 3)) for t, c in sorted(ranked.items(), key=lambda i: -i[1])
                   if t and t != text)
    details: dict[str, object] = {"raw": best_raw, "result": raw}
    if not text:
        # Speech, but only [unk], several phrases strung together, or nothing at all.
        return Utterance("", 0.0, others, engine, rejected=True, details=details)
    return Utterance(text, round(ranked.get(text, 0.0), 3), others, engine, details=details)


def _join(segments: list[dict[str, Any]]) -> dict[str, Any]:
    """One result from the segments a pause split the answer into ("no ... I don't").

    A joined result is in the plain form; each word's confidence is its segment's (word
    conf, or the top alternative's share of that segment's n-best list).
    """
    spoken = [seg for seg in segments if _top(seg)[0].split()]
    if len(spoken) <= 1:
        return spoken[0] if spoken else segments[-1]
    words: list[dict[str, Any]] = []
    for seg in spoken:
        text, share = _top(seg)
        if "alternatives" in seg:
            words += [{"word": w, "conf": share} for w in text.split()]
        else:
            words += seg.get("result", [])
    return {"text": " ".join(_top(seg)[0] for seg in spoken), "result": words}


def _top(raw: dict[str, Any]) -> tuple[str, float]:
    """The best reading of a result and, for an n-best result, its share of the list."""
    alts = raw.get("alternatives")
    if not isinstance(alts, list):
        return str(raw.get("text", "")), 1.0
    if not alts:
        return "", 0.0
    scores = [float(a.get("confidence", 0.0)) for a in alts]
    weights = [math.exp(x - max(scores)) for x in scores]
    return str(alts[0].get("text", "")), weights[0] / sum(weights)


def _check_folder(path: Path) -> None:
    if not path.is_dir():
        raise ModelMissing(f"no vosk model at {path}: {_DOWNLOAD}")
    missing = [n for n in ("am/final.mdl", "conf/model.conf") if not (path / n).is_file()]
    if missing:
        raise ModelMissing(f"{path} is not a vosk model (no {', '.join(missing)}): point "
                           f"the model setting at the unpacked model folder, or {_DOWNLOAD}")
    if not ((path / "graph/HCLr.fst").is_file() and (path / "graph/Gr.fst").is_file()):
        raise ModelMissing(
            f"the vosk model in {path} cannot take a grammar (no graph/HCLr.fst and "
            f"graph/Gr.fst: only the small models have them); {_DOWNLOAD}")


def _start_probe(path: Path) -> subprocess.Popen[bytes]:
    # The probe runs while this process loads the same files: on two cores it took the
    # Korean model's start-up from 1.9 s to 3.2 s.
    return subprocess.Popen([sys.executable, "-c", _PROBE, str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish_probe(child: subprocess.Popen[bytes], path: Path) -> None:
    try:
        _, err = child.communicate(timeout=_PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise RecognizerError(f"loading the vosk model in {path} took over "
                              f"{_PROBE_TIMEOUT:.0f} s; check the disk and the model") from None
    if child.returncode == 0:
        return
    lines = [ln for ln in err.decode("utf-8", "replace").splitlines() if "ERROR" in ln]
    why = f" ({lines[-1].strip()[:200]})" if lines else ""
    how = (f"crashed (signal {-child.returncode})" if child.returncode < 0
           else "failed")
    raise RecognizerError(f"vosk {how} loading the model in {path}{why}: its files are "
                          f"damaged or incomplete; delete the folder and {_DOWNLOAD}")
