"""The results page's lists built in Python escape what they show, as the templates did."""

from types import SimpleNamespace

import pytest

from shuyuan.catalog.models import Record
from shuyuan.opac import fragments


def test_a_result_s_title_and_authors_are_escaped_and_long_authors_cut():
    record = Record(pk=7, title="<script>x</script>", responsibility="甲" * 70, publisher="岳麓书社", year=2016)
    html = fragments.results([record])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="/record/7/"' in html and "甲" * 61 not in html and " · 岳麓书社 · 2016" in html


@pytest.mark.parametrize("selected", [True, False])
def test_a_facet_link_keeps_the_query_and_quotes_its_value(selected):
    value = SimpleNamespace(value="I2&x", label="<b>文学</b>", count=3, selected=selected)
    html = fragments.facets([("分类", "clc", [value])], base_query="q=%E4%B9%A6", filters={})
    assert 'href="?q=%E4%B9%A6&amp;clc=I2%26x"' in html and "&lt;b&gt;文学&lt;/b&gt;" in html
    assert ('aria-current="true"' in html) is selected
