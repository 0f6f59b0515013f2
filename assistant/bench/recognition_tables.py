"""The recognition figures as Markdown: per group and per word, each with its count and
95 % interval, then what each engine costs (CPU per answer, peak memory)."""

from __future__ import annotations

from typing import Any

from .interval import shown

GROUPS = (("yes/no", "yes/no answers right", "yes_no_accuracy"),
          ("left/right/up/down", "left/right/up/down right", "choice_accuracy"),
          ("digits", "digits right (16 kHz)", "digit_accuracy"),
          ("digits 8k", "digits right (8 kHz phone audio, resampled)", "digit_accuracy"))


def label(entry: dict[str, Any]) -> str:
    pin = entry.get("pinned")
    return entry.get("engine", "?") + ("" if pin is None else ", 1 core")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _count(cell: dict[str, Any] | None) -> str:
    if not cell or not cell.get("clips"):
        return "-"
    return shown(cell.get("right", cell.get("count", 0)), cell["clips"])


def _cell(entry: dict[str, Any], show: Any) -> str:
    if entry.get("measured") is False:
        return "not measured"
    return str(show(entry.get("loop", entry)))


def recognition(result: dict[str, Any]) -> list[str]:
    entries = result.get("recognizers", [])
    if not entries:
        return []
    targets = result["targets"]
    # The pinned run decodes the same clips: its counts repeat the unpinned ones.
    counted = [e for e in entries if e.get("pinned") is None]
    half = result.get("half", "all")
    header = [f"real recordings ({half} speakers), through the live answer path",
              *map(label, counted), "target"]
    rows = []
    for key, title, target in GROUPS:
        rows.append([title, *(_cell(e, lambda r, k=key: _count(r.get("groups", {}).get(k)))
                              for e in counted), f"≥ {targets[target]:.0%}"])
    fa = f"≤ {targets['false_accept_rate']:.0%}"
    rows.append(["other words taken as an answer (false accepts)",
                 *(_cell(e, lambda r: _count(r.get("false_accepts"))) for e in counted), fa])
    rows.append(["noise clips taken as an answer (false accepts)",
                 *(_cell(e, lambda r: _count(r.get("noise_accepts"))) for e in counted), fa])
    notes = [f"{e.get('engine')} not measured: {e.get('reason', 'unavailable')}"
             for e in entries if e.get("measured") is False]
    return ["### Recognition", "", "Counts with their 95 % Wilson interval (CI).", "",
            *table(header, rows), *(f"{n}\n" for n in notes), *_words(counted),
            *_costs(entries)]


def _words(entries: list[dict[str, Any]]) -> list[str]:
    measured = [e for e in entries if e.get("measured") is not False]
    if not measured:
        return []
    rows: dict[str, list[str]] = {}
    for index, entry in enumerate(measured):
        loop = entry.get("loop", entry)
        cells: dict[str, dict[str, Any]] = {}
        for key, _title, _target in GROUPS:
            for word, cell in loop.get("groups", {}).get(key, {}).get("words", {}).items():
                cells[f"{word} (8 kHz)" if key == "digits 8k" else word] = cell
        for word, cell in cells.items():
            rows.setdefault(word, ["-"] * len(measured))[index] = _count(cell)
    accepted: dict[str, list[str]] = {}
    for index, entry in enumerate(measured):
        loop = entry.get("loop", entry)
        for source in ("false_accepts", "noise_accepts"):
            for word, cell in (loop.get(source) or {}).get("per_word", {}).items():
                accepted.setdefault(word, ["-"] * len(measured))[index] = _count(cell)
    out = ["Per word (right / clips):", "",
           *table(["word", *map(label, measured)], [[w, *c] for w, c in rows.items()])]
    if accepted:
        out += ["Non-answers taken as an answer, by word (only words with any):", "",
                *table(["word", *map(label, measured)],
                       [[w, *c] for w, c in sorted(accepted.items())])]
    return out


def _costs(entries: list[dict[str, Any]]) -> list[str]:
    measured = [e for e in entries if e.get("measured") is not False]
    if not measured:
        return []

    def value(key: str, unit: str, digits: int = 0) -> list[str]:
        return [f"{e[key]:.{digits}f} {unit}" if isinstance(e.get(key), (int, float))
                else "-" for e in measured]

    rows = [["CPU per answer (process time, mean)", *value("cpu_ms_per_answer", "ms")],
            ["wall time per answer (mean)", *value("wall_ms_per_answer", "ms")],
            ["real-time factor (decode time / audio time)",
             *[f"{e['rtf']:.3f}" if isinstance(e.get("rtf"), float) else "-"
               for e in measured]],
            ["engine load", *value("load_seconds", "s", 2)],
            ["peak RSS of the benchmark process (engine, dialogue, voice loop)",
             *value("peak_rss_mb", "MB")]]
    return ["What each answer costs:", "", *table(["cost", *map(label, measured)], rows)]
