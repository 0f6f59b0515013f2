"""BackTalk: an offline voice assistant that screens back pain."""

__version__ = "0.1.0"
