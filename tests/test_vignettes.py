"""Virtual patients (``tests/vignettes/*.yaml``) screened with the real dialogue.

Each vignette is a findings file describing a realistic patient; the expected outcome is
what the source articles call for. Every vignette runs through ``simulate`` in process,
and one per outcome level also through ``python -m assistant.cli simulate --json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.dialog.expr import LEVELS
from assistant.dialog.model import Dialog
from assistant.dialog.simulate import check_findings, load_findings, simulate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
VIGNETTES = Path(__file__).resolve().parent / "vignettes"

A000 = "000_caac9529be028eed.txt"  # after stroke / heart attack / stress / poisoning
A001 = "001_e2abd9c330d6a3e1.txt"  # spinal infections, headache alarm signals, other reasons
A002 = "002_b1bbf1f53952834f.txt"  # left side, kidney, when a doctor's help is vital
A003 = "003_125a6ce191d18c81.txt"  # after sleep
A004 = "004_159567c9729f6f9c.txt"  # after angioplasty

CONCERNED = (A004, "When Should You Be Concerned?")
HEART = (A000, "Back pain after heart attack")
VITAL = (A002, "When a doctor's help is vital")
HEADACHE = (A001, "When should you see a doctor?")

RunCli = Callable[..., Any]


@dataclass(frozen=True)
class Expect:
    level: str
    rule: str
    """A rule that must match, at the outcome level (the reason given)."""
    ends_at: str | None = None
    """The last question asked: the answer that settled the outcome."""
    specialist: str | None = None
    advice: tuple[str, ...] = ()
    source: tuple[str, str] | None = None



EXPECTED: dict[str, Expect] = {
    # -- emergency: after angioplasty, each sign of article 004's list ----------------------
    "angioplasty_short_of_breath": Expect("emergency", "heart_signs", "shortness_of_breath",
                                          advice=("no_new_medicine",), source=HEART),
    "angioplasty_chest_tightness": Expect("emergency", "heart_signs", "chest_pain",
                                          source=HEART),
    "angioplasty_dizzy_spells": Expect("emergency", "heart_signs", "fainting", source=HEART),
    "angioplasty_cold_sweat": Expect("emergency", "after_angioplasty_alarm", "cold_sweat",
                                     advice=("no_new_medicine",), source=CONCERNED),
    "angioplasty_vomiting": Expect("emergency", "after_angioplasty_alarm", "nausea_vomiting",
                                   source=CONCERNED),
    "angioplasty_sudden_severe_pain": Expect("emergency", "sudden_severe_pain",
                                             "sudden_severe_pain", source=CONCERNED),
    # -- emergency: after a heart attack, any back pain ------------------------------------
    "heart_attack_upper_back": Expect("emergency", "after_heart_attack", "recent_heart_attack",
                                      advice=("no_new_medicine",), source=HEART),
    "heart_attack_middle_back": Expect("emergency", "after_heart_attack",
                                       "recent_heart_attack", source=HEART),
    "heart_attack_lower_back": Expect("emergency", "after_heart_attack",
                                      "recent_heart_attack", source=HEART),
    # -- emergency: other signs ------------------------------------------------------------
    "spinal_infection": Expect("emergency", "spinal_infection_signs", "everything_hurts",
                               source=(A001, "Cause 1. Spinal infections")),
    "tearing_pain_mid_back": Expect("emergency", "tearing_pain", "tearing_pain", source=HEART),
    "pain_into_left_arm": Expect("emergency", "heart_signs", "pain_to_arm_or_jaw",
                                 source=HEART),
    # -- urgent: "when a doctor's help is vital", each sign ---------------------------------
    "vital_pain_spreading": Expect("urgent", "pain_out_of_control", "pain_spreading",
                                   "a general practitioner", source=VITAL),
    "vital_painkillers_do_not_help": Expect("urgent", "pain_out_of_control",
                                            "pain_not_relieved", "a general practitioner",
                                            source=VITAL),
    "vital_legs_tingling": Expect("urgent", "nerve_signs", "leg_numbness_or_weakness",
                                  "a neurologist", source=VITAL),
    "vital_leg_cramps": Expect("urgent", "nerve_signs", "leg_cramps", "a neurologist",
                               source=VITAL),
    "vital_groin_numb": Expect("urgent", "nerve_signs", "groin_numbness", "a neurosurgeon",
                               source=VITAL),
    "vital_erection_problems": Expect("urgent", "erectile_dysfunction", "erectile_dysfunction",
                                      "an andrologist", source=VITAL),
    "vital_blood_in_urine": Expect("urgent", "blood_in_urine", "blood_in_urine", "a urologist",
                                   source=VITAL),
    # -- urgent: the seven headache alarm signals ------------------------------------------
    "headache_sudden_severe": Expect("urgent", "headache_alarm", "headache_sudden_severe",
                                     "your family doctor", source=HEADACHE),
    "headache_worse_every_day": Expect("urgent", "headache_alarm", "headache_worsening",
                                       "your family doctor", source=HEADACHE),
    "headache_new_kind": Expect("urgent", "headache_alarm", "headache_new_pattern",
                                "your family doctor", source=HEADACHE),
    "headache_on_coughing": Expect("urgent", "headache_alarm", "headache_with_cough",
                                   "your family doctor", source=HEADACHE),
    "headache_blurred_vision": Expect("urgent", "headache_alarm", "vision_problems",
                                      "your family doctor", source=HEADACHE),
    "headache_with_rash": Expect("urgent", "headache_alarm", "rash", "your family doctor",
                                 source=HEADACHE),
    "headache_after_fall": Expect("urgent", "headache_alarm", "head_or_neck_injury",
                                  "your family doctor", source=HEADACHE),
    # -- urgent: other ---------------------------------------------------------------------
    "fever_without_body_aches": Expect("urgent", "fever", specialist="a general practitioner",
                                       source=(A001, "Cause 1. Spinal infections")),
    "fever_unsure": Expect("urgent", "alarm_sign_unclear", specialist="a general practitioner",
                           source=VITAL),
    "after_food_poisoning": Expect("urgent", "after_poisoning", "recent_poisoning",
                                   source=(A000, "Back pain after poisoning")),
    "kidney_pain_burning_urine": Expect("urgent", "kidney_with_urine_pain",
                                        "painful_urination", "a nephrologist",
                                        source=(A002, "Pain in the kidney area")),
    "pain_on_breathing_in": Expect("urgent", "worse_when_breathing", "worse_when_breathing",
                                   source=(A002, "Pain in the hypochondrium when inhaling")),
    # -- soon ------------------------------------------------------------------------------
    "kidney_ache_at_rest": Expect("soon", "kidney_area", specialist="a nephrologist",
                                  advice=("kidney_tests",),
                                  source=(A002, "Localization of pain and its causes")),
    "kidney_area_worse_moving": Expect("soon", "kidney_area_with_movement",
                                       specialist="a neurologist",
                                       advice=("medicine_by_doctor",),
                                       source=(A002, "Who's hurting?")),
    "after_stroke": Expect("soon", "after_stroke", specialist="your doctor",
                           advice=("stroke_bed", "stroke_position", "stroke_sitting"),
                           source=(A000, "Back pain after stroke")),
    "headache_no_alarm_signs": Expect("soon", "headache", "head_or_neck_injury",
                                      "a general practitioner", source=HEADACHE),
    "gardening_five_days": Expect("soon", "exercise_not_settling",
                                  specialist="a general practitioner",
                                  advice=("limit_heavy_work",), source=(A001, "Other reasons")),
    "angioplasty_ten_days": Expect("soon", "after_angioplasty_follow_up",
                                   specialist="your cardiologist",
                                   advice=("angioplasty_no_lifting",),
                                   source=(A004, "When to Follow Up with Your Doctor?")),
    "angioplasty_daily_life": Expect("soon", "after_angioplasty_follow_up",
                                     specialist="your cardiologist",
                                     source=(A004, "When to Follow Up with Your Doctor?")),
    "two_weeks_of_pain": Expect("soon", "persistent_pain", specialist="a general practitioner",
                                source=(A002, "Pain in the left side behind in the area of "
                                        "the kidney and lower back")),
    "strong_pain_score": Expect("soon", "severe_pain", specialist="a neurologist",
                                advice=("medicine_by_doctor",)),
    "woman_over_50_mornings": Expect("soon", "woman_over_50_after_sleep", "woman_over_50",
                                     "a general practitioner", ("bone_check",),
                                     (A003, "After sleep, the back hurts in the kidney area, "
                                      "what to do?")),
    # -- self care -------------------------------------------------------------------------
    "stiff_after_sleep": Expect("self_care", "after_sleep",
                                advice=("firm_mattress", "sleep_on_back", "keep_moving"),
                                source=(A003, "Why does the back and lower back hurt after "
                                        "sleep?")),
    "gym_yesterday": Expect("self_care", "after_exercise",
                            advice=("limit_heavy_work", "not_better_in_days"),
                            source=(A001, "Other reasons")),
    "office_stress": Expect("self_care", "after_stress", "stress",
                            advice=("stress_exercise", "no_alcohol"),
                            source=(A000, "Back pain after stress")),
    "angioplasty_mild_ache": Expect("self_care", "after_angioplasty_mild",
                                    advice=("angioplasty_gentle", "angioplasty_medicine"),
                                    source=(A004, "How to Manage Upper Back Pain After "
                                            "Angioplasty")),
    "plain_low_back_ache": Expect("self_care", "", advice=("keep_moving", "posture",
                                                           "see_doctor_if_not_better")),
}


KNOWN_BUGS: dict[str, str] = {}


def vignette_params() -> list[Any]:
    return [pytest.param(name, expect, id=name,
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])]
                         if name in KNOWN_BUGS else [])
            for name, expect in EXPECTED.items()]


def squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


def read_vignette(name: str) -> dict[str, Any]:
    data = yaml.safe_load((VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run(dialog: Dialog, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checked findings of a vignette and the simulation's result."""
    findings = check_findings(read_vignette(name), dialog)
    return findings, simulate(dialog, findings)


