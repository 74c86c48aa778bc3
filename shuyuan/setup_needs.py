"""What a new install still needs before it can lend: a library, a branch, a collection.

``check_database`` lists them; a first-run page can show the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from shuyuan.branches.models import Branch, Library
from shuyuan.catalog.models import Collection, ItemType


@dataclass(frozen=True)
class Need:
    what: str
    how: str


def missing_setup() -> list[Need]:
    """The setup steps not yet done, in the order they are done (each needs the one before)."""
    steps = [
        (
            Library,
            _("a library"),
            _("Create it on /admin/branches/library/add/ (its name and code), or load the demo with `shuyuan demo`."),
        ),
        (
            Branch,
            _("a branch"),
            _("Create the central library and each branch on /admin/branches/branch/add/."),
        ),
        (
            Collection,
            _("a collection"),
            _(
                "Create a collection for each branch on /admin/catalog/collection/add/; imported copies are "
                "placed in it."
            ),
        ),
        (ItemType, _("an item type"), _("Create an item type (普通图书 …) on /admin/catalog/itemtype/add/.")),
    ]
    return [Need(str(what), str(how)) for model, what, how in steps if not model._default_manager.exists()]
