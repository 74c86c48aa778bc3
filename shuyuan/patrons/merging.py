"""Merging two records of one person, the readers' part: a building block that opens no
transaction, for the reader's lifecycle (``shuyuan.lifecycle.services.merge``), which then has every
other app move its data about the removed record inside the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shuyuan.audit import log
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.masking import mask_card
from shuyuan.patrons.models import DepositRefund, Patron, PatronBlock, PatronCard

# Fields the kept record takes from the merged one when it has none of its own.
FILLABLE = (
    "phone_encrypted",
    "phone_hash",
    "phone_masked",
    "address_encrypted",
    "email_encrypted",
    "email_masked",
    "birth_date",
    "sex",
    "contact_name",
)


def merge_into(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> Patron:
    """Move ``remove``'s cards, blocks, wards, old deposit and its refunds to ``keep`` and close ``remove``,
    leaving it as a pointer (``merged_into``) so its ID number still finds the reader."""
    keep, remove = _locked(keep, remove)
    if keep.pk == remove.pk:
        raise PatronRefused(Reason.SAME_RECORD, patron=keep)
    if remove.merged_into_id is not None or keep.status == Patron.Status.CLOSED:
        raise PatronRefused(Reason.NOT_ACTIVE, patron=remove)
    if keep.id_type and keep.id_type == remove.id_type and keep.id_number_hash != remove.id_number_hash:
        raise PatronRefused(Reason.DIFFERENT_PEOPLE, patron=remove)
    PatronCard.objects.filter(patron=remove).update(patron=keep)
    PatronBlock.objects.filter(patron=remove).update(patron=keep)
    DepositRefund.objects.filter(patron=remove).update(patron=keep)
    Patron.objects.filter(guardian=remove).update(guardian=keep)
    Patron.objects.filter(merged_into=remove).update(merged_into=keep)
    changed = _fill_from(keep, remove)
    keep.legacy_deposit += remove.legacy_deposit
    keep.keeps_reading_history = keep.keeps_reading_history or remove.keeps_reading_history
    keep.save(update_fields=[*changed, "legacy_deposit", "keeps_reading_history"])
    remove.status = Patron.Status.CLOSED
    remove.merged_into = keep
    remove.legacy_deposit = 0
    remove.save(update_fields=["status", "merged_into", "legacy_deposit"])
    log.record("patron.merge", at=at, by=by, obj=keep, detail={"merged": mask_card(remove.card_number)})
    return keep


def _locked(keep: Patron, remove: Patron) -> tuple[Patron, Patron]:
    rows = {p.pk: p for p in Patron.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])}
    return rows[keep.pk], rows[remove.pk]


def _fill_from(keep: Patron, remove: Patron) -> list[str]:
    changed = []
    for field in FILLABLE:
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
            changed.append(field)
    if not keep.id_type and remove.id_type:
        # The kept record had no document (an old-system card): it takes the other record's.
        for field in ("id_type", "id_number_encrypted", "id_number_hash", "id_last6_hash", "id_number_masked"):
            setattr(keep, field, getattr(remove, field))
            setattr(remove, field, "")
            changed.append(field)
        remove.save(
            update_fields=["id_type", "id_number_encrypted", "id_number_hash", "id_last6_hash", "id_number_masked"]
        )
    return changed
