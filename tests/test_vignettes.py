"""Virtual patients (``tests/vignettes/*.yaml``) screened with the real dialogue.

Each file tells a short story in a comment and holds two blocks::

    expect:
      level: urgent                      # what the articles call for
      source: {article: 002_....txt, heading: "When a doctor's help is vital"}
      why: numb groin with back pain ...
    findings:                            # what the virtual patient answers
      location: middle
      groin_numbness: yes

The expected level is decided from the source articles alone, not from the flow: a vignette
that fails shows where the flow gives a lower (or higher) level than the articles. Nothing
here asserts question ids, rule ids or the order of questions; those are the flow's business.
Every vignette runs through ``simulate`` in process, one per level also through
``python -m assistant.cli simulate --json``. The session ends with a one-line summary
(``tests/conftest.py``): how many outcomes match and how many questions a screening takes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.dialog.expr import LEVELS
from assistant.dialog.model import Dialog
from assistant.dialog.simulate import SimulateError, check_findings, load_findings, simulate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
VIGNETTES = Path(__file__).resolve().parent / "vignettes"

MAX_QUESTIONS = 40
EMERGENCY_NUMBER = "112"

# The alarm signs of the findings contract: a vignette with none of them answered yes or
# "I don't know" is a plain screening (the figure for "how many questions it takes").
ALARM_SIGNS = frozenset({
    "chest_pain", "shortness_of_breath", "fainting", "cold_sweat", "pain_to_arm_or_jaw",
    "tearing_pain", "sudden_severe_pain", "fever", "everything_hurts", "weakness",
    "groin_numbness", "leg_numbness_or_weakness", "leg_cramps", "bladder_problems",
    "blood_in_urine", "painful_urination", "nausea_vomiting", "swelling", "pain_not_relieved",
    "pain_spreading", "erectile_dysfunction", "weight_loss", "worse_when_breathing",
    "recent_heart_attack", "recent_poisoning",
    # The headache alarm signals (article 001, "When should you see a doctor?").
    "headache_sudden_severe", "headache_worsening", "headache_new_pattern",
    "headache_with_cough", "vision_problems", "rash", "head_or_neck_injury",
})

# One vignette per level also goes through the command line.
CLI_CASES = {
    "emergency": "tearing_pain_mid_back",
    "urgent": "pain_on_breathing_in",
    "soon": "kidney_area_ten_days",
    "self_care": "lifting_three_days",
}

RunCli = Callable[..., Any]


# -- reading the files ------------------------------------------------------------------------
def vignette_names() -> list[str]:
    return sorted(p.stem for p in VIGNETTES.glob("*.yaml"))


@cache
def read_vignette(name: str) -> dict[str, Any]:
    data = yaml.safe_load((VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}.yaml: must be a mapping with 'expect' and 'findings'")
    return data


def story(name: str) -> str:
    """The comment at the top of the file: who the patient is."""
    lines = (VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    return " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))


def said(value: Any) -> str:
    """A raw YAML value as the virtual patient would say it (YAML reads ``yes`` as True)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip().lower()


def has_alarm_sign(findings: dict[str, Any]) -> bool:
    return any(said(findings[key]) in ("yes", "unknown") for key in ALARM_SIGNS & set(findings))


def squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


@cache
def article_text(article: str) -> str:
    return squash((SEEDS / article).read_text(encoding="utf-8"))


def heading_problem(article: Any, heading: Any) -> str | None:
    """Why a named source is not a real heading of a real article (None when it is)."""
    if not isinstance(article, str) or not (SEEDS / article).is_file():
        return f"source article {article!r} is not in {SEEDS}"
    if not isinstance(heading, str) or not heading.strip():
        return f"source heading {heading!r} of {article} is empty"
    if squash(heading) not in article_text(article):
        return f"heading {heading!r} is not in {article}"
    return None


def check_sources(result: dict[str, Any]) -> None:
    assert result["sources"], "an outcome must name its sources"
    for source in result["sources"]:
        problem = heading_problem(source["article"], source["heading"])
        assert problem is None, problem


def checked_findings(name: str, dialog: Dialog) -> dict[str, Any]:
    """The vignette's findings as the flow reads them; a clear failure when it cannot."""
    try:
        return check_findings(read_vignette(name)["findings"], dialog, where=f"{name}.yaml")
    except SimulateError as exc:
        # The list of every known finding that follows is long; the first sentence says it.
        problem = str(exc).split(" Known findings:")[0]
    pytest.fail(problem, pytrace=False)


def explain(name: str, result: dict[str, Any] | None = None) -> str:
    """What a failing vignette is about, in words a clinician can check."""
    expect = read_vignette(name)["expect"]
    source = expect["source"]
    lines = [f"{name}: {story(name)}",
             f"  the articles call for: {expect['level']} ({source['article']}, "
             f"\"{source['heading']}\"): {expect['why']}"]
    if result is not None:
        lines += [f"  the flow gives: {result['outcome']} after {result['questions_asked']} "
                  f"questions; reasons {result['reasons']}",
                  f"  sources named: {[s['heading'] for s in result['sources']]}",
                  f"  answers heard: {result['findings']}"]
    return "\n".join(lines)


