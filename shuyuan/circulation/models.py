from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, Library, ServicePoint
from shuyuan.catalog.models import Item, ItemType, Record
from shuyuan.patrons.models import Patron, PatronCategory


class Channel(models.TextChoices):
    DESK = "desk", _("desk")
    KIOSK = "kiosk", _("self-service kiosk")
    OPAC = "opac", _("online catalogue")
    API = "api", _("API")
    SYSTEM = "system", _("system job")


class CirculationPolicy(models.Model):
    """Library-wide circulation settings; a library without a row uses the field defaults."""

    library = models.OneToOneField(
        Library, models.CASCADE, related_name="circulation_policy", verbose_name=_("library")
    )
    blocks_readers_with_overdue = models.BooleanField(_("readers with overdue items may not borrow"), default=True)
    grace_days = models.PositiveSmallIntegerField(_("grace days before an item counts as overdue"), default=0)
    suspension_days_per_overdue_day = models.PositiveSmallIntegerField(
        _("days of suspended borrowing per overdue day"), default=1
    )
    max_suspension_days = models.PositiveSmallIntegerField(_("longest suspension (days)"), default=90)
    long_overdue_days = models.PositiveSmallIntegerField(_("an overdue of this many days counts as long"), default=30)
    long_overdue_count = models.PositiveSmallIntegerField(
        _("long overdues that put a reader on the overdue list"), default=3
    )
    long_overdue_window_days = models.PositiveSmallIntegerField(
        _("window for counting long overdues (days)"), default=365
    )
    compensation_factor = models.DecimalField(
        _("compensation: price multiplied by"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    charges_fees = models.BooleanField(_("charges overdue fees"), default=False)
    overdue_fee_per_day = models.DecimalField(
        _("overdue fee per day (yuan)"), max_digits=6, decimal_places=2, default=Decimal("0.10")
    )
    overdue_fee_cap = models.DecimalField(
        _("overdue fee cap per loan (yuan)"), max_digits=8, decimal_places=2, default=Decimal("10.00")
    )
    fee_block_amount = models.DecimalField(
        _("unpaid fees that block borrowing (yuan)"), max_digits=8, decimal_places=2, default=Decimal("10.00")
    )
    renews_overdue_loans = models.BooleanField(_("overdue loans may be renewed"), default=False)
    retention_days = models.PositiveIntegerField(_("days a returned loan keeps its reader"), default=90)

    class Meta:
        verbose_name = _("circulation policy")
        verbose_name_plural = _("circulation policies")

    def __str__(self) -> str:
        return str(_("circulation policy"))


class SettingsVersion(models.Model):
    """One row whose token database triggers replace with a random value whenever circulation's
    configuration changes: the policy, the loan rules, the public holiday schedule, a branch's
    closures or opening days (configuration.py keeps a copy per process until it does)."""

    token = models.BigIntegerField(_("token"))

    class Meta:
        verbose_name = _("circulation settings version")
        verbose_name_plural = _("circulation settings versions")

    def __str__(self) -> str:
        return str(self.token)


class LoanRule(models.Model):
    """One cell of the loan-rule matrix: reader category × item type × branch, each may be "any".

    Which rule applies is decided in ``rules.pick_rule`` (fallback order in the README).
    """

    patron_category = models.ForeignKey(
        PatronCategory, models.CASCADE, null=True, blank=True, verbose_name=_("reader category")
    )
    item_type = models.ForeignKey(ItemType, models.CASCADE, null=True, blank=True, verbose_name=_("item type"))
    branch = models.ForeignKey(Branch, models.CASCADE, null=True, blank=True, verbose_name=_("branch"))
    loan_days = models.PositiveSmallIntegerField(_("loan period (days)"), help_text=_("0: not for loan"))
    max_loans = models.PositiveSmallIntegerField(_("maximum loans in total"))
    max_loans_of_type = models.PositiveSmallIntegerField(_("maximum loans of this item type"))
    max_renewals = models.PositiveSmallIntegerField(_("maximum renewals"), default=1)
    renewal_days = models.PositiveSmallIntegerField(_("renewal period (days)"), default=30)
    max_holds = models.PositiveSmallIntegerField(_("maximum holds"), default=5, help_text=_("0: no holds"))
    hold_pickup_days = models.PositiveSmallIntegerField(_("days a hold waits on the hold shelf"), default=7)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("loan rule")
        verbose_name_plural = _("loan rules")
        constraints = [
            # NULL means "any"; COALESCE makes two "any" cells equal, so each cell exists once.
            models.UniqueConstraint(
                Coalesce("patron_category", 0),
                Coalesce("item_type", 0),
                Coalesce("branch", 0),
                name="one_loan_rule_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(max_loans_of_type__lte=models.F("max_loans")), name="type_limit_in_total"
            ),
        ]

    def __str__(self) -> str:
        anything = str(_("any"))
        parts = [self.patron_category or anything, self.item_type or anything, self.branch or anything]
        return " × ".join(str(p) for p in parts)


ONE_OPEN_LOAN_PER_ITEM = "one_open_loan_per_item"  # the database's last word on lending a copy twice


class Loan(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("on loan")
        RETURNED = "returned", _("returned")
        LOST = "lost", _("lost")
        CLAIMED_RETURNED = "claimed_returned", _("claimed returned")

    # Every index is one more page written and synced by each checkout and checkin (measured: seven
    # fewer indexes on loans and events, 7 % more checkout + checkin pairs per second on SQLite).
    # So only the item has an index of its own; the reader's is "loans_of_patron" (patron, status),
    # and nothing looks loans up by type, branch or service point: those columns are indexed only
    # for the rare deletion of a branch, service point or item type, which may then scan.
    item = models.ForeignKey(Item, models.PROTECT, related_name="loans", verbose_name=_("item"))
    # SET_NULL: the retention job and the erasure of a reader leave anonymous loans behind.
    patron = models.ForeignKey(
        Patron,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loans",
        verbose_name=_("reader"),
        db_index=False,
    )
    item_type = models.ForeignKey(ItemType, models.PROTECT, verbose_name=_("item type"), db_index=False)
    branch = models.ForeignKey(
        Branch, models.PROTECT, related_name="+", verbose_name=_("lending branch"), db_index=False
    )
    service_point = models.ForeignKey(
        ServicePoint,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service point"),
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    checked_out_at = models.DateTimeField(_("checked out at"))
    due_at = models.DateTimeField(_("due at"))
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    is_group_loan = models.BooleanField(_("group loan"), default=False)
    is_migrated = models.BooleanField(_("from the old system"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    return_branch = models.ForeignKey(
        Branch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("return branch"),
        db_index=False,
    )
    overdue_days = models.PositiveIntegerField(_("days overdue at return"), default=0)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(status="open"), name=ONE_OPEN_LOAN_PER_ITEM),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="loan_closed_when_not_open",
            ),
        ]
        indexes = [
            models.Index(fields=["patron", "status"], name="loans_of_patron"),
            models.Index(fields=["due_at"], condition=Q(status="open"), name="open_loans_by_due"),
            # Only returned loans: a checkout then writes no page of this index.
            models.Index(
                fields=["closed_at"],
                condition=Q(patron__isnull=False, closed_at__isnull=False),
                name="named_returned_loans_by_close",
            ),
        ]
        permissions = [
            ("view_overdue_list", _("Can see and print the overdue list")),
            ("override_refusal", _("Can lend over a refusal that policy allows to be overridden")),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.patron_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


ACTIVE_HOLD = ("waiting", "in_transit", "ready")


class Hold(models.Model):
    """A reader's hold on a title (any copy) or on one item, collected at a pickup branch.

    Holds of a title form one queue, ordered by ``position``: a number given under a lock when the
    hold is placed, unique per title and never reused, so the queue order is the database's.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        IN_TRANSIT = "in_transit", _("in transit to pickup")
        READY = "ready", _("ready for pickup")
        FULFILLED = "fulfilled", _("collected")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    patron = models.ForeignKey(
        Patron, models.SET_NULL, null=True, blank=True, related_name="holds", verbose_name=_("reader")
    )
    record = models.ForeignKey(Record, models.PROTECT, related_name="holds", verbose_name=_("record"))
    item = models.ForeignKey(
        Item, models.PROTECT, null=True, blank=True, related_name="item_holds", verbose_name=_("requested item")
    )
    assigned_item = models.ForeignKey(
        Item, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("item set aside")
    )
    pickup_branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("pickup branch"))
    position = models.PositiveIntegerField(_("queue number"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    placed_at = models.DateTimeField(_("placed at"))
    not_needed_after = models.DateField(_("not needed after"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("collect by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.UniqueConstraint(fields=["record", "position"], name="one_hold_per_queue_position"),
            models.UniqueConstraint(
                fields=["patron", "record"], condition=Q(status__in=ACTIVE_HOLD), name="one_active_hold_per_title"
            ),
            models.UniqueConstraint(
                fields=["assigned_item"], condition=Q(status__in=ACTIVE_HOLD), name="one_hold_per_item_set_aside"
            ),
        ]
        indexes = [
            models.Index(fields=["record", "position"], condition=Q(status="waiting"), name="waiting_holds"),
            models.Index(fields=["expires_at"], condition=Q(status="ready"), name="ready_holds_by_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}#{self.position} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_HOLD


class TransferBatch(models.Model):
    """Many items moved together (a new branch's stock, a deposit station's rotation), with a manifest."""

    class Status(models.TextChoices):
        IN_TRANSIT = "in_transit", _("in transit")
        RECEIVED = "received", _("received")

    number = models.CharField(_("manifest number"), max_length=30, unique=True)
    from_branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("from branch"))
    to_branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("to branch"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    is_permanent = models.BooleanField(
        _("permanent move"),
        default=False,
        help_text=_("The items change their home branch for good and no longer go back after a return."),
    )
    collection = models.ForeignKey(
        "catalog.Collection",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collection at the destination"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_TRANSIT)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.CharField(_("sent by"), max_length=150)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer batch")
        verbose_name_plural = _("transfer batches")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.number


class Transfer(models.Model):
    class Reason(models.TextChoices):
        RETURN_HOME = "return_home", _("return to home branch")
        HOLD = "hold", _("hold pickup")
        BATCH = "batch", _("batch transfer")
        MANUAL = "manual", _("transfer")

    item = models.ForeignKey(Item, models.PROTECT, related_name="transfers", verbose_name=_("item"))
    from_branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("from branch"))
    to_branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("to branch"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    batch = models.ForeignKey(
        TransferBatch, models.PROTECT, null=True, blank=True, related_name="transfers", verbose_name=_("batch")
    )
    hold = models.ForeignKey(Hold, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hold"))
    sent_at = models.DateTimeField(_("sent at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(received_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_transfer_per_item",
            ),
            models.CheckConstraint(condition=~Q(from_branch=models.F("to_branch")), name="transfer_between_branches"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_branch_id} → {self.to_branch_id}"

    @property
    def is_open(self) -> bool:
        return self.received_at is None and self.cancelled_at is None


class Suspension(models.Model):
    """Borrowing suspended (停借) after an overdue return, the zero-deposit answer to lateness."""

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="suspensions", verbose_name=_("reader"))
    loan = models.ForeignKey(Loan, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("loan"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    overdue_days = models.PositiveIntegerField(_("days overdue"))
    created_at = models.DateTimeField(_("created at"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.CharField(_("lifted by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [
            models.Index(fields=["patron", "last_day"], condition=Q(lifted_at__isnull=True), name="open_suspensions")
        ]
        constraints = [models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="suspension_days")]

    def __str__(self) -> str:
        return f"{self.patron_id}: {self.first_day}–{self.last_day}"


class OverdueListing(models.Model):
    """A reader put on the list of repeated long overdues: no borrowing until staff lift it."""

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="overdue_listings", verbose_name=_("reader"))
    long_overdues = models.PositiveSmallIntegerField(_("long overdues counted"))
    listed_at = models.DateTimeField(_("listed at"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.CharField(_("lifted by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("overdue list entry")
        verbose_name_plural = _("overdue list of readers")
        constraints = [
            models.UniqueConstraint(fields=["patron"], condition=Q(lifted_at__isnull=True), name="one_open_listing")
        ]

    def __str__(self) -> str:
        return f"{self.patron_id} ({self.long_overdues})"


class Compensation(models.Model):
    """A lost or damaged item to make good: the same edition, or its price times the policy factor.
    Recorded whether or not the library charges fees; cleared when settled."""

    class Cause(models.TextChoices):
        LOST = "lost", _("lost")
        DAMAGED = "damaged", _("damaged")

    class Status(models.TextChoices):
        OPEN = "open", _("to settle")
        REPLACED = "replaced", _("replaced with a copy")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled (item found)")

    patron = models.ForeignKey(
        Patron, models.SET_NULL, null=True, blank=True, related_name="compensations", verbose_name=_("reader")
    )
    item = models.ForeignKey(Item, models.PROTECT, related_name="compensations", verbose_name=_("item"))
    loan = models.ForeignKey(Loan, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("loan"))
    cause = models.CharField(_("cause"), max_length=10, choices=Cause.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"))
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.CharField(_("settled by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("compensation")
        verbose_name_plural = _("compensations")
        indexes = [models.Index(fields=["patron"], condition=Q(status="open"), name="open_compensations")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.cause} {self.amount}"


class Fee(models.Model):
    """An overdue fee, only when the library charges fees (off by default)."""

    class Status(models.TextChoices):
        OPEN = "open", _("unpaid")
        PAID = "paid", _("paid")
        WAIVED = "waived", _("waived")

    patron = models.ForeignKey(
        Patron, models.SET_NULL, null=True, blank=True, related_name="fees", verbose_name=_("reader")
    )
    loan = models.ForeignKey(Loan, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("loan"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    overdue_days = models.PositiveIntegerField(_("days overdue"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        indexes = [models.Index(fields=["patron"], condition=Q(status="open"), name="open_fees")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fee_positive")]

    def __str__(self) -> str:
        return f"{self.amount} ({self.status})"


class Notice(models.Model):
    """A message to a reader. Hold and suspension notices, and the arrival of a book the reader
    suggested, are written in the transaction that causes them; due-soon and overdue reminders by
    ``send_notices``, at most one per loan, due date and reminder number (the unique constraint makes
    running the job twice harmless). ``send_notices`` delivers them (services/notices.py); with no
    channel configured they wait, unsent, for the reader's account and the staff page to show."""

    class Kind(models.TextChoices):
        HOLD_READY = "hold_ready", _("hold ready for pickup")
        HOLD_EXPIRED = "hold_expired", _("hold expired")
        SUSPENDED = "suspended", _("borrowing suspended")
        DUE_SOON = "due_soon", _("loan due soon")
        OVERDUE = "overdue", _("overdue reminder")
        SUGGESTION_ARRIVED = "suggestion_arrived", _("suggested book arrived")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will be retried")
        GIVEN_UP = "given_up", _("failed, given up")
        NO_PHONE = "no_phone", _("no mobile number")
        NO_EMAIL = "no_email", _("no e-mail address")
        OPTED_OUT = "opted_out", _("the reader chose no messages")
        WITHDRAWN = "withdrawn", _("no longer needed")

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="notices", verbose_name=_("reader"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # What the notice is about, so that one no longer true (book returned, hold collected) is not sent.
    loan = models.ForeignKey(
        Loan, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("loan"), db_index=False
    )
    hold = models.ForeignKey(Hold, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hold"))
    due_at = models.DateTimeField(_("loan due at"), null=True, blank=True)
    step = models.PositiveSmallIntegerField(_("reminder number"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    channel = models.CharField(_("delivery channel"), max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    given_up_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            # Also the index that finds a loan's reminders (and the loan's notices when it is deleted).
            models.UniqueConstraint(
                fields=["loan", "kind", "due_at", "step"],
                condition=Q(loan__isnull=False),
                name="one_reminder_per_loan_step",
            )
        ]
        indexes = [
            models.Index(
                fields=["patron"], condition=Q(status__in=["pending", "failed", "sending"]), name="notices_to_send"
            ),
            models.Index(fields=["created_at"], name="notices_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.patron_id}"

    @property
    def error_display(self) -> str:
        from shuyuan.circulation.sms import describe_error

        return describe_error(self.last_error)


class NoticeTemplate(models.Model):
    """Staff's own words for one kind of notice (notice_texts.py checks them before they are saved);
    a kind without a row uses the built-in text."""

    kind = models.CharField(_("kind"), max_length=20, choices=Notice.Kind.choices, unique=True)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.CharField(_("updated by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")

    def __str__(self) -> str:
        return str(self.get_kind_display())


# Notices still to deliver (the partial index "notices_to_send" holds these statuses).
NOTICE_TO_SEND = (Notice.Status.PENDING, Notice.Status.FAILED, Notice.Status.SENDING)


class CirculationEvent(models.Model):
    """Every circulation act, append-only. It keeps a snapshot (where, how, what, which kind of
    reader) and the reader's random token, never a link to the reader: statistics read these rows,
    and they outlive the erasure of the person."""

    class Kind(models.TextChoices):
        CHECKOUT = "checkout", _("checkout")
        CHECKIN = "checkin", _("checkin")
        RENEWAL = "renewal", _("renewal")
        HOLD_PLACED = "hold_placed", _("hold placed")
        HOLD_READY = "hold_ready", _("hold ready")
        HOLD_FULFILLED = "hold_fulfilled", _("hold collected")
        HOLD_CANCELLED = "hold_cancelled", _("hold cancelled")
        HOLD_EXPIRED = "hold_expired", _("hold expired")
        TRANSFER_SENT = "transfer_sent", _("transfer sent")
        TRANSFER_RECEIVED = "transfer_received", _("transfer received")
        LOST = "lost", _("marked lost")
        CLAIMED_RETURNED = "claimed_returned", _("claimed returned")
        FOUND = "found", _("item found")
        SUSPENDED = "suspended", _("borrowing suspended")
        FEE_CHARGED = "fee_charged", _("fee charged")
        FEE_PAID = "fee_paid", _("fee paid")
        FEE_WAIVED = "fee_waived", _("fee waived")
        COMPENSATION_RECORDED = "compensation_recorded", _("compensation recorded")
        COMPENSATION_SETTLED = "compensation_settled", _("compensation settled")
        LOAN_MIGRATED = "loan_migrated", _("loan imported from the old system")
        HOLD_MIGRATED = "hold_migrated", _("hold imported from the old system")
        IN_HOUSE_USE = "in_house_use", _("in-house use")

    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Every event is written to each index. Branch and service point have no index of their own
    # ("events_by_branch" and "events_by_service_point" begin with them); statistics select events
    # by kind and time ("events_by_kind"), so item type, home branch and reader category are not
    # indexed either (they would only serve the rare deletion of a type, branch or category).
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("branch"), db_index=False)
    service_point = models.ForeignKey(
        ServicePoint,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service point"),
        db_index=False,
    )
    item = models.ForeignKey(Item, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("item"))
    item_type = models.ForeignKey(
        ItemType, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("item type"), db_index=False
    )
    item_home_branch = models.ForeignKey(
        Branch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item's home branch"),
        db_index=False,
    )
    patron_category = models.ForeignKey(
        PatronCategory,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reader category"),
        db_index=False,
    )
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    reader_token = models.CharField(_("reader token"), max_length=32, blank=True)
    by_label = models.CharField(_("by"), max_length=150, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("circulation event")
        verbose_name_plural = _("circulation events")
        indexes = [
            models.Index(fields=["kind", "at"], name="events_by_kind"),
            models.Index(fields=["branch", "at"], name="events_by_branch"),
            models.Index(fields=["service_point", "at"], name="events_by_service_point"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("circulation events are append-only")
        super().save(*args, **kwargs)


class ReaderTokenMerge(models.Model):
    """When two readers are merged, their past events keep the old token; this row says it is the
    same reader now, so statistics of distinct readers can count them once."""

    old_token = models.CharField(_("old reader token"), max_length=32, unique=True)
    new_token = models.CharField(_("new reader token"), max_length=32, db_index=True)
    merged_at = models.DateTimeField(_("merged at"))

    class Meta:
        verbose_name = _("merged reader token")
        verbose_name_plural = _("merged reader tokens")

    def __str__(self) -> str:
        return f"{self.old_token} → {self.new_token}"
