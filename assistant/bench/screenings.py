"""Whole spoken screenings answered with real recordings, through the real voice loop, in
quiet and with noise mixed in: re-asks, the outcome reached, and the reply latency.

Each answer is a held-out clip of the word the patient means (:mod:`.screening_patients`),
a different speaker each time within a conversation, followed by the silence a person
leaves after answering; in noise, babble or pink noise (:mod:`.noise_mix`) runs under the
answer and the silence around it at the given SNR. The conversation is the product's:
:class:`~assistant.voice.channel.VoiceChannel` with the recognizer as built (rejection on),
:func:`assistant.session.run`, the session record, prompts synthesised to WAV files.

A re-ask is an answer more than the same person needs when typing the same words:
answers not made out, misheard answers put right after "Is that right?", confirmations.

Which clip answers, and the noise under it, are drawn from the screening, the question and
how often it was asked (:func:`draw_key`), not from a running sequence: a change that
alters one answer leaves the recordings of the others as they were, so two versions of
the code are compared on the same voices wherever their conversations agree. ``draws``
screens each patient that many times, each with other recordings and noise.
"""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..dialog.conversation import Conversation
from ..dialog.matcher import ANSWER, Matcher
from ..dialog.model import Dialog, Question
from ..dialog.simulate import answer_to, simulate
from ..voice.channel import NeverOverlapping
from .clips import DIGIT_WORDS, in_half, spread
from .interval import clustered, rate
from .recording_files import recordings_in
from .screening_patients import MAX_ANSWERS, PATIENTS
from .split import speaker_of
from .timing import percentiles

WORDS = ("yes", "no", "left", "right", "up", *DIGIT_WORDS)
"""What the patients may say: words the recordings hold, one clip each."""
CONDITIONS: dict[str, tuple[str, float] | None] = {
    "quiet": None, "babble 10 dB": ("babble", 10.0), "pink 10 dB": ("pink", 10.0)}


class ScreeningProblem(ValueError):
    """The screenings cannot run (no clips of a word in the chosen half...)."""


def patient_says(conversation: Conversation, dialog: Dialog, findings: dict[str, Any]
                 ) -> str | None:
    """The word the patient says now; None when none of :data:`WORDS` says it."""
    question = conversation.question
    if question is None:
        return None
    said = answer_to(question, dialog, findings)
    meant = conversation.matcher.interpret(question, said)
    pending = conversation.pending
    if pending is not None:
        # "Is that right?": yes only to what they meant; a misheard stop or alarm is a no.
        right = (pending.what == "answer" and meant.kind == ANSWER
                 and pending.meaning.value == meant.value)
        return "yes" if right else "no"
    return _word_for(conversation.matcher, question, meant.value) \
        if meant.kind == ANSWER else None


def _word_for(matcher: Matcher, question: Question, value: object) -> str | None:
    for word in WORDS:
        heard = matcher.interpret(question, word)
        if heard.kind == ANSWER and heard.value == value:
            return word
    return None


def typed(dialog: Dialog, findings: dict[str, Any]) -> tuple[str | None, int] | None:
    """(outcome, answers) when the patient types their words; None if some answer has no
    word in :data:`WORDS`."""
    conversation = Conversation(dialog, "112")
    conversation.start()
    answers = 0
    while not conversation.done and answers < MAX_ANSWERS:
        word = patient_says(conversation, dialog, findings)
        if word is None:
            return None
        conversation.hear(word)
        answers += 1
    return conversation.summary()["outcome"], answers


def fitting(dialog: Dialog) -> tuple[list[dict[str, Any]], list[str]]:
    """The patients whose words reach, typed, the outcome their findings reach; and why
    each other one was left out."""
    chosen, left_out = [], []
    for name, findings in PATIENTS:
        wanted = simulate(dialog, findings)["outcome"]
        said = typed(dialog, findings)
        if said is None:
            left_out.append(f"{name}: an answer has no recorded word")
        elif said[0] != wanted:
            left_out.append(f"{name}: its words reach {said[0]}, not {wanted}")
        else:
            chosen.append({"name": name, "findings": findings, "outcome": wanted,
                           "typed_answers": said[1]})
    return chosen, left_out


