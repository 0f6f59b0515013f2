"""Benchmarks: how well and how fast BackTalk does its job (``backtalk bench``)."""
