"""The benchmark result as Markdown: the tables the README's Performance section shows."""

from __future__ import annotations

from typing import Any

from .personal_table import personal_lines
from .recognition_tables import label as _label
from .recognition_tables import recognition as _recognition
from .recognition_tables import table as _table
from .screening_tables import screenings as _screenings

STAGES = (("endpoint_wait", "endpoint wait (the end-of-answer silence)"),
          ("recognize", "recognizer finalisation"),
          ("dialogue", "dialogue (matcher, machine, record)"),
          ("tts_first_audio", "speech synthesis to first audio"),
          ("beyond_endpoint", "**reply latency beyond the endpoint**"))


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [f"Measured {result['date']} on {m['cpu']}, {m['cores']} cores, "
             f"{m['memory_gb']} GB, Python {m['python']}, pocketsphinx "
             f"{m['packages'].get('pocketsphinx')}, vosk {m['packages'].get('vosk')}.",
             f"Command: `{result.get('command', 'backtalk bench')}`; clips of the "
             f"{result.get('half', 'all')} speakers"
             + (" (quick run: not figures to publish)" if result.get("quick") else ""), ""]
    lines += _recognition(result)
    lines += personal_lines(result)
    lines += _latency(result)
    lines += _paced_wait(result)
    lines += _startup(result)
    lines += _conversations(result)
    lines += _screenings(result)
    return "\n".join(lines) + "\n"


def _ms(stats: dict[str, Any] | None, key: str) -> str:
    if not stats or stats.get(key) is None:
        return "-"
    return f"{stats[key] * 1000:.0f} ms"


def _measured_latency(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"engine": "pocketsphinx", **e} for e in result.get("latency", [])
            if e.get("measured") is not False]


def _latency(result: dict[str, Any]) -> list[str]:
    entries = _measured_latency(result)
    if not entries:
        return []
    header = ["stage (p50 / p95)", *map(_label, entries), "target (p95)"]
    target = f"< {result['targets']['beyond_endpoint_p95_seconds'] * 1000:.0f} ms"
    rows = []
    for key, title in STAGES:
        cells = [f"{_ms(e['stages'].get(key), 'p50')} / {_ms(e['stages'].get(key), 'p95')}"
                 for e in entries]
        rows.append([title, *cells, target if key == "beyond_endpoint" else ""])
    first = entries[0]
    intro = (f"From the end of the answer to the first audio of the reply, over "
             f"{first.get('turns', '?')} turns of {len(first.get('conversations', []))} "
             f"spoken scripted conversations (answers by espeak-ng, from WAV; recognizer "
             f"rejection {first.get('rejection', 'as configured')}).")
    missing = [f"{e['engine']} not measured: {e.get('reason', '?')}"
               for e in result.get("latency", []) if e.get("measured") is False]
    return ["### Reply latency", "", intro, "", *_table(header, rows),
            *(["", *missing] if missing else [])]


def _paced_wait(result: dict[str, Any]) -> list[str]:
    """The personal recognizer's wait beyond the endpoint, answers played in real time
    (:mod:`.paced_wait`)."""
    every = result.get("paced_wait", [])
    missing = [f"personal not measured: {e.get('reason', '?')}"
               for e in every if e.get("measured") is False]
    entries = [e for e in every if e.get("measured") is not False]
    if not entries:
        return ["### Waiting for the personal recognizer", "", *missing] if missing else []
    entry = entries[0]
    first = next(iter(entry["wait_ms"].values()))
    rows = []
    for condition in first:
        cells = [f"{w['p50']} / {w['p95']} / {w['max']} ms" if w.get("answers") else "-"
                 for w in (by[condition] for by in entry["wait_ms"].values())]
        rows.append([f"{condition} ({first[condition].get('answers', 0)} answers)", *cells])
    tally = entry["tally"]
    header = ["answer (wait p50 / p95 / max)",
              *(f"heard {mode}" for mode in entry["wait_ms"])]
    note = (f"{tally['answers']} answers of {entry['people']} people, each heard both ways: "
            f"{tally['right']} right, {tally['answers differing']} answers differing between "
            f"the two; hearings begun early {tally['heard early and used']} used, "
            f"{tally['heard early and set aside']} set aside (the person went on).")
    return ["### Waiting for the personal recognizer", "",
            "From the moment a microphone would have delivered the frame on which the "
            "endpointer decided that the answer had ended, to the recognizer's answer "
            "(answers played in real time).", "", *_table(header, rows), "", note,
            *(["", *missing] if missing else [])]


def _startup(result: dict[str, Any]) -> list[str]:
    every = result.get("startup", [])
    entries = [e for e in every if e.get("measured") is not False]
    missing = [f"{e['engine']} not measured: {e.get('reason', '?')}"
               for e in every if e.get("measured") is False]
    if not entries:
        return ["### Start-up and memory", "", *missing] if missing else []
    targets = result["targets"]
    header = ["start-up and memory", *map(_label, entries), "target"]
    rows = [["start-up to the first spoken prompt (median)",
             *(f"{e['startup_seconds']['median']:.2f} s" for e in entries),
             f"< {targets['startup_seconds']:g} s"],
            ["peak memory (RSS, median)",
             *(f"{e['peak_rss_mb']['median']:.0f} MB" for e in entries),
             f"< {targets['peak_rss_mb']:g} MB"]]
    return ["### Start-up and memory", "", *_table(header, rows),
            *(["", *missing] if missing else [])]


def _conversations(result: dict[str, Any]) -> list[str]:
    entries = _measured_latency(result)
    if not entries:
        return []
    by_pin = {_label(e): {c["script"]: c for c in e.get("conversations", [])}
              for e in entries}
    header = ["spoken conversation", "questions", "turns", "answer audio",
              *(f"time, {label}" for label in by_pin)]
    rows = []
    for conv in entries[0].get("conversations", []):
        name = conv["script"]
        rows.append([f"{name} ({conv.get('outcome', '?')})", str(conv.get("questions", "?")),
                     str(conv.get("turns", "?")), f"{conv.get('audio_seconds', 0):.1f} s",
                     *(f"{convs[name]['seconds']:.1f} s" if name in convs else "-"
                       for convs in by_pin.values())])
    return ["### Whole conversations", "", *_table(header, rows)]
