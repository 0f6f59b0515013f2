"""Setting BackTalk up for a person: the config file, the facts about the person, the speaking
pace they chose, and the speech models (download and checksum); and, for
:mod:`assistant.bootstrap`, the machine: the Debian packages and the virtual environment.

Nothing is imported here: :mod:`assistant.bootstrap` imports :mod:`.debian_packages` and
:mod:`.venv_install` with the standard library alone, before any dependency is installed."""
