"""The fast path's SQL: statements prepared once per connection, rows made into model instances
through the backend's own converters, and inserts and updates without the ORM's compilation.

Measured on the checkout, checkin, card and barcode paths: the ORM spent more time compiling a
few small statements (and building instances of fifty-field models) than the database took to
run them. Raw SQL is allowed only on a path a benchmark names (README, "The fast path"); a module
on such a path keeps its SQL text and one column tuple per model, and everything else is here.

Rows become instances as the ORM's ``Model.from_db`` makes them, with the values converted exactly
as the ORM converts them (``connection.ops.get_db_converters`` and the field's own), so on SQLite
a boolean is a bool, a timestamp an aware datetime and a price a Decimal with its places. Fields
not read load on access, as with ``QuerySet.only``.

On PostgreSQL the statements of one act (``fetch_one``, ``fetch_all``, ``fetch_each``, ``execute``,
``insert``, ``update``) run through libpq (``shuyuan.pgstatements``): each is prepared on the
connection at its first use (unless ``prepare_threshold`` in settings is off) and later runs send
only its name and values: no quoting of values in Python, no parsing or planning on the server.
Django binds on the client and never prepares (its ORM does not always write SQL that the server can
prepare); the ORM keeps that. Writes of one act that nobody reads back can go in one statement
(``together``), reads that do not depend on one another in one round trip (``fetch_each``), and a
transaction's ``BEGIN`` goes with its first statement. Measured at county scale: README, "A city on
PostgreSQL".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.expressions import Col

M = TypeVar("M", bound=Model)
T = TypeVar("T")

_CACHE = "shuyuan_fastsql"  # the attribute of a connection object that holds what the fast path keeps for it
_TOGETHER = "together"  # the cache key of an open together() block's waiting writes


def db() -> BaseDatabaseWrapper:
    """The connection the fast path runs on (the default one, as Django gives it here). Not cached:
    Django keeps one per thread, but one per context in a thread that runs an event loop (Playwright's
    browser tests do), and a statement on another connection than the caller's transaction waits
    for that transaction's own lock."""
    return connections[DEFAULT_DB_ALIAS]


def _cache(wrapper: BaseDatabaseWrapper) -> dict[Hashable, Any]:
    """What the fast path keeps for one connection: its statements and plans, its libpq session, the
    writes of an open ``together`` block. Kept on the connection object (Django's, one per thread)."""
    try:
        return wrapper.__dict__[_CACHE]  # type: ignore[no-any-return]
    except KeyError:
        return wrapper.__dict__.setdefault(_CACHE, {})  # type: ignore[no-any-return]


def prepared(make: Callable[..., T], *args: Hashable, wrapper: BaseDatabaseWrapper | None = None) -> T:
    """``make(wrapper, *args)``, computed once per connection: statements and conversion plans
    depend on the engine (quoting, row locks, converters), never on the values bound to them."""
    wrapper = wrapper or db()
    cache = _cache(wrapper)
    key = (make, *args)
    found = cache.get(key)
    if found is None:
        found = cache[key] = make(wrapper, *args)
    return cast(T, found)


# ---- SQL text helpers ---------------------------------------------------------------------------


def table(model: type[Model]) -> str:
    return db().ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    """The quoted column of a field (``record`` or ``record_id`` alike)."""
    return db().ops.quote_name(cast(models.Field, model._meta.get_field(name)).column)  # type: ignore[type-arg]


def select_list(alias: str, model: type[Model], names: Sequence[str]) -> list[str]:
    """``alias.column`` for each attribute name (``category_id``), in the given order."""
    return [f"{alias}.{column(model, name)}" for name in names]


@cache
def all_columns(model: type[Model]) -> tuple[str, ...]:
    """Every concrete field's attribute name, in the model's order: a read of the whole row."""
    return tuple(f.attname for f in model._meta.concrete_fields)


def literal(value: str) -> str:
    """A constant of the code (a status) written into the statement's text instead of bound. A
    prepared statement runs one generic plan for every value bound to it, and such a plan cannot
    use an index made for one value (``… WHERE status = 'open'``); with the value in the text it
    can. Never for input: only words made of letters and underscores pass."""
    if not value.isidentifier():
        raise ValueError(f"not a code constant: {value!r}")
    return f"'{value}'"


