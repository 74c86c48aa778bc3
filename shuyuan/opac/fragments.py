"""The results page's two long lists as HTML built in Python: a page's twenty results and its facets'
seventy-odd links were most of its time as template loops (bench.opac, cProfile). Every value is
escaped by ``format_html``, as the template would."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from shuyuan.catalog.models import Record

FACET_VALUES_SHOWN = 12
_PLACEHOLDER = 987654321


def results(records: Iterable[Record]) -> SafeString:
    link = reverse("opac:record", args=[_PLACEHOLDER])
    return format_html_join(
        "",
        '<li><a href="{}">{}</a>\n<div class="meta">{}</div></li>',
        ((link.replace(str(_PLACEHOLDER), str(r.pk)), r.title, _meta(r)) for r in records),
    )


def _meta(record: Record) -> str:
    parts = [Truncator(record.responsibility or "").chars(60)]
    parts += [str(value) for value in (record.publisher, record.year, record.call_number) if value]
    return " · ".join(parts)


def facets(groups: Sequence[tuple[Any, str, Sequence[Any]]], *, base_query: str, filters: dict[str, Any]) -> SafeString:
    """Each facet as a ``<details>`` of links narrowing the search, open when one of its values is chosen."""
    return mark_safe(
        "".join(
            format_html(
                '<details{}><summary>{}</summary><ul class="plain">\n{}\n</ul></details>',
                " open" if name in filters else "",
                title,
                format_html_join(
                    "",
                    '<li><a href="?{}&amp;{}={}"{}>{}</a> <span class="muted">({})</span></li>',
                    (
                        (
                            base_query,
                            name,
                            quote(str(v.value), safe="/"),
                            mark_safe(' class="selected" aria-current="true"') if v.selected else "",
                            v.label,
                            v.count,
                        )
                        for v in values[:FACET_VALUES_SHOWN]
                    ),
                ),
            )
            for title, name, values in groups
        )
    )
