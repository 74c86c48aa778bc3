"""Keeping the index in step with the catalogue.

The catalogue's services call :func:`index_records` for every record they create or change (or
whose items they change) and :func:`remove_records` for records they delete, inside their own
transaction: the index commits or rolls back with the change. Neither opens a transaction of its
own beyond a savepoint, so they are building blocks in the sense of DESIGN.md 4a.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction

from shuyuan.catalog.models import Record

from . import documents
from .backends import backend

BATCH = 1000


def _batches(ids: Iterable[int], size: int = BATCH) -> Iterable[list[int]]:
    batch: list[int] = []
    for record_id in ids:
        batch.append(int(record_id))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def index_records(record_ids: Iterable[int], *, prepared: Mapping[int, documents.Document] | None = None) -> int:
    """(Re)index these records from what the database holds now; ids of deleted records are removed.

    ``prepared`` maps ids of records the caller has just written to :func:`documents.of_record` of
    the values it wrote, computed beforehand (an import does it in its reading process): the same
    documents, without reading the records back or spelling them out again.
    """
    engine = backend()
    done = 0
    with transaction.atomic():
        for batch in _batches(dict.fromkeys(record_ids)):
            docs = list(documents.load(batch, prepared))
            engine.write(batch, docs)
            done += len(docs)
    return done


def remove_records(record_ids: Iterable[int]) -> None:
    engine = backend()
    with transaction.atomic():
        for batch in _batches(record_ids):
            engine.delete(batch)


def rebuild(*, clear: bool = False, batch: int = BATCH, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every record again, a batch per transaction, then drop entries of records that are gone.

    Searches keep working meanwhile; ``clear`` empties the index first (searches find less until
    the rebuild ends), for an index that something other than these functions has written to.
    """
    engine = backend()
    if clear:
        with transaction.atomic():
            engine.clear()
    total = Record.objects.count()
    done = 0
    ids = Record.objects.order_by("pk").values_list("pk", flat=True)
    for chunk in _batches(ids.iterator(chunk_size=batch), batch):
        with transaction.atomic():
            engine.write(chunk, list(documents.load(chunk)))
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    with transaction.atomic():
        engine.delete(engine.orphans())
        engine.optimize()
    return done