def literals(values: Sequence[str]) -> str:
    return ", ".join(literal(value) for value in values)


def for_update(alias: str) -> str:
    """Lock the rows of ``alias`` where the engine knows row locks (SQLite's IMMEDIATE transaction
    has the database to itself anyway)."""
    features = db().features
    if not features.has_select_for_update:
        return ""
    return f" FOR UPDATE OF {alias}" if features.has_select_for_update_of else " FOR UPDATE"


# ---- reading -----------------------------------------------------------------------------------


def statement_cursor(wrapper: BaseDatabaseWrapper | None = None) -> Any:
    """A cursor for the fixed statements of the fast path: Django's own, except that on PostgreSQL it
    binds parameters on the server, which lets psycopg prepare the statement (module docstring). It
    is wrapped as Django wraps its cursors (errors, query logging, execute wrappers)."""
    wrapper = wrapper or db()
    if wrapper.vendor != "postgresql":
        return wrapper.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    wrapper.close_if_health_check_failed()
    wrapper.ensure_connection()
    send_deferred(wrapper)
    with wrapper.wrap_database_errors:
        raw = ServerBindingCursor(wrapper.connection)
    wrapper.validate_thread_sharing()
    return _debug_cursor_class()(raw, wrapper) if wrapper.queries_logged else wrapper.make_cursor(raw)


@cache
def _debug_cursor_class() -> type:
    from django.db.backends.postgresql.base import CursorDebugWrapper

    class ServerBoundDebugCursor(CursorDebugWrapper):
        """Django's debug cursor logs the text a client-binding cursor sent; this one binds on the
        server, so its log shows the statement with the values composed in as Django's would."""

        def debug_sql(
            self, sql: Any = None, params: Any = None, use_last_executed_query: bool = False, many: bool = False
        ) -> Any:
            if use_last_executed_query and not many:
                sql = self.db.ops.compose_sql(sql, params)
            return super().debug_sql(sql, params, use_last_executed_query=False, many=many)

    return ServerBoundDebugCursor


def run(sql: str, params: Sequence[Any], wrapper: BaseDatabaseWrapper | None = None) -> list[Any]:
    """Execute one of the fast path's statements; returns its rows (none for a statement without).
    Not inside a ``together`` block, whose writes are not sent yet."""
    wrapper = wrapper or db()
    _refuse_in_together(wrapper)
    return _send(sql, params, wrapper)


def _refuse_in_together(wrapper: BaseDatabaseWrapper) -> None:
    if _TOGETHER in _cache(wrapper):
        raise RuntimeError("a fast-path statement inside fastsql.together(), before the block's writes are sent")


def _watched(wrapper: BaseDatabaseWrapper) -> bool:
    """Statements go Django's way: not PostgreSQL, or something watches them (query logging,
    execute wrappers)."""
    return wrapper.vendor != "postgresql" or wrapper.queries_logged or bool(wrapper.execute_wrappers)


def _send(sql: str, params: Sequence[Any], wrapper: BaseDatabaseWrapper) -> list[Any]:
    """On PostgreSQL, unless something watches the statements (query logging, execute wrappers), it
    runs through libpq (``shuyuan.pgstatements``), with Django's error translation and
    broken-transaction check but without a cursor: a Django cursor made and wrapped for every
    statement, then psycopg's own cursor, were half of a statement's client CPU (README, "A city on
    PostgreSQL")."""
    if _watched(wrapper):
        with statement_cursor(wrapper) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    return _send_each([(sql, params)], wrapper)[0]


def _send_each(statements: Sequence[tuple[str, Sequence[Any]]], wrapper: BaseDatabaseWrapper) -> list[list[Any]]:
    """PostgreSQL, nothing watching: through libpq, all in one round trip."""
    session = _session(wrapper)
    wrapper.validate_no_broken_transaction()
    with wrapper.wrap_database_errors:
        return session.run(statements)


def _session(wrapper: BaseDatabaseWrapper) -> Any:
    """This connection's fast-path statements (anew after a reconnection)."""
    from shuyuan.pgstatements import Session

    wrapper.close_if_health_check_failed()
    wrapper.ensure_connection()
    wrapper.validate_thread_sharing()
    cache = _cache(wrapper)
    session = cache.get(_session)
    if session is None or session.connection is not wrapper.connection:
        session = cache[_session] = Session(wrapper.connection)
    return session


