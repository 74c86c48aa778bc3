from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, ServicePoint


class PatronCategory(models.Model):
    class Kind(models.TextChoices):
        ADULT = "adult", _("adult")
        CHILD = "child", _("child")
        GROUP = "group", _("group borrower")
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("reader category")
        verbose_name_plural = _("reader categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Patron(models.Model):
    """A reader (读者). Personal data is stored encrypted and found through keyed hashes."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("resident ID card")
        HK_MACAO_PERMIT = "hk_macao_permit", _("residence permit for Hong Kong and Macao residents")
        TAIWAN_PERMIT = "taiwan_permit", _("residence permit for Taiwan residents")
        FOREIGN_PERMANENT = "foreign_permanent", _("foreign permanent resident ID card")
        PASSPORT = "passport", _("passport")
        OTHER = "other", _("other document")

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

    card_number = models.CharField(_("card number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(_("ID document type"), max_length=20, choices=IdType.choices)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"))
    id_number_hash = models.CharField(_("ID number hash"), max_length=64)
    id_last6_hash = models.CharField(_("ID last six digits hash"), max_length=64, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(_("phone hash"), max_length=64, blank=True, db_index=True)
    category = models.ForeignKey(PatronCategory, models.PROTECT, verbose_name=_("category"))
    guardian = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="wards", verbose_name=_("guardian")
    )
    home_branch = models.ForeignKey(Branch, models.PROTECT, verbose_name=_("home branch"))
    registered_at = models.DateTimeField(_("registered at"))
    registration_channel = models.CharField(_("registration channel"), max_length=10, choices=Channel.choices)
    registration_service_point = models.ForeignKey(
        ServicePoint, models.SET_NULL, null=True, blank=True, verbose_name=_("registration service point")
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    pin_hash = models.CharField(_("PIN hash"), max_length=64, blank=True)
    reader_token = models.CharField(_("statistics token"), max_length=32, unique=True)
    keeps_reading_history = models.BooleanField(_("keeps reading history"), default=False)

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number_hash"], name="one_patron_per_id_document")
        ]
        permissions = [("reveal_personal_data", _("Can reveal full ID and phone numbers"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.card_number})"


class PatronBlock(models.Model):
    """A reason a reader may not borrow, until lifted."""

    patron = models.ForeignKey(Patron, models.CASCADE, related_name="blocks", verbose_name=_("reader"))
    reason = models.CharField(_("reason"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reader block")
        verbose_name_plural = _("reader blocks")
        indexes = [models.Index(fields=["patron"], condition=Q(lifted_at__isnull=True), name="open_patron_blocks")]

    def __str__(self) -> str:
        return self.reason
