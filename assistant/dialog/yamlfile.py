"""Read YAML while keeping the line of every mapping and list item.

Clinicians edit the dialogue files by hand; every problem we report must say
which file and which line, so the loaded data carries its own positions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DialogFileError(Exception):
    """A dialogue file could not be read at all (missing, or not valid YAML)."""


class Located(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    file: str = ""
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A YAML sequence that remembers the line of each item."""

    file: str = ""
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _loader_for(file: str) -> type[yaml.SafeLoader]:
    class _Loader(yaml.SafeLoader):
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


def load(path: Path) -> Any:
    """Load one YAML file; raise DialogFileError with file and line when it is broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DialogFileError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise DialogFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise DialogFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=_loader_for(str(path)))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and "flow" in exc.context and exc.context_mark and mark:
            # PyYAML notices an unclosed bracket only where the next item starts; the
            # line where the bracket opened is the one to look at.
            reason = (f"a bracket opened here is not closed ({reason} at line "
                      f"{mark.line + 1})")
            mark = exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DialogFileError(f"{where}: {reason}") from exc
    except yaml.YAMLError as exc:
        raise DialogFileError(f"{path}: invalid YAML ({exc})") from exc
