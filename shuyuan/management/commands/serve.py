import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from shuyuan.demo import logins_file


class Command(BaseCommand):
    help = "Serve the staff web application (and the SIP2 server when installed)."
    requires_system_checks: list[str] = []  # run in handle, with the database's checks (its triggers)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-sip2", action="store_true")
        parser.add_argument(
            "--trusted-proxy",
            default=settings.SHUYUAN.get("TRUSTED_PROXY", ""),
            help="address of the TLS proxy in front (e.g. 127.0.0.1) whose X-Forwarded-For names the client",
        )

    def handle(
        self, *args: Any, host: str, port: int, threads: int, no_sip2: bool, trusted_proxy: str, **options: Any
    ) -> None:
        from waitress import serve

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
        try:
            proxy: dict[str, Any] = {}
            if trusted_proxy:
                # The audit log records the reader's or clerk's own address, not the proxy's.
                proxy = {
                    "trusted_proxy": trusted_proxy,
                    "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
                    "clear_untrusted_proxy_headers": True,
                }
            serve(application, host=host, port=port, threads=threads, ident="shuyuan", **proxy)
        finally:
            if sip2 is not None:
                sip2.terminate()
                sip2.wait(timeout=10)
