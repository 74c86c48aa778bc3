"""Shelf work: inventories (清点) with their scans, and weeding batches (剔旧) with their items.

Bulk status changes and RFID tags keep no rows of their own: an item's status history
(``catalog.ItemStatusChange``, written by ``catalog.items.set_status``) and the audit log hold them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Collection, Item


class Inventory(models.Model):
    """A stock-taking of a branch, one of its collections or a shelf range, open until it is confirmed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONFIRMED = "confirmed", _("confirmed")

    name = models.CharField(_("name"), max_length=100)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("branch"))
    collection = models.ForeignKey(
        Collection, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("collection")
    )
    call_number_from = models.CharField(_("from call number"), max_length=100, blank=True)
    call_number_to = models.CharField(_("to call number"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(_("started at"))
    started_by = models.CharField(_("started by"), max_length=150)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)
    marked_missing = models.PositiveIntegerField(_("marked missing"), default=0)
    found_again = models.PositiveIntegerField(_("found again"), default=0)

    class Meta:
        verbose_name = _("inventory")
        verbose_name_plural = _("inventories")
        ordering = ["-started_at", "-id"]
        permissions = [
            ("confirm_inventory", _("Can confirm an inventory and mark the missing")),
            ("scan_shelf", _("Can take items off and put them back on the shelf by scanning")),
            ("link_rfid", _("Can link RFID tags to items")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class InventoryScan(models.Model):
    """One code read during an inventory, in the order read; ``item`` is empty for a code that
    matches no item or a line of a handheld file that cannot be read (``problem`` says which)."""

    class Problem(models.TextChoices):
        UNKNOWN = "unknown", _("no item has this barcode or RFID tag")
        GARBLED = "garbled", _("the line cannot be read as a barcode or RFID tag")

    class Source(models.TextChoices):
        SCAN = "scan", _("scanned")
        FILE = "file", _("handheld reader file")

    inventory = models.ForeignKey(Inventory, models.CASCADE, related_name="scans", verbose_name=_("inventory"))
    code = models.CharField(_("code read"), max_length=100)
    item = models.ForeignKey(Item, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("item"))
    problem = models.CharField(_("problem"), max_length=10, choices=Problem.choices, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SCAN)
    line = models.PositiveIntegerField(_("line of the file"), null=True, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"))

    class Meta:
        verbose_name = _("inventory scan")
        verbose_name_plural = _("inventory scans")
        indexes = [models.Index(fields=["inventory", "item"])]

    def __str__(self) -> str:
        return self.code


class WeedingBatch(models.Model):
    """Items to withdraw (剔旧/注销) for one reason; a second person approves, and only then are they withdrawn."""

    class Reason(models.TextChoices):
        WORN = "worn", _("worn out")
        OUTDATED = "outdated", _("outdated")
        LOST = "lost", _("lost")
        TRANSFERRED = "transferred", _("transferred to another library")
        EXCHANGE_POOL = "exchange_pool", _("given to the book-exchange pool")

    class Status(models.TextChoices):
        DRAFT = "draft", _("being drawn up")
        SUBMITTED = "submitted", _("waiting for approval")
        APPROVED = "approved", _("approved and withdrawn")

    name = models.CharField(_("name"), max_length=100)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("drawn up by")
    )
    created_by_label = models.CharField(_("drawn up by"), max_length=150)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by_label = models.CharField(_("decided by"), max_length=150, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("weeding batch")
        verbose_name_plural = _("weeding batches")
        ordering = ["-created_at", "-id"]
        permissions = [("approve_weedingbatch", _("Can approve a weeding batch drawn up by someone else"))]

    def __str__(self) -> str:
        return self.name


class WeedingEntry(models.Model):
    """One item of a weeding batch, with what the filed withdrawal list shows of it as it was then."""

    batch = models.ForeignKey(WeedingBatch, models.CASCADE, related_name="entries", verbose_name=_("weeding batch"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="+", verbose_name=_("item"))
    barcode = models.CharField(_("barcode"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    call_number = models.CharField(_("call number"), max_length=100, blank=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, null=True, blank=True)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("weeding entry")
        verbose_name_plural = _("weeding entries")
        ordering = ["batch", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "item"], name="an_item_once_per_batch")]

    def __str__(self) -> str:
        return self.barcode