# -- the files themselves ---------------------------------------------------------------------
def test_there_are_enough_vignettes() -> None:
    names = vignette_names()
    assert len(names) >= 90, f"only {len(names)} vignettes"
    levels = {read_vignette(n)["expect"]["level"] for n in names}
    assert levels == set(LEVELS), f"levels covered: {sorted(levels)}"
    plain = [n for n in names if read_vignette(n)["expect"]["level"] in ("soon", "self_care")
             and not has_alarm_sign(read_vignette(n)["findings"])]
    assert len(plain) >= 15, f"only {len(plain)} plain screenings (no alarm sign)"
    for level, name in CLI_CASES.items():
        assert read_vignette(name)["expect"]["level"] == level, name


@pytest.mark.parametrize("name", vignette_names())
def test_vignette_file_is_well_formed(name: str) -> None:
    data = read_vignette(name)
    where = f"{name}.yaml"
    assert set(data) == {"expect", "findings"}, f"{where}: top-level keys are {sorted(data)}"
    assert story(name), f"{where}: starts with a comment telling the patient's story"
    expect = data["expect"]
    assert isinstance(expect, dict), f"{where}: expect must be a mapping"
    assert set(expect) == {"level", "source", "why"}, f"{where}: expect has {sorted(expect)}"
    assert expect["level"] in LEVELS, f"{where}: level {expect['level']!r} not in {LEVELS}"
    assert isinstance(expect["why"], str) and expect["why"].strip(), f"{where}: why is empty"
    source = expect["source"]
    assert isinstance(source, dict) and set(source) == {"article", "heading"}, \
        f"{where}: source must be {{article: ..., heading: ...}}"
    problem = heading_problem(source["article"], source["heading"])
    assert problem is None, f"{where}: {problem}"
    findings = data["findings"]
    assert isinstance(findings, dict) and findings, f"{where}: findings must be a mapping"


@pytest.mark.parametrize("name", vignette_names())
def test_vignette_uses_known_findings(dialog: Dialog, name: str) -> None:
    """Known keys and possible values only (``check_findings`` says which and why)."""
    checked_findings(name, dialog)


# -- each vignette through the screening ------------------------------------------------------
@pytest.mark.parametrize("name", vignette_names())
def test_vignette(dialog: Dialog, vignette_log: list[dict[str, Any]], name: str) -> None:
    data = read_vignette(name)
    expected = data["expect"]["level"]
    entry: dict[str, Any] = {"name": name, "expected": expected, "outcome": None,
                             "questions": None, "alarm": has_alarm_sign(data["findings"])}
    vignette_log.append(entry)
    findings = checked_findings(name, dialog)
    result = simulate(dialog, findings, emergency_number=EMERGENCY_NUMBER)
    entry.update(outcome=result["outcome"], questions=result["questions_asked"])
    why = explain(name, result)

    assert result["completed"] is True and result["stopped"] is False, why
    assert result["outcome"] == expected, why
    check_sources(result)
    source = data["expect"]["source"]
    assert {"article": source["article"], "heading": source["heading"]} in result["sources"], \
        f"the outcome does not name the source the articles give\n{why}"
    assert result["questions_asked"] <= MAX_QUESTIONS, why
    # The same person after a caregiver has set the facts about them in the config file
    # ([person]: what the vignette says, or no): the same outcome, those questions unasked.
    known = {k: findings.get(k, "no") for k in PERSON_FACTS}
    known.update({k: findings[k] for k in ("sex", "woman_over_50") if k in findings})
    configured = simulate(dialog, findings, emergency_number=EMERGENCY_NUMBER, known=known)
    assert configured["outcome"] == expected, explain(name, configured)
    assert configured["questions_asked"] <= result["questions_asked"]
    entry.update(configured=configured["questions_asked"])
    if expected == "emergency":
        assert "ambulance" in result["next_step"], why
        assert EMERGENCY_NUMBER in result["next_step"], why
        assert result["next_step"] in result["transcript"][-1]["assistant"], why


def disputed_names() -> list[str]:
    return sorted(f"disputed/{p.stem}" for p in (VIGNETTES / "disputed").glob("*.yaml"))


