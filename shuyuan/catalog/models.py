from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch


class Record(models.Model):
    """A bibliographic record (书目). The source MARC is kept (as UTF-8 ISO 2709); the rest is derived."""

    class MarcFormat(models.TextChoices):
        MARC21 = "marc21", "MARC 21"
        CNMARC = "cnmarc", "CNMARC"

    class MaterialType(models.TextChoices):
        # The values are those of shuyuan.catalog.marc.bib.MaterialType.
        BOOK = "book", _("book")
        SERIAL = "serial", _("serial")
        AUDIO = "audio", _("sound recording")
        VIDEO = "video", _("video recording")
        MAP = "map", _("map")
        SCORE = "score", _("music score")
        ELECTRONIC = "electronic", _("electronic resource")
        GRAPHIC = "graphic", _("graphic")
        OBJECT = "object", _("object")
        MANUSCRIPT = "manuscript", _("manuscript")
        MIXED = "mixed", _("mixed materials")

    control_number = models.CharField(_("control number"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    other_titles = models.TextField(_("other titles"), blank=True)
    responsibility = models.CharField(_("statement of responsibility"), max_length=500, blank=True)
    authors = models.TextField(_("authors"), blank=True, help_text=_("One name per line."))
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, db_index=True)
    isbn_key = models.CharField(_("ISBN for matching"), max_length=20, blank=True, db_index=True)
    isbn_is_valid = models.BooleanField(_("ISBN check digit is right"), default=True)
    issn = models.CharField(_("ISSN"), max_length=12, blank=True, db_index=True)
    issn_is_valid = models.BooleanField(_("ISSN check digit is right"), default=True)
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    # A record that gives these in their own script (MARC21 880) keeps the romanised form it also
    # gives, searched beside it; the romanised title is the first of the other titles.
    romanised_responsibility = models.CharField(_("statement of responsibility, romanised"), max_length=500, blank=True)
    romanised_publisher = models.CharField(_("publisher, romanised"), max_length=200, blank=True)
    place = models.CharField(_("place of publication"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    pages = models.CharField(_("pages"), max_length=100, blank=True)
    price = models.CharField(_("price"), max_length=40, blank=True)
    series = models.CharField(_("series"), max_length=300, blank=True)
    clc = models.CharField(_("CLC class"), max_length=60, blank=True, db_index=True)
    call_number = models.CharField(_("call number"), max_length=100, blank=True)
    subjects = models.TextField(_("subjects"), blank=True, help_text=_("One heading per line."))
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language"), max_length=3, blank=True)
    material_type = models.CharField(
        _("material type"), max_length=30, choices=MaterialType.choices, default=MaterialType.BOOK
    )
    marc_format = models.CharField(_("MARC format"), max_length=10, choices=MarcFormat.choices, blank=True)
    marc = models.BinaryField(_("source MARC (ISO 2709)"), blank=True, default=b"")
    import_batch = models.ForeignKey(
        "ImportBatch", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("last import")
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")

    def __str__(self) -> str:
        return self.title

    @property
    def author_list(self) -> list[str]:
        return [name for name in self.authors.splitlines() if name]

    @property
    def subject_list(self) -> list[str]:
        return [subject for subject in self.subjects.splitlines() if subject]


class ItemType(models.Model):
    """A kind of copy (普通图书, 视听资料…): whether it lends, and what a kiosk's security gate must know of it."""

    class MediaType(models.TextChoices):
        # SIP2 2.00 media types (CK), sent to self-check kiosks.
        OTHER = "000", _("other")
        BOOK = "001", _("book")
        MAGAZINE = "002", _("magazine")
        BOUND_JOURNAL = "003", _("bound journal")
        AUDIO_TAPE = "004", _("audio tape")
        VIDEO_TAPE = "005", _("video tape")
        CD = "006", _("CD or CD-ROM")
        DISKETTE = "007", _("diskette")
        BOOK_WITH_DISKETTE = "008", _("book with diskette")
        BOOK_WITH_CD = "009", _("book with CD")
        BOOK_WITH_AUDIO_TAPE = "010", _("book with audio tape")

    class SecurityMarker(models.TextChoices):
        # SIP2 2.00 security markers (message 18): the kind of tag an RFID or tattle-tape gate looks for.
        OTHER = "00", _("other")
        NONE = "01", _("none")
        TATTLE_TAPE = "02", _("3M Tattle-Tape")
        WHISPER_TAPE = "03", _("3M Whisper Tape")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    is_loanable = models.BooleanField(_("for loan"), default=True)
    is_for_children = models.BooleanField(_("children's material"), default=False)
    media_type = models.CharField(
        _("media type (self-check)"), max_length=3, choices=MediaType.choices, default=MediaType.BOOK
    )
    security_marker = models.CharField(
        _("security marker (self-check)"), max_length=2, choices=SecurityMarker.choices, default=SecurityMarker.OTHER
    )

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
    shelving_location = models.CharField(_("shelving location"), max_length=100, blank=True)
    call_number = models.CharField(_("call number"), max_length=100, blank=True)
    call_number_sort = models.CharField(_("call number sort key"), max_length=200, blank=True, db_index=True)
    volume = models.CharField(_("volume"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    home_branch = models.ForeignKey(Branch, models.PROTECT, related_name="home_items", verbose_name=_("home branch"))
    current_branch = models.ForeignKey(
        Branch, models.PROTECT, related_name="current_items", verbose_name=_("current branch")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROCESSING)
    rfid_tag = models.CharField(_("RFID tag id"), max_length=64, null=True, blank=True, unique=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, null=True, blank=True)
    import_batch = models.ForeignKey(
        "ImportBatch", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import")
    )
    created_at = models.DateTimeField(_("created at"))
    status_changed_at = models.DateTimeField(_("status changed at"))

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        # No index holds the status: on PostgreSQL, a checkout's or check-in's new row version then
        # stays on its page without new entries in the table's fourteen indexes (a HOT update; the
        # table keeps room on its pages for them, migration 0108). A record's copies are found by
        # its own index, and a record has few.

    def __str__(self) -> str:
        return self.barcode


class ItemStatusChange(models.Model):
    """Every status change of an item, written by ``catalog.items`` only (set_status, create_items)."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="status_changes", verbose_name=_("item"))
    # Empty for the row that starts a new copy's history (catalog.items.create_items).
    old_status = models.CharField(_("old status"), max_length=20, choices=Item.Status.choices, blank=True)
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


class OldBarcode(models.Model):
    """A barcode from the old system, so that an item relabelled during conversion is still found by it."""

    barcode = models.CharField(_("old barcode"), max_length=40, unique=True)
    item = models.ForeignKey(Item, models.CASCADE, related_name="old_barcodes", verbose_name=_("item"))
    import_batch = models.ForeignKey(
        "ImportBatch", models.SET_NULL, null=True, blank=True, related_name="old_barcodes", verbose_name=_("import")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("old barcode")
        verbose_name_plural = _("old barcodes")

    def __str__(self) -> str:
        return f"{self.barcode} → {self.item_id}"


class BarcodeSequence(models.Model):
    """The next number for new barcodes with a prefix: a row, so every process draws from the same sequence."""

    prefix = models.CharField(_("prefix"), max_length=20, unique=True)
    width = models.PositiveSmallIntegerField(_("digits"), default=8)
    next_value = models.PositiveBigIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("barcode sequence")
        verbose_name_plural = _("barcode sequences")

    def __str__(self) -> str:
        return f"{self.prefix}{self.next_value:0{self.width}d}"


class ImportBatch(models.Model):
    """One run of a MARC import or an old-system table conversion, with its progress and report."""

    class Kind(models.TextChoices):
        MARC = "marc", _("MARC records")
        TABLE = "table", _("old-system table (CSV/Excel)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    is_dry_run = models.BooleanField(_("dry run"), default=False)
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("stored file"), max_length=500)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    options = models.JSONField(_("options"), default=dict, blank=True)
    records_read = models.PositiveIntegerField(_("records read"), default=0)
    records_created = models.PositiveIntegerField(_("records imported"), default=0)
    records_updated = models.PositiveIntegerField(_("records updated"), default=0)
    records_skipped = models.PositiveIntegerField(_("records skipped"), default=0)
    items_created = models.PositiveIntegerField(_("items created"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def records_per_second(self) -> float:
        end = self.finished_at or self.heartbeat_at
        if not self.started_at or not end or end <= self.started_at:
            return 0.0
        return self.records_read / (end - self.started_at).total_seconds()

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return min(99, int(100 * self.bytes_read / self.file_size)) if self.file_size else 0


class ImportProblem(models.Model):
    """One reported problem of one record or row: where it is in the file and what is wrong."""

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="problems", verbose_name=_("import"))
    number = models.PositiveIntegerField(_("record or row number"))
    offset = models.PositiveBigIntegerField(_("byte offset"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=40)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    skipped = models.BooleanField(_("record skipped"), default=False)

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        ordering = ["batch", "number", "id"]

    def __str__(self) -> str:
        return f"#{self.number}: {self.reason}"

    @property
    def reason_label(self) -> str:
        from shuyuan.catalog.errors import reason_label

        return reason_label(self.reason)


class CallNumberCounter(models.Model):
    """The last 种次号 handed out in a class (within a branch, when the library counts per branch): a
    row, so that every process draws from the same series and no number is given twice."""

    scope = models.CharField(_("branch code (empty: whole library)"), max_length=20, blank=True)
    class_number = models.CharField(_("CLC class"), max_length=60)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("call number counter")
        verbose_name_plural = _("call number counters")
        constraints = [models.UniqueConstraint(fields=["scope", "class_number"], name="one_counter_per_class")]

    def __str__(self) -> str:
        return f"{self.class_number}/{self.last_number}"


class LabelPrint(models.Model):
    """A label printed for an item: the work queue's "labelled" step, and a reprint's history."""

    class Kind(models.TextChoices):
        BARCODE = "barcode", _("barcode label")
        SPINE = "spine", _("spine label")

    item = models.ForeignKey(Item, models.CASCADE, related_name="label_prints", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    printed_at = models.DateTimeField(_("printed at"))
    by_label = models.CharField(_("by"), max_length=150)

    class Meta:
        verbose_name = _("label print")
        verbose_name_plural = _("label prints")
        indexes = [models.Index(fields=["item", "kind"])]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.kind}"
