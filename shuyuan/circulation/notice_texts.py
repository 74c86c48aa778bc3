"""The words of the notices: each kind's placeholders, the default texts and staff's own templates.

Pure: no database. A template is plain text with placeholders in braces, ``{books}`` or ``{due}``;
``{{`` and ``}}`` are literal braces. ``check`` refuses an unknown placeholder or broken syntax,
naming it and where it is; ``render`` fills a template that passed ``check``. Nothing else of
Python's format mini-language is understood (no ``{books.__class__}``, no ``{due:>10}``): a
template is edited on a staff page and must not be able to reach into the program.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from shuyuan.circulation.errors import TemplateProblem, TemplateRefused

MAX_LENGTH = 300
SMS_SEGMENT = 70  # a Chinese SMS segment holds 70 characters; a longer text goes as several

# What each placeholder stands for, for the editor's list.
PLACEHOLDERS: dict[str, Promise] = {
    "books": _("the book's title in 《》 (or the first title and the number of books)"),
    "due": _("the due date"),
    "step": _("which overdue reminder this is (1, 2, 3…)"),
    "branch": _("the branch where the hold waits"),
    "collect_by": _("the last day to collect the hold"),
    "first": _("the first day of the suspension"),
    "last": _("the last day of the suspension"),
}
# Which placeholders each kind of notice may use (the values its notices carry).
ALLOWED: dict[str, tuple[str, ...]] = {
    "due_soon": ("books", "due"),
    "overdue": ("books", "due", "step"),
    "hold_ready": ("books", "branch", "collect_by"),
    "hold_expired": ("books",),
    "suspended": ("first", "last"),
    "suggestion_arrived": ("books",),
}
DEFAULTS: dict[str, Promise] = {
    "due_soon": _("%(books)s you borrowed is due on %(due)s. Please return or renew it in time."),
    "overdue": _("%(books)s you borrowed was due on %(due)s. Please return it soon (reminder %(step)d)."),
    "hold_ready": _("%(books)s you reserved waits for you at %(branch)s until %(collect_by)s."),
    "hold_expired": _("Your hold on %(books)s was not collected in time and has expired."),
    "suspended": _("After a late return, your borrowing is suspended from %(first)s to %(last)s."),
    "suggestion_arrived": _(
        "%(books)s you suggested has arrived. Log in to your library account to place the first hold on it."
    ),
}
# The subject of an e-mail notice, behind the library's signature.
SUBJECTS: dict[str, Promise] = {
    "due_soon": _("Your loan is due soon"),
    "overdue": _("Overdue reminder"),
    "hold_ready": _("Your hold is ready"),
    "hold_expired": _("Your hold has expired"),
    "suspended": _("Borrowing suspended"),
    "suggestion_arrived": _("Your suggested book has arrived"),
}
_PERCENT = re.compile(r"%\((\w+)\)[sd]")
_NAME = re.compile(r"[a-z_]+")


def default_template(kind: str) -> str:
    """The built-in text of ``kind`` in the site's language, as a template."""
    with translation.override(settings.LANGUAGE_CODE):
        return _PERCENT.sub(r"{\1}", str(DEFAULTS[kind]))


def parse(template: str) -> list[tuple[str, str]]:
    """``[("text", "您借阅的"), ("field", "books"), …]``; TemplateRefused names the first problem."""
    parts: list[tuple[str, str]] = []
    text: list[str] = []
    i, n = 0, len(template)
    while i < n:
        char = template[i]
        if char in "{}" and template[i : i + 2] == char * 2:
            text.append(char)
            i += 2
        elif char == "}":
            raise TemplateRefused(TemplateProblem.UNOPENED, position=i + 1)
        elif char == "{":
            end = template.find("}", i + 1)
            inner = template[i + 1 : end] if end != -1 else ""
            if end == -1 or "{" in inner:
                raise TemplateRefused(TemplateProblem.UNCLOSED, position=i + 1)
            if not _NAME.fullmatch(inner):
                raise TemplateRefused(TemplateProblem.UNKNOWN, name=inner[:40])
            parts.append(("text", "".join(text)))
            parts.append(("field", inner))
            text = []
            i = end + 1
        else:
            text.append(char)
            i += 1
    parts.append(("text", "".join(text)))
    return [part for part in parts if part != ("text", "")]


def check(kind: str, template: str) -> str:
    """The template, trimmed, if notices of ``kind`` can use it; else TemplateRefused."""
    template = template.strip()
    if not template:
        raise TemplateRefused(TemplateProblem.EMPTY)
    if len(template) > MAX_LENGTH:
        raise TemplateRefused(TemplateProblem.TOO_LONG, max=MAX_LENGTH)
    if any(ord(char) < 32 and char not in "\n" for char in template):
        raise TemplateRefused(TemplateProblem.CONTROL)
    allowed = ALLOWED[kind]
    for part, value in parse(template):
        if part == "field" and value not in allowed:
            raise TemplateRefused(
                TemplateProblem.NOT_HERE if value in PLACEHOLDERS else TemplateProblem.UNKNOWN,
                name=value,
                allowed="、".join("{" + name + "}" for name in allowed),
            )
    return template


def render(template: str, values: Mapping[str, Any]) -> str:
    return "".join(str(values.get(value, "")) if part == "field" else value for part, value in parse(template))


def sms_count(text: str) -> int:
    """How many SMS a text takes (operators split a long one into 67-character parts)."""
    return 1 if len(text) <= SMS_SEGMENT else -(-len(text) // 67)
