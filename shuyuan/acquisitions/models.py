"""Acquisitions: vendors, funds, orders and their lines, receipts, invoices, claims, purchase
suggestions, donations, local documents and the book-exchange pool. Money is exact Decimal."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog.models import Collection, ItemType, Record
from shuyuan.patrons.models import Patron

ZERO = Decimal("0.00")


class Vendor(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.CharField(_("email"), max_length=200, blank=True)
    # The price multiplier the vendor gives: 0.75 is 七五折.
    discount = models.DecimalField(_("discount"), max_digits=4, decimal_places=3, default=Decimal("1.000"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Fund(models.Model):
    """One year's budget line. Remaining = allocated + rolled in − committed − spent − rolled out."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    allocated = models.DecimalField(_("allocated"), max_digits=12, decimal_places=2, default=ZERO)
    committed = models.DecimalField(_("committed"), max_digits=12, decimal_places=2, default=ZERO)
    spent = models.DecimalField(_("spent"), max_digits=12, decimal_places=2, default=ZERO)
    rolled_in = models.DecimalField(_("carried in from last year"), max_digits=12, decimal_places=2, default=ZERO)
    rolled_out = models.DecimalField(_("carried to next year"), max_digits=12, decimal_places=2, default=ZERO)
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["-year", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="fund_code_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def available(self) -> Decimal:
        return self.allocated + self.rolled_in - self.rolled_out

    @property
    def remaining(self) -> Decimal:
        return self.available - self.committed - self.spent


class Order(models.Model):
    class Source(models.TextChoices):
        ISBN_LIST = "isbn_list", _("ISBN list")
        VENDOR_MARC = "vendor_marc", _("vendor's MARC file")
        VENDOR_LIST = "vendor_list", _("vendor's list (征订目录)")
        SUGGESTIONS = "suggestions", _("readers' suggestions")
        SEARCH = "search", _("catalogue search")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    number = models.CharField(_("order number"), max_length=30, unique=True)
    vendor = models.ForeignKey(Vendor, models.PROTECT, related_name="orders", verbose_name=_("vendor"))
    fund = models.ForeignKey(Fund, models.PROTECT, related_name="orders", verbose_name=_("fund"))
    source = models.CharField(_("built from"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    placed_at = models.DateTimeField(_("placed at"))
    placed_by = models.CharField(_("placed by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One title for one collection (a branch's copies): quantity ordered, received, cancelled, invoiced.
    The line commits unit_cost × (quantity − cancelled − invoiced) of its fund."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="lines", verbose_name=_("order"))
    fund = models.ForeignKey(Fund, models.PROTECT, related_name="lines", verbose_name=_("fund"))
    record = models.ForeignKey(
        Record, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("record")
    )
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    isbn_key = models.CharField(_("ISBN for matching"), max_length=20, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    author = models.CharField(_("author"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    clc = models.CharField(_("CLC class"), max_length=60, blank=True)
    collection = models.ForeignKey(Collection, models.PROTECT, related_name="+", verbose_name=_("collection"))
    item_type = models.ForeignKey(ItemType, models.PROTECT, related_name="+", verbose_name=_("item type"))
    quantity = models.PositiveIntegerField(_("copies ordered"))
    price = models.DecimalField(_("list price"), max_digits=10, decimal_places=2)
    discount = models.DecimalField(_("discount"), max_digits=4, decimal_places=3, default=Decimal("1.000"))
    unit_cost = models.DecimalField(_("cost per copy"), max_digits=10, decimal_places=2)
    received = models.PositiveIntegerField(_("copies received"), default=0)
    cancelled = models.PositiveIntegerField(_("copies cancelled"), default=0)
    invoiced = models.PositiveIntegerField(_("copies invoiced"), default=0)
    claimed = models.PositiveIntegerField(_("copies claimed"), default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received__lte=models.F("quantity") - models.F("cancelled")), name="line_not_over_received"
            ),
            models.CheckConstraint(condition=Q(invoiced__lte=models.F("received")), name="line_invoiced_received"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} {self.title}"

    @property
    def outstanding(self) -> int:
        return self.quantity - self.cancelled - self.received

    @property
    def commitment(self) -> Decimal:
        return self.unit_cost * (self.quantity - self.cancelled - self.invoiced)


class ReceiptBatch(models.Model):
    """A vendor's shipment received as one: its MARC file and barcode list matched against the order."""

    order = models.ForeignKey(Order, models.PROTECT, related_name="batches", verbose_name=_("order"))
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"))
    by_label = models.CharField(_("by"), max_length=150, blank=True)
    kinds = models.PositiveIntegerField(_("kinds"), default=0)
    volumes = models.PositiveIntegerField(_("volumes"), default=0)

    class Meta:
        verbose_name = _("received shipment")
        verbose_name_plural = _("received shipments")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.order.number} {self.received_at:%Y-%m-%d}"


class Receipt(models.Model):
    """Copies of one line received at once. ``request_key`` makes a resubmitted scan harmless."""

    line = models.ForeignKey(OrderLine, models.PROTECT, related_name="receipts", verbose_name=_("order line"))
    batch = models.ForeignKey(
        ReceiptBatch, models.CASCADE, null=True, blank=True, related_name="receipts", verbose_name=_("shipment")
    )
    quantity = models.PositiveIntegerField(_("copies"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    by_label = models.CharField(_("by"), max_length=150, blank=True)
    request_key = models.CharField(_("request key"), max_length=64, null=True, blank=True, unique=True)
    barcodes = models.JSONField(_("barcodes"), default=list, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.line_id} × {self.quantity}"


class Discrepancy(models.Model):
    """What a shipment held that the order did not ask for, kept for a person to decide."""

    class Kind(models.TextChoices):
        OVER_RECEIPT = "over", _("more copies than ordered")
        NOT_ON_ORDER = "not_on_order", _("not on the order")

    class Decision(models.TextChoices):
        PENDING = "", _("waiting for a decision")
        RETURNED = "returned", _("returned to the vendor")
        KEPT = "kept", _("kept (added to the order)")

    batch = models.ForeignKey(ReceiptBatch, models.CASCADE, related_name="discrepancies", verbose_name=_("shipment"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    barcode = models.CharField(_("barcode"), max_length=40, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True, default="")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("discrepancy")
        verbose_name_plural = _("discrepancies")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.isbn} {self.barcode}"


class Invoice(models.Model):
    vendor = models.ForeignKey(Vendor, models.PROTECT, related_name="invoices", verbose_name=_("vendor"))
    number = models.CharField(_("invoice number"), max_length=50)
    issued_on = models.DateField(_("date"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["vendor", "number"], name="invoice_vendor_number")]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, models.CASCADE, related_name="lines", verbose_name=_("invoice"))
    line = models.ForeignKey(OrderLine, models.PROTECT, related_name="invoice_lines", verbose_name=_("order line"))
    fund = models.ForeignKey(Fund, models.PROTECT, related_name="+", verbose_name=_("fund"))
    quantity = models.PositiveIntegerField(_("copies"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.amount}"


class Claim(models.Model):
    line = models.ForeignKey(OrderLine, models.CASCADE, related_name="claims", verbose_name=_("order line"))
    quantity = models.PositiveIntegerField(_("copies"))
    claimed_at = models.DateTimeField(_("claimed at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-claimed_at"]

    def __str__(self) -> str:
        return f"{self.line_id} × {self.quantity}"


class PurchaseSuggestion(models.Model):
    """A reader's suggestion (荐购). Readers who ask for the same ISBN are counted together by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted, to be ordered")
        ORDERED = "ordered", _("ordered")
        ARRIVED = "arrived", _("arrived")
        DECLINED = "declined", _("declined")

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="+", verbose_name=_("reader"))
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    isbn_key = models.CharField(_("ISBN for matching"), max_length=20, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.CharField(_("answer to the reader"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("suggested at"))
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.CharField(_("answered by"), max_length=150, blank=True)
    line = models.ForeignKey(
        OrderLine, models.SET_NULL, null=True, blank=True, related_name="suggestions", verbose_name=_("order line")
    )
    record = models.ForeignKey(Record, models.SET_NULL, null=True, blank=True, related_name="+")
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase suggestion")
        verbose_name_plural = _("purchase suggestions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.isbn


class Campaign(models.Model):
    """A solicitation campaign (征集) for local documents, e.g. under the library's published notice."""

    name = models.CharField(_("name"), max_length=200)
    notice = models.CharField(_("notice"), max_length=300, blank=True)
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("solicitation campaign")
        verbose_name_plural = _("solicitation campaigns")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.name


class Donation(models.Model):
    class DonorKind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    class Destination(models.TextChoices):
        CATALOGUED = "catalogued", _("catalogued")
        POOL = "pool", _("book-exchange pool")
        DECLINED = "declined", _("declined")

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    donor = models.CharField(_("donor"), max_length=200)
    donor_kind = models.CharField(_("donor is"), max_length=15, choices=DonorKind.choices)
    publish_name = models.BooleanField(_("name may be published"), default=False)
    received_on = models.DateField(_("date"))
    kinds = models.PositiveIntegerField(_("kinds"))
    volumes = models.PositiveIntegerField(_("volumes"))
    destination = models.CharField(_("went to"), max_length=12, choices=Destination.choices)
    is_local = models.BooleanField(_("local documents"), default=False)
    campaign = models.ForeignKey(
        Campaign, models.PROTECT, null=True, blank=True, related_name="donations", verbose_name=_("campaign")
    )
    description = models.CharField(_("what was given"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.number


class LocalDocument(models.Model):
    """One title of the local-documents collection (地方文献), with how many volumes came in."""

    title = models.CharField(_("title"), max_length=500)
    record = models.ForeignKey(Record, models.SET_NULL, null=True, blank=True, related_name="+")
    volumes = models.PositiveIntegerField(_("volumes"))
    donation = models.ForeignKey(
        Donation, models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("donation")
    )
    campaign = models.ForeignKey(
        Campaign, models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("campaign")
    )
    received_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("local document")
        verbose_name_plural = _("local documents")
        ordering = ["-received_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ExchangeFair(models.Model):
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    visits = models.PositiveIntegerField(_("visits"), default=0)
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)

    class Meta:
        verbose_name = _("book-exchange fair")
        verbose_name_plural = _("book-exchange fairs")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.name}"


class PoolMovement(models.Model):
    """Books counted into or out of the exchange pool (换书), per fair where there is one."""

    class Kind(models.TextChoices):
        DONATED = "donated", _("donated second-hand books in")
        WEEDED = "weeded", _("weeded copies in")
        BROUGHT = "brought", _("brought by readers at a fair")
        EXCHANGED = "exchanged", _("taken by readers at a fair")
        DISCARDED = "discarded", _("discarded from the pool")

    IN = (Kind.DONATED, Kind.WEEDED, Kind.BROUGHT)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField(_("books"))
    fair = models.ForeignKey(
        ExchangeFair, models.PROTECT, null=True, blank=True, related_name="movements", verbose_name=_("fair")
    )
    donation = models.ForeignKey(Donation, models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exchange pool movement")
        verbose_name_plural = _("exchange pool movements")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.count}"


class NumberSeries(models.Model):
    """The last serial given under a prefix (an order's month, a certificate's year): numbers are taken
    under this row's lock, so two clerks at once never get the same one."""

    prefix = models.CharField(_("prefix"), max_length=20, unique=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"