def check_sources(result: dict[str, Any]) -> None:
    assert result["sources"], "an outcome must name its sources"
    for source in result["sources"]:
        article = SEEDS / source["article"]
        assert article.is_file(), f"source article {source['article']} is not in {SEEDS}"
        assert squash(source["heading"]) in squash(article.read_text(encoding="utf-8")), \
            f"heading {source['heading']!r} is not in {source['article']}"


# -- the table itself -------------------------------------------------------------------------
def test_every_vignette_file_has_an_expectation_and_back() -> None:
    files = {p.stem for p in VIGNETTES.glob("*.yaml")}
    assert files == set(EXPECTED)


def test_vignettes_cover_every_outcome_level() -> None:
    levels = {e.level for name, e in EXPECTED.items() if name not in KNOWN_BUGS}
    assert levels == set(LEVELS)


# -- each vignette ----------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "expect"), vignette_params())
def test_vignette(dialog: Dialog, name: str, expect: Expect) -> None:
    findings, result = run(dialog, name)
    asked = result["questions"]
    summary = (f"{name}: {result['outcome']} after {asked}; rules {result['rules']}; "
               f"findings {result['findings']}")
    assert result["outcome"] == expect.level, summary
    assert result["completed"] is True and result["stopped"] is False
    if expect.rule:
        assert expect.rule in result["rules"], summary
        rule_level = {r.id: r.level for r in dialog.rules}[expect.rule]
        assert rule_level == expect.level
    else:
        assert result["rules"] == [], summary
    if expect.ends_at:
        assert asked[-1] == expect.ends_at, summary
    if expect.specialist:
        assert expect.specialist in result["specialists"]
    advice_ids = [a["id"] for a in result["advice"]]
    for advice_id in expect.advice:
        assert advice_id in advice_ids
    if expect.source:
        article, heading = expect.source
        assert {"article": article, "heading": heading} in result["sources"]
    check_sources(result)

    # What the virtual patient said was understood as the file says ...
    for key, value in findings.items():
        if key in asked:
            assert result["findings"][key] == value, f"{key}: said {value!r}"
    # ... and what the file leaves out was answered "no" (yes/no) or "unknown" (others).
    for qid in asked:
        key = dialog.questions[qid].finding.key
        if key not in findings:
            missing = "no" if dialog.findings[key].type == "yes_no" else "unknown"
            assert result["findings"][key] == missing, key
    assert set(result["findings"]) == {dialog.questions[q].finding.key for q in asked}

    last_words = result["transcript"][-1]["assistant"]
    if expect.level == "emergency":
        assert "ambulance" in result["next_step"] and "112" in result["next_step"]
        assert result["next_step"] in last_words
    else:
        assert "ambulance" not in result["next_step"]
        # The safety advice is spoken whenever the screening ends short of an emergency.
        assert dialog.advice["call_if_alarm"].say.replace("{emergency_number}", "112") \
            in last_words


