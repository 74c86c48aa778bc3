"""Any text sent as a CQL query parses or is refused with CqlError, never another exception."""

from hypothesis import given
from hypothesis import strategies as st

from shuyuan.catalog.sru.cql import CqlError, parse

WORDS = st.sampled_from(
    [
        "title",
        "dc.title",
        "author",
        "isbn",
        "=",
        "==",
        "any",
        "all",
        "and",
        "or",
        "not",
        "(",
        ")",
        '"',
        "鲁迅",
        "围城",
        "*",
        "prox",
        "/",
        "<",
        ">=",
        "9787020002207",
        "\\",
        "sortBy",
    ]
)


@given(st.lists(WORDS, max_size=12).map(" ".join))
def test_a_query_of_cql_words_parses_or_is_refused(query):
    try:
        assert parse(query) is not None
    except CqlError:
        pass


@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused(query):
    try:
        parse(query)
    except CqlError:
        pass
