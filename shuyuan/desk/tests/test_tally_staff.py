"""The daily tally (日结) per staff member: each clerk's loans and new cards, beside the desk's."""

from datetime import date

from django.utils import timezone

from shuyuan.patrons import iddocs
from shuyuan.patrons import services as patron_services
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.patrons import make_category, resident_id


def register_by(user, point, name: str, birth: date) -> None:
    make_category()
    now = timezone.now()
    document = iddocs.parse(resident_id(birth), today=now.date())
    application = patron_services.Application(name=name, document=document)
    patron_services.register(
        application, home_branch=point.branch, channel="desk", service_point=point, at=now, by=user
    )


def test_the_tally_counts_the_new_cards_the_clerk_issued_apart_from_the_desks(client_in, clerk, point, branch):
    register_by(clerk, point, "赵一", date(1990, 1, 2))
    register_by(make_staff(Role.CIRCULATION, branch, username="colleague"), point, "钱二", date(1991, 3, 4))
    context = client_in.get("/desk/tally/").context
    assert (context["my_new_cards"], context["new_cards"]) == (1, 2)


def test_the_tally_lists_each_staff_member_with_their_loans_and_new_cards(send, client_in, clerk, reader, books, point):
    register_by(clerk, point, "赵一", date(1990, 1, 2))
    send(reader.card_number)
    send(books[0].barcode)
    rows = {
        name: (figures.loans if figures else 0, cards)
        for name, figures, cards in client_in.get("/desk/tally/").context["staff"]
    }
    assert rows["clerk"] == (1, 1)


def test_the_printed_tally_shows_the_staff_table_in_chinese(client_in, clerk, point):
    register_by(clerk, point, "赵一", date(1990, 1, 2))
    page = client_in.get("/desk/tally/").content.decode()
    assert ("按工作人员" in page, "<th>clerk</th>" in page) == (True, True)
