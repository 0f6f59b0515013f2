"""Read YAML while keeping the line of every mapping and list item, within bounds.

Clinicians edit the dialogue files by hand; every problem we report must say
which file and which line, so the loaded data carries its own positions.

A file is also data from outside: one nested a thousand deep, an alias "bomb" (a few
lines that expand to a billion items) or a file of gigabytes must end in a message
naming the file and the line, not in a hang, a memory blow-up or a RecursionError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..setup.bounded import BoundedReadError, read_text_bounded

MAX_BYTES = 1_000_000
"""Largest dialogue, script or findings file; the shipped ones are under 30 kB."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings; the shipped files go 7 deep."""
MAX_ALIASES = 100
"""Aliases (``*name``) in one file; the shipped files use one."""
MAX_NODES = 200_000
"""Items in one file once every alias is expanded: what an alias bomb runs into."""


class DialogFileError(Exception):
    """A dialogue file could not be read at all (missing, or not valid YAML)."""


class Located(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    file: str = ""
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LocatedList(list[Any]):
    """A YAML sequence that remembers the line of each item."""

    file: str = ""
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML was built with it: a 600 kB file takes 2 s instead of 7 s."""


def _check_bounds(text: str) -> None:
    """Walk the file's parse events once, before anything is built from them, and stop at
    the first collection nested too deep, the alias too many, or the collection that
    stands for too many items once its aliases are expanded (the size of every anchored
    item is kept, so an alias costs what it would expand to)."""
    open_items: list[list[Any]] = []  # [anchor, items so far, mark] of each open collection
    sizes: dict[str, int] = {}
    aliases = 0
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_items) >= MAX_DEPTH:
                raise _bound(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            open_items.append([event.anchor, 1, event.start_mark])
            continue
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _bound(f"more than {MAX_ALIASES} aliases (*name) in one file",
                             event.start_mark)
            if any(item[0] == event.anchor for item in open_items):
                raise _bound(f"alias '*{event.anchor}' is inside the item it names",
                             event.start_mark)
            items = sizes.get(str(event.anchor), 1)  # an undefined one: the loader says so
        elif isinstance(event, yaml.ScalarEvent):
            items = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, items, _ = open_items.pop()
            if anchor:
                sizes[anchor] = items
        else:
            continue
        if open_items:
            open_items[-1][1] += items
            if open_items[-1][1] > MAX_NODES:
                raise _bound(f"more than {MAX_NODES:,} items once its aliases are expanded",
                             open_items[-1][2])


def _bound(message: str, mark: Any) -> yaml.composer.ComposerError:
    return yaml.composer.ComposerError(None, None, message, mark)


def _loader_for(file: str) -> type[yaml.SafeLoader]:
    class _Loader(_BASE):  # type: ignore[valid-type,misc]
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Located:
        loader.flatten_mapping(node)
        result = Located()
        result.file, result.line, result.key_lines = file, node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                )
            skey = as_word(key)
            if skey in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{skey}' appears twice in this mapping", key_node.start_mark
                )
            result[skey] = loader.construct_object(value_node, deep=True)
            result.key_lines[skey] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
        result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
        result.file, result.line = file, node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return _Loader


def as_word(key: object) -> str:
    """YAML 1.1 reads bare yes/no as booleans; in keys and phrases we want the words back."""
    if key is True:
        return "yes"
    if key is False:
        return "no"
    return str(key)


_QUOTE_REACH = 20
"""Lines between a quote left open and where PyYAML stumbles, at most, for the hint."""


def _unclosed_quote_before(text: str, line: int) -> int | None:
    """The line above ``line`` where a double quote was last opened and not closed on the
    same line: PyYAML reads on past a quote left open and stumbles lines later, after the
    next quote closes it. (Single quotes are left alone: "don't" has one.)"""
    opened, inside = None, False
    for k, content in enumerate(text.splitlines()[:line]):
        if content.lstrip().startswith("#"):
            continue
        if content.replace('\\"', "").count('"') % 2:
            if not inside:
                opened = k
            inside = not inside
    return opened if opened is not None and line - opened <= _QUOTE_REACH else None


def load(path: Path) -> Any:
    """Load one YAML file; raise DialogFileError with file and line when it is broken."""
    try:
        text = read_text_bounded(path, MAX_BYTES)
    except BoundedReadError as exc:
        raise DialogFileError(str(exc)) from exc
    try:
        _check_bounds(text)
        return yaml.load(text, Loader=_loader_for(str(path)))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in reason:  # libyaml's own limit, far above ours
            reason = f"nested more than {MAX_DEPTH} levels deep"
        elif exc.context and "anchor" in exc.context:  # a duplicate anchor (&name)
            reason = exc.context.replace("; first occurrence", "")
        elif exc.context and "flow" in exc.context and exc.context_mark and mark:
            # PyYAML notices an unclosed bracket only where the next item starts; the
            # line where the bracket opened is the one to look at.
            reason = (f"a bracket opened here is not closed ({reason} at line "
                      f"{mark.line + 1})")
            mark = exc.context_mark
        elif "mapping values are not allowed" in reason:
            reason += ": a colon and a space inside a text start a new key; put the whole " \
                "text in quotes"
        elif mark and ("expected key" in reason or "expected <block end>" in reason):
            opened = _unclosed_quote_before(text, mark.line)
            if opened is not None:
                reason += f" (the quote opened at line {opened + 1} is not closed there)"
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DialogFileError(f"{where}: {reason}") from exc
    except yaml.YAMLError as exc:
        raise DialogFileError(f"{path}: invalid YAML ({exc})") from exc