class Voices:
    """The clips of each word in one half, handed out round the speakers."""

    def __init__(self, speech_dir: Path, half: str) -> None:
        commands = Path(speech_dir) / "commands"
        self.pools = {w: spread(in_half(recordings_in(commands / w), half), None)
                      for w in WORDS}
        empty = [w for w, pool in self.pools.items() if not pool]
        if empty:
            raise ScreeningProblem(f"no {half} recordings of {', '.join(empty)} in {commands}")

    def take(self, word: str, avoid: set[str], key: str) -> Path:
        """The clip of ``word`` that ``key`` draws, or the next one whose speaker is not in
        ``avoid`` (if there is one)."""
        pool = self.pools[word]
        start = _number(f"{key}/{word}") % len(pool)
        step = next((s for s in range(len(pool))
                     if speaker_of(pool[(start + s) % len(pool)]) not in avoid), 0)
        return pool[(start + step) % len(pool)]


def draw_key(screening: str, question: str, confirming: bool, times: int) -> str:
    """What draws an answer's clip and noise: the screening (draw and patient), the
    question, whether it is a confirmation, and how often that was answered before."""
    return f"{screening}/{question}/{'confirm' if confirming else 'answer'}/{times}"


def _number(key: str) -> int:
    # A checksum, not hash(): Python salts string hashes per process.
    return zlib.crc32(key.encode())


class ClipPatient(NeverOverlapping):
    """Answers (an :class:`~assistant.voice.channel.AnswerInput`) made of recordings."""

    def __init__(self, conversation: Conversation, dialog: Dialog, findings: dict[str, Any],
                 voices: Voices, noise: tuple[str, float] | None, folder: Path,
                 speech_dir: Path, tail: float, screening: str,
                 max_answers: int = MAX_ANSWERS) -> None:
        self.conversation, self.dialog, self.findings = conversation, dialog, findings
        self.max_answers = max_answers
        self.cut_off = False
        """The conversation was still going when the answers ran out."""
        self.voices, self.noise, self.folder = voices, noise, folder
        self.speech_dir, self.tail, self.screening = speech_dir, tail, screening
        self.times: Counter[tuple[str, bool]] = Counter()
        self.speakers: set[str] = set()
        self.clips: list[str] = []

    def next_source(self) -> Any:
        from ..voice.audio import write_wav
        from ..voice.audio.sources import WavSource
        from ..voice.channel import ANSWER_LEAD
        from .noise_mix import make_noise, mix, place, read_clip, to_pcm

        if self.conversation.done:
            return None
        if len(self.clips) >= self.max_answers:
            self.cut_off = True
            return None
        word = patient_says(self.conversation, self.dialog, self.findings)
        if word is None:
            return None
        question = self.conversation.question
        assert question is not None  # patient_says answered it
        asked = (question.id, self.conversation.pending is not None)
        key = draw_key(self.screening, *asked, self.times[asked])
        self.times[asked] += 1
        clip = self.voices.take(word, self.speakers, key)
        speaker = speaker_of(clip)
        self.speakers.add(speaker)
        self.clips.append(f"{word}/{clip.name}")
        signal = place(read_clip(clip), ANSWER_LEAD, self.tail)
        if self.noise is not None:
            kind, snr = self.noise
            rng = np.random.default_rng(_number(key))
            signal = mix(signal, make_noise(kind, len(signal), rng, self.speech_dir,
                                            speaker), snr)
        path = self.folder / f"{len(self.clips):03d}.wav"
        write_wav(path, to_pcm(signal))
        return WavSource(path)