def fetch_each(statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement, run in order as if one by one (each sees what the ones before it
    wrote and locked, and reads with a snapshot taken when it starts), on PostgreSQL in one round
    trip; an error raises, and the statements after it do not run."""
    wrapper = db()
    _refuse_in_together(wrapper)
    if _watched(wrapper):
        results = [_send(sql, params, wrapper) for sql, params in statements]
    else:
        results = _send_each(statements, wrapper)
    return [[tuple(row) for row in rows] for rows in results]


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    rows = run(sql, params)
    return tuple(rows[0]) if rows else None


def fetch_all(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in run(sql, params)]


def fetch_report(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of an analytic statement (a range of days, grouped): bound on the client as the ORM
    binds, so that PostgreSQL plans it for these values and not with the fast path's generic plan."""
    with db().cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def execute(sql: str, params: Sequence[Any]) -> None:
    """A write whose result nobody reads: it waits for the end of a ``together`` block."""
    _write(sql, params, db())


def _write(sql: str, params: Sequence[Any], wrapper: BaseDatabaseWrapper) -> None:
    waiting = _cache(wrapper).get(_TOGETHER)
    if waiting is not None and wrapper.vendor == "postgresql":
        waiting.append((sql, params))
    else:
        _send(sql, params, wrapper)


@contextmanager
def together(*, last: bool = False) -> Iterator[None]:
    """Send the block's writes that nobody reads back (``execute``, ``update``, ``insert`` with
    ``returning=False``) together when it ends: on PostgreSQL as one statement, each write one of
    its data-modifying ``WITH`` queries, in one round trip instead of one each (a round trip costs
    the server about as much as a small write: bench/results/pg-city/LOG.md). SQLite, inside this
    process, runs them at once. The writes must touch different rows (the queries of one statement
    do not see one another's changes), and the block may not read on the fast path (``run`` refuses),
    so no write is looked for before it is sent. Their errors arrive at the end of the block; a block
    left by an exception sends nothing and marks its transaction for rollback, on every engine, so that
    a caller who catches the exception cannot commit half an act. An ``insert`` that reads its
    id back sends the writes waiting before it with it. A block inside another is part of the outer
    one.

    ``last``: the block holds the last writes of its transaction's act. On PostgreSQL, inside a
    transaction, its statement then waits on the connection and goes with whatever the connection
    sends next: the ``COMMIT`` (``shuyuan.postgresql``), in one round trip, or a statement, before it.
    Its errors arrive then, the ``COMMIT``'s failing and the transaction rolled back."""
    wrapper = db()
    cache = _cache(wrapper)
    if _TOGETHER in cache:
        yield
        return
    waiting: list[tuple[str, Sequence[Any]]] = []
    cache[_TOGETHER] = waiting
    try:
        yield
    except BaseException:
        if wrapper.in_atomic_block:  # the act is incomplete (on PostgreSQL its writes unsent): never commit it
            wrapper.set_rollback(True)
        raise
    finally:
        del cache[_TOGETHER]
    if not waiting:
        return
    if last and wrapper.in_atomic_block and not _watched(wrapper):
        wrapper.validate_no_broken_transaction()
        _session(wrapper).defer(*_composed(waiting))
    else:
        _send(*_composed(waiting), wrapper)


def _deferring(wrapper: BaseDatabaseWrapper) -> Any:
    """The connection's fast-path session if writes wait on it (``together(last=True)``), or None."""
    session = _cache(wrapper).get(_session)
    if session is None or not session.waiting:
        return None
    if session.connection is not wrapper.connection:  # reconnected: their transaction is gone
        session.waiting.clear()
        return None
    return session


def send_deferred(wrapper: BaseDatabaseWrapper) -> None:
    """Send the writes waiting on the connection before a statement that does not go the fast path
    (the ORM's, a savepoint's)."""
    if (session := _deferring(wrapper)) is not None:
        with wrapper.wrap_database_errors:
            session.run([])


def commit_deferred(wrapper: BaseDatabaseWrapper) -> bool:
    """``COMMIT`` with the writes waiting on the connection, in one round trip; False if none wait."""
    if (session := _deferring(wrapper)) is None:
        return False
    with wrapper.wrap_database_errors:
        session.commit()
    return True


def drop_deferred(wrapper: BaseDatabaseWrapper) -> None:
    """Forget the writes waiting: their transaction is being rolled back."""
    if (session := _deferring(wrapper)) is not None:
        session.waiting.clear()


def _with_waiting(sql: str, params: Sequence[Any], wrapper: BaseDatabaseWrapper) -> list[Any]:
    """The rows of a write that returns some (``INSERT … RETURNING``), sent with the writes waiting
    in an open ``together`` block: they run first, as ``WITH`` queries of its statement."""
    waiting = _cache(wrapper).get(_TOGETHER)
    if waiting:
        sql, params = _composed([*waiting, (sql, params)])
        waiting.clear()
    return _send(sql, params, wrapper)


def _composed(writes: list[tuple[str, Sequence[Any]]]) -> tuple[str, list[Any]]:
    """One statement of several writes: ``WITH w0 AS (first), w1 AS (second) last``."""
    *first, (last, _params) = writes
    heads = ", ".join(f"w{n} AS ({sql})" for n, (sql, _params) in enumerate(first))
    return (f"WITH {heads} {last}" if first else last), [value for _sql, params in writes for value in params]


def execute_many(sql: str, rows: Sequence[Sequence[Any]]) -> None:
    with db().cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass(frozen=True)
class _Plan:
    """How a row of ``names`` becomes an instance: the attribute names in the model's field order
    (as ``from_db`` takes them), where each one is in the row, and its converters with the
    expression they are called with (as the ORM's compiler calls them)."""

    attnames: tuple[str, ...]
    order: tuple[int, ...]
    converters: tuple[tuple[int, Col, tuple[Callable[..., Any], ...]], ...]
    fast: bool  # no one listens to the model's init signals


def _plan(wrapper: BaseDatabaseWrapper, model: type[Model], names: tuple[str, ...]) -> _Plan:
    position = {name: i for i, name in enumerate(names)}
    unknown = set(names) - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    fields = [f for f in model._meta.concrete_fields if f.attname in position]
    converters = []
    for at, field in enumerate(fields):
        expression = Col(model._meta.db_table, field)
        found = wrapper.ops.get_db_converters(expression) + expression.get_db_converters(wrapper)
        if found:
            converters.append((at, expression, tuple(found)))
    return _Plan(
        tuple(f.attname for f in fields),
        tuple(position[f.attname] for f in fields),
        tuple(converters),
        not _init_heard(model),
    )


def _init_heard(model: type[Model]) -> bool:
    """Whether someone listens to the model's init signals (then only ``Model.__init__`` will do)."""
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


def build(
    model: type[M], names: Sequence[str], values: Sequence[Any], *, wrapper: BaseDatabaseWrapper | None = None
) -> M:
    """A model instance from a row: ``names`` are attribute names (``category_id``), ``values`` the
    driver's values in that order. Without ``Model.__init__`` (which walks every field of the
    model, some fifty for a reader, however few were read) unless someone listens to the model's
    init signals. ``wrapper``: the connection the row came from, for a caller building several."""
    wrapper = wrapper or db()
    plan: _Plan = prepared(_plan, model, tuple(names), wrapper=wrapper)
    cleaned = [values[i] for i in plan.order]
    for at, expression, converters in plan.converters:
        value = cleaned[at]
        for convert in converters:
            value = convert(value, expression, wrapper)
        cleaned[at] = value
    if not plan.fast:
        return cast(M, model.from_db(wrapper.alias, list(plan.attnames), cleaned))
    obj = model.__new__(model)
    obj.__dict__.update(zip(plan.attnames, cleaned, strict=True))
    obj._state = ModelState()
    obj._state.adding = False
    obj._state.db = wrapper.alias
    return obj


def build_joined(
    row: Sequence[Any], start: int, model: type[M], names: Sequence[str], *, wrapper: BaseDatabaseWrapper | None = None
) -> tuple[M | None, int]:
    """The instance of ``model`` whose ``names`` begin at ``row[start]`` (None when its id, the
    first name, is NULL, as a LEFT JOIN leaves it), and where the next one begins."""
    end = start + len(names)
    if row[start] is None:
        return None, end
    return build(model, names, row[start:end], wrapper=wrapper), end


def attach(obj: Model, **related: Model | None) -> None:
    """Set related instances read with ``obj`` (``item.record``), their ids being the ones ``obj``
    holds already: the cache the relation's descriptor would fill, without its checks, which cost
    more than building the instance."""
    cache = obj._state.fields_cache
    for name, instance in related.items():
        cache[name] = instance


# ---- writing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fields:
    """What ``new`` needs of a model: each concrete field's attribute name and default, and the
    relations by name with the attribute that holds their id."""

    defaults: tuple[tuple[str, Callable[[], Any]], ...]
    relations: dict[str, str]
    attnames: frozenset[str]
    fast: bool  # no one listens to the model's init signals


@cache
def _fields(model: type[Model]) -> _Fields:
    concrete = model._meta.concrete_fields
    return _Fields(
        tuple((f.attname, f.get_default) for f in concrete),
        {f.name: f.attname for f in concrete if f.is_relation},
        frozenset(f.attname for f in concrete),
        not _init_heard(model),
    )


def new(model: type[M], **values: Any) -> M:
    """An unsaved instance as ``model(**values)`` makes it: a related instance given by its field's
    name is kept as the ORM keeps it, an id by its attribute name (``branch_id``), and every other
    field takes its default. Without ``Model.__init__``'s checks on each value, a twentieth of the
    SIP2 server's CPU when it built every checkout's loan and event that way (README, "A city on
    PostgreSQL"), unless someone listens to the model's init signals."""
    fields = _fields(model)
    if not fields.fast:
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    state = obj.__dict__
    for attname, default in fields.defaults:
        state[attname] = default()
    for name, value in values.items():
        holder = fields.relations.get(name)
        if holder is not None:
            state[holder] = None if value is None else value.pk
            obj._state.fields_cache[name] = value
        elif name in fields.attnames:
            state[name] = value
        else:
            raise TypeError(f"{model.__name__} has no field {name!r}")
    return obj


@dataclass(frozen=True)
class _Insert:
    sql: str
    plan: tuple[tuple[Any, str, Any], ...]  # (field, attribute name, the type the driver takes as it is)


def _insert(wrapper: BaseDatabaseWrapper, model: type[Model], returning: bool, with_id: bool) -> _Insert:
    fields = tuple(f for f in model._meta.concrete_fields if with_id or not f.primary_key)
    quote = wrapper.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return _Insert(sql, tuple((f, f.attname, _ready_type(f)) for f in fields))


def _ready_type(field: Any) -> Any:
    """The Python type a field's ``get_db_prep_save`` returns unchanged (fields with automatic
    values, like ``auto_now``, always go the long way)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return None
    if isinstance(field, models.ForeignKey):
        return _ready_type(field.target_field)
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, (models.CharField, models.TextField)) and not isinstance(field, models.JSONField):
        return str
    if isinstance(field, models.IntegerField):  # includes the auto fields a foreign key points to
        return int
    return None


def _value(obj: Model, field: Any, attname: str, ready: Any, wrapper: BaseDatabaseWrapper) -> Any:
    value = getattr(obj, attname)
    if value is None:
        return None
    if ready is not None and isinstance(value, ready) and not (ready is int and isinstance(value, bool)):
        return value
    return field.get_db_prep_save(field.pre_save(obj, True), wrapper)


def insert(obj: M, *, returning: bool = True) -> M:
    """Insert a new row for ``obj`` as ``obj.save()`` would, by one prepared statement (the ORM's
    save compiles its INSERT anew each time). In a ``together`` block the row goes with the writes
    waiting before it; with ``returning=False`` its id is not read back (``pk`` stays None, unless
    ``obj`` has one already: ``next_id``) and it waits with them for the end of the block."""
    wrapper = db()
    with_id = obj.pk is not None
    statement: _Insert = prepared(_insert, type(obj), returning and not with_id, with_id, wrapper=wrapper)
    values = [_value(obj, field, attname, ready, wrapper) for field, attname, ready in statement.plan]
    if returning and not with_id:
        obj.pk = _with_waiting(statement.sql, values, wrapper)[0][0]
    else:
        _write(statement.sql, values, wrapper)
    obj._state.adding = False
    obj._state.db = wrapper.alias
    return obj


def next_id_statement(model: type[Model]) -> tuple[str, list[Any]]:
    """On PostgreSQL, the statement that draws a new id from the sequence of ``model``'s table, for
    a row inserted later that then need not read its id back (``insert``). Its row is ``(id,)``.
    An id drawn and not used is a gap in the numbers, as a rolled-back insert leaves one."""
    wrapper = db()
    if wrapper.vendor != "postgresql":
        raise NotImplementedError("ids are drawn ahead on PostgreSQL only")
    quote = wrapper.ops.quote_name
    table = quote(model._meta.db_table).replace("'", "''")
    return f"SELECT nextval(pg_get_serial_sequence('{table}', '{model._meta.pk.column}'))", []


def _update(wrapper: BaseDatabaseWrapper, model: type[Model], names: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    quote = wrapper.ops.quote_name
    fields = tuple(cast(models.Field, model._meta.get_field(name)) for name in names)  # type: ignore[type-arg]
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = quote(model._meta.pk.column)
    return f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s", fields


def update(obj: Model, *names: str) -> None:
    """``obj.save(update_fields=names)`` by one prepared statement (it waits for the end of a
    ``together`` block)."""
    wrapper = db()
    sql, fields = prepared(_update, type(obj), names, wrapper=wrapper)
    values = [f.get_db_prep_save(f.pre_save(obj, False), wrapper) for f in fields]
    _write(sql, [*values, obj.pk], wrapper)


# ---- many rows at once (imports, benchmark fills) -----------------------------------------------

_MAX_PARAMETERS = 30_000  # SQLite allows 32 766 per statement, PostgreSQL 65 535


def db_datetime(value: datetime) -> Any:
    """A timestamp as the engine stores it (SQLite: naive UTC text), computed once per batch."""
    return db().ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, returning_ids: bool = False
) -> list[int]:
    """Insert rows of values for ``columns`` (field names; ``_id`` for foreign keys), the values
    already as the engine stores them; the new ids if asked.

    ``bulk_create`` spends most of an import's database time preparing each value of each row
    through its field. Statements stay under the engines' parameter limits, with RETURNING for the
    new ids (SQLite 3.35+ and PostgreSQL keep the order of VALUES, as Django's own bulk_create
    relies on). They carry a power of two of rows: Python's sqlite3 keeps the last 128 statements
    prepared, each holding the values last bound to it, so a statement for every batch size (497
    rows, 498, …, each with its records' MARC) kept tens of megabytes alive in a long import.
    """
    if not rows:
        return []
    wrapper = db()
    quote = wrapper.ops.quote_name
    meta = model._meta
    names = ", ".join(quote(cast(models.Field, meta.get_field(name)).column) for name in columns)  # type: ignore[type-arg]
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, _MAX_PARAMETERS // len(columns))
    returning = f" RETURNING {quote(meta.pk.column)}" if returning_ids else ""
    ids: list[int] = []
    with wrapper.cursor() as cursor:
        start = 0
        while start < len(rows):
            count = 1 << (min(len(rows) - start, per_statement).bit_length() - 1)
            part = rows[start : start + count]
            sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES {', '.join([one_row] * count)}{returning}"
            cursor.execute(sql, [value for row in part for value in row])
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
            start += count
    return ids


def copy_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows as ``insert_rows`` does, without ids: on PostgreSQL through ``COPY … FROM STDIN``.

    Measured on the serials benchmark (64 070 issues): Django's psycopg cursors bind parameters on
    the client, so a multi-row INSERT of thousands of rows had each value quoted into the statement
    text in Python and the server parse a statement of megabytes; that took longer than the ORM's
    bulk_create. COPY sends the rows as data. Other engines use ``insert_rows``."""
    if not rows:
        return
    wrapper = db()
    if wrapper.vendor != "postgresql":
        insert_rows(model, columns, rows)
        return
    quote = wrapper.ops.quote_name
    meta = model._meta
    names = ", ".join(quote(cast(models.Field, meta.get_field(name)).column) for name in columns)  # type: ignore[type-arg]
    with wrapper.cursor() as cursor, cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
