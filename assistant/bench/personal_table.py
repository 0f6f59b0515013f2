"""The personal benchmark as a Markdown table: each reading, each condition, with counts."""

from __future__ import annotations

from typing import Any

from .interval import shown
from .personal_sets import TAKES

ROWS = (("recorded", "enrolled words right, as recorded"),
        ("slowed 0.6x", "enrolled words right, slowed to 0.6x"),
        ("20 dB quieter", "enrolled words right, 20 dB quieter"),
        ("other words", "other words taken (false accepts)"),
        ("noise", "noise clips taken (false accepts)"),
        ("own words left out", "own words left out of the enrollment taken (false accepts)"),
        ("other words sure", "other words taken at confidence >= 0.9"),
        ("noise sure", "noise clips taken at confidence >= 0.9"),
        ("own words left out sure", "own words left out taken at confidence >= 0.9"),
        ("recorded wrong", "wrong word given, as recorded"),
        ("recorded sure and wrong", "wrong word at confidence >= 0.9, as recorded"),
        ("recorded guess", "right as a close guess (put back to the person), as recorded"),
        ("slowed 0.6x guess", "right as a close guess, slowed to 0.6x"),
        ("20 dB quieter guess", "right as a close guess, 20 dB quieter"),
        ("recorded guess wrong", "wrong word as a close guess, as recorded"),
        ("other words guess", "other words taken as a close guess"),
        ("noise guess", "noise clips taken as a close guess"),
        ("own words left out guess", "own words left out taken as a close guess"),
        ("guesses at confidence 0.5 or more", "close guesses at confidence >= 0.5, of all "
                                              "clips"))


def personal_lines(result: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for measured in result.get("personal", []):
        if not measured.get("measured", False):
            lines += [f"Personal voice: not measured ({measured.get('reason')}).", ""]
            continue
        people = measured["people"]
        source = measured["enrollment"] or f"{measured['half']} speakers"
        who = "1 person" if len(people) == 1 else f"{len(people)} people"
        takes = measured.get("takes", TAKES)
        lines += [f"Personal voice ({source}: {who}, {takes} takes of each word enrolled, "
                  f"{sum(p['tests'] for p in people)} later takes heard):", "",
                  "| | templates alone | answer given (templates, then Whisper) |",
                  "| --- | --- | --- |"]
        for key, label in ROWS:
            cells = []
            for reading in ("alone", "given"):
                found = measured["summary"][reading].get(key)
                cells.append(shown(found["right"], found["clips"]) if found else "-")
            lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
        lines += ["", "| time per answer, after the endpoint | answers | CPU mean / p95 | "
                  "wall p50 / p95 |", "| --- | --- | --- | --- |"]
        for group, spent in measured.get("time_ms", {}).items():
            lines.append(f"| {group} | {spent['answers']} | {spent['cpu_mean']} / "
                         f"{spent['cpu_p95']} ms | {spent['wall_p50']} / {spent['wall_p95']} ms |")
        lines += ["", f"Peak RSS {measured.get('peak_rss_mb')} MB.", ""]
    return lines