# -- through the command line -----------------------------------------------------------------
CLI_KEYS = {"outcome", "questions_asked", "findings", "specialists", "advice", "sources",
            "transcript"}


@pytest.mark.parametrize("name", ["spinal_infection", "vital_blood_in_urine",
                                  "kidney_ache_at_rest", "stiff_after_sleep"])
def test_vignette_through_cli(dialog: Dialog, run_cli: RunCli, tmp_path: Path,
                              name: str) -> None:
    path = VIGNETTES / f"{name}.yaml"
    done = run_cli("--data-dir", str(tmp_path), "simulate", "--findings", str(path), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert not CLI_KEYS - set(result), f"missing keys: {CLI_KEYS - set(result)}"
    assert result["outcome"] == EXPECTED[name].level
    assert result["questions_asked"] == len(result["questions"]) > 0
    assert result["transcript"][0]["assistant"].startswith("Hello")
    check_sources(result)
    # The command line gives exactly what the library gives.
    assert result == json.loads(json.dumps(simulate(dialog, load_findings(path, dialog))))


def test_cli_emergency_number_is_spoken(run_cli: RunCli, tmp_path: Path) -> None:
    path = VIGNETTES / "angioplasty_chest_tightness.yaml"
    done = run_cli("--emergency-number", "911", "--data-dir", str(tmp_path), "simulate",
                   "--findings", str(path), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] == "emergency"
    assert "911" in result["next_step"] and "112" not in result["next_step"]


@pytest.mark.parametrize(("content", "words"), [
    ("fever: yes\nback_ache: yes\n", ["'back_ache'", "not a known finding", ":2:"]),
    ("location: lower\nside: up\n", ["side", "'up'", ":2:"]),
    ("severity: 15\n", ["severity", "0 to 10", "15"]),
    ("days: -2\n", ["days", "-2"]),
    ("fever: maybe\n", ["fever", "'maybe'"]),
])
def test_cli_rejects_bad_findings_file(run_cli: RunCli, tmp_path: Path, content: str,
                                       words: list[str]) -> None:
    path = tmp_path / "patient.yaml"
    path.write_text(content, encoding="utf-8")
    done = run_cli("--data-dir", str(tmp_path), "simulate", "--findings", str(path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert str(path) in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


# -- missing and unknown answers --------------------------------------------------------------
def test_missing_yes_no_finding_is_answered_no(dialog: Dialog) -> None:
    findings, result = run(dialog, "plain_low_back_ache")
    said = [turn["user"] for turn in result["transcript"][1:]]
    assert len(said) == len(result["questions"])  # each question understood at once
    yes_no = 0
    for qid, answer in zip(result["questions"], said, strict=True):
        key = dialog.questions[qid].finding.key
        if key in findings:
            continue
        assert dialog.findings[key].type == "yes_no", key
        assert (answer, result["findings"][key]) == ("no", "no"), key
        yes_no += 1
    assert yes_no >= 10
    assert result["outcome"] == "self_care"


ALARM_CONTEXTS: list[dict[str, Any]] = [
    {"location": "upper", "recent_angioplasty": "yes"},
    {"location": "middle"},
    {"location": "lower", "side": "left", "kidney_area": "yes"},
    {"location": "lower", "side": "right", "kidney_area": "yes"},
]
NEEDS: dict[str, dict[str, Any]] = {
    "everything_hurts": {"fever": "unknown"},
    **{k: {"headache": "yes"} for k in ("headache_sudden_severe", "headache_worsening",
                                        "headache_new_pattern", "headache_with_cough",
                                        "vision_problems", "rash", "head_or_neck_injury")},
}


def test_unknown_alarm_sign_never_ends_in_self_care(dialog: Dialog) -> None:
    """Each alarm sign answered "I don't know" (until recorded unknown): at least urgent."""
    asked_somewhere = set()
    for key in sorted(dialog.alarm_keys):
        for context in ALARM_CONTEXTS:
            data = {**context, "days": 2, "severity": 3, "stress": "yes",
                    "worse_after_sleep": "yes", **NEEDS.get(key, {}), key: "unknown"}
            result = simulate(dialog, check_findings(data, dialog))
            if key not in result["findings"]:
                continue
            asked_somewhere.add(key)
            where = f"{key}=unknown with {context}: {result['outcome']} {result['rules']}"
            assert result["findings"][key] == "unknown", where
            assert result["outcome"] in ("urgent", "emergency"), where
    assert asked_somewhere == set(dialog.alarm_keys)


def test_fever_unknown_in_file_is_said_as_dont_know_twice(dialog: Dialog) -> None:
    _, result = run(dialog, "fever_unsure")
    fever_turns = [t for t in result["transcript"][1:] if t["user"] == "I don't know"]
    # An alarm sign gets one more chance before "I don't know" is recorded.
    assert len(fever_turns) == 2
    assert result["findings"]["fever"] == "unknown"
    assert result["outcome"] != "self_care"
