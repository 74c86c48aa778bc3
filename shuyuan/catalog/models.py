from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch


class Record(models.Model):
    """A bibliographic record (书目). The source MARC is kept byte for byte; the rest is derived."""

    class MarcFormat(models.TextChoices):
        MARC21 = "marc21", "MARC 21"
        CNMARC = "cnmarc", "CNMARC"

    control_number = models.CharField(_("control number"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    other_titles = models.TextField(_("other titles"), blank=True)
    responsibility = models.CharField(_("statement of responsibility"), max_length=500, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, db_index=True)
    issn = models.CharField(_("ISSN"), max_length=12, blank=True, db_index=True)
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    place = models.CharField(_("place of publication"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    pages = models.CharField(_("pages"), max_length=100, blank=True)
    price = models.CharField(_("price"), max_length=40, blank=True)
    series = models.CharField(_("series"), max_length=300, blank=True)
    clc = models.CharField(_("CLC class"), max_length=60, blank=True, db_index=True)
    subjects = models.TextField(_("subjects"), blank=True)
    language = models.CharField(_("language"), max_length=3, blank=True)
    material_type = models.CharField(_("material type"), max_length=30, blank=True)
    marc_format = models.CharField(_("MARC format"), max_length=10, choices=MarcFormat.choices, blank=True)
    marc = models.BinaryField(_("source MARC (ISO 2709)"), blank=True, default=b"")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")

    def __str__(self) -> str:
        return self.title


class ItemType(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    is_loanable = models.BooleanField(_("for loan"), default=True)
    is_for_children = models.BooleanField(_("children's material"), default=False)

    class Meta:
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Collection(models.Model):
    """A collection (馆藏) and where it is shelved; ``floats`` items stay where they are returned."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="collections", verbose_name=_("branch"))
    shelving_location = models.CharField(_("shelving location"), max_length=100, blank=True)
    floats = models.BooleanField(_("floating collection"), default=False)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["branch__code", "code"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A physical copy (单册)."""

    class Status(models.TextChoices):
        IN_PROCESSING = "in_processing", _("in processing")
        ON_SHELF = "on_shelf", _("on shelf")
        ON_LOAN = "on_loan", _("on loan")
        IN_TRANSIT = "in_transit", _("in transit")
        ON_HOLD_SHELF = "on_hold_shelf", _("on hold shelf")
        LOST = "lost", _("lost")
        MISSING = "missing", _("missing")
        WITHDRAWN = "withdrawn", _("withdrawn")

    record = models.ForeignKey(Record, models.PROTECT, related_name="items", verbose_name=_("record"))
    barcode = models.CharField(_("barcode"), max_length=40, unique=True)
    item_type = models.ForeignKey(ItemType, models.PROTECT, verbose_name=_("item type"))
    collection = models.ForeignKey(Collection, models.PROTECT, verbose_name=_("collection"))
    call_number = models.CharField(_("call number"), max_length=100, blank=True)
    call_number_sort = models.CharField(_("call number sort key"), max_length=200, blank=True, db_index=True)
    home_branch = models.ForeignKey(
        Branch, models.PROTECT, related_name="home_items", verbose_name=_("home branch")
    )
    current_branch = models.ForeignKey(
        Branch, models.PROTECT, related_name="current_items", verbose_name=_("current branch")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROCESSING)
    rfid_tag = models.CharField(_("RFID tag id"), max_length=64, null=True, blank=True, unique=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    status_changed_at = models.DateTimeField(_("status changed at"))

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [models.Index(fields=["record", "status"])]

    def __str__(self) -> str:
        return self.barcode


class ItemStatusChange(models.Model):
    """Every status change of an item, written by ``catalog.items.set_status`` only."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="status_changes", verbose_name=_("item"))
    old_status = models.CharField(_("old status"), max_length=20, choices=Item.Status.choices)
    new_status = models.CharField(_("new status"), max_length=20, choices=Item.Status.choices)
    at = models.DateTimeField(_("time"))
    by_label = models.CharField(_("by"), max_length=150)
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("item status change")
        verbose_name_plural = _("item status changes")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(old_status=models.F("new_status")), name="status_changes")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.old_status} → {self.new_status}"
