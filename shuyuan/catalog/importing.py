"""The import pipeline: read a file record by record, store it in short committed batches, report.

Reading, mapping and serialising happen outside any transaction; each batch of `batch_size`
records is one short `services.store_records` transaction, so memory stays flat and the desk and
the kiosks keep working during a large import.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connections
from django.utils import timezone

from shuyuan.catalog import services
from shuyuan.catalog.errors import CatalogRefused, Reason
from shuyuan.catalog.marc import (
    Encoding,
    MarcFormat,
    MarcProblem,
    ReadResult,
    Syntax,
    mappings_from_settings,
    read_marc,
    to_bib,
)
from shuyuan.catalog.marc.problems import MarcReadError, Problem
from shuyuan.catalog.marc.reading import check_bib
from shuyuan.catalog.marc.writer import record_to_iso2709
from shuyuan.catalog.models import ImportBatch, ImportProblem, Item
from shuyuan.catalog.placement import Placement
from shuyuan.catalog.records import Incoming
from shuyuan.catalog.search.pinyin import load_dictionaries

Step = tuple[Incoming | None, list[ImportProblem]]


@dataclass
class ImportOptions:
    """What an import was asked to do; kept as JSON on the ImportBatch."""

    marc_format: str = ""
    encoding: str = ""
    syntax: str = ""
    branch_code: str = ""
    collection_code: str = ""
    item_type_code: str = ""
    item_status: str = Item.Status.ON_SHELF
    barcode_prefix: str = ""
    batch_size: int = 500
    mapping: dict[str, str] = field(default_factory=dict)
    table_marc_format: str = MarcFormat.CNMARC.value

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> ImportOptions:
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{name: value for name, value in values.items() if name in known})


@dataclass
class Progress:
    """Totals as the pipeline goes, for a progress bar: records read and records per second."""

    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    items: int = 0
    problems: int = 0
    position: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.read / elapsed if elapsed > 0 else 0.0


def as_row(problem: MarcProblem) -> ImportProblem:
    return ImportProblem(
        number=problem.number,
        offset=problem.offset,
        reason=problem.reason.value,
        detail=problem.detail[:300],
        skipped=problem.skips_record,
    )


def marc_steps(stream: BinaryIO, options: ImportOptions) -> Iterator[Step]:
    """Each record of a MARC file, mapped and checked, or only its problems when it is skipped."""
    mappings = mappings_from_settings(getattr(settings, "SHUYUAN_MARC_HOLDINGS", None))
    results = read_marc(
        stream,
        syntax=Syntax(options.syntax) if options.syntax else None,
        marc_format=MarcFormat.parse(options.marc_format) if options.marc_format else None,
        encoding=Encoding(options.encoding) if options.encoding else None,
    )
    try:
        yield from _mapped(results, mappings)
    except MarcReadError as error:
        raise CatalogRefused(error.reason) from None


def _mapped(results: Iterable[ReadResult], mappings: Any) -> Iterator[Step]:
    for result in results:
        problems = [as_row(problem) for problem in result.problems]
        if result.record is None or result.marc_format is None:
            yield None, problems
            continue
        bib = to_bib(result.record, result.marc_format, mappings)
        problems.extend(as_row(problem) for problem in check_bib(bib, result.number, result.offset))
        if any(problem.skipped for problem in problems):
            yield None, problems
            continue
        marc = result.raw or record_to_iso2709(result.record, marc_format=result.marc_format)
        yield Incoming(result.number, result.offset, bib, marc, result.marc_format), problems


def batched(steps: Iterable[Step], size: int) -> Iterator[list[Step]]:
    iterator = iter(steps)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_import(
    batch: ImportBatch,
    *,
    by: Any,
    on_progress: Callable[[Progress], None] | None = None,
    clock: Callable[[], datetime] = timezone.now,
    parallel: bool = False,
) -> ImportBatch:
    """Run a queued import to the end; a refused file or a crash marks it failed with the reason."""
    options = ImportOptions.from_json(batch.options)
    batch = services.start_import(batch, at=clock(), by=by)
    try:
        progress = _run(batch, options, by=by, on_progress=on_progress, clock=clock, parallel=parallel)
    except CatalogRefused as refused:
        problem = ImportProblem(number=0, reason=str(refused.reason), detail=refused.detail[:300], skipped=True)
        services.note_problems(batch, [problem], skipped=0, at=clock(), by=by)
        return services.finish_import(batch, at=clock(), by=by, error=str(refused))
    except Exception as error:
        services.finish_import(batch, at=clock(), by=by, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    if on_progress is not None:
        on_progress(progress)
    return services.finish_import(batch, at=clock(), by=by)


def _run(
    batch: ImportBatch,
    options: ImportOptions,
    *,
    by: Any,
    on_progress: Callable[[Progress], None] | None,
    clock: Callable[[], datetime],
    parallel: bool,
) -> Progress:
    placement = Placement.load(
        branch_code=options.branch_code,
        collection_code=options.collection_code,
        item_type_code=options.item_type_code,
        status=options.item_status,
        barcode_prefix=options.barcode_prefix,
    )
    store = services.plan_records if batch.is_dry_run else services.store_records
    progress = Progress()
    size = max(1, options.batch_size)
    aside = parallel and not connections["default"].in_atomic_block  # forking inside a transaction is unsafe
    chunks = _read_aside(batch, options, size) if aside else _read_here(batch, options, size)
    for chunk in chunks:
        incoming = [entry for entry, _ in chunk if entry is not None]
        problems = [problem for _, found in chunk for problem in found]
        position = max((p.offset for p in problems if p.offset is not None), default=0)
        position = max([position, *(entry.offset or 0 for entry in incoming)])
        outcome = store(batch, incoming, problems, placement=placement, position=position, at=clock(), by=by)
        _add(progress, outcome, len(chunk), position)
        if on_progress is not None:
            on_progress(progress)
    return progress


def _read_here(batch: ImportBatch, options: ImportOptions, size: int) -> Iterator[list[Step]]:
    with open(batch.path, "rb") as stream:
        yield from batched(_steps(batch, stream, options), size)


class _ReadFailed(Exception):
    """A reading error in the reading process, as plain values that cross the process boundary."""

    def __init__(self, message: str, reason: str = "", detail: str = "") -> None:
        super().__init__(message, reason, detail)
        self.message, self.reason, self.detail = message, reason, detail


def _read_aside(batch: ImportBatch, options: ImportOptions, size: int) -> Iterator[list[Step]]:
    """Read and map in a second process while this one writes: the two cores work at once.

    Only for the command line and the benchmark: forking a web server's process with its other
    threads is not safe, so staff-page imports read in their own thread (`parallel=False`).
    """
    connections.close_all()  # the child must not share the parent's database connection
    # What both processes hold from the start (Django, the models, the settings) lives as long as
    # they do: the collector need not walk it again and again.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    queue: Any = context.Queue(maxsize=4)
    reader = context.Process(target=_produce, args=(batch, options, size, queue), daemon=True)
    reader.start()
    try:
        while (chunk := queue.get()) is not None:
            if isinstance(chunk, _ReadFailed):
                if chunk.reason:
                    reason = Reason(chunk.reason) if chunk.reason in Reason.values else Problem(chunk.reason)
                    raise CatalogRefused(reason, chunk.detail)
                raise RuntimeError(chunk.message)
            yield chunk
    finally:
        reader.kill()
        reader.join()


def _produce(batch: ImportBatch, options: ImportOptions, size: int, queue: Any) -> None:
    if not batch.is_dry_run:
        load_dictionaries()
        gc.freeze()  # and the spelling dictionaries: millions of objects (an eighth of the reading time)
    try:
        for chunk in _read_here(batch, options, size):
            if not batch.is_dry_run:
                for entry, _problems in chunk:
                    if entry is not None:
                        entry.search_document()  # most of the search index's work, done here in parallel
            queue.put(chunk)
    except CatalogRefused as refused:
        queue.put(_ReadFailed(str(refused), str(refused.reason), refused.detail))
    except Exception as error:  # handed to the writing process, which fails the import with it
        queue.put(_ReadFailed(f"{type(error).__name__}: {error}"))
    else:
        queue.put(None)


def _steps(batch: ImportBatch, stream: BinaryIO, options: ImportOptions) -> Iterator[Step]:
    if batch.kind == ImportBatch.Kind.TABLE:
        from shuyuan.catalog.old_catalog import table_steps

        return table_steps(stream, batch.file_name, options)
    return marc_steps(stream, options)


def _add(progress: Progress, outcome: services.StoreOutcome, read: int, position: int) -> None:
    progress.read += read
    progress.created += outcome.created
    progress.updated += outcome.updated
    progress.skipped += len({p.number for p in outcome.problems if p.skipped})
    progress.items += outcome.items
    progress.problems += len(outcome.problems)
    progress.position = max(progress.position, position)


def queue_import(
    kind: str, path: str, *, file_name: str, options: ImportOptions, dry_run: bool, at: datetime, by: Any
) -> ImportBatch:
    """An ImportBatch for a file already on disk, ready for `run_import`."""
    import os

    return services.create_import(
        kind,
        file_name=file_name,
        path=path,
        file_size=os.path.getsize(path),
        options=options.to_json(),
        dry_run=dry_run,
        at=at,
        by=by,
    )
