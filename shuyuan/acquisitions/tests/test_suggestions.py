"""Purchase suggestions (荐购): a reader suggests, staff answer, the reader sees the answer and is told
when the book arrives."""

import pytest

from shuyuan.acquisitions import queries, services
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Order, PurchaseSuggestion
from shuyuan.audit.models import AuditEntry
from shuyuan.testing.acquisitions import NOW, isbn13, make_fund, make_vendor
from shuyuan.testing.catalog import make_collection, make_item_type
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def test_staff_see_how_many_readers_asked_for_a_title():
    for _ in range(3):
        services.suggest(make_patron(), isbn=isbn13(1), title="乡土中国", at=NOW, by=None)
    services.suggest(make_patron(), title="另一本书", at=NOW, by=None)
    assert [(row.title, row.readers) for row in queries.pending_suggestions()] == [("乡土中国", 3), ("另一本书", 1)]


def test_a_suggestion_needs_an_isbn_or_a_title():
    with pytest.raises(AcquisitionsRefused) as refused:
        services.suggest(make_patron(), note="随便", at=NOW, by=None)
    assert refused.value.reason == Reason.NEEDS_TITLE


def test_a_declined_suggestion_shows_its_reason_to_the_reader():
    patron = make_patron()
    suggestion = services.suggest(patron, title="过时的书", at=NOW, by=None)
    services.decline_suggestion(suggestion, reason="已有新版", at=NOW, by=None)
    assert [(s.status, s.answer) for s in queries.suggestions_of(patron)] == [
        (PurchaseSuggestion.Status.DECLINED, "已有新版")
    ]


def test_declining_without_a_reason_is_refused():
    suggestion = services.suggest(make_patron(), title="书", at=NOW, by=None)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.decline_suggestion(suggestion, reason=" ", at=NOW, by=None)
    assert refused.value.reason == Reason.NEEDS_REASON


def test_the_reader_is_told_when_an_accepted_suggestion_arrives():
    patron = make_patron()
    suggestion = services.accept_suggestion(
        services.suggest(patron, isbn=isbn13(1), title="乡土中国", at=NOW, by=None), at=NOW, by=None
    )
    specs = services.lines_from_suggestions([suggestion], collection=make_collection(), item_type=make_item_type())
    order = services.place_order(make_vendor(), make_fund(), specs, source=Order.Source.SUGGESTIONS, at=NOW, by=None)
    services.receive(order.lines.get(), 1, at=NOW, by=None)
    seen = queries.suggestions_of(patron)[0]
    assert (seen.status, seen.record_id is not None) == (PurchaseSuggestion.Status.ARRIVED, True)
    assert AuditEntry.objects.filter(action="acquisitions.suggestion_arrived").count() == 1


def test_declining_a_title_answers_every_reader_who_asked_for_it():
    readers = [make_patron() for _ in range(3)]
    asked = [services.suggest(r, isbn=isbn13(1), title="乡土中国", at=NOW, by=None) for r in readers]
    other = services.suggest(make_patron(), title="另一本书", at=NOW, by=None)
    services.decline_suggestion(asked[0], reason="馆藏已有", at=NOW, by=None)
    answers = [s.answer for r in readers for s in queries.suggestions_of(r)]
    assert (answers, queries.pending_suggestions()[0].suggestions) == (["馆藏已有"] * 3, [other])
