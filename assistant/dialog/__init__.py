"""The screening itself, as words: the dialogue files, the flow and its checks, how answers
are understood, and the outcome. Nothing here knows of audio or recognizers."""
