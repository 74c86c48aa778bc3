"""Where imported copies go: branch, collection and item type codes from the file, or the defaults chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.catalog.errors import CatalogRefused, Reason
from shuyuan.catalog.marc import Holding
from shuyuan.catalog.models import Collection, Item, ItemType


@dataclass(frozen=True, slots=True)
class Place:
    branch_id: int
    collection_id: int
    item_type_id: int
    unknown: tuple[tuple[Reason, str], ...] = ()


@dataclass(slots=True)
class Placement:
    """Code maps loaded once per import; unknown codes are reported once each, then the default is used."""

    branches: dict[str, int]
    collections: dict[str, int]
    collection_branch: dict[int, int]
    first_collection_of_branch: dict[int, int]
    item_types: dict[str, int]
    default_branch_id: int | None
    default_collection_id: int | None
    default_item_type_id: int | None
    status: str = Item.Status.ON_SHELF
    barcode_prefix: str = ""
    reported: set[tuple[Reason, str]] = field(default_factory=set)

    @classmethod
    def load(
        cls,
        *,
        branch_code: str = "",
        collection_code: str = "",
        item_type_code: str = "",
        status: str = Item.Status.ON_SHELF,
        barcode_prefix: str = "",
    ) -> Placement:
        branches = dict(Branch.objects.values_list("code", "id"))
        collections = list(Collection.objects.order_by("id").values_list("code", "id", "branch_id"))
        item_types = dict(ItemType.objects.values_list("code", "id"))
        default_branch = _default_branch(branches, branch_code)
        default_collection = _default_collection(collections, collection_code, default_branch)
        default_item_type = _pick(item_types, item_type_code, Reason.UNKNOWN_ITEM_TYPE)
        first_of_branch: dict[int, int] = {}
        for _code, pk, branch_id in collections:
            first_of_branch.setdefault(branch_id, pk)
        return cls(
            branches=branches,
            collections={code: pk for code, pk, _ in collections},
            collection_branch={pk: branch_id for _, pk, branch_id in collections},
            first_collection_of_branch=first_of_branch,
            item_types=item_types,
            default_branch_id=default_branch,
            default_collection_id=default_collection,
            default_item_type_id=default_item_type,
            status=status,
            barcode_prefix=barcode_prefix,
        )

    @property
    def missing(self) -> list[str]:
        """What the library still needs before copies can be placed (branch, collection, item type)."""
        needs = (
            (self.default_branch_id, _("a branch")),
            (self.default_collection_id, _("a collection")),
            (self.default_item_type_id, _("an item type")),
        )
        return [str(name) for found, name in needs if found is None]

    def first_time(self, reason: Reason) -> bool:
        """True the first time an import meets ``reason`` (it is reported once, not per record)."""
        if (reason, "") in self.reported:
            return False
        self.reported.add((reason, ""))
        return True

    def place(self, holding: Holding) -> Place:
        """Where a copy goes; refuses (NO_DEFAULTS) when the library has no branch, collection or type yet."""
        if self.default_branch_id is None or self.default_collection_id is None or self.default_item_type_id is None:
            raise CatalogRefused(Reason.NO_DEFAULTS)
        unknown: list[tuple[Reason, str]] = []
        branch_id = self._look_up(self.branches, holding.branch_code, Reason.UNKNOWN_BRANCH, unknown)
        collection_id = self.collections.get(holding.collection_code) or self.collections.get(holding.location)
        if collection_id is None:
            if holding.collection_code:
                self._note(Reason.UNKNOWN_COLLECTION, holding.collection_code, unknown)
            branch = branch_id or self.default_branch_id
            collection_id = self.first_collection_of_branch.get(branch, self.default_collection_id)
        if branch_id is None:
            branch_id = self.collection_branch.get(collection_id, self.default_branch_id)
        item_type_id = self._look_up(self.item_types, holding.item_type_code, Reason.UNKNOWN_ITEM_TYPE, unknown)
        return Place(branch_id, collection_id, item_type_id or self.default_item_type_id, tuple(unknown))

    def _look_up(
        self, codes: dict[str, int], code: str, reason: Reason, unknown: list[tuple[Reason, str]]
    ) -> int | None:
        if not code:
            return None
        found = codes.get(code)
        if found is None:
            self._note(reason, code, unknown)
        return found

    def _note(self, reason: Reason, code: str, unknown: list[tuple[Reason, str]]) -> None:
        if (reason, code) not in self.reported:
            self.reported.add((reason, code))
            unknown.append((reason, code))


def _default_branch(branches: dict[str, int], code: str) -> int | None:
    if code:
        return _pick(branches, code, Reason.UNKNOWN_BRANCH)
    central = Branch.objects.filter(kind=Branch.Kind.CENTRAL).order_by("id").values_list("id", flat=True).first()
    return central or min(branches.values(), default=None)


def _default_collection(collections: list[tuple[str, int, int]], code: str, branch_id: int | None) -> int | None:
    if code:
        return _pick({c: pk for c, pk, _ in collections}, code, Reason.UNKNOWN_COLLECTION)
    for _code, pk, owner in collections:
        if owner == branch_id:
            return pk
    return collections[0][1] if collections else None


def _pick(codes: dict[str, int], code: str, reason: Reason) -> int | None:
    """The id of a code named explicitly (refused when unknown), or the first one when none is named."""
    if code:
        if code not in codes:
            raise CatalogRefused(reason, code)
        return codes[code]
    return min(codes.values(), default=None)
