"""Circulation benchmark: ``python -m bench.circulation --help``."""
