"""The benchmark result as Markdown: the tables the README's Performance section shows."""

from __future__ import annotations

from typing import Any

GROUPS = (("yes/no", "yes/no answers right"),
          ("left/right/up/down", "left/right/up/down right"),
          ("digits", "digits right (16 kHz)"),
          ("digits 8k", "digits right (8 kHz phone audio)"))
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
             f"Command: `{result.get('command', 'backtalk bench')}`"
             + (" (quick run: not figures to publish)" if result.get("quick") else ""), ""]
    lines += _recognition(result)
    lines += _latency(result)
    lines += _startup(result)
    lines += _conversations(result)
    return "\n".join(lines) + "\n"


def _label(entry: dict[str, Any]) -> str:
    pin = entry.get("pinned")
    return entry.get("engine", "?") + ("" if pin is None else ", 1 core")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _count(cell: dict[str, Any] | None) -> str:
    if not cell or not cell.get("clips"):
        return "-"
    hits = cell.get("right", cell.get("count", 0))
    return f"{hits}/{cell['clips']} ({hits / cell['clips']:.0%})"


def _recognition(result: dict[str, Any]) -> list[str]:
    entries = result.get("recognizers", [])
    if not entries:
        return []
    targets = result["targets"]
    header = ["real recordings, through the live answer path", *map(_label, entries),
              "target"]
    rows = []
    for key, title in GROUPS:
        target = f"≥ {targets['yes_no_accuracy']:.0%}" if key == "yes/no" else ""
        rows.append([title, *(_cell(e, lambda r, k=key: _count(r.get("groups", {}).get(k)))
                              for e in entries), target])
    rows.append(["non-answers taken as a yes/no answer (false accepts)",
                 *(_cell(e, lambda r: _count(r.get("false_accepts"))) for e in entries),
                 f"≤ {targets['false_accept_rate']:.0%}"])
    rows.append(["real-time factor (decode time / audio time)",
                 *(_cell(e, lambda r: f"{r['rtf']:.3f}" if "rtf" in r else "-")
                   for e in entries), ""])
    notes = [f"{e.get('engine')} not measured: {e.get('reason', 'unavailable')}"
             for e in entries if e.get("measured") is False]
    return ["### Recognition", "", *_table(header, rows), *(f"{n}\n" for n in notes)]


def _cell(entry: dict[str, Any], show: Any) -> str:
    if entry.get("measured") is False:
        return "not measured"
    loop = entry.get("loop", entry)
    return str(show(loop))


def _ms(stats: dict[str, Any] | None, key: str) -> str:
    if not stats or stats.get(key) is None:
        return "-"
    return f"{stats[key] * 1000:.0f} ms"


def _latency(result: dict[str, Any]) -> list[str]:
    entries = result.get("latency", [])
    if not entries:
        return []
    header = ["stage (p50 / p95)", *(_label({"engine": "pocketsphinx", **e})
                                     for e in entries), "target (p95)"]
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
    return ["### Reply latency", "", intro, "", *_table(header, rows)]


def _startup(result: dict[str, Any]) -> list[str]:
    entries = result.get("startup", [])
    if not entries:
        return []
    targets = result["targets"]
    header = ["start-up and memory", *map(_label, entries), "target"]
    rows = [["start-up to the first spoken prompt (median)",
             *(f"{e['startup_seconds']['median']:.2f} s" for e in entries),
             f"< {targets['startup_seconds']:g} s"],
            ["peak memory (RSS, median)",
             *(f"{e['peak_rss_mb']['median']:.0f} MB" for e in entries),
             f"< {targets['peak_rss_mb']:g} MB"]]
    return ["### Start-up and memory", "", *_table(header, rows)]


def _conversations(result: dict[str, Any]) -> list[str]:
    entries = result.get("latency", [])
    if not entries:
        return []
    by_pin = {e.get("pinned"): {c["script"]: c for c in e.get("conversations", [])}
              for e in entries}
    header = ["spoken conversation", "questions", "turns", "answer audio",
              *(f"time{'' if pin is None else ', 1 core'}" for pin in by_pin)]
    rows = []
    for conv in entries[0].get("conversations", []):
        name = conv["script"]
        rows.append([f"{name} ({conv.get('outcome', '?')})", str(conv.get("questions", "?")),
                     str(conv.get("turns", "?")), f"{conv.get('audio_seconds', 0):.1f} s",
                     *(f"{convs[name]['seconds']:.1f} s" if name in convs else "-"
                       for convs in by_pin.values())])
    return ["### Whole conversations", "", *_table(header, rows)]
