"""Reading the ``findings`` section: what the questions find out, and of what type."""

from __future__ import annotations

import math

from .model import Finding
from .reader import ID_PATTERN, Reader, closest, is_number

FINDING_TYPES = ("yes_no", "choice", "number")
FINDING_KEYS = ("type", "about", "alarm", "choices", "min", "max", "unit")
ONLY_FOR = {"choices": "choice", "min": "number", "max": "number", "unit": "number"}
"""Keys that mean something for one type only; on another they are a mistake."""


def read_findings(reader: Reader) -> dict[str, Finding]:
    data = reader.section("findings", dict) or {}
    out: dict[str, Finding] = {}
    for key, spec in data.items():
        if not ID_PATTERN.match(key):
            reader.problem(data, f"finding '{key}': use lower_case_with_underscores", key)
            continue
        if not isinstance(spec, dict):
            reader.problem(data, f"finding '{key}' must be a mapping with 'type'", key)
            continue
        ftype = spec.get("type")
        if ftype not in FINDING_TYPES:
            reader.problem(spec, f"finding '{key}': type must be one of "
                           f"{', '.join(FINDING_TYPES)}", "type")
            continue
        for extra in spec:
            if extra not in FINDING_KEYS:
                # Often an unquoted comma: "about: fainted, or felt faint" makes
                # "or felt faint" a key of its own.
                reader.problem(spec, f"finding '{key}': unknown key '{extra}'"
                               f"{closest(extra, FINDING_KEYS)} (expected "
                               f"{', '.join(FINDING_KEYS)}; quote a text with a comma)",
                               extra)
            elif ONLY_FOR.get(extra, ftype) != ftype:
                reader.problem(spec, f"finding '{key}': '{extra}' is only for a "
                               f"{ONLY_FOR[extra]} finding, and this one is {ftype}", extra)
        choices = reader.word_list(spec, "choices") if ftype == "choice" else ()
        if ftype == "choice" and len(choices) < 2:
            reader.problem(spec, f"finding '{key}': a choice needs at least two 'choices'")
        lo, hi = (spec.get("min", 0), spec.get("max", 0)) if ftype == "number" else (0, 0)
        if not (is_number(lo) and is_number(hi) and math.isfinite(lo) and math.isfinite(hi)
                and (lo < hi or ftype != "number")):
            reader.problem(spec, f"finding '{key}': a number needs 'min' < 'max' (plain "
                           "numbers)")
            lo, hi = 0, 0
        out[key] = Finding(key, ftype, reader.text(spec, "about", required=False),
                           reader.flag(spec, "alarm", f"finding '{key}'"), choices,
                           float(lo), float(hi),
                           reader.text(spec, "unit", required=False))
    return out
