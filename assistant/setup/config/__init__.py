"""User settings from defaults, a preset, config.toml, the environment, voice commands, options.

A person recovering from a stroke should not have to type options every time, so everything the
command line accepts can also live in ``config.toml`` in the user's config directory. That file is
theirs and is never rewritten; what the program itself has to remember (the rate and volume chosen
by saying "slower", "louder", ...) goes into ``voice.json`` next to it.

:mod:`.keys` holds the settings and their checks, :mod:`.settings` reads config.toml and
resolves every setting, :mod:`.voice_preferences` reads and saves voice.json, and
:mod:`.overview` is what ``backtalk config`` shows and writes. Their public names are all
importable from here.
"""

from .keys import KEYS, PRESETS, ConfigError, allowed, check
from .overview import describe, template, write_template
from .settings import (
    COMMAND_LINE,
    DEFAULT,
    FILE,
    VOICE,
    Settings,
    Value,
    config_dir,
    config_path,
    resolve,
)
from .voice_preferences import VOICE_KEYS, preferences_path, save_voice_preferences

__all__ = [
    "COMMAND_LINE", "DEFAULT", "FILE", "KEYS", "PRESETS", "VOICE", "VOICE_KEYS", "ConfigError",
    "Settings", "Value", "allowed", "check", "config_dir", "config_path", "describe",
    "preferences_path", "resolve", "save_voice_preferences", "template", "write_template",
]
