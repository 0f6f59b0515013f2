"""Setting BackTalk up for a person: the config file, the facts about the person, the speaking
pace they chose, and the speech models (download and checksum)."""
