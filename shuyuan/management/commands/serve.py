"""``shuyuan serve``: the web application under gunicorn (several worker processes, each with threads),
static files through WhiteNoise, and the SIP2 server beside it.

gunicorn because it was measured fastest on typical staff pages (``python -m bench.serve``: waitress,
gunicorn and granian side by side, README "Operations"); ``--server waitress`` keeps the single-process
server for a laptop or a machine without fork."""

import ipaddress
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from shuyuan.demo import logins_file

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def behind_proxy(app: Wsgi, trusted: str) -> Wsgi:
    """The audit log and the login limits see the client's own address: a request that comes from the
    trusted proxy takes the address the proxy appended to ``X-Forwarded-For`` (and its scheme); one
    from anywhere else loses those headers, which it could have forged."""
    proxies = {str(ipaddress.ip_address(a.strip())) for a in trusted.split(",") if a.strip()}

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REMOTE_ADDR") in proxies:
            forwarded = [p.strip() for p in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
            if forwarded:
                environ["REMOTE_ADDR"] = forwarded[-1]
            if environ.get("HTTP_X_FORWARDED_PROTO") in ("http", "https"):
                environ["wsgi.url_scheme"] = environ["HTTP_X_FORWARDED_PROTO"]
        else:
            environ.pop("HTTP_X_FORWARDED_FOR", None)
            environ.pop("HTTP_X_FORWARDED_PROTO", None)
        return app(environ, start_response)

    return wrapped


def with_server_timing(app: Wsgi) -> Wsgi:
    """Each response says how long the application took over it (``Server-Timing: app;dur=<ms>``, the
    W3C header browsers' developer tools show): the server's own time, without the network or the
    wait for a free worker, which the benchmarks report beside what the client saw."""

    def timed(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()

        def start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            took = (time.perf_counter() - started) * 1000
            return start_response(status, [*headers, ("Server-Timing", f"app;dur={took:.2f}")], *rest)

        return app(environ, start)

    return timed


def run_gunicorn(app: Wsgi, *, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "proc_name": "shuyuan-web",
                "loglevel": "warning",
                "forwarded_allow_ips": "",  # behind_proxy decides, with the same rule for every server
                "timeout": 60,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Wsgi:
            return app

    Server().run()


class Command(BaseCommand):
    help = "Serve the staff web application (and the SIP2 server when installed)."
    requires_system_checks: list[str] = []  # run in handle, with the database's checks (its triggers)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (gunicorn)")
        parser.add_argument("--threads", type=int, default=8, help="threads per worker")
        parser.add_argument("--no-sip2", action="store_true")
        parser.add_argument(
            "--trusted-proxy",
            default=settings.SHUYUAN.get("TRUSTED_PROXY", ""),
            help="address of the TLS proxy in front (e.g. 127.0.0.1) whose X-Forwarded-For names the client",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        server: str,
        workers: int,
        threads: int,
        no_sip2: bool,
        trusted_proxy: str,
        **options: Any,
    ) -> None:
        from shuyuan.wsgi import application

        self.check(databases=[DEFAULT_DB_ALIAS])
        connections.close_all()
        sip2 = None
        if not no_sip2 and "runsip2" in get_commands():
            sip_host, sip_port = settings.SHUYUAN["SIP2_HOST"], settings.SHUYUAN["SIP2_PORT"]
            sip2 = subprocess.Popen(
                [sys.executable, "-m", "shuyuan", "runsip2", "--host", str(sip_host), "--port", str(sip_port)]
            )
            self.stdout.write(f"SIP2 server: {sip_host}:{sip_port}")
        self.stdout.write(f"书苑 Shuyuan staff web: http://{host}:{port}/   API docs: http://{host}:{port}/api/docs")
        if logins_file().exists():
            self.stdout.write("demo logins (user / password / role):\n" + logins_file().read_text())
        app: Wsgi = with_server_timing(behind_proxy(application, trusted_proxy) if trusted_proxy else application)
        try:
            if server == "waitress":
                from waitress import serve

                serve(app, host=host, port=port, threads=threads, ident="shuyuan")
            else:
                run_gunicorn(app, host=host, port=port, workers=workers, threads=threads)
        finally:
            if sip2 is not None:
                sip2.terminate()
                sip2.wait(timeout=10)
