"""Fuzzing the loaders (hypothesis): whatever a file holds, the dialogue loader and the
config loader give either what they load or their own clear error, never another
exception and never a hang.

Sizes are bounded so that each example is small; the deadlines are generous because the
machines that run the tests are shared and slow.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.dialog import yamlfile
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog
from assistant.dialog.reader import DialogInvalid
from assistant.setup.config import ConfigError, Settings, resolve
from assistant.setup.config import settings as config_settings

ROOT = Path(__file__).resolve().parents[1]
DIALOGS = ROOT / "dialogs"
SLOW_MACHINE = settings(deadline=timedelta(seconds=10), derandomize=True,
                        suppress_health_check=[HealthCheck.too_slow])
"""A fixed seed: the same examples on every run, so CI does not fail on a new one by
chance (a failure found here becomes a test case of its own)."""

YAML_PIECES = ["[", "]", "{", "}", ":", ": ", "- ", ",", "&a ", "*a", "&b ", "*b", "<<: ",
               "!!str ", "!!python/object ", "? ", "|", ">", "'", '"', "#", "\n", "  ",
               "yes", "no", "1/24", "1e999", ".nan", "~", "key", "say", "findings",
               "language", "---", "...", "%YAML 1.1\n", "\t", "\\", "\x00", "é"]
scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12))
structures = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.booleans() | st.integers(), inner,
                      max_size=4), max_leaves=12)


def _loads_or_says_why(path: Path) -> Any:
    try:
        return yamlfile.load(path)
    except yamlfile.DialogFileError as exc:
        assert str(exc).startswith(str(path)), exc
        return exc


@SLOW_MACHINE
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=6), max_size=60))
def test_yaml_loader_on_arbitrary_text(pieces: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
        _loads_or_says_why(path)


@SLOW_MACHINE
@given(st.binary(max_size=300))
def test_yaml_loader_on_arbitrary_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(data)
        _loads_or_says_why(path)


# -- the whole dialogue, one part of it replaced --------------------------------------------------
FILES = {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
         for path in sorted(DIALOGS.glob("*.yaml"))}
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _replace_somewhere(data: Any, draw: Any, new: Any, delete: bool) -> Any:
    """``data`` with one value, found by walking down at random, replaced (or deleted)."""
    if not isinstance(data, (dict, list)) or not data or draw(st.integers(0, 3)) == 0:
        return new
    if isinstance(data, dict):
        key = draw(st.sampled_from(sorted(data, key=str)))
        copy = dict(data)
        if delete and draw(st.booleans()):
            del copy[key]
        else:
            copy[key] = _replace_somewhere(data[key], draw, new, delete)
        return copy
    index = draw(st.integers(0, len(data) - 1))
    items = list(data)
    items[index] = _replace_somewhere(data[index], draw, new, delete)
    return items


def _load_folder(files: dict[str, Any]) -> Dialog | DialogInvalid:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
            (Path(folder) / name).write_text(text, encoding="utf-8")
        try:
            return load_dialog(Path(folder), seeds=False)
        except DialogInvalid as exc:
            assert exc.problems and all(p.file and p.message for p in exc.problems)
            return exc


def test_the_files_as_dumped_load() -> None:
    # The baseline of the fuzzing below: dumped again, the real files load as they are.
    assert isinstance(_load_folder(FILES), Dialog)


@settings(SLOW_MACHINE, max_examples=60)
@given(st.sampled_from(sorted(FILES)), structures, st.booleans(), st.data())
def test_dialogue_loader_with_any_value_anywhere(name: str, new: Any, delete: bool,
                                                 data: st.DataObject) -> None:
    changed = _replace_somewhere(FILES[name], data.draw, new, delete)
    _load_folder({**FILES, name: changed})


# -- config.toml and voice.json -------------------------------------------------------------------
TOML_PIECES = ["[", "]", "{", "}", "=", " = ", ",", ".", '"', "'", '"""', "'''", "#", "\n",
               "rate", "volume", "asr", "device", "person", "[person]", "sex", "age", "true",
               "140", "1e400", "nan", "inf", "-0", "0x1F", "1979-05-27", "\\u0000", "é"]
toml_values = st.recursive(
    st.integers(-10**6, 10**6).map(str) | st.floats(allow_nan=False).map(repr)
    | st.text(max_size=10).map(json.dumps) | st.sampled_from(["true", "false", "nan", "inf"]),
    lambda inner: st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
    max_leaves=6)


def _resolves_or_says_why(folder: Path) -> Settings | ConfigError:
    try:
        return resolve({}, directory=folder, environ={})
    except ConfigError as exc:
        assert str(config_settings.config_path(folder)) in str(exc), exc
        return exc


@SLOW_MACHINE
@given(st.lists(st.sampled_from(TOML_PIECES) | st.text(max_size=6), max_size=60))
def test_config_loader_on_arbitrary_text(pieces: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config_settings.config_path(Path(folder)).write_text(
            "".join(pieces), encoding="utf-8", errors="surrogatepass")
        _resolves_or_says_why(Path(folder))


@SLOW_MACHINE
@given(st.lists(st.tuples(st.sampled_from([*config_settings.KEYS, "person.age", "person.sex",
                                           "rte", "person.x"]), toml_values), max_size=6))
def test_config_loader_on_any_value_of_any_setting(lines: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        text = "".join(f"{key} = {value}\n" for key, value in dict(lines).items())
        config_settings.config_path(Path(folder)).write_text(text, encoding="utf-8")
        _resolves_or_says_why(Path(folder))


@SLOW_MACHINE
@given(structures)
def test_voice_preferences_never_stop_a_start(data: Any) -> None:
    # voice.json is written by the program: whatever it holds, a start goes on, warning.
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "voice.json").write_text(json.dumps(data), encoding="utf-8")
        settings_ = resolve({}, directory=Path(folder), environ={})
        assert 80 <= settings_["rate"] <= 450 and 0 <= settings_["volume"] <= 2
