"""Facts about the person that do not change between screenings, set once by a caregiver.

They live in the ``[person]`` table of ``config.toml``. Each one set there becomes a
finding known before the screening starts, so its question is not asked: a person in pain
or recovering from a stroke tires quickly. What is not set is asked as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TABLE = "person"

FACTS: dict[str, tuple[str, str]] = {
    "sex": ("female or male", "sex"),
    "age": ("age in years, a whole number from 0 to 130", "woman_over_50"),
    "stroke": ("true if they have ever had a stroke", "previous_stroke"),
    "heart_attack": ("true if they have ever had a heart attack", "recent_heart_attack"),
    "angioplasty": ("true if they had angioplasty (a heart artery opened) in the last few "
                    "weeks; set it back to false later", "recent_angioplasty"),
}
"""Setting -> (what it takes, the finding it answers)."""

EXAMPLE = {"sex": "female", "age": 72, "stroke": True, "heart_attack": False,
           "angioplasty": False}


class PersonError(ValueError):
    """A ``[person]`` setting is wrong; the message says which and what is allowed."""


def read_person(table: Any, where: str) -> dict[str, Any]:
    """Check the ``[person]`` table; return the settings as given."""
    if not isinstance(table, Mapping):
        raise PersonError(f"{where}: [{TABLE}] must be a table of settings "
                          f"({', '.join(FACTS)})")
    for key, value in table.items():
        if key not in FACTS:
            raise PersonError(f"{where}: unknown setting '{key}' in [{TABLE}]; valid: "
                              f"{', '.join(FACTS)}")
        ok = (value in ("female", "male") if key == "sex" else
              isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 130
              if key == "age" else isinstance(value, bool))
        if not ok:
            what = FACTS[key][0]
            if key not in ("sex", "age"):  # yes or no facts: TOML's true and false
                what = f"true or false, without quotes ({what})"
            raise PersonError(f"{where}: [{TABLE}] {key} = {value!r} is not allowed: "
                              f"{key} must be {what}")
    return dict(table)


def known_findings(person: Mapping[str, Any]) -> dict[str, Any]:
    """The findings the settings answer (``sex`` as is, the rest as yes or no)."""
    found: dict[str, Any] = {}
    sex, age = person.get("sex"), person.get("age")
    if sex is not None:
        found["sex"] = sex
    if sex == "male" or (sex == "female" and age is not None):
        found["woman_over_50"] = "yes" if sex == "female" and (age or 0) > 50 else "no"
    for key in ("stroke", "heart_attack", "angioplasty"):
        if key in person:
            found[FACTS[key][1]] = "yes" if person[key] else "no"
    return found


def template() -> list[str]:
    """The commented ``[person]`` section of the config template."""
    lines = [f"# [{TABLE}]: facts a caregiver sets once, so they are not asked every time.",
             f"# [{TABLE}]"]
    for key, (what, _) in FACTS.items():
        setting = f"# {key} = {show(EXAMPLE[key])}"
        lines.append(f"{setting:<24} # {what}")
    return lines


def show(value: Any) -> str:
    """A setting's value as it is written in the file."""
    return f'"{value}"' if isinstance(value, str) else str(value).lower()
