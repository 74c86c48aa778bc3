"""Notices to readers (issue 5): the reminders the daily job creates (due soon, overdue 催还), and
their delivery. Delivery never holds a transaction open across a network call: ``claim_notices``
marks a batch as being sent and commits, the channel sends (sms.py), ``record_deliveries``
writes the outcome. A slow SMS gateway so never blocks the desk and the kiosks on SQLite.

The arrival of a reader's purchase suggestion is told through the same machinery: acquisitions
calls ``notify_suggestion_arrived`` inside the receipt's transaction.

A notice that can no longer be true (the book was returned or renewed, the hold collected) is
withdrawn instead of sent. Reminders of one reader for the same due date go out as one SMS.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuyuan.audit import log
from shuyuan.branches.models import Library
from shuyuan.circulation import notice_texts
from shuyuan.circulation.errors import TemplateProblem, TemplateRefused
from shuyuan.circulation.models import NOTICE_TO_SEND, Hold, Loan, Notice, NoticeTemplate
from shuyuan.circulation.queries import OverdueLine
from shuyuan.circulation.rules import ReminderWindow, reminder_windows
from shuyuan.circulation.services.retention import retention_days
from shuyuan.circulation.sms import Channel, compose, mobile_number
from shuyuan.circulation.steps import local_day
from shuyuan.keys import decrypt
from shuyuan.patrons.masking import mask_id
from shuyuan.patrons.models import Patron

logger = logging.getLogger("shuyuan.circulation.notices")

Kind = Notice.Kind
Status = Notice.Status
LOAN_KINDS = (Kind.DUE_SOON, Kind.OVERDUE)
CLAIM_EXPIRES = timedelta(hours=1)  # a batch still "being sent" after this was interrupted: send again
TITLE_KEPT = 100


# ---- reminders ---------------------------------------------------------------------------------


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def new_reminders(window: ReminderWindow, *, at: datetime) -> list[Notice]:
    """Unsaved reminders for the open loans in ``window`` that have none yet: one indexed range of
    open loans, filtered against the reminders' unique index, whatever the number of loans."""
    already = Notice.objects.filter(loan=OuterRef("pk"), kind=window.kind, step=window.step, due_at=OuterRef("due_at"))
    loans = Loan.objects.filter(
        status=Loan.Status.OPEN,
        patron__isnull=False,
        due_at__gte=start_of(window.first),
        due_at__lt=start_of(window.last + timedelta(days=1)),
    ).filter(~Exists(already))
    if window.kind == Kind.DUE_SOON:
        # the slip handed over at checkout says the due date: no reminder on the day of the loan
        loans = loans.filter(checked_out_at__lt=start_of(local_day(at)))
    return [
        Notice(
            patron_id=patron_id,
            kind=window.kind,
            created_at=at,
            loan_id=pk,
            due_at=due_at,
            step=window.step,
            detail={"title": title[:TITLE_KEPT], "due": timezone.localdate(due_at).isoformat()},
        )
        for pk, patron_id, due_at, title in loans.values_list("pk", "patron_id", "due_at", "item__record__title")
    ]


@dataclass(frozen=True)
class Created:
    due_soon: int
    overdue: int
    withdrawn: int

    @property
    def total(self) -> int:
        return self.due_soon + self.overdue


@transaction.atomic(durable=True)
def create_reminders(
    *, at: datetime, by: Any, due_soon_days: int = 3, overdue_every_days: int = 7, overdue_max: int = 3
) -> Created:
    """Write today's due-soon and overdue reminders (group loans alike) and withdraw waiting
    notices that are no longer true. Running it again the same day creates nothing: the unique
    constraint on (loan, kind, due date, step) holds even against a concurrent run."""
    counts: dict[str, int] = {Kind.DUE_SOON: 0, Kind.OVERDUE: 0}
    windows = reminder_windows(
        local_day(at), due_soon_days=due_soon_days, overdue_every_days=overdue_every_days, overdue_max=overdue_max
    )
    for window in windows:
        notices = new_reminders(window, at=at)
        Notice.objects.bulk_create(notices, batch_size=500, ignore_conflicts=True)
        counts[window.kind] += len(notices)
    created = Created(counts[Kind.DUE_SOON], counts[Kind.OVERDUE], withdraw_obsolete(at=at))
    if created.total or created.withdrawn:
        detail = {"due_soon": created.due_soon, "overdue": created.overdue, "withdrawn": created.withdrawn}
        log.record("circulation.create_reminders", at=at, by=by, detail=detail)
    return created


