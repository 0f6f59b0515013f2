"""Reading dialogue files piece by piece, collecting every problem with file and line.

A clinician who broke something should see all of it at once, in words that
say what to change; so nothing here raises on the first problem.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlfile
from .expr import Condition, ExpressionError, compile_condition
from .model import Source
from .text import normalize
from .threshold import span_of

SECTIONS = ("findings", "language", "start", "stop_when", "questions", "rules", "outcomes",
            "advice", "safety")
REQUIRED_SECTIONS = {"findings": "findings.yaml", "language": "language.yaml",
                     "start": "questions.yaml", "questions": "questions.yaml",
                     "rules": "rules.yaml", "outcomes": "outcomes.yaml"}
"""The sections without which nothing else can be checked, and the file each usually lives in."""
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
UNHEARD_MARK = "~"
"""Before a phrase in a list: understood, but not listened for by the speech recognizer."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a dialogue file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"


class DialogInvalid(Exception):
    """The dialogue files have problems; ``problems`` lists each with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the dialogue files:\n{lines}")


def default_dialogs_dir() -> Path:
    """The dialogue files: ``$BACKTALK_DIALOGS``, else the ``dialogs/`` bundled with the
    project."""
    configured = os.environ.get("BACKTALK_DIALOGS")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "dialogs"


def default_seeds_dir() -> Path | None:
    """The articles, when the project sits next to ``shared/`` (development, CI)."""
    here = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    return here if here.is_dir() else None


class Reader:
    def __init__(self, directory: Path, seeds: Path | None) -> None:
        self.dir = directory
        self.seeds = seeds
        self.problems: list[Problem] = []
        self.sections: dict[str, Any] = {}
        self.section_file: dict[str, yamlfile.Located] = {}
        self._articles: dict[str, str | None] = {}
        self.unheard: dict[str, None] = {}
        """Phrases marked ``~`` in any list: understood, not listened for (in order)."""

    # -- reporting ---------------------------------------------------------------------
    def problem(self, where: Any, message: str, key: str | int | None = None) -> None:
        file = getattr(where, "file", "") or str(self.dir)
        line = getattr(where, "line", 0)
        if key is not None and hasattr(where, "line_of"):
            line = where.line_of(key)
        self.problems.append(Problem(file, line, message))

    # -- files -------------------------------------------------------------------------
    def read_files(self) -> list[str]:
        if not self.dir.is_dir():
            raise DialogInvalid([Problem(str(self.dir), 0, "no such folder")])
        files = sorted(self.dir.glob("*.yaml"))
        if not files:
            raise DialogInvalid([Problem(str(self.dir), 0, "no *.yaml dialogue files here")])
        unreadable = False
        for path in files:
            try:
                data = yamlfile.load(path)
            except yamlfile.DialogFileError as exc:
                self.problems.append(_problem_from_text(str(exc)))
                unreadable = True
                continue
            if data is None:
                continue
            if not isinstance(data, yamlfile.Located):
                self.problems.append(Problem(str(path), 1, "the file must be a mapping of "
                                             f"sections ({', '.join(SECTIONS)})"))
                continue
            for name, value in data.items():
                if name not in SECTIONS:
                    self.problem(data, f"unknown section '{name}'{closest(name, SECTIONS)} "
                                 f"(expected one of {', '.join(SECTIONS)})", name)
                elif name in self.sections:
                    first = self.section_file[name]
                    self.problem(data, f"section '{name}' is already defined in "
                                 f"{first.file}:{first.line_of(name)}", name)
                else:
                    self.sections[name] = value
                    self.section_file[name] = data
        for name, usual in REQUIRED_SECTIONS.items():
            if name not in self.sections and not unreadable:
                self.problems.append(Problem(str(self.dir), 0, f"section '{name}' is missing "
                                             f"from every dialogue file (it usually lives in "
                                             f"{usual}; is that file missing?)"))
        return [str(p) for p in files]

    def section(self, name: str, kind: type, required: bool = True) -> Any:
        if name not in self.sections:
            if required:
                self.problems.append(Problem(str(self.dir), 0, f"section '{name}' is missing "
                                             "from every dialogue file"))
            return None
        value = self.sections[name]
        if not isinstance(value, kind):
            owner = self.section_file[name]
            self.problem(owner, f"section '{name}' must be a {_kind_name(kind)}", name)
            return None
        return value

    # -- pieces ------------------------------------------------------------------------
    def known_keys(self, node: Any, known: Iterable[str], what: str) -> None:
        """Every key of ``node`` that is not in ``known`` is a problem naming the closest
        known key: a misspelt optional key would otherwise be dropped without a word."""
        if not isinstance(node, dict):
            return
        known = tuple(known)
        for key in node:
            if key not in known:
                self.problem(node, f"{what}: unknown key '{key}'{closest(key, known)} "
                             f"(expected {', '.join(known)})", key)

    def flag(self, node: Any, key: str, what: str) -> bool:
        """A true/false value; anything else ("maybe", "1") is a problem, read as true so
        that nothing is made less careful by a mistake."""
        value = node.get(key, False)
        if isinstance(value, bool):
            return value
        self.problem(node, f"{what}: '{key}' must be true or false (got '{value}')", key)
        return True

    def text(self, node: Any, key: str, required: bool = True) -> str:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node, f"'{key}' is missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(node, f"'{key}' must be non-empty text", key)
            return ""
        return " ".join(value.split())

    def word_list(self, node: Any, key: str, where: Any = None) -> tuple[str, ...]:
        value = node.get(key) if isinstance(node, dict) else node
        holder = where if where is not None else node
        if value is None:
            return ()
        if isinstance(value, (str, bool)):
            value = [value]
        if not isinstance(value, list):
            self.problem(holder, f"'{key}' must be a list of phrases", key)
            return ()
        out = []
        for i, item in enumerate(value):
            # "~phrase": understood when typed or said in a sentence, but not listened for
            # on its own by the speech recognizer (Language.grammar_leaves_out).
            unheard = isinstance(item, str) and item.startswith(UNHEARD_MARK)
            text = item[len(UNHEARD_MARK):] if unheard else item
            phrase = normalize(word(text)) if isinstance(text, (str, bool, int)) else ""
            if not phrase:
                line_holder = value if hasattr(value, "line_of") else holder
                self.problem(line_holder, f"'{key}': item {i + 1} is not a phrase", i)
                continue
            if unheard:
                self.unheard[phrase] = None
            out.append(phrase)
        return tuple(out)

    def sources(self, node: Any) -> tuple[Source, ...]:
        raw = node.get("source")
        if raw is None:
            self.problem(node, "'source' is missing: name the article file and the heading "
                         "of the passage")
            return ()
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for i, item in enumerate(items):
            holder = item if isinstance(item, yamlfile.Located) else node
            self.known_keys(item, ("article", "heading"), f"source {i + 1}")
            if not isinstance(item, dict) or not isinstance(item.get("article"), str) or \
                    not isinstance(item.get("heading"), str):
                self.problem(holder, f"source {i + 1} needs 'article' and 'heading' (text)",
                             "source" if holder is node else None)
                continue
            source = Source(item["article"].strip(), " ".join(item["heading"].split()))
            self.check_source(holder, source)
            out.append(source)
        return tuple(out)

    def check_source(self, where: Any, source: Source) -> None:
        if self.seeds is None:
            return
        if source.article not in self._articles:
            path = self.seeds / source.article
            self._articles[source.article] = (
                _squash(path.read_text(encoding="utf-8")) if path.is_file() else None
            )
        article = self._articles[source.article]
        if article is None:
            self.problem(where, f"source article '{source.article}' is not in {self.seeds}",
                         "article")
        elif _squash(source.heading) not in article:
            self.problem(where, f"heading '{source.heading}' is not found in "
                         f"{source.article}", "heading")

    def condition(self, node: Any, key: str, kinds: dict[str, tuple[str, tuple[str, ...]]]
                  ) -> Condition | None:
        raw = node.get(key)
        try:
            return compile_condition(raw, kinds)
        except ExpressionError as exc:
            self.problem(node, f"'{key}': {exc}", key)
            return None



def closest(key: object, known: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the known name nearest to ``key``, or ""."""
    near = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _problem_from_text(text: str) -> Problem:
    where, _, message = text.partition(": ")
    file, _, line = where.rpartition(":")
    if file and line.isdigit():
        return Problem(file, int(line), message)
    return Problem(where, 0, message)


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


def _kind_name(kind: type) -> str:
    names: dict[type, str] = {dict: "mapping", list: "list", str: "text"}
    return names.get(kind, kind.__name__)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


word = yamlfile.as_word


def answer_value(value: Any) -> str | float:
    """A finding value written in YAML (``yes``, ``5``, ``left``) as the dialogue stores it."""
    if isinstance(value, str) and span_of(value.strip()) is not None:
        return value.strip()  # "7 or more": a threshold's answer, kept as worded
    if isinstance(value, (bool, str)):
        return normalize(word(value)).replace(" ", "_")
    if is_number(value):
        return float(value)
    raise ValueError(f"'{value}' is not a finding value")


