"""Django's SQLite backend with a write gate between processes (see base.py)."""
