"""Imports started from the staff pages run in a background thread of the web process.

The thread has its own database connection and commits batch by batch like the command does; the
page reads the ImportBatch row for progress. A server restart leaves a running import stalled
(its heartbeat stops), which the page shows; run it again from the command line or re-upload.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from shuyuan.catalog.importing import run_import
from shuyuan.catalog.models import ImportBatch

logger = logging.getLogger(__name__)


def launch(batch: ImportBatch, *, by: Any) -> threading.Thread:
    user_id = getattr(by, "pk", None)
    thread = threading.Thread(target=_run, args=(batch.pk, user_id), name=f"catalog-import-{batch.pk}", daemon=True)
    thread.start()
    return thread


def _run(batch_id: int, user_id: int | None) -> None:
    close_old_connections()
    try:
        batch = ImportBatch.objects.get(pk=batch_id)
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        run_import(batch, by=user)
    except Exception:
        logger.exception("catalogue import %s failed", batch_id)
    finally:
        connection.close()
