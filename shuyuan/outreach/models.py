"""Reading promotion (阅读推广): activities and their series, sign-ups with tickets, volunteers and
their shifts, staff training, and the opening of branches at partners' premises."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuyuan.branches.models import Branch, ServicePoint


class Partner(models.Model):
    """A school, community, company or studio the library works with."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        COMMUNITY = "community", _("community or village")
        COMPANY = "company", _("company or studio")
        GOVERNMENT = "government", _("government body")
        OTHER = "other", _("other")

    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    FESTIVAL = "festival", _("festival")
    LECTURE = "lecture", _("lecture")
    EXHIBITION = "exhibition", _("exhibition")
    FILM = "film", _("film screening")
    CONTEST = "contest", _("contest")
    BOOK_EXCHANGE = "book_exchange", _("book exchange")
    OUTREACH = "outreach", _("outreach to villages and communities")
    SALON = "salon", _("reading salon")
    VOLUNTEER_DAY = "volunteer_day", _("volunteer day")
    CHILDREN = "children", _("children's activity")
    TRAINING_CLASS = "training_class", _("training class")
    BRANCH_OPENING = "branch_opening", _("branch opening")
    OTHER = "other", _("other")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    CHILDREN = "children", _("children")
    TEENAGERS = "teenagers", _("teenagers")
    ADULTS = "adults", _("adults")
    SENIORS = "seniors", _("seniors")
    FAMILIES = "families", _("families")
    STUDENTS = "students", _("students")


