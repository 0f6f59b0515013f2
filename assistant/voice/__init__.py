"""The voice: audio in and out, finding where an answer starts and ends, speech output, the
voice channel that joins them, and the wake phrase. It knows nothing of the screening's
content."""
