"""The library's own Word template: used once it renders; a broken tag is refused with its line and
tag, and the last good template stays in use."""

from __future__ import annotations

import io

import pytest
from docx import Document

from shuyuan.stats.tests.factories import local
from shuyuan.workreport import documents, queries, services, word
from shuyuan.workreport.errors import WorkReportRefused
from shuyuan.workreport.tests.readback import docx_runs_without_east_asian_font, docx_text

pytestmark = pytest.mark.django_db


def template(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_uploaded_template_is_used_for_the_report(first_half):
    services.upload_template(
        "本馆模板.docx", template("本馆格式：{{ title }}", "{{ s.circulation }}"), at=local(2016, 7, 1), by=None
    )
    text = docx_text(documents.make(first_half).docx)
    assert "本馆格式：2016年上半年" in text and "纸质文献外借3册次" in text


def test_a_template_of_the_library_also_gets_east_asian_fonts_on_every_run(first_half):
    services.upload_template("本馆模板.docx", template("{{ title }}", "{{ s.windows }}"), at=local(2016, 7, 1), by=None)
    assert docx_runs_without_east_asian_font(documents.make(first_half).docx) == []


def test_a_template_with_a_broken_tag_names_the_line_and_the_tag(db):
    broken = template("工作总结", "{{ title }}", "各窗口：{{ s.windows }", "结束")
    with pytest.raises(WorkReportRefused) as refused:
        services.upload_template("坏模板.docx", broken, at=local(2016, 7, 1), by=None)
    assert "第 3 行" in refused.value.message and "{{ s.windows }" in refused.value.message


def test_a_broken_template_leaves_the_last_good_one_in_use(db):
    good = services.upload_template("好模板.docx", template("{{ title }}"), at=local(2016, 7, 1), by=None)
    with pytest.raises(WorkReportRefused):
        services.upload_template(
            "坏模板.docx", template("{% for a in activities %}{{ a.text }}"), at=local(2016, 7, 2), by=None
        )
    assert queries.current_template() == good


def test_a_block_tag_left_open_is_refused(db):
    with pytest.raises(WorkReportRefused) as refused:
        word.check_template(template("{%p for a in activities %}", "{{ a.text }}"))
    assert "activities" in refused.value.message or "endfor" in refused.value.message


def test_a_file_that_is_not_a_word_document_is_refused(db):
    with pytest.raises(WorkReportRefused) as refused:
        services.upload_template("总结.txt", "不是文档".encode(), at=local(2016, 7, 1), by=None)
    assert refused.value.message == "该文件不是 Word 文档（.docx）。"


def test_the_default_template_passes_its_own_check(db):
    word.check_template(word.default_template())


def test_a_template_that_fails_on_the_period_s_data_gives_the_default_report(first_half):
    services.upload_template(
        "本馆模板.docx",
        template("{% for w in windows %}{{ w.name.first.letter }}{% endfor %}"),
        at=local(2016, 7, 1),
        by=None,
    )
    assert "一、开展学习教育" in docx_text(documents.make(first_half).docx)


def test_a_template_reaching_for_the_servers_objects_is_refused_by_the_sandbox(db):
    probe = template("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(WorkReportRefused):
        services.upload_template("探测.docx", probe, at=local(2016, 7, 1), by=None)
    assert queries.current_template() is None


def test_an_uploaded_template_is_in_the_audit_log(db):
    from shuyuan.audit.models import AuditEntry

    uploaded = services.upload_template("本馆模板.docx", template("{{ title }}"), at=local(2016, 7, 1), by=None)
    assert AuditEntry.objects.filter(action="workreport.template_uploaded", object_id=str(uploaded.pk)).exists()
