"""Book numbers (书次号) after the class in a call number: 种次号 from a counter row per class, or an
author number. Building blocks: they open no transaction; the caller's service holds one.

A scheme is chosen per library (``SHUYUAN["CATALOG"]["BOOK_NUMBER_SCHEME"]``): ``accession``,
``author``, or the dotted path of a class with the same ``book_number`` method.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Protocol, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils.module_loading import import_string
from pypinyin import Style, lazy_pinyin

from shuyuan.catalog import callnumbers
from shuyuan.catalog.conf import CatalogSettings, catalog_settings
from shuyuan.catalog.models import CallNumberCounter, Item, Record

_LEADING_NUMBER = re.compile(r"^(\d+)")


class BookNumberScheme(Protocol):
    def book_number(self, record: Record, class_number: str, *, scope: str) -> str: ...


class AccessionNumbers:
    """种次号: the next number in the class (and scope), never handed out twice."""

    def book_number(self, record: Record, class_number: str, *, scope: str) -> str:
        return str(next_accession_number(class_number, scope=scope))


class AuthorNumbers:
    """拼音著者号: the capital initial of the first author's surname and the initials of the given
    name in pinyin (鲁迅 → LX), as many county libraries write them instead of 种次号."""

    def book_number(self, record: Record, class_number: str, *, scope: str) -> str:
        return author_number(record.author_list[0] if record.author_list else record.responsibility or record.title)


SCHEMES: dict[str, type] = {"accession": AccessionNumbers, "author": AuthorNumbers}


def scheme(configured: CatalogSettings | None = None) -> BookNumberScheme:
    name = (configured or catalog_settings()).book_number_scheme
    found = SCHEMES.get(name) or import_string(name)
    return found()  # type: ignore[no-any-return]


def author_number(name: str) -> str:
    letters = [syllable[:1] for syllable in lazy_pinyin(_name_only(name), style=Style.NORMAL) if syllable[:1].isalpha()]
    if not letters:
        return ""
    return (letters[0].upper() + "".join(letters[1:3]).lower())[:6].upper()


def _name_only(name: str) -> str:
    # "[明]罗贯中著" -> 罗贯中: the dynasty or country in brackets, and the role word after the name.
    name = re.sub(r"[\[［(（〔][^\]］)）〕]*[\]］)）〕]", "", name).strip()
    return re.sub(r"(主编|编著|编|著|译|绘|等)+$", "", name).strip()


def next_accession_number(class_number: str, *, scope: str = "") -> int:
    """The next 种次号 of ``class_number`` in ``scope`` ("" for the whole library, or a branch code).

    One statement, ``UPDATE … RETURNING``, in a short transaction of its own when called outside one
    (as assign_call_number calls it): the counter row is locked only inside the database, never across
    a round trip to this process. Cataloguers of one server process asking at once share one commit
    (:class:`GroupedDraws`), so eight of them wait for about two durable commits, not eight
    (bench.cataloguing). A number drawn is gone even if the caller's record is never saved. The row
    is made on first use, starting after the highest 种次号 the class's copies already carry.
    """
    class_number = callnumbers.normal_form(class_number)
    drawn = _draw(class_number, scope)
    if drawn is None:
        _create_counter(class_number, scope)
        drawn = _draw(class_number, scope)
    assert drawn is not None
    return drawn


@dataclass(eq=False)
class _Ask:
    class_number: str
    scope: str
    done: bool = False
    number: int | None = None
    error: BaseException | None = None


class GroupedDraws:
    """Group commit for the draws of one process's threads (waitress serves a request per thread).

    A thread puts its question in the queue and waits to lead. The leader answers every question
    queued so far in one transaction, each by its own ``UPDATE … RETURNING``, commits once (WAL with
    synchronous=FULL, or PostgreSQL's fsync), and only then hands the numbers out: a number is
    answered only once it is durable, and a failed commit hands out none (no gap, no duplicate).
    Questions that arrive while a leader commits are answered together by the next one. Each
    separate durable commit was the wait before: the eighth cataloguer waited for seven fsyncs.
    """

    def __init__(self) -> None:
        self._queue = threading.Lock()
        self._leader = threading.Lock()
        self._waiting: list[_Ask] = []

    def draw(self, class_number: str, scope: str) -> int | None:
        ask = _Ask(class_number, scope)
        with self._queue:
            self._waiting.append(ask)
        with self._leader:
            if not ask.done:
                with self._queue:
                    batch, self._waiting = self._waiting, []
                self._answer(batch)
        if ask.error is not None:
            raise ask.error
        return ask.number

    @staticmethod
    def _answer(batch: list[_Ask]) -> None:
        try:
            with transaction.atomic(durable=True):
                numbers = [_update_returning(ask.class_number, ask.scope) for ask in batch]
        except BaseException as error:
            for ask in batch:
                ask.error, ask.done = error, True
            return
        for ask, number in zip(batch, numbers, strict=True):
            ask.number, ask.done = number, True


_GROUPED = GroupedDraws()


def _draw(class_number: str, scope: str) -> int | None:
    if connection.get_autocommit():
        return _GROUPED.draw(class_number, scope)
    return _update_returning(class_number, scope)


def _update_returning(class_number: str, scope: str) -> int | None:
    table = connection.ops.quote_name(CallNumberCounter._meta.db_table)
    column = {
        name: connection.ops.quote_name(cast(Field, CallNumberCounter._meta.get_field(name)).column)  # type: ignore[type-arg]
        for name in ("last_number", "scope", "class_number")
    }
    statement = (
        f"UPDATE {table} SET {column['last_number']} = {column['last_number']} + 1 "
        f"WHERE {column['scope']} = %s AND {column['class_number']} = %s RETURNING {column['last_number']}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [scope, class_number])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _create_counter(class_number: str, scope: str) -> None:
    highest = highest_in_use(class_number, scope=scope)
    try:
        with transaction.atomic():  # a savepoint: another cataloguer may create it first
            CallNumberCounter.objects.create(scope=scope, class_number=class_number, last_number=highest)
    except IntegrityError:
        pass


def highest_in_use(class_number: str, *, scope: str = "") -> int:
    """The highest 种次号 the copies (and records) of this class carry already."""
    prefix = f"{class_number}/"
    items = Item.objects.filter(call_number__startswith=prefix)
    if scope:
        items = items.filter(home_branch__code=scope)
    values = list(items.values_list("call_number", flat=True))
    if not scope:
        values += Record.objects.filter(call_number__startswith=prefix).values_list("call_number", flat=True)
    numbers = [int(found.group(1)) for value in values if (found := _LEADING_NUMBER.match(value[len(prefix) :]))]
    return max(numbers, default=0)
