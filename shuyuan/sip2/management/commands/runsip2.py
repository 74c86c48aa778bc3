import ssl
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from shuyuan.sip2.server import ServerConfig, run, serve
from shuyuan.sip2.workers import WorkerFailed, default_workers, serve_workers


class Command(BaseCommand):
    help = "Run the SIP2 server for self-check kiosks (stops cleanly on SIGTERM or Ctrl-C)."
    requires_system_checks: list[str] = []  # run in handle, with the database's checks (its triggers)

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = ServerConfig()
        parser.add_argument("--host", default=settings.SHUYUAN["SIP2_HOST"])
        parser.add_argument("--port", type=int, default=settings.SHUYUAN["SIP2_PORT"])
        parser.add_argument(
            "--request-timeout",
            type=float,
            default=defaults.request_timeout,
            help="seconds; advertised to kiosks in the ACS status message",
        )
        parser.add_argument(
            "--idle-timeout",
            type=float,
            default=defaults.idle_timeout,
            help="seconds without a message before a connection is closed",
        )
        parser.add_argument("--max-message-size", type=int, default=defaults.max_message_size, help="bytes")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help=f"server processes sharing the port (default here: {default_workers()}, one per core up to 4)",
        )
        parser.add_argument("--tls-cert", default="", help="PEM certificate chain: serve SIP2 over TLS")
        parser.add_argument("--tls-key", default="", help="PEM private key for --tls-cert")

    def handle(self, *args: Any, **options: Any) -> None:
        self.check(databases=[DEFAULT_DB_ALIAS])
        connections.close_all()  # the workers fork: none may inherit this process's connection
        keep_database_connection()
        config = ServerConfig(
            host=options["host"],
            port=options["port"],
            request_timeout=options["request_timeout"],
            idle_timeout=options["idle_timeout"],
            max_message_size=options["max_message_size"],
            tls=tls_context(options["tls_cert"], options["tls_key"]),
        )
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        if options["workers"] == 1:
            run(serve(config, ready=lambda server: self.announce(config, server.port)))
            return
        try:
            status = serve_workers(config, options["workers"], ready=lambda port: self.announce(config, port))
        except WorkerFailed as failed:
            raise CommandError(str(failed)) from failed
        if status:
            raise CommandError("a SIP2 worker did not stop cleanly")

    def announce(self, config: ServerConfig, port: int) -> None:
        scheme = "SIP2 over TLS" if config.tls else "SIP2"
        self.stdout.write(f"{scheme} server listening on {config.host}:{port}")
        self.stdout.flush()


def keep_database_connection() -> None:
    """This process talks to the database from one thread only: keep that connection open.

    With ``CONN_MAX_AGE = 0`` (the SQLite default of the settings, right for web threads),
    ``close_old_connections()`` before each message would reconnect every time, which costs
    more than the message itself. A broken connection is still replaced after an error.
    """
    connections["default"].settings_dict["CONN_MAX_AGE"] = None


def tls_context(cert: str, key: str) -> ssl.SSLContext | None:
    if not cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(cert, key or None)
    except (OSError, ssl.SSLError) as error:
        raise CommandError(f"TLS certificate or key cannot be read: {error}") from error
    return context
