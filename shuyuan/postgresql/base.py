"""Django's PostgreSQL backend, with the ``COMMIT`` sent together with an act's last writes.

A checkout or a return on time ends with one write statement and the ``COMMIT``, two round trips
where the write's result is not needed before the ``COMMIT``'s. ``fastsql.together(last=True)``
keeps such a write on the connection; here the ``COMMIT`` takes it along (libpq's pipeline mode), any
other statement sends it first, and a rollback forgets it. The reply to a kiosk still waits for the
``COMMIT``'s answer: nothing is acknowledged before it is durable.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base
from django.db.backends.utils import debug_transaction  # type: ignore[attr-defined]  # not in django-stubs

from shuyuan import fastsql


class DatabaseWrapper(base.DatabaseWrapper):  # type: ignore[misc]
    def _cursor(self, name: str | None = None) -> Any:
        fastsql.send_deferred(self)
        return super()._cursor(name)  # type: ignore[misc]  # not in django-stubs

    def _commit(self) -> None:
        if self.connection is None:
            return
        with debug_transaction(self, "COMMIT"):
            if not fastsql.commit_deferred(self):
                with self.wrap_database_errors:
                    self.connection.commit()

    def _rollback(self) -> None:
        fastsql.drop_deferred(self)
        super()._rollback()  # type: ignore[misc]
