"""How a benchmark starts Django: on ``DATABASE_URL`` when it is set (a PostgreSQL database named there is
created first, as ``scripts/with-postgres.sh`` names one that does not exist yet), otherwise on a fresh SQLite
file in a new temporary folder; then it migrates."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any


def setup_django(name: str, *, test_client: bool = False) -> dict[str, str]:
    """Start Django for the benchmark ``name``; ``test_client`` lets Django's test client in. Returns the
    environment, for subprocesses that must open the same database."""
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ.setdefault("SHUYUAN_VAR", str(folder / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    os.environ.setdefault("SHUYUAN_LOG_LEVEL", "WARNING")
    if test_client:
        os.environ["SHUYUAN_ALLOWED_HOSTS"] = "testserver"
    ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return dict(os.environ)


def ensure_postgres_database(url: str) -> None:
    """A PostgreSQL URL may name a database not created yet: create it."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params: dict[str, Any] = {
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{config["NAME"]}"')