@pytest.mark.parametrize("name", disputed_names())
def test_a_disputed_vignette_is_never_screened_less_urgently_than_its_reader_says(
        dialog: Dialog, name: str) -> None:
    """Independent readers' vignettes (``tests/vignettes/disputed/``) where the flow reads
    the articles otherwise, or names another passage; the first comment of each file says
    how, and the README why the flow's reading was kept. Whatever the reading, the flow
    must never be less urgent than the reader."""
    test_vignette_file_is_well_formed(name)
    wanted = read_vignette(name)["expect"]["level"]
    result = simulate(dialog, checked_findings(name, dialog), emergency_number=EMERGENCY_NUMBER)
    assert result["completed"] is True and result["stopped"] is False, explain(name, result)
    assert LEVELS.index(result["outcome"]) >= LEVELS.index(wanted), explain(name, result)
    check_sources(result)


PERSON_FACTS = ("previous_stroke", "recent_heart_attack", "recent_angioplasty")
"""Findings a caregiver may set in the config file's [person] table (with sex and age)."""


# -- through the command line -----------------------------------------------------------------
CLI_KEYS = {"outcome", "questions_asked", "findings", "specialists", "advice", "sources",
            "transcript"}


def findings_file(name: str, folder: Path) -> Path:
    """The vignette's findings alone, as ``simulate --findings`` reads them."""
    path = folder / f"{name}.findings.yaml"
    path.write_text(yaml.safe_dump(read_vignette(name)["findings"], sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("level", "name"), sorted(CLI_CASES.items()))
def test_vignette_through_cli(dialog: Dialog, run_cli: RunCli, tmp_path: Path, level: str,
                              name: str) -> None:
    path = findings_file(name, tmp_path)
    done = run_cli("--data-dir", str(tmp_path), "simulate", "--findings", str(path), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert not CLI_KEYS - set(result), f"missing keys: {CLI_KEYS - set(result)}"
    assert result["outcome"] == level, explain(name, result)
    assert 0 < result["questions_asked"] <= MAX_QUESTIONS
    check_sources(result)
    # The command line gives exactly what the library gives.
    assert result == json.loads(json.dumps(simulate(dialog, load_findings(path, dialog))))


def test_cli_emergency_number_is_spoken(run_cli: RunCli, tmp_path: Path) -> None:
    path = findings_file(CLI_CASES["emergency"], tmp_path)
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
    """What a file leaves out is answered "no" (yes/no) or "I don't know" (others). A
    number asked as a threshold in a group is answered yes or no, and kept as the range."""
    findings = {"location": "lower", "side": "middle", "days": 2, "severity": 3}
    result = simulate(dialog, check_findings(findings, dialog))
    assert result["findings"]["severity"] == "less than 7"
    for key, value in result["findings"].items():
        if key == "severity":
            continue
        if key in findings:
            assert value == findings[key] or value == float(findings[key]), key
        else:
            missing = "no" if dialog.findings[key].type == "yes_no" else "unknown"
            assert value == missing, key
    assert result["outcome"] == "self_care"


def test_unknown_alarm_answer_is_asked_again(dialog: Dialog) -> None:
    """An alarm sign gets another chance before "I don't know" is recorded, never a "no"."""
    result = simulate(dialog, check_findings(
        {"location": "lower", "side": "middle", "fever": "unknown", "days": 3, "severity": 4},
        dialog))
    dont_know = [t for t in result["transcript"][1:] if t["user"] == "I don't know"]
    assert len(dont_know) >= 2
    assert result["findings"]["fever"] == "unknown"
    assert result["outcome"] in ("urgent", "emergency")


ALARM_CONTEXTS: list[dict[str, Any]] = [
    {"location": "upper", "recent_angioplasty": "yes"},
    {"location": "middle"},
    {"location": "lower", "side": "left", "kidney_area": "yes"},
    {"location": "lower", "side": "right", "kidney_area": "yes"},
]
NEEDS: dict[str, dict[str, Any]] = {
    # Asked after a fever (or an unsure one: then only while a rule could still use them).
    "everything_hurts": {"fever": "yes"},
    "weakness": {"fever": "yes"},
    **{k: {"headache": "yes"} for k in ("headache_sudden_severe", "headache_worsening",
                                        "headache_new_pattern", "headache_with_cough",
                                        "vision_problems", "rash", "head_or_neck_injury")},
}


def test_unknown_alarm_sign_never_ends_in_self_care(dialog: Dialog) -> None:
    """Each alarm sign of the flow answered "I don't know": at least urgent, wherever asked."""
    asked_somewhere = set()
    for key in sorted(dialog.alarm_keys):
        for context in ALARM_CONTEXTS:
            data = {**context, "days": 2, "severity": 3, "stress": "yes",
                    "worse_after_sleep": "yes", **NEEDS.get(key, {}), key: "unknown"}
            result = simulate(dialog, check_findings(data, dialog))
            if key not in result["findings"]:
                continue
            asked_somewhere.add(key)
            where = f"{key}=unknown with {context}: {result['outcome']} {result['reasons']}"
            assert result["findings"][key] == "unknown", where
            assert result["outcome"] in ("urgent", "emergency"), where
    assert asked_somewhere == set(dialog.alarm_keys)
