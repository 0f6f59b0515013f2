"""Offline speech recognition: one interface (:mod:`.base`), three engines (Whisper,
vosk, pocketsphinx) and the choice among them (:mod:`.select`)."""
