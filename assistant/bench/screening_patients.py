"""Who the spoken screenings are for, and what they say: people whose every answer can be
said with a word the shared recordings hold (yes, no, left, right, up, zero to nine).

The scripted conversations in ``dialogs/scripts`` answer in a fixed order, so one answer
misheard and asked again puts every later answer on the wrong question. These people
answer the question they are asked instead, from their findings, as the virtual patient
does (:mod:`assistant.dialog.simulate`), and say "no" to "Is that right?" when it was
misheard. The outcome wanted is the one the same findings reach when typed.
"""

from __future__ import annotations

from typing import Any

MAX_ANSWERS = 40
"""Answers after which a patient's spoken screening is cut off, and counted as not right:
a person tires. More (``backtalk bench --max-answers``) tells a wrong outcome from a long
screening."""

PATIENTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("chest pain: an ambulance", {"chest_pain": "yes"}),
    ("fever: a doctor today", {"fever": "yes", "location": "upper", "side": "right"}),
    ("blood in the urine: a doctor today",
     {"blood_in_urine": "yes", "location": "upper", "side": "left"}),
    ("after a stroke: a doctor soon",
     {"previous_stroke": "yes", "location": "upper", "side": "left"}),
    ("right kidney: a nephrologist soon", {"kidney_area": "yes", "side": "right"}),
    ("lifting, 3 days: care at home",
     {"heavy_lifting_or_exercise": "yes", "days": 3.0, "location": "upper",
      "side": "right"}),
    ("upper back, left, no alarm sign: care at home",
     {"location": "upper", "side": "left", "days": 2.0}),
    ("after angioplasty, pain 4 of 10",
     {"recent_angioplasty": "yes", "severity": 4.0, "days": 2.0, "location": "upper",
      "side": "left"}),
)
"""(name, findings). A finding not listed is a no (yes/no) as for the virtual patient."""
