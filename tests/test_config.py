"""User settings: each source, their order, the error messages, voice.json and the template.

Every test passes ``directory=`` and ``environ={}`` so the real user config is never read.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from assistant.setup import config, person
from assistant.setup.config import (
    ConfigError,
    describe,
    resolve,
    save_voice_preferences,
    voice_preferences,
)

DEFAULTS = {key: spec.default for key, spec in config.KEYS.items()}


def write(directory: Path, text: str) -> Path:
    path = config.config_path(directory)
    path.write_text(text, encoding="utf-8")
    return path


def error(directory: Path, text: str, command_line: dict | None = None) -> str:
    write(directory, text)
    with pytest.raises(ConfigError) as caught:
        resolve(command_line or {}, directory=directory, environ={})
    return str(caught.value)


def test_paths(tmp_path: Path) -> None:
    assert config.config_dir({"BACKTALK_CONFIG_DIR": str(tmp_path)}) == tmp_path
    assert config.config_dir({"BACKTALK_CONFIG_DIR": "~/cfg"}) == Path.home() / "cfg"
    assert config.config_dir({}).name == "backtalk"
    assert config.config_path(tmp_path) == tmp_path / "config.toml"
    assert config.preferences_path(tmp_path) == tmp_path / "voice.json"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = resolve({}, directory=tmp_path, environ={})
    assert not settings.config_found
    assert settings.config_file == tmp_path / "config.toml"
    assert settings.preferences_file == tmp_path / "voice.json"
    assert {key: settings[key] for key in config.KEYS} == DEFAULTS
    assert {settings.source(key) for key in config.KEYS} == {"default"}
    assert settings.warnings == []
    assert settings["emergency_number"] == "112"
    assert settings["data_dir"] is None


def test_directory_from_environment(tmp_path: Path) -> None:
    write(tmp_path, "rate = 200\n")
    settings = resolve({}, environ={"BACKTALK_CONFIG_DIR": str(tmp_path)})
    assert settings.config_found and settings["rate"] == 200


def test_config_file_values_and_source(tmp_path: Path) -> None:
    write(tmp_path, 'asr = "vosk"\nrate = 160\nvolume = 1\ndevice = 3\n'
                    'vosk_model = "~/models/en"\nemergency_number = 911\nwake = "hello"\n')
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings.config_found
    assert settings["asr"] == "vosk"
    assert settings["rate"] == 160
    assert settings["volume"] == 1.0 and isinstance(settings["volume"], float)
    assert settings["device"] == "3"
    assert settings["vosk_model"] == Path.home() / "models" / "en"
    assert settings["emergency_number"] == "911"
    assert settings["wake"] == "hello"
    for key in ("asr", "rate", "volume", "device", "vosk_model", "emergency_number", "wake"):
        assert settings.source(key) == "config file", key
    assert settings.source("end_silence") == "default"


def test_precedence_at_every_level(tmp_path: Path) -> None:
    # Each layer sets rate; each step up the order must win and be named as the source.
    def rate(command_line: dict) -> tuple[object, str]:
        settings = resolve(command_line, directory=tmp_path, environ={})
        return settings["rate"], settings.source("rate")

    assert rate({}) == (140, "default")
    assert rate({"preset": "slow-speech"}) == (120, "slow-speech preset")
    write(tmp_path, 'preset = "slow-speech"\nrate = 150\n')
    assert rate({}) == (150, "config file")
    save_voice_preferences(tmp_path, rate=170)
    assert rate({}) == (170, "saved by a voice command")
    assert rate({"rate": 190}) == (190, "command line")
    assert rate({"rate": None}) == (170, "saved by a voice command")


def test_environment_beats_file_and_loses_to_command_line(tmp_path: Path) -> None:
    write(tmp_path, 'data_dir = "/from/file"\nvosk_model = "/model/file"\n')
    environ = {"BACKTALK_DATA_DIR": "/from/env", "VOSK_MODEL_PATH": "/model/env"}
    settings = resolve({}, directory=tmp_path, environ=environ)
    assert settings["data_dir"] == Path("/from/env")
    assert settings.source("data_dir") == "environment ($BACKTALK_DATA_DIR)"
    assert settings["vosk_model"] == Path("/model/env")
    assert settings.source("vosk_model") == "environment ($VOSK_MODEL_PATH)"
    settings = resolve({"data_dir": "/from/cli"}, directory=tmp_path, environ=environ)
    assert (settings["data_dir"], settings.source("data_dir")) == (Path("/from/cli"),
                                                                    "command line")
    # An empty variable is unset, as after `export BACKTALK_DATA_DIR=`.
    settings = resolve({}, directory=tmp_path, environ={"BACKTALK_DATA_DIR": ""})
    assert settings.source("data_dir") == "config file"


def test_saved_preferences_beat_environment_only_for_voice(tmp_path: Path) -> None:
    save_voice_preferences(tmp_path, rate=200, volume=0.5)
    settings = resolve({"volume": 0.25}, directory=tmp_path, environ={})
    assert (settings["rate"], settings.source("rate")) == (200, "saved by a voice command")
    assert (settings["volume"], settings.source("volume")) == (0.25, "command line")


def test_slow_speech_preset_from_file(tmp_path: Path) -> None:
    write(tmp_path, 'preset = "slow-speech"\nend_silence = 3\n')
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings["preset"] == "slow-speech" and settings.source("preset") == "config file"
    # The explicit file value beats the preset; the rest come from the preset.
    assert (settings["end_silence"], settings.source("end_silence")) == (3.0, "config file")
    assert settings["no_answer_timeout"] == 20.0
    assert settings["max_answer"] == 30.0
    assert settings["rate"] == 120
    for key in ("no_answer_timeout", "max_answer", "rate"):
        assert settings.source(key) == "slow-speech preset", key
    assert settings.source("volume") == "default"


def test_slow_speech_preset_from_command_line(tmp_path: Path) -> None:
    write(tmp_path, 'preset = "standard"\n')
    settings = resolve({"preset": "slow-speech"}, directory=tmp_path, environ={})
    assert settings.source("preset") == "command line"
    assert (settings["end_silence"], settings.source("end_silence")) == (2.5,
                                                                          "slow-speech preset")
    settings = resolve({"preset": "standard"}, directory=tmp_path, environ={})
    assert (settings["end_silence"], settings.source("end_silence")) == (1.0, "default")


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    message = error(tmp_path, "rtae = 150\n")
    assert str(config.config_path(tmp_path)) in message
    assert "'rtae'" in message
    assert "Did you mean 'rate'?" in message
    assert "no_answer_timeout" in message and "emergency_number" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('rate = "fast"', ["rate = 'fast'", "whole number from 80 to 450"]),
        ("rate = 500", ["rate = 500", "from 80 to 450"]),
        ("rate = 150.5", ["rate = 150.5", "whole number"]),
        ("volume = 3", ["volume = 3", "from 0 to 2"]),
        ("volume = true", ["volume = True", "from 0 to 2"]),
        ("end_silence = 0", ["end_silence = 0", "greater than 0 and at most 10"]),
        ("max_answer = nan", ["max_answer = nan", "at most 120"]),
        ('asr = "kaldi"', ["asr = 'kaldi'", "auto, personal, whisper, vosk, pocketsphinx"]),
        ('preset = "slow"', ["preset = 'slow'", "standard, slow-speech"]),
        ('device = ""', ["device = ''", "non-empty"]),
        ("vosk_model = 5", ["vosk_model = 5", "folder"]),
        ('[person]\nstroke = "yes"', ["stroke = 'yes'", "true or false, without quotes"]),
        ("[persn]\nstroke = true", ["unknown setting 'persn'", "Did you mean [person]?"]),
        # What a caregiver most often writes wrong (a walk through the README, 2026-12-05).
        ("[person]\nage = 200", ["age = 200", "from 0 to 130"]),
        ("device = USB", ["line 1", 'words go in double quotes (device = "USB")']),
        ("[person]\nstroke = yes", ["line 2", "yes and no are true and false"]),
        ("rate = 120\nrate = 130", ["line 2", "a setting is given twice"]),
    ],
)
def test_wrong_type_or_range(tmp_path: Path, line: str, expected: list[str]) -> None:
    message = error(tmp_path, line + "\n")
    assert message.startswith(str(config.config_path(tmp_path)) + ":")
    for part in expected:
        assert part in message


@pytest.mark.parametrize("number", ['"11a"', '"1"', '"1234567"', "1.5", '"+112"'])
def test_emergency_number_shows_an_example(tmp_path: Path, number: str) -> None:
    message = error(tmp_path, f"emergency_number = {number}\n")
    assert "emergency_number" in message and "digits only" in message
    assert '"911"' in message


def test_syntax_error_gives_line(tmp_path: Path) -> None:
    message = error(tmp_path, 'rate = 150\nvolume = \nasr = "vosk"\n')
    assert str(config.config_path(tmp_path)) in message
    assert "line 2" in message


def test_unreadable_file(tmp_path: Path) -> None:
    config.config_path(tmp_path).mkdir()  # a directory where the file should be
    with pytest.raises(ConfigError, match="not a regular file"):
        resolve({}, directory=tmp_path, environ={})
    (tmp_path / "other").mkdir()
    config.config_path(tmp_path / "other").write_bytes(b'voice = "\xff"\n')
    with pytest.raises(ConfigError, match="config.toml"):
        resolve({}, directory=tmp_path / "other", environ={})


def test_command_line_is_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^command line: rate = 20 .*from 80 to 450"):
        resolve({"rate": 20}, directory=tmp_path, environ={})
    with pytest.raises(ConfigError, match="^command line: emergency_number"):
        resolve({"emergency_number": "999x"}, directory=tmp_path, environ={})
    # Other argparse entries (the subcommand, flags) are not settings and are left alone.
    settings = resolve({"command": "run", "rate": 100}, directory=tmp_path, environ={})
    assert settings["rate"] == 100


def test_save_round_trip_and_merge(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "dir"
    path = save_voice_preferences(folder, volume=0.4)
    assert path == folder / "voice.json"
    save_voice_preferences(folder, rate=110)
    assert json.loads(path.read_text()) == {"volume": 0.4, "rate": 110}
    settings = resolve({}, directory=folder, environ={})
    assert (settings["rate"], settings["volume"]) == (110, 0.4)
    assert settings.source("volume") == "saved by a voice command"
    assert sorted(p.name for p in folder.iterdir()) == ["voice.json"]  # no temp file left
    with pytest.raises(ConfigError, match="rate"):
        save_voice_preferences(folder, rate=1000)
    assert json.loads(path.read_text()) == {"volume": 0.4, "rate": 110}


def test_save_failure_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_voice_preferences(tmp_path, rate=130)

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(voice_preferences.os, "replace", fail)
    with pytest.raises(ConfigError, match="disk full"):
        save_voice_preferences(tmp_path, rate=150)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["voice.json"]
    assert json.loads((tmp_path / "voice.json").read_text()) == {"rate": 130}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\xff\xfe"])
def test_broken_preferences_are_ignored_with_a_warning(tmp_path: Path, content: str) -> None:
    config.preferences_path(tmp_path).write_text(content, encoding="latin-1")
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings["rate"] == 140 and settings.source("rate") == "default"
    assert len(settings.warnings) == 1 and "voice.json" in settings.warnings[0]
    # Saving over a broken file replaces it with a good one.
    save_voice_preferences(tmp_path, rate=125)
    assert resolve({}, directory=tmp_path, environ={}).warnings == []


def test_invalid_saved_values_are_dropped_with_a_warning(tmp_path: Path) -> None:
    config.preferences_path(tmp_path).write_text(
        json.dumps({"rate": 5000, "volume": 0.3, "asr": "vosk"}), encoding="utf-8")
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings.source("rate") == "default"
    assert (settings["volume"], settings.source("volume")) == (0.3, "saved by a voice command")
    assert settings["asr"] == "auto"
    assert len(settings.warnings) == 2
    assert any("rate = 5000" in text for text in settings.warnings)
    assert any("'asr'" in text for text in settings.warnings)


def test_template_is_commented_and_uncomments_to_defaults(tmp_path: Path) -> None:
    text = config.template()
    assert tomllib.loads(text) == {}  # everything commented out
    for key in config.KEYS:
        assert re.search(rf"^# {key} = ", text, re.MULTILINE), key
    # Uncommenting the [person] header as well puts its examples in that table.
    uncommented = re.sub(r"^# (\[person\]$|\w+ = )", r"\1", text, flags=re.MULTILINE)
    write(tmp_path, uncommented)
    settings = resolve({}, directory=tmp_path, environ={})
    assert settings.person == person.EXAMPLE
    assert {settings.source(key) for key in config.KEYS} == {"config file"}
    for key, default in DEFAULTS.items():
        if default is not None:  # keys unset by default show an example value instead
            assert settings[key] == default, key
        else:
            assert settings[key] is not None, key


def test_template_person_section_is_last_and_commented() -> None:
    text = config.template()
    header = text.index("\n# [person]\n")
    for key in person.FACTS:
        assert re.search(rf"^# {key} = ", text[header:], re.MULTILINE), key


def test_write_template_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    path = config.write_template(folder)
    assert path.read_text(encoding="utf-8") == config.template()
    path.write_text("rate = 99\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        config.write_template(folder)
    assert path.read_text(encoding="utf-8") == "rate = 99\n"


def test_describe_lists_every_key_value_and_source(tmp_path: Path) -> None:
    text = describe(resolve({}, directory=tmp_path, environ={}))
    assert f"Config file: {tmp_path / 'config.toml'} (not found: 'backtalk config --init'" in text
    assert f"Voice preferences: {tmp_path / 'voice.json'}" in text

    write(tmp_path, 'preset = "slow-speech"\nemergency_number = "911"\n')
    save_voice_preferences(tmp_path, volume=0.7)
    settings = resolve({"asr": "vosk"}, directory=tmp_path,
                       environ={"BACKTALK_DATA_DIR": "/records"})
    text = describe(settings)
    assert "not found" not in text
    rows = {}
    for line in text.splitlines():
        parts = re.split(r" {2,}", line)
        if len(parts) == 3:
            rows[parts[0]] = (parts[1], parts[2])
    assert set(config.KEYS) <= set(rows)
    assert rows["asr"] == ("vosk", "command line")
    assert rows["volume"] == ("0.7", "saved by a voice command")
    assert rows["emergency_number"] == ("911", "config file")
    assert rows["rate"] == ("120", "slow-speech preset")
    assert rows["data_dir"] == ("/records", "environment ($BACKTALK_DATA_DIR)")
    assert rows["confirm_below"] == ("0.6", "default")
    assert rows["wake"][0].startswith("(not set")
    # The columns line up: every value starts at the same place.
    starts = {line.index(rows[key][0], len(key)) for key in config.KEYS
              for line in text.splitlines() if line.startswith(key + " ")}
    assert len(starts) == 1


def test_describe_shows_warnings(tmp_path: Path) -> None:
    config.preferences_path(tmp_path).write_text("oops", encoding="utf-8")
    text = describe(resolve({}, directory=tmp_path, environ={}))
    assert "Warning:" in text and "voice.json" in text
