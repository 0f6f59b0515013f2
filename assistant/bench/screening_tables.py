"""The spoken screenings as Markdown: one row per noise condition and engine."""

from __future__ import annotations

from typing import Any

from .interval import shown_rate
from .recognition_tables import table
from .screening_patients import MAX_ANSWERS


def screenings(result: dict[str, Any]) -> list[str]:
    entries = result.get("screenings", [])
    if not entries:
        return []
    rows = []
    notes = []
    for entry in entries:
        if entry.get("measured") is False:
            notes.append(f"{entry.get('engine')} not measured: {entry.get('reason')}")
            continue
        for condition, c in entry["conditions"].items():
            right = c.get("right_by_patient", c["right_outcome"])
            late = c["beyond_endpoint"]
            rows.append([entry["engine"], condition, str(c["conversations"]),
                         f"{c['reasks_mean']:.1f} / {c['reasks_max']}",
                         shown_rate(right), str(c.get("cut_off", "")),
                         str(c["answers"]),
                         f"{late['p50'] * 1000:.0f} / {late['p95'] * 1000:.0f} ms",
                         _listened(c.get("listened"))])
    targets = result.get("targets", {})
    draws = max((e.get("draws", 1) for e in entries), default=1)
    cut = max((e.get("max_answers", MAX_ANSWERS) for e in entries), default=MAX_ANSWERS)
    again = (f" Each patient was screened {draws} times, with other recordings and noise "
             "each time; the screenings of one patient are not independent, so the "
             "interval is of the count shrunk by its design effect (how alike one "
             "patient's screenings came out)." if draws > 1 else "")
    intro = ("Whole screenings answered with real recordings of held-out speakers (a "
             "different speaker for each answer), through the voice loop with the "
             f"recognizer as built.{again} Cut off: screenings stopped at {cut} answers, "
             "counted as not right. Re-asks: answers beyond those the same words need when "
             f"typed (target ≤ {targets.get('screening_reasks', 2)} in quiet). Latency: "
             "reply beyond the endpoint, p95 target < "
             f"{targets.get('beyond_endpoint_p95_seconds', 0.3) * 1000:.0f} ms. Listened: "
             "audio heard for each answer, answer included (an answer file ends about ten "
             "seconds after its word).")
    left_out = [n for e in entries for n in e.get("left_out", [])]
    header = ["engine", "condition", "screenings", "re-asks (mean / max)",
              "right outcome", "cut off", "answers", "latency p50 / p95",
              "listened p50 / p95"]
    return ["### Spoken screenings with real recordings", "", intro, "",
            *table(header, rows), *(f"{n}\n" for n in notes),
            *(["Left out: " + "; ".join(left_out), ""] if left_out else [])]


def _listened(figures: dict[str, float] | None) -> str:
    return "-" if not figures else f"{figures['p50']:.1f} / {figures['p95']:.1f} s"
