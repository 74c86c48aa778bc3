from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.devices.models import Device
from shuyuan.patrons import iddocs


class PatronCategory(models.Model):
    """A kind of reader; a child category names the age at which its readers move to the next one."""

    class Kind(models.TextChoices):
        ADULT = "adult", _("adult")
        CHILD = "child", _("child")
        GROUP = "group", _("group borrower")
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    max_age = models.PositiveSmallIntegerField(
        _("age limit"),
        null=True,
        blank=True,
        help_text=_("Readers of this category move to the next category on this birthday."),
    )
    next_category = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("next category")
    )

    class Meta:
        verbose_name = _("reader category")
        verbose_name_plural = _("reader categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Patron(models.Model):
    """A reader (读者). Personal data is stored encrypted and found through keyed hashes; what a
    screen shows is the stored masked form, never a decrypted value (DESIGN.md 4a)."""

    IdType = iddocs.DocType

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")
        UNKNOWN = "", _("unknown")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        CLOSED = "closed", _("closed")

    class Channel(models.TextChoices):
        DESK = "desk", _("desk")
        KIOSK = "kiosk", _("kiosk")
        WEB = "web", _("online")
        MIGRATION = "migration", _("old system")

    class NoticeChannel(models.TextChoices):
        """How the reader wants to be told (due dates, overdues, holds): their choice, which
        ``send_notices`` honours; the account page shows every notice whatever the choice."""

        SMS = "sms", _("SMS")
        EMAIL = "email", _("e-mail")
        NONE = "none", _("no messages")

    card_number = models.CharField(_("card number"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100, db_index=True)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=50, blank=True, db_index=True)
    id_type = models.CharField(_("ID document type"), max_length=20, choices=IdType.choices, blank=True)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_hash = models.CharField(_("ID number hash"), max_length=64, blank=True, db_index=True)
    id_last6_hash = models.CharField(_("ID last six digits hash"), max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=30, blank=True)
    id_issuing_authority = models.CharField(_("issuing authority"), max_length=100, blank=True)
    id_valid_until = models.DateField(_("ID document valid until"), null=True, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(_("phone hash"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=30, blank=True)
    address_encrypted = models.TextField(_("address (encrypted)"), blank=True)
    email_encrypted = models.TextField(_("e-mail address (encrypted)"), blank=True)
    email_masked = models.CharField(_("e-mail address"), max_length=254, blank=True)
    notice_channel = models.CharField(
        _("notices by"), max_length=10, choices=NoticeChannel.choices, default=NoticeChannel.SMS
    )
    category = models.ForeignKey(PatronCategory, models.PROTECT, verbose_name=_("category"))
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    guardian = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="wards", verbose_name=_("guardian")
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=100, blank=True)
    guardian_relation = models.CharField(_("relation to the reader"), max_length=20, blank=True)
    guardian_id_type = models.CharField(
        _("guardian's ID document type"), max_length=20, choices=IdType.choices, blank=True
    )
    guardian_id_encrypted = models.TextField(_("guardian's ID number (encrypted)"), blank=True)
    guardian_id_hash = models.CharField(_("guardian's ID number hash"), max_length=64, blank=True)
    guardian_id_masked = models.CharField(_("guardian's ID number"), max_length=30, blank=True)
    guardian_phone_encrypted = models.TextField(_("guardian's phone (encrypted)"), blank=True)
    guardian_phone_masked = models.CharField(_("guardian's phone"), max_length=30, blank=True)
    guardian_consent_at = models.DateTimeField(_("guardian's consent given at"), null=True, blank=True)
    home_branch = models.ForeignKey(Branch, models.PROTECT, verbose_name=_("home branch"))
    registered_at = models.DateTimeField(_("registered at"))
    registration_channel = models.CharField(_("registration channel"), max_length=10, choices=Channel.choices)
    registration_service_point = models.ForeignKey(
        ServicePoint, models.SET_NULL, null=True, blank=True, verbose_name=_("registration service point")
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    pin_hash = models.CharField(_("PIN hash"), max_length=64, blank=True)
    pin_failures = models.PositiveSmallIntegerField(_("wrong PIN tries"), default=0)
    pin_locked_until = models.DateTimeField(_("PIN locked until"), null=True, blank=True)
    pin_change_required = models.BooleanField(
        _("must change the PIN at the next login"),
        default=False,
        help_text=_("Set for a PIN kept from the old system that today's PIN rules refuse."),
    )
    reader_token = models.CharField(_("statistics token"), max_length=32, unique=True)
    keeps_reading_history = models.BooleanField(_("keeps reading history"), default=False)
    legacy_deposit = models.DecimalField(
        _("deposit held from the old system"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_records", verbose_name=_("merged into")
    )

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash", "id_type"],
                condition=~Q(id_number_hash=""),
                name="one_patron_per_id_document",
            )
        ]
        permissions = [
            ("reveal_personal_data", _("Can reveal full ID and phone numbers")),
            ("merge_patrons", _("Can merge two reader records")),
            ("import_patrons", _("Can import readers from the old system")),
            ("manage_deposits", _("Can register refunds of old deposits")),
            ("export_patron", _("Can export readers")),
            ("change_any_branch_patron", _("Can change readers of every branch")),
        ]

    def __str__(self) -> str:
        # Only the row number: the audit log keeps str(obj) for good, and a name or card number
        # there would outlive the erasure of the reader. Pages show name and card explicitly.
        return f"#{self.pk}"

    @property
    def label(self) -> str:
        """Name and card number, for staff pages (never for the audit log)."""
        return f"{self.name} ({self.card_number})"

    def age_on(self, day: date) -> int | None:
        return iddocs.age_on(self.birth_date, day) if self.birth_date else None

    def is_pin_locked(self, at: datetime) -> bool:
        return self.pin_locked_until is not None and self.pin_locked_until > at


class PatronCard(models.Model):
    """An identifier that resolves to a reader besides the ID number: a library card barcode, a card
    number from the old system, or the token of the QR e-card. Losing one blocks only that one."""

    class Kind(models.TextChoices):
        BARCODE = "barcode", _("library card")
        LEGACY = "legacy", _("card of the old system")
        QR = "qr", _("QR e-card")

    class Status(models.TextChoices):
        ACTIVE = "active", _("in use")
        LOST = "lost", _("reported lost")
        REPLACED = "replaced", _("replaced")
        WITHDRAWN = "withdrawn", _("withdrawn")

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="cards", verbose_name=_("reader"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("card number"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField(_("issued at"))
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reader card")
        verbose_name_plural = _("reader cards")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.value if self.kind != self.Kind.QR else str(self.Kind.QR.label)


class PatronBlock(models.Model):
    """A reason a reader may not borrow, until lifted."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("set by staff")
        CONDUCT = "conduct", _("conduct")
        DAMAGE = "damage", _("damaged or lost books")
        DOCUMENTS = "documents", _("documents to be checked")
        KIOSK = "kiosk", _("set by a self-service kiosk")
        OTHER = "other", _("other")

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="blocks", verbose_name=_("reader"))
    reason = models.CharField(_("reason"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, blank=True, choices=Kind.choices, default=Kind.MANUAL)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.CharField(_("set by"), max_length=150, blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.CharField(_("lifted by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("reader block")
        verbose_name_plural = _("reader blocks")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patron"], condition=Q(lifted_at__isnull=True), name="open_patron_blocks")]

    def __str__(self) -> str:
        return self.reason


class RegistrationEvent(models.Model):
    """One registration act, append-only, with a snapshot and the reader's token rather than a link,
    so "new cards per desk, kiosk and month" outlives the erasure of a reader."""

    class Kind(models.TextChoices):
        NEW_CARD = "new_card", _("new card")
        PENDING = "pending", _("online application")
        RENEWED = "renewed", _("renewal")
        CARD_REPLACED = "card_replaced", _("card replaced")
        IMPORTED = "imported", _("imported from the old system")

    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Patron.Channel.choices)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("branch"))
    service_point = models.ForeignKey(
        ServicePoint, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service point")
    )
    device = models.ForeignKey(
        Device, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("device")
    )
    category_kind = models.CharField(_("reader category"), max_length=10, choices=PatronCategory.Kind.choices)
    age_band = models.CharField(_("age band"), max_length=10, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Patron.Sex.choices, blank=True)
    reader_token = models.CharField(_("statistics token"), max_length=32, db_index=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "channel", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_kind_display()} ({self.get_channel_display()})"


class DepositRefund(models.Model):
    """A deposit of the old deposit-based system paid back when the library went zero-deposit (退押金)."""

    patron = models.ForeignKey(
        Patron, models.SET_NULL, null=True, blank=True, related_name="deposit_refunds", verbose_name=_("reader")
    )
    card_number = models.CharField(_("card number"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), db_index=True)
    refunded_by = models.CharField(_("refunded by"), max_length=150)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("branch"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deposit refund")
        verbose_name_plural = _("deposit refunds")
        ordering = ["-refunded_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deposit_refund_positive")]

    def __str__(self) -> str:
        return f"{self.card_number} {self.amount}"


class CardSequence(models.Model):
    """The next library card number of a prefix; a row, so several processes share it."""

    prefix = models.CharField(_("prefix"), max_length=10, primary_key=True)
    next_value = models.PositiveBigIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("card number sequence")
        verbose_name_plural = _("card number sequences")

    def __str__(self) -> str:
        return f"{self.prefix}{self.next_value}"


class JoinAttemptCount(models.Model):
    """How often one client address, or one ID number, used the online registration form in one
    window of time. A row, not a cache entry, so every process of the web server counts together.
    ``key`` is a keyed hash with a purpose of its own: it never equals a reader's ID number hash."""

    key = models.CharField(_("key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("online registration attempts")
        verbose_name_plural = _("online registration attempts")
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_count_per_key_and_window")]
        indexes = [models.Index(fields=["window_start"], name="join_attempts_by_window")]

    def __str__(self) -> str:
        return f"{self.window_start:%Y-%m-%d %H:%M} {self.attempts}"
