"""Files nested a thousand deep, alias bombs, huge files, pipes and folders: each loader
(dialogue YAML, scripts, a simulated patient's findings, config.toml, voice.json) answers
with its own error naming the file (and the line), and the commands exit 2."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.dialog import yamlfile
from assistant.dialog.loader import load_dialog
from assistant.dialog.reader import DialogInvalid
from assistant.setup.config import ConfigError, resolve
from assistant.setup.config import settings as config_settings

ROOT = Path(__file__).resolve().parents[1]
DIALOGS = ROOT / "dialogs"

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join(['*' + below] * 9)}]\n"
    for below, name in zip("abcdefgh", "bcdefghi", strict=True))
"""Billion laughs: nine levels of nine aliases, 9**9 strings once expanded."""


def yaml_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yamlfile.DialogFileError) as info:
        yamlfile.load(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    return message


@pytest.mark.parametrize("text", [
    "a: " + "[" * 1000 + "]" * 1000 + "\n",  # flow
    "a: " + "{b: " * 1000 + "c" + "}" * 1000 + "\n",
    "a: " + "[" * 100_000 + "\n",  # unclosed as well
])
def test_flow_nesting_a_thousand_deep(tmp_path: Path, text: str) -> None:
    message = yaml_error(tmp_path, text)
    assert f"x.yaml:1: nested more than {yamlfile.MAX_DEPTH} levels deep" in message


def test_block_nesting_names_the_line_past_the_bound(tmp_path: Path) -> None:
    text = "a:\n" + "".join("  " * i + "-\n" for i in range(1, 200))
    message = yaml_error(tmp_path, text)
    # The mapping is level 1 and the list opened on line n is level n: the first level
    # past the bound opens on the line after it.
    assert f"x.yaml:{yamlfile.MAX_DEPTH + 1}: nested more than" in message


def test_nesting_within_the_bound_loads(tmp_path: Path) -> None:
    depth = yamlfile.MAX_DEPTH - 1  # lists inside the file's mapping
    path = tmp_path / "ok.yaml"
    path.write_text("a: " + "[" * depth + "1" + "]" * depth + "\n", encoding="utf-8")
    data = yamlfile.load(path)["a"]
    for _ in range(depth):
        data = data[0]
    assert data == 1


def test_alias_bomb_is_refused_where_it_grows(tmp_path: Path) -> None:
    message = yaml_error(tmp_path, BOMB)
    # a=10 items, b=91, c=820, d=7,381, e=66,430, f=597,871: f is the first past the bound.
    assert f"x.yaml:6: more than {yamlfile.MAX_NODES:,} items" in message


def test_too_many_aliases(tmp_path: Path) -> None:
    count = yamlfile.MAX_ALIASES + 1
    text = "".join(f"k{i}: &a{i} 1\n" for i in range(count))
    text += "all: [" + ", ".join(f"*a{i}" for i in range(count)) + "]\n"
    message = yaml_error(tmp_path, text)
    assert f"x.yaml:{count + 1}: more than {yamlfile.MAX_ALIASES} aliases" in message


def test_alias_inside_what_it_names(tmp_path: Path) -> None:
    assert "x.yaml:2: alias '*loop' is inside the item it names" in yaml_error(
        tmp_path, "a: &loop\n  - *loop\n")


def test_a_few_aliases_still_load(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a: &s {article: x.txt, heading: H}\nb: [*s, *s]\n", encoding="utf-8")
    assert yamlfile.load(path)["b"] == [{"article": "x.txt", "heading": "H"}] * 2


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    with path.open("wb") as handle:  # sparse: 5 GB claimed, nothing written
        handle.truncate(5 * 10**9)
    with pytest.raises(yamlfile.DialogFileError, match=r"too large \(over 1,000,000 bytes\)"):
        yamlfile.load(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_pipe_and_folder_are_not_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it to read would wait for a writer
    (tmp_path / "folder.yaml").mkdir()
    for name in ("pipe.yaml", "folder.yaml"):
        with pytest.raises(yamlfile.DialogFileError, match="not a regular file"):
            yamlfile.load(tmp_path / name)


def test_a_deep_dialogue_file_is_one_problem(tmp_path: Path) -> None:
    folder = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, folder, ignore=shutil.ignore_patterns("scripts"))
    (folder / "extra.yaml").write_text(BOMB, encoding="utf-8")
    with pytest.raises(DialogInvalid) as info:
        load_dialog(folder, seeds=False)
    assert [str(p) for p in info.value.problems] == [
        f"{folder / 'extra.yaml'}:6: more than {yamlfile.MAX_NODES:,} items once its aliases "
        "are expanded"]


# -- the commands ---------------------------------------------------------------------------
def test_check_simulate_and_script_exit_2_on_unloadable_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    folder = tmp_path / "dialogs"
    folder.mkdir()
    shutil.copy(deep, folder / "findings.yaml")
    assert main(["check", str(folder)]) == 2
    assert f"{folder / 'findings.yaml'}:1: nested more than" in capsys.readouterr().out
    assert main(["simulate", "--findings", str(deep)]) == 2
    assert f"{deep}:1: nested more than" in capsys.readouterr().err
    assert main(["script", str(deep)]) == 2
    out = capsys.readouterr().out
    assert f"{deep}:1: nested more than" in out
    assert "0 passed, 1 failed (1 could not be read as a script)" in out


# -- config.toml and voice.json ---------------------------------------------------------------
def config_error(tmp_path: Path, text: str | bytes) -> str:
    path = config_settings.config_path(tmp_path)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(ConfigError) as info:
        resolve({}, directory=tmp_path, environ={})
    return str(info.value)


@pytest.mark.parametrize("value", ["[" * 1000 + "]" * 1000, "{a = " * 1000 + "1" + "}" * 1000])
def test_config_nested_a_thousand_deep(tmp_path: Path, value: str) -> None:
    message = config_error(tmp_path, f"rate = 140\nvoice = {value}\n")
    assert message == (f"{config_settings.config_path(tmp_path)}:2: nested more than "
                       f"{config_settings.MAX_DEPTH} levels deep")


def test_config_brackets_in_strings_and_comments_are_text(tmp_path: Path) -> None:
    path = config_settings.config_path(tmp_path)
    path.write_text('# [[[[[[[[[[[[[[[[[[[[\nvoice = "[[[[[[[[[[[[[[["\nwake = """\n'
                    "{{{{{{{{{{{{{{{\n\"\"\"\ndevice = '[[[[[[[[[[[[[['\n", encoding="utf-8")
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings["voice"] == "[" * 15
    assert settings["device"] == "[" * 14


def test_config_too_large(tmp_path: Path) -> None:
    message = config_error(tmp_path, "# padding\n" * 10_000)
    assert "config.toml: too large (over 64,000 bytes)" in message


def test_voice_preferences_nested_deep_are_ignored_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "voice.json").write_text('{"rate": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                         encoding="utf-8")
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings["rate"] == 140  # the default
    assert settings.warnings == [f"{tmp_path / 'voice.json'}: too large (over 4,000 bytes); "
                                 "a file of this kind is far smaller, so this is probably not "
                                 "the right file (ignored)"]
    (tmp_path / "voice.json").write_text('{"rate": [[[[1]]]]}', encoding="utf-8")
    assert resolve({}, directory=tmp_path, environ={}).warnings == [
        f"{tmp_path / 'voice.json'}:1: nested more than 2 levels deep (ignored)"]


def test_config_command_exits_2_on_a_deep_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BACKTALK_CONFIG_DIR", str(tmp_path))
    config_settings.config_path(tmp_path).write_text("rate = " + "[" * 1000, encoding="utf-8")
    assert main(["config"]) == 2
    assert "config.toml:1: nested more than" in capsys.readouterr().err