def _converse(dialog: Dialog, patient: dict[str, Any], recognizer: Any, voices: Voices,
              noise: tuple[str, float] | None, folder: Path, speech_dir: Path,
              screening: str, max_answers: int) -> dict[str, Any]:
    from ..records.record import SessionRecord
    from ..session import run
    from ..setup.pace import Pace
    from ..voice.channel import TurnTiming, VoiceChannel
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker, TtsSettings

    endpoint = EndpointSettings()
    settings = TtsSettings()
    pace = Pace(settings.rate, settings.volume)
    (folder / "prompts").mkdir(parents=True, exist_ok=True)
    conversation = Conversation(dialog, "112", pace=pace)
    tail = endpoint.no_answer_timeout + endpoint.end_silence + 1.0
    answers = ClipPatient(conversation, dialog, patient["findings"], voices, noise, folder,
                          speech_dir, tail, screening, max_answers)
    timings: list[TurnTiming] = []
    heard: list[str] = []
    channel = VoiceChannel(Speaker(settings), recognizer, answers, endpoint,
                           folder / "prompts", pace=pace, on_timing=timings.append,
                           show=lambda who, text: heard.append(text) if who == "heard" else None)
    record = SessionRecord.create(folder / "data")
    try:
        summary = run(conversation, channel, record,
                      {"mode": "voice", "asr": recognizer.name, "benchmark": "screenings"})
    finally:
        record.close()
    said = len(answers.clips)
    return {"patient": patient["name"], "wanted": patient["outcome"],
            "outcome": summary["outcome"], "answers": said,
            "reasks": max(0, said - patient["typed_answers"]),
            "not_made_out": sum(h.startswith("(") for h in heard),
            "cut_off": answers.cut_off, "clips": answers.clips, "heard": heard,
            "beyond_endpoint": [round(t.beyond_endpoint, 4) for t in timings if t.speech],
            "listened": [round(t.listened, 2) for t in timings]}


def measure_screenings(dialog: Dialog, recognizer: Any, speech_dir: Path, work_dir: Path,
                       *, half: str = "held-out", limit: int | None = None,
                       conditions: list[str] | None = None, draws: int = 1,
                       max_answers: int = MAX_ANSWERS) -> dict[str, Any]:
    """Per condition: conversations, re-asks (mean, max), right outcome with its interval
    (and with the interval of screenings grouped by patient, who are not independent),
    answers, those cut off at ``max_answers``, the reply latency beyond the endpoint
    (p50, p95) over their turns, and the audio listened to for each answer (how long the
    person waited, answer included; an answer file ends about ten seconds after its
    word, where a live wait among other voices would go on). Each patient is screened
    ``draws`` times, with other recordings and noise each time."""
    if draws < 1:
        raise ScreeningProblem(f"draws must be 1 or more, not {draws}")
    if max_answers < 1:
        raise ScreeningProblem(f"max_answers must be 1 or more, not {max_answers}")
    patients, left_out = fitting(dialog)
    patients = patients[:limit]
    voices = Voices(speech_dir, half)
    out: dict[str, Any] = {"engine": recognizer.name, "half": half, "left_out": left_out,
                           "draws": draws, "max_answers": max_answers, "conditions": {}}
    for condition in conditions or list(CONDITIONS):
        if condition not in CONDITIONS:
            raise ScreeningProblem(f"unknown condition {condition!r}; known: "
                                   f"{', '.join(CONDITIONS)}")
        folder = work_dir / condition.replace(" ", "_")
        runs = [{**_converse(dialog, p, recognizer, voices, CONDITIONS[condition],
                             folder / (f"{i:02d}" if draws == 1 else f"{i:02d}.{d}"),
                             speech_dir, f"{d}/{i}", max_answers), "draw": d}
                for d in range(draws) for i, p in enumerate(patients)]
        reasks = [r["reasks"] for r in runs]
        latencies = [t for r in runs for t in r["beyond_endpoint"]]
        by_patient = [(sum(r["outcome"] == r["wanted"] for r in mine), len(mine))
                      for mine in ([r for r in runs if r["patient"] == p["name"]]
                                   for p in patients)]
        out["conditions"][condition] = {
            "conversations": len(runs),
            "reasks_mean": round(sum(reasks) / len(runs), 2) if runs else None,
            "reasks_max": max(reasks, default=0),
            "right_outcome": rate(sum(k for k, _ in by_patient), len(runs)),
            "right_by_patient": clustered(by_patient),
            "answers": sum(r["answers"] for r in runs),
            "cut_off": sum(r["cut_off"] for r in runs),
            "beyond_endpoint": percentiles(latencies),
            "listened": percentiles([t for r in runs for t in r["listened"]]),
            "runs": runs}
    return out
