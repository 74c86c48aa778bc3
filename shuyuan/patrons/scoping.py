"""Which readers a staff member sees and changes: the one rule every reader page, list, export and
admin view uses.

- **Look-up and a reader's page: every reader.** Any reader may borrow at any branch (通借通还), so a
  clerk must find a reader of another branch and see their page (standing, loans, holds).
- **Lists and exports: the readers of one's own branches** (``readers_visible_to``; rows that belong
  to a reader, such as loans, notices and overdue listings, through ``rows_of_visible_readers``).
  Staff who act in all branches see every reader.
- **Changes: the readers of one's own branches** (``may_change``), unless the role holds
  ``patrons.change_any_branch_patron`` (the director). An online application that nobody has
  confirmed belongs to no branch's work yet: any desk that sees the document may confirm it
  (``may_confirm``), and the reader then belongs to that desk's branch.

A view that changes a reader gets it through ``reader_to_change``, which answers 403 with a Chinese
page for a reader of another branch."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.patrons.models import Patron

CHANGE_ANY_BRANCH = "patrons.change_any_branch_patron"


class ReaderOfAnotherBranch(PermissionDenied):
    """A change to a reader whose home branch is not one of the staff member's branches."""

    message = _("This reader belongs to another branch: you may look them up and lend to them, but not change them.")


def readers_visible_to(user: Any) -> QuerySet[Patron]:
    """The readers a staff member's lists and exports show: those of their branches."""
    return rows_of_visible_readers(Patron.objects.all(), user, reader="")


def rows_of_visible_readers(rows: QuerySet[Any], user: Any, *, reader: str = "patron") -> QuerySet[Any]:
    """``rows`` kept to those of readers in the staff member's branches; ``reader`` is the path
    from a row to its reader ("" when the rows are readers). Rows without a reader (an anonymised
    loan) are library-wide and left to all-branch staff."""
    if acts_everywhere(user):
        return rows
    path = f"{reader}__home_branch__in" if reader else "home_branch__in"
    return rows.filter(Q(**{path: branches_for(user)}))


def is_own_reader(user: Any, patron: Patron) -> bool:
    return acts_everywhere(user) or branches_for(user).filter(pk=patron.home_branch_id).exists()


def may_change(user: Any, patron: Patron) -> bool:
    return is_own_reader(user, patron) or bool(user.has_perm(CHANGE_ANY_BRANCH))


def may_confirm(user: Any, patron: Patron) -> bool:
    return may_change(user, patron) or (
        patron.status == Patron.Status.PENDING and patron.registration_channel == Patron.Channel.WEB
    )


def check_may_change(user: Any, patron: Patron) -> Patron:
    if not may_change(user, patron):
        raise ReaderOfAnotherBranch(ReaderOfAnotherBranch.message)
    return patron


def reader_to_change(request: HttpRequest, pk: int, model: type[Model] = Patron, *, reader: str = "") -> Any:
    """The row ``pk`` (a reader, or a row of a reader at the path ``reader``), or 404; 403 when its
    reader is one the staff member may not change."""
    related = [f"{reader}__home_branch" if reader else "home_branch"]
    row = get_object_or_404(model.objects.select_related(*related), pk=pk)  # type: ignore[attr-defined]
    check_may_change(request.user, _reader_of(row, reader))
    return row


def _reader_of(row: Any, reader: str) -> Patron:
    for step in reader.split("__") if reader else ():
        row = getattr(row, step)
    return row


class ScopedToVisibleReaders:
    """An admin mixin: the change list and pages hold only rows of the staff member's readers."""

    reader_path = "patron"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return rows_of_visible_readers(super().get_queryset(request), request.user, reader=self.reader_path)  # type: ignore[misc]
