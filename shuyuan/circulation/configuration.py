"""Circulation's configuration (the policy, the loan-rule matrix, the branches' calendars) read once
per process and kept until it changes.

Every checkout needs the policy, a loan rule and a calendar; they change a few times a year. The
database keeps a token (``SettingsVersion``) that triggers replace with a random value whenever a
row of those tables is written, in the writer's own transaction, whoever writes it (a staff page,
an import, the sqlite3 shell). A process compares the token it read inside its transaction with the
one its copy was made from and reads everything again when they differ; a checkout reads the token
in the statement that locks the reader, so the configuration costs it no statement at all.
Random rather than counted: a rolled-back change can never leave two different configurations
under one token. Without the token's row (a test database after a flush) nothing is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.branches.models import Branch, Closure, PublicHoliday
from shuyuan.branches.rules import MAX_CLOSED_RUN, BranchCalendar, days_between, parse_weekdays
from shuyuan.circulation import rules
from shuyuan.circulation.models import CirculationPolicy, LoanRule, SettingsVersion

TOKEN_SQL = f"SELECT token FROM {SettingsVersion._meta.db_table} WHERE id = 1"
MEMO_LIMIT = 4096  # memoised rule look-ups and calendars per copy, against unbounded growth
TERM_COLUMNS = tuple(f.name for f in fields(rules.Terms))  # LoanRule's columns of the same names


@dataclass(frozen=True)
class RuleRow:
    patron_category_id: int | None
    item_type_id: int | None
    branch_id: int | None
    terms: rules.Terms


@dataclass(frozen=True)
class BranchDays:
    library_id: int
    closed_weekdays: frozenset[int]
    opens_on_public_holidays: bool
    closures: tuple[tuple[date, date], ...]


@dataclass
class Configuration:
    token: int | None
    policies: dict[int, CirculationPolicy]
    loan_rules: tuple[RuleRow, ...]
    holidays: frozenset[date]
    workdays: frozenset[date]
    branches: dict[int, BranchDays]
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    def policy(self, branch_id: int) -> CirculationPolicy:
        """The policy of the branch's library, or one with the defaults if it has none. Shared: do
        not change it."""
        library_id = self.branches[branch_id].library_id
        found = self.policies.get(library_id) or self.memo.get(("policy", library_id))
        return found or self.remember(("policy", library_id), CirculationPolicy(library_id=library_id))

    def terms(self, category_id: int | None, item_type_id: int | None, branch_id: int | None) -> rules.Terms:
        """The applicable loan rule's terms, or the built-in defaults if none matches."""
        key = ("terms", category_id, item_type_id, branch_id)
        terms = self.memo.get(key)
        if terms is None:
            rule = rules.pick_rule(
                self.loan_rules, category_id=category_id, item_type_id=item_type_id, branch_id=branch_id
            )
            terms = self.remember(key, rule.terms if rule is not None else rules.DEFAULT_TERMS)
        return terms  # type: ignore[no-any-return]

    def calendar(self, branch_id: int, first: date) -> BranchCalendar:
        """The branch's calendar from ``first`` on, as far as ``next_open_day`` ever looks."""
        key = ("calendar", branch_id, first)
        calendar = self.memo.get(key)
        if calendar is None:
            last = first + timedelta(days=MAX_CLOSED_RUN)
            days = self.branches[branch_id]
            closed: set[date] = set()
            for start, end in days.closures:
                if start <= last and end >= first:
                    closed |= days_between(max(start, first), min(end, last))
            calendar = self.remember(
                key,
                BranchCalendar(
                    closed_weekdays=days.closed_weekdays,
                    holidays=self.holidays,
                    makeup_workdays=self.workdays,
                    closures=frozenset(closed),
                    opens_on_public_holidays=days.opens_on_public_holidays,
                    closure_ranges=tuple(r for r in days.closures if r[1] >= first),
                ),
            )
        return calendar  # type: ignore[no-any-return]

    def due_date(self, branch_id: int, start: date, days: int) -> date:
        """``days`` after ``start``, moved forward to the first day the branch is open."""
        first = start + timedelta(days=days)
        return rules.due_date(first, 0, self.calendar(branch_id, first))

    def open_day_on_or_after(self, branch_id: int, day: date) -> date:
        return self.due_date(branch_id, day, 0)

    def due_at(self, branch_id: int, start: date, days: int) -> datetime:
        """Loans are due at the end of their due day, local time."""
        return rules.end_of_day(self.due_date(branch_id, start, days), timezone.get_current_timezone())

    def remember(self, key: tuple[Any, ...], value: Any) -> Any:
        """Shared by the threads of a process: each look-up keeps the value it made."""
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()
        self.memo[key] = value
        return value


def terms_of(rule: LoanRule) -> rules.Terms:
    return rules.Terms(*(getattr(rule, column) for column in TERM_COLUMNS))


_copies: dict[str, Configuration] = {}  # per database alias


def current() -> Configuration:
    """The configuration now: reads the token (one statement) unless the copy must be read anyway."""
    row = fastsql.fetch_one(TOKEN_SQL, [])
    return as_of(row[0] if row else None)


def as_of(token: int | None) -> Configuration:
    """The configuration ``token`` stands for: ``token`` is the value of ``TOKEN_SQL`` read in the
    caller's transaction."""
    kept = _copies.get(connection.alias)
    if kept is not None and token is not None and kept.token == token:
        return kept
    fresh = load(token)
    if token is not None:
        _copies[connection.alias] = fresh
    return fresh


def load(token: int | None) -> Configuration:
    policies = {p.library_id: p for p in CirculationPolicy.objects.all()}
    columns = ("patron_category_id", "item_type_id", "branch_id", *TERM_COLUMNS)
    loan_rules = tuple(
        RuleRow(category, item_type, branch, rules.Terms(*terms))
        for category, item_type, branch, *terms in LoanRule.objects.values_list(*columns)
    )
    schedule = list(PublicHoliday.objects.values_list("date", "kind"))
    closures: dict[int, list[tuple[date, date]]] = {}
    for branch_id, first, last in Closure.objects.values_list("branch_id", "first_day", "last_day"):
        closures.setdefault(branch_id, []).append((first, last))
    calendar_columns = ("pk", "library_id", "closed_weekdays", "opens_on_public_holidays")
    branches = {
        pk: BranchDays(library, parse_weekdays(weekdays), opens, tuple(closures.get(pk, ())))
        for pk, library, weekdays, opens in Branch.objects.values_list(*calendar_columns)
    }
    return Configuration(
        token=token,
        policies=policies,
        loan_rules=loan_rules,
        holidays=frozenset(d for d, kind in schedule if kind == PublicHoliday.Kind.HOLIDAY),
        workdays=frozenset(d for d, kind in schedule if kind == PublicHoliday.Kind.WORKDAY),
        branches=branches,
    )
