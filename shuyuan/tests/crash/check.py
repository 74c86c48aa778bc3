"""Run as ``python -m shuyuan.tests.crash.check`` with the crash test's database configured and the
acknowledged acts as JSON on stdin; prints the broken invariants as a JSON list (empty when none)."""

import json
import os
import sys


def collapsed(kinds: list[str]) -> list[str]:
    return [k for n, k in enumerate(kinds) if n == 0 or kinds[n - 1] != k]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    import django

    django.setup()
    from django.db.models import Count

    from shuyuan.audit.models import AuditEntry
    from shuyuan.catalog.models import Item
    from shuyuan.circulation.models import CirculationEvent, Hold, Loan
    from shuyuan.patrons.models import Patron, RegistrationEvent

    acked = json.load(sys.stdin)
    broken: list[str] = []
    twice = Loan.objects.filter(status=Loan.Status.OPEN).values("item").annotate(n=Count("id")).filter(n__gt=1)
    broken += [f"item {row['item']} has {row['n']} open loans" for row in twice]

    events = CirculationEvent.objects.values_list("kind", "item_id", "at")
    checkouts = {(item, at) for kind, item, at in events if kind == CirculationEvent.Kind.CHECKOUT}
    checkins = {(item, at) for kind, item, at in events if kind == CirculationEvent.Kind.CHECKIN}
    loans = list(Loan.objects.values_list("item_id", "checked_out_at", "closed_at", "status"))
    broken += [f"loan of item {i} at {o} has no checkout event" for i, o, _c, _s in loans if (i, o) not in checkouts]
    broken += [
        f"checkout event of item {i} at {at} has no loan" for i, at in checkouts - {(i, o) for i, o, *_ in loans}
    ]
    returned = {(i, c) for i, _o, c, s in loans if s == Loan.Status.RETURNED}
    broken += [f"return of item {i} at {c} has no checkin event" for i, c in returned if (i, c) not in checkins]

    # Each item belongs to one kiosk, so its acknowledged acts are in order; a repeated "yes" (a retry
    # after a lost answer) acts once. What a kiosk was told must appear, in that order, among the
    # item's recorded events: a subsequence of them.
    by_barcode = dict(Item.objects.values_list("barcode", "pk"))
    recorded: dict[int, list[str]] = {}
    for kind, item, _at in sorted(events, key=lambda e: (e[2], e[0] == CirculationEvent.Kind.CHECKIN)):
        if kind in (CirculationEvent.Kind.CHECKOUT, CirculationEvent.Kind.CHECKIN):
            recorded.setdefault(item, []).append(kind)
    told: dict[str, list[str]] = {}
    for act in acked["circulation"]:
        told.setdefault(act["barcode"], []).append(act["kind"])
    for barcode, kinds in told.items():
        wanted, have = collapsed(kinds), iter(collapsed(recorded.get(by_barcode[barcode], [])))
        if not all(kind in have for kind in wanted):
            broken.append(
                f"{barcode}: kiosk was told {wanted}, the database recorded {recorded.get(by_barcode[barcode])}"
            )

    on_loan = set(Item.objects.filter(status=Item.Status.ON_LOAN).values_list("pk", flat=True))
    open_items = set(Loan.objects.filter(status=Loan.Status.OPEN).values_list("item_id", flat=True))
    broken += [f"item {i} is on loan without an open loan" for i in on_loan - open_items]
    broken += [f"item {i} has an open loan but is not on loan" for i in open_items - on_loan]

    # An item is set aside for one hold at a time; a collected or cancelled hold keeps its item as history.
    active = Hold.objects.filter(status__in=[Hold.Status.IN_TRANSIT, Hold.Status.READY])
    assigned = active.exclude(assigned_item=None).values("assigned_item").annotate(n=Count("id"))
    broken += [f"item {r['assigned_item']} is set aside for {r['n']} holds" for r in assigned.filter(n__gt=1)]

    cards = set(Patron.objects.values_list("card_number", flat=True))
    broken += [f"registration {card} was acknowledged but is lost" for card in acked["cards"] if card not in cards]
    tokens = dict(Patron.objects.filter(card_number__in=acked["cards"]).values_list("pk", "reader_token"))
    registered = set(tokens)
    logged = set(
        RegistrationEvent.objects.filter(reader_token__in=tokens.values()).values_list("reader_token", flat=True)
    )
    with_event = {pk for pk, token in tokens.items() if token in logged}
    audited = {
        int(pk)
        for pk in AuditEntry.objects.filter(
            action="patron.register", object_id__in=[str(p) for p in registered]
        ).values_list("object_id", flat=True)
    }
    broken += [f"reader {pk} has no registration event" for pk in registered - with_event]
    broken += [f"reader {pk}'s registration is not in the audit log" for pk in registered - audited]
    json.dump(broken, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
