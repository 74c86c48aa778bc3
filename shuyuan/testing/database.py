"""The test database as a URL, for the processes a test starts (``DATABASE_URL``)."""

from urllib.parse import quote

from django.db import connection


def database_url() -> str:
    """The test database, for a subprocess (on PostgreSQL perhaps a unix socket folder as host)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{user}{password}@{quote(config['HOST'] or '', safe='')}{port}/{config['NAME']}"