def withdraw_obsolete(*, at: datetime, patron_ids: list[int] | None = None) -> int:
    """Building block: waiting notices (of ``patron_ids``, or of everyone) about a loan no longer
    open with that due date (returned, renewed, lost) or a hold no longer on the hold shelf are
    withdrawn, never sent."""
    waiting = Notice.objects.filter(status__in=(Status.PENDING, Status.FAILED))
    if patron_ids is not None:
        waiting = waiting.filter(patron_id__in=patron_ids)
    current_loan = Loan.objects.filter(pk=OuterRef("loan_id"), status=Loan.Status.OPEN, due_at=OuterRef("due_at"))
    still_ready = Hold.objects.filter(pk=OuterRef("hold_id"), status=Hold.Status.READY)
    done = (
        waiting.filter(kind__in=LOAN_KINDS)
        .filter(~Exists(current_loan))
        .update(status=Status.WITHDRAWN, given_up_at=at)
    )
    done += (
        waiting.filter(kind=Kind.HOLD_READY, hold__isnull=False)
        .filter(~Exists(still_ready))
        .update(status=Status.WITHDRAWN, given_up_at=at)
    )
    return done


def notify_suggestion_arrived(patron_ids: Iterable[int], *, title: str, record_id: int, at: datetime) -> int:
    """Building block (no transaction of its own: the receipt's holds it): tell each reader in
    ``patron_ids`` once that the title they suggested has arrived and that they may place the first
    hold, by the channel they chose. A reader who chose no messages is not told (their account shows
    the arrival), nor an erased one (their suggestions went with them). Returns the notices written."""
    readers = (
        Patron.objects.filter(pk__in=set(patron_ids), merged_into__isnull=True)
        .exclude(notice_channel=Patron.NoticeChannel.NONE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    detail = {"title": title[:TITLE_KEPT], "record": record_id}
    notices = [Notice(patron_id=pk, kind=Kind.SUGGESTION_ARRIVED, created_at=at, detail=dict(detail)) for pk in readers]
    Notice.objects.bulk_create(notices)
    return len(notices)


# ---- delivery ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    """A claimed notice with what its message needs; the phones and the e-mail address stay
    encrypted until the send. ``choice`` is the reader's (patrons.Patron.NoticeChannel)."""

    pk: int
    patron_id: int
    kind: str
    step: int
    due_at: datetime | None
    detail: dict[str, Any]
    phones: tuple[str, str] = field(repr=False)
    choice: str = "sms"
    email: str = field(default="", repr=False)

    @property
    def title(self) -> str:
        return str(self.detail.get("title", ""))


@dataclass(frozen=True)
class Claimed:
    notices: list[Outgoing]
    withdrawn: int = 0
    given_up: int = 0


def sendable(at: datetime, choices: tuple[str, ...] | None = None) -> QuerySet[Notice]:
    """Waiting notices, failed ones from an earlier run, and batches whose sender was interrupted;
    with ``choices``, only those of readers whose notice channel is one of them."""
    notices = Notice.objects.filter(status__in=NOTICE_TO_SEND).filter(
        Q(status=Status.PENDING)
        | Q(status=Status.FAILED, claimed_at__lt=at)
        | Q(status=Status.SENDING, claimed_at__lt=at - CLAIM_EXPIRES)
    )
    return notices if choices is None else notices.filter(patron__notice_channel__in=choices)


def served(channels: Any) -> tuple[str, ...]:
    """The readers' choices a run serves: those of its channels, and "no messages" (their notices
    are marked so, not sent). A reader whose channel is not configured keeps their notices waiting."""
    return (*channels, Patron.NoticeChannel.NONE)


@transaction.atomic(durable=True)
def claim_notices(
    *, at: datetime, max_attempts: int, limit: int = 50, choices: tuple[str, ...] | None = None
) -> Claimed:
    """Mark the sendable notices of up to ``limit`` readers as being sent (one attempt more) and
    return them; a notice failed in this run waits for a later run. Those readers' notices that are
    no longer true are withdrawn first (only theirs: the batch loop would otherwise re-check every
    waiting notice once per batch). Concurrent senders on PostgreSQL skip each other's rows."""
    given_up = (
        sendable(at)
        .filter(status=Status.SENDING, attempts__gte=max_attempts)
        .update(status=Status.GIVEN_UP, given_up_at=at, last_error="interrupted")
    )
    patrons = list(sendable(at, choices).order_by("patron_id").values_list("patron_id", flat=True).distinct()[:limit])
    withdrawn = withdraw_obsolete(at=at, patron_ids=patrons) if patrons else 0
    rows = list(
        sendable(at, choices)
        .filter(patron_id__in=patrons)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("patron_id", "kind", "due_at", "step", "pk")
        .values_list(
            "pk",
            "patron_id",
            "kind",
            "step",
            "due_at",
            "detail",
            "patron__phone_encrypted",
            "patron__guardian_phone_encrypted",
            "hold__record__title",
            "patron__notice_channel",
            "patron__email_encrypted",
        )
    )
    Notice.objects.filter(pk__in=[row[0] for row in rows]).update(
        status=Status.SENDING, claimed_at=at, attempts=F("attempts") + 1
    )
    notices = [
        Outgoing(
            pk,
            patron,
            kind,
            step,
            due,
            with_title(detail, hold_title),
            phones=(own or "", guardian or ""),
            choice=choice,
            email=email or "",
        )
        for pk, patron, kind, step, due, detail, own, guardian, hold_title, choice, email in rows
    ]
    return Claimed(notices, withdrawn, given_up)


def with_title(detail: Any, hold_title: str | None) -> dict[str, Any]:
    detail = dict(detail or {})
    if not detail.get("title") and hold_title:
        detail["title"] = hold_title[:TITLE_KEPT]
    return detail


def bundles(notices: list[Outgoing]) -> list[list[Outgoing]]:
    """Reminders of one reader with the same kind, due day and step make one message (a school
    with 200 books due the same day gets one SMS); every other notice is a message of its own."""
    grouped: dict[tuple[Any, ...], list[Outgoing]] = {}
    for notice in notices:
        if notice.kind in LOAN_KINDS and notice.due_at is not None:
            key: tuple[Any, ...] = (notice.patron_id, notice.kind, timezone.localdate(notice.due_at), notice.step)
        else:
            key = ("single", notice.pk)
        grouped.setdefault(key, []).append(notice)
    return list(grouped.values())


@dataclass(frozen=True)
class Result:
    notices: list[int]
    status: str  # Status.SENT, Status.FAILED, Status.NO_PHONE, Status.NO_EMAIL or Status.OPTED_OUT
    error: str = ""
    channel: str = ""  # the channel's name (sms_http, email) when one was tried


def address_of(notice: Outgoing) -> tuple[str | None, str]:
    """Where the reader's chosen channel sends to, decrypted, and the status when there is nowhere:
    the reader's mobile (else a guardian's) for SMS, their e-mail address for e-mail. ValueError if
    the key cannot decrypt it."""
    if notice.choice == Patron.NoticeChannel.EMAIL:
        address = decrypt(notice.email) if notice.email else ""
        return (address or None), Status.NO_EMAIL
    return mobile_number(*notice.phones), Status.NO_PHONE


def deliver(
    bundle: list[Outgoing], channels: dict[str, Channel], *, signature: str, templates: dict[str, str] | None = None
) -> Result:
    """Send one message for ``bundle`` by the reader's chosen channel; any failure is an outcome,
    never an exception, so one notice cannot stop the batch. Error texts are fixed words and codes:
    never a phone number or an address."""
    ids, first = [n.pk for n in bundle], bundle[0]
    reference = f"notice-{first.pk}"
    if first.choice == Patron.NoticeChannel.NONE:
        return Result(ids, Status.OPTED_OUT)
    channel = channels.get(first.choice)
    if channel is None:  # claimed without the readers' choices (claim_notices(choices=None)): try later
        return Result(ids, Status.FAILED, "channel not configured")
    try:
        address, nowhere = address_of(first)
    except ValueError:
        logger.warning("%s: the reader's contact cannot be decrypted with the configured key", reference)
        return Result(ids, Status.FAILED, "phone cannot be decrypted", channel.name)
    if address is None:
        return Result(ids, nowhere)
    try:
        text = compose(
            first.kind,
            titles=[n.title for n in bundle],
            detail=first.detail,
            step=first.step,
            signature=signature,
            template=(templates or {}).get(first.kind),
        )
        delivery = channel.send(address, text, reference=reference, kind=first.kind)
    except Exception as exc:  # whatever goes wrong with one message, the others still go out
        logger.error("%s: not delivered: unexpected %s", reference, type(exc).__name__)
        return Result(ids, Status.FAILED, f"unexpected error ({type(exc).__name__})", channel.name)
    if delivery.ok:
        return Result(ids, Status.SENT, "", channel.name)
    return Result(ids, Status.FAILED, delivery.error[:200], channel.name)


@dataclass
class Delivered:
    sent: int = 0
    messages: int = 0  # SMS sent
    emails: int = 0  # e-mails sent
    failed: int = 0
    given_up: int = 0
    no_phone: int = 0
    no_email: int = 0
    opted_out: int = 0
    withdrawn: int = 0

    def add(self, other: Delivered) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@transaction.atomic(durable=True)
def record_deliveries(results: list[Result], *, at: datetime, max_attempts: int) -> Delivered:
    """Write what the channels said: sent; failed, to retry on a later run until ``max_attempts``,
    then given up; no mobile number or no e-mail address (not retried); or the reader chose no
    messages. Returns the counts of notices. One UPDATE per outcome (and per distinct error and
    channel), not per message."""
    sent = [r for r in results if r.status == Status.SENT]
    done = Delivered(
        messages=sum(1 for r in sent if r.channel != "email"), emails=sum(1 for r in sent if r.channel == "email")
    )
    ids: dict[tuple[str, str, str], list[int]] = {}
    for result in results:
        ids.setdefault((result.status, result.error, result.channel), []).extend(result.notices)
    for (status, error, channel), pks in ids.items():
        claimed = Notice.objects.filter(pk__in=pks, status=Status.SENDING)
        if status == Status.SENT:
            done.sent += claimed.update(status=Status.SENT, sent_at=at, channel=channel, last_error="")
        elif status == Status.NO_PHONE:
            done.no_phone += claimed.update(status=Status.NO_PHONE, channel="", last_error="")
        elif status == Status.NO_EMAIL:
            done.no_email += claimed.update(status=Status.NO_EMAIL, channel="", last_error="")
        elif status == Status.OPTED_OUT:
            done.opted_out += claimed.update(status=Status.OPTED_OUT, channel="", last_error="")
        else:
            done.given_up += claimed.filter(attempts__gte=max_attempts).update(
                status=Status.GIVEN_UP, given_up_at=at, channel=channel, last_error=error
            )
            done.failed += claimed.filter(attempts__lt=max_attempts).update(
                status=Status.FAILED, channel=channel, last_error=error
            )
    channels = sorted({r.channel for r in results if r.channel})
    detail = {"channel": ",".join(channels), **{k: v for k, v in vars(done).items() if v}}
    log.record("circulation.deliver_notices", at=at, by=None, detail=detail)
    return done


def templates_in_use() -> dict[str, str]:
    """Staff's own notice texts by kind (a kind without one uses the built-in text)."""
    return dict(NoticeTemplate.objects.values_list("kind", "text"))


def deliver_notices(
    channels: dict[str, Channel], *, at: datetime, signature: str, max_attempts: int, batch: int = 50
) -> Delivered:
    """Claim, send and record batch after batch until nothing is left to send in this run. Not a
    transaction: each claim and each record is one, the sending happens between them. ``channels``
    maps the readers' choices to channels (sms.channels_for); readers who chose a channel that is
    not configured keep their notices waiting."""
    delivered = Delivered()
    templates = templates_in_use()
    choices = served(channels)
    while True:
        claimed = claim_notices(at=at, max_attempts=max_attempts, limit=batch, choices=choices)
        delivered.withdrawn += claimed.withdrawn
        delivered.given_up += claimed.given_up
        if claimed.notices:
            results = [
                deliver(bundle, channels, signature=signature, templates=templates)
                for bundle in bundles(claimed.notices)
            ]
            delivered.add(record_deliveries(results, at=at, max_attempts=max_attempts))
        elif not claimed.withdrawn:  # a batch whose notices were all withdrawn: on to the next readers
            return delivered


# ---- the templates -----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def save_notice_template(kind: str, text: str, *, at: datetime, by: Any) -> NoticeTemplate:
    """Staff's own words for ``kind``. A template with an unknown placeholder or broken syntax is
    refused (TemplateRefused names it) and the one in use stays."""
    if kind not in Notice.Kind.values:
        raise TemplateRefused(TemplateProblem.UNKNOWN_KIND)
    text = notice_texts.check(kind, text)
    template = NoticeTemplate.objects.select_for_update().filter(kind=kind).first()
    before = template.text if template else notice_texts.default_template(kind)
    if template is None:
        template = NoticeTemplate(kind=kind)
    template.text, template.updated_at = text, at
    template.updated_by = str(log.actor_fields(by)["actor_label"])[:150]
    template.save()
    log.record("circulation.save_notice_template", at=at, by=by, obj=template, detail={"kind": kind, "was": before})
    return template


@transaction.atomic(durable=True)
def reset_notice_template(kind: str, *, at: datetime, by: Any) -> None:
    """Back to the built-in text for ``kind``."""
    deleted = NoticeTemplate.objects.filter(kind=kind).delete()[0]
    if deleted:
        log.record("circulation.reset_notice_template", at=at, by=by, detail={"kind": kind})


# ---- privacy -----------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def purge_notices(*, at: datetime, by: Any) -> int:
    """Delete notices older than the library's retention period (DESIGN.md 4a): a reminder names a
    book its reader borrowed, and must not outlive the loan's own anonymisation."""
    done = 0
    for library in Library.objects.all():
        cutoff = at - timedelta(days=retention_days(library))
        old = Notice.objects.filter(patron__home_branch__library=library, created_at__lt=cutoff).exclude(
            status=Status.SENDING
        )
        deleted = old.delete()[0]
        if deleted:
            log.record("circulation.purge_notices", at=at, by=by, obj=library, detail={"deleted": deleted})
        done += deleted
    return done


# ---- the overdue list as a file ---------------------------------------------------------------

OVERDUE_EXPORT_COLUMNS = (
    _("card number"),
    _("reader"),
    _("phone"),
    _("barcode"),
    _("title"),
    _("call number"),
    _("due"),
    _("days overdue"),
    _("lent at"),
    _("reader's home branch"),
)
_ID_NUMBER = re.compile(r"^(\d{17}[\dXx]|\d{15})$")


@transaction.atomic(durable=True)
def export_overdue_list(lines: list[OverdueLine], *, file_format: str, at: datetime, by: Any) -> list[list[object]]:
    """The rows of an overdue-list file: phones masked as on screen, and a card number that is a
    resident ID number masked like one (some libraries use the ID card as the library card).
    Audited, since the file leaves the system with readers' names in it."""
    rows: list[list[object]] = []
    for line in lines:
        loan, patron = line.loan, line.loan.patron
        assert patron is not None  # the overdue list leaves anonymised loans out
        card = mask_id(patron.card_number) if _ID_NUMBER.match(patron.card_number) else patron.card_number
        rows.append(
            [
                card,
                patron.name,
                patron.phone_masked,
                loan.item.barcode,
                loan.item.record.title,
                loan.item.call_number,
                timezone.localdate(loan.due_at).isoformat(),
                line.days,
                loan.branch.name if loan.branch else "",
                patron.home_branch.name,
            ]
        )
    log.record("circulation.export_overdue_list", at=at, by=by, detail={"rows": len(rows), "format": file_format})
    return rows
