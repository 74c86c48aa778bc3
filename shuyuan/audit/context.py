"""Where the current request comes from (an IP address, a kiosk), for the audit log."""

from contextvars import ContextVar

current_source: ContextVar[str] = ContextVar("audit_source", default="")
