"""The cataloguing desk's pages: wiring, refusals shown in Chinese, and who may open them."""

import pytest
from django.urls import reverse

from shuyuan.catalog.models import Item, LabelPrint, Record
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

pytestmark = pytest.mark.django_db

CIP = """图书在版编目（CIP）数据
平凡的世界 / 路遥著. —北京：人民文学出版社，2012.3
ISBN 978-7-02-009058-7
Ⅰ.①平… Ⅱ.①路… Ⅲ.①长篇小说—中国—当代 Ⅳ.①I247.5"""

FORM = {"action": "save", "title": "平凡的世界", "responsibility": "路遥著", "isbn": "9787020090587",
        "clc": "I247.5", "language": "chi", "material_type": "book"}  # fmt: skip


@pytest.fixture
def cataloguer(client):
    client.force_login(make_staff(Role.CATALOGUING, all_branches=True))
    return client


def test_the_cip_block_fills_the_form(cataloguer):
    page = cataloguer.post(reverse("catalog:record_new"), {"action": "cip", "text": CIP}).content.decode()
    assert 'value="平凡的世界"' in page and 'value="I247.5"' in page


def test_an_unreadable_cip_block_is_told_in_chinese_and_kept(cataloguer):
    page = cataloguer.post(reverse("catalog:record_new"), {"action": "cip", "text": "随便写的一句话"}).content.decode()
    assert "无法识别 CIP 数据" in page and "随便写的一句话" in page


def test_a_record_is_created_from_the_form(cataloguer):
    response = cataloguer.post(reverse("catalog:record_new"), FORM)
    assert response.url == reverse("catalog:record_edit", kwargs={"pk": Record.objects.get().pk})


def test_a_book_already_held_is_warned_about_with_a_way_to_add_copies_there(cataloguer):
    held = make_record("平凡的世界", isbn="9787020090587", isbn_key="9787020090587")
    page = cataloguer.post(reverse("catalog:record_new"), FORM).content.decode()
    assert "改为给该书目添加单册" in page and reverse("catalog:record_edit", kwargs={"pk": held.pk}) in page
    assert Record.objects.count() == 1


def test_a_book_already_held_is_saved_when_the_cataloguer_confirms(cataloguer):
    make_record("平凡的世界", isbn="9787020090587", isbn_key="9787020090587")
    cataloguer.post(reverse("catalog:record_new"), {**FORM, "confirm": "1"})
    assert Record.objects.count() == 2


def test_a_wrong_isbn_is_shown_beside_its_field_in_chinese(cataloguer):
    page = cataloguer.post(reverse("catalog:record_new"), {**FORM, "isbn": "9787020090581"}).content.decode()
    assert "ISBN 校验位错误" in page


def test_an_unknown_clc_class_is_shown_in_chinese(cataloguer):
    page = cataloguer.post(reverse("catalog:record_new"), {**FORM, "clc": "W12"}).content.decode()
    assert "中图法中没有这个分类号" in page


def test_the_marc_check_gives_chinese_labels_of_tags_and_subfields(cataloguer):
    answer = cataloguer.post(reverse("catalog:marc_check"), {"text": "200 1# $a平凡的世界$f路遥著"}).json()
    line = answer["lines"][0]
    assert (line["label"], [s["label"] for s in line["subfields"]]) == ("题名与责任说明项", ["正题名", "第一责任说明"])


def test_the_marc_check_names_a_broken_indicator_in_chinese(cataloguer):
    answer = cataloguer.post(reverse("catalog:marc_check"), {"text": "200 1?$a平凡的世界"}).json()
    assert answer["lines"][0]["problems"] == ["第 1 行, 200: 指示符错误：应为两位，每位为数字、小写字母或 # (1?)"]
    assert answer["saveable"] is False


def test_a_marc_save_with_a_broken_indicator_shows_the_line_and_keeps_the_text(cataloguer):
    page = cataloguer.post(reverse("catalog:record_new"), {"action": "marc", "text": "200 1?$a平凡的世界"})
    assert "指示符错误" in page.content.decode() and "200 1?$a平凡的世界" in page.content.decode()


def test_copies_with_a_barcode_already_used_are_refused_in_chinese(cataloguer):
    record = make_record()
    make_item(barcode="A0001")
    data = {"count": 1, "collection": make_collection().pk, "item_type": make_item_type().pk, "barcodes": "A0001"}
    page = cataloguer.post(reverse("catalog:record_copies", kwargs={"pk": record.pk}), data).content.decode()
    assert "条码已被其他单册使用" in page and Item.objects.filter(record=record).count() == 0


def test_the_call_number_button_gives_the_next_number(cataloguer):
    record = make_record(clc="I247.5")
    cataloguer.post(reverse("catalog:record_call_number", kwargs={"pk": record.pk}))
    assert Record.objects.get(pk=record.pk).call_number == "I247.5/1"


def test_the_work_queue_shows_each_copys_next_step(cataloguer):
    make_item(status=Item.Status.IN_PROCESSING, call_number="")
    assert "分配索书号" in cataloguer.get(reverse("catalog:queue")).content.decode()


def test_printing_labels_for_nothing_is_told_in_chinese(cataloguer):
    data = {"barcodes": "", "kind": "both", "sheet": "a4-4x10", "start": 1}
    assert "没有选择任何单册" in cataloguer.post(reverse("catalog:labels"), data).content.decode()


def test_the_labels_page_returns_a_pdf_and_notes_the_print(cataloguer):
    item = make_item(barcode="LL00000009")
    data = {"barcodes": "LL00000009", "kind": "spine", "sheet": "roll-40x30", "start": 1}
    response = cataloguer.post(reverse("catalog:labels"), data)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert LabelPrint.objects.filter(item=item, kind="spine").exists()


def test_the_clc_page_lists_the_top_classes(cataloguer):
    page = cataloguer.get(reverse("catalog:clc")).content.decode()
    assert "TP 自动化技术、计算机技术" in page and "Z 综合性图书" in page


def test_a_circulation_clerk_may_not_edit_records(client):
    client.force_login(make_staff(Role.CIRCULATION, all_branches=True))
    assert client.get(reverse("catalog:record_edit", kwargs={"pk": make_record().pk})).status_code == 403