class Series(models.Model):
    """A programme of several sessions (ten screenings of one film programme); its sessions follow
    an RFC 5545 recurrence rule (``FREQ=WEEKLY;COUNT=10``), which the iCalendar feed publishes."""

    title = models.CharField(pgettext_lazy("activity", "title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    rrule = models.CharField(_("recurrence rule (RFC 5545)"), max_length=200)
    first_starts_at = models.DateTimeField(_("first session starts at"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        ordering = ["-first_starts_at"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """One activity, or one session of a series, with what it planned and what it achieved."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(pgettext_lazy("activity", "title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    series = models.ForeignKey(
        Series,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=pgettext_lazy("activity", "series"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="activities", verbose_name=_("branch"))
    service_point = models.ForeignKey(
        ServicePoint, models.PROTECT, null=True, blank=True, related_name="activities", verbose_name=_("service point")
    )
    place_name = models.CharField(_("outside place"), max_length=100, blank=True)
    place_address = models.CharField(_("address of the outside place"), max_length=200, blank=True)
    partners = models.ManyToManyField(Partner, blank=True, related_name="activities", verbose_name=_("partners"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    is_public = models.BooleanField(_("shown in the public list"), default=True)
    needs_signup = models.BooleanField(_("sign-up needed"), default=False)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    waiting_list_size = models.PositiveIntegerField(_("waiting-list places"), default=0)
    signup_opens_at = models.DateTimeField(_("sign-up opens at"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes at"), null=True, blank=True)
    walk_ins = models.PositiveIntegerField(
        _("attendance without tickets"),
        default=0,
        help_text=_("People counted at the activity without a ticket; checked-in tickets are added to it."),
    )
    books_handed_out = models.PositiveIntegerField(_("books handed out"), default=0)
    books_exchanged = models.PositiveIntegerField(_("books exchanged"), default=0)
    books_lent = models.PositiveIntegerField(_("books lent"), default=0)
    narrative = models.TextField(_("narrative"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.CharField(_("created by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="activity_ends_after_start"),
        ]
        permissions = [("check_in_ticket", _("Can check tickets in at the door"))]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        if self.place_name:
            return f"{self.place_name}（{self.place_address}）" if self.place_address else self.place_name
        return str(self.service_point) if self.service_point_id else self.branch.name


class Figure(models.Model):
    """Any other figure worth reporting: label, number and unit (灯笼 400 盏)."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="figures", verbose_name=_("activity"))
    label = models.CharField(_("label"), max_length=50)
    number = models.PositiveIntegerField(pgettext_lazy("activity", "number"))
    unit = models.CharField(_("unit"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.number}{self.unit}"


class Photo(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos", verbose_name=_("activity"))
    image = models.FileField(_("photo"), upload_to="outreach/photos/%Y/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="outreach/thumbnails/%Y/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Registration(models.Model):
    """A reader's sign-up: a place (with a ticket) or a place on the waiting list."""

    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("activity", "registered")
        WAITING = "waiting", pgettext_lazy("activity", "waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        DESK = "desk", _("at the desk")

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="registrations", verbose_name=_("activity"))
    # Null once the reader is erased: the check-in still counts in the attendance.
    patron = models.ForeignKey(
        "patrons.Patron", models.SET_NULL, null=True, related_name="activity_registrations", verbose_name=_("reader")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    ticket = models.CharField(_("ticket number"), max_length=32, unique=True)
    signed_up_at = models.DateTimeField(_("signed up at"))
    promoted_at = models.DateTimeField(_("moved from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "patron"], condition=~Q(status="cancelled"), name="one_live_signup_per_reader"
            ),
        ]

    def __str__(self) -> str:
        return self.ticket


class Volunteer(models.Model):
    """A volunteer; the phone is kept like readers' phones (encrypted, a keyed hash, a masked form).
    A volunteer who is a reader is linked to the reader record and erased with it."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    patron = models.OneToOneField(
        "patrons.Patron", models.SET_NULL, null=True, blank=True, related_name="volunteer", verbose_name=_("reader")
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone_encrypted = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    guardian_name = models.CharField(_("guardian"), max_length=100, blank=True)
    guardian_phone_encrypted = models.TextField(blank=True)
    guardian_phone_masked = models.CharField(_("guardian's phone"), max_length=20, blank=True)
    joined_on = models.DateField(_("joined on"))
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True, help_text=_("Such as 小小文化志愿者."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """A volunteer's shift at an activity or a service point; hours come from check-in and -out."""

    # Null once the volunteer is erased: the hours still count for the activity or service point.
    volunteer = models.ForeignKey(
        Volunteer, models.SET_NULL, null=True, related_name="shifts", verbose_name=_("volunteer")
    )
    activity = models.ForeignKey(
        Activity, models.SET_NULL, null=True, blank=True, related_name="shifts", verbose_name=_("activity")
    )
    service_point = models.ForeignKey(
        ServicePoint,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_shifts",
        verbose_name=_("service point"),
    )
    task = models.CharField(_("task"), max_length=100, blank=True)
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(pgettext_lazy("activity", "checked out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer shift")
        verbose_name_plural = _("volunteer shifts")
        ordering = ["planned_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_out_at__gte=F("checked_in_at")),
                name="shift_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.planned_start:%Y-%m-%d}"


class Training(models.Model):
    """Staff training or study (岗位培训): who organised it, when, how many hours, of what kind."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("professional training")
        POLITICAL_STUDY = "political_study", _("political study (such as 两学一做)")
        OTHER = "other", _("other")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organiser = models.CharField(_("organiser"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="trainings", verbose_name=_("staff who attended")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("staff training")
        verbose_name_plural = _("staff training")
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="training_days_order"),
        ]

    def __str__(self) -> str:
        return self.title


class BranchOpening(models.Model):
    """The guided opening of a branch at a partner's premises, step by step: the partner and the
    agreement, the furniture, the books moved from the central library, the donated books."""

    branch = models.OneToOneField(Branch, models.PROTECT, related_name="opening", verbose_name=_("branch"))
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="branches", verbose_name=_("partner"))
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    desks = models.PositiveIntegerField(_("desks"), default=0)
    benches = models.PositiveIntegerField(_("benches"), default=0)
    opens_on = models.DateField(_("opens on"))
    transfer_batch = models.CharField(pgettext_lazy("activity", "transfer batch"), max_length=30, blank=True)
    items_moved = models.PositiveIntegerField(_("books moved from the central library"), default=0)
    donated_catalogued = models.PositiveIntegerField(_("donated books catalogued"), default=0)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("branch opening")
        verbose_name_plural = _("branch openings")

    def __str__(self) -> str:
        return str(self.branch)
