"""Reading the 图书在版编目(CIP)数据 block printed on the back of a Chinese title page (GB/T 12451).

A block looks like::

    图书在版编目（CIP）数据
    平凡的世界 / 路遥著. —北京：人民文学出版社，2012.3
    （茅盾文学奖获奖作品全集）
    ISBN 978-7-02-009058-1
    Ⅰ.①平… Ⅱ.①路… Ⅲ.①长篇小说—中国—当代 Ⅳ.①I247.5
    中国版本图书馆CIP数据核字（2012）第026532号

Printers vary: full- or half-width punctuation, "—", "--" or ". -" between areas, lines wrapped
anywhere, several subjects and classes. What is read fills the editor's form; what cannot be read is
listed in ``unread`` for a person to fix, never guessed. Pure Python, no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from shuyuan.catalog import clc
from shuyuan.catalog.marc.numbers import clean_isbn

_CIRCLED = {chr(0x2460 + n): "\x01" for n in range(20)}  # ①..⑳ mark the entries of a section
_SECTION = re.compile(r"(?:(?<=\s)|^|(?<=…))(IV|III|II|I)\s*\.\s*")
_ISBN = re.compile(r"ISBN\s*:?\s*([0-9Xx][0-9Xx\s-]{8,20}[0-9Xx])")
_PRICE = re.compile(r"(?:[:：]\s*)?(?:定价\s*:?\s*)?((?:CNY|RMB|¥)\s*\d+(?:\.\d+)?(?:元)?|\d+(?:\.\d+)?元)")
_CIP_NUMBER = re.compile(r"CIP\s*数据核字\s*\(?\s*(\d{4})\s*\)?\s*第?\s*(\d+)\s*号?")
_AREA = re.compile(r"\s*(?:\.\s*[—–-]+|[—–]{1,2}|--)\s*")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


@dataclass
class CipBlock:
    title: str = ""
    other_titles: list[str] = field(default_factory=list)
    responsibility: str = ""
    edition: str = ""
    place: str = ""
    publisher: str = ""
    year: int | None = None
    isbn: str = ""
    price: str = ""
    series: str = ""
    subjects: list[str] = field(default_factory=list)
    clc: str = ""
    cip_number: str = ""
    unread: list[str] = field(default_factory=list)

    @property
    def is_readable(self) -> bool:
        """An ISBN, or a title with an imprint or a class: a sentence alone is not a CIP block."""
        return bool(self.isbn or (self.title and (self.publisher or self.clc or self.subjects)))


def parse(text: str) -> CipBlock:
    """What the block says; parts that could not be read go to ``unread``."""
    block = CipBlock()
    text = _normal(text)
    text = _take_cip_number(text, block)
    body, sections = _split_sections(text)
    body = _take_isbn(body, block)
    _read_description(body, block)
    _read_sections(sections, block)
    return block


def _normal(text: str) -> str:
    text = "".join(_CIRCLED.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"图\s*书\s*在\s*版\s*编\s*目\s*\(\s*CIP\s*\)\s*数\s*据", " ", text)
    return text


def _take_cip_number(text: str, block: CipBlock) -> str:
    found = _CIP_NUMBER.search(text)
    if found:
        block.cip_number = f"{found.group(1)}-{found.group(2)}"
        start = text.rfind("\n", 0, found.start()) + 1
        text = text[:start] + text[found.end() :]
    return re.sub(r"中国版本图书馆", " ", text)


def _split_sections(text: str) -> tuple[str, dict[str, str]]:
    """(the description, {"I": ..., "II": ..., "III": ..., "IV": ...}) of the block."""
    marks = [m for m in _SECTION.finditer(text) if text[m.end() : m.end() + 1] == "\x01"]
    if not marks:
        return text, {}
    sections = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        sections[mark.group(1)] = text[mark.end() : end]
    return text[: marks[0].start()], sections


def _take_isbn(body: str, block: CipBlock) -> str:
    found = _ISBN.search(body)
    if not found:
        return body
    block.isbn = clean_isbn(found.group(1))
    if not block.isbn:
        block.unread.append(found.group(0).strip())
    rest = body[found.end() :]
    price = _PRICE.match(rest.strip())
    if price:
        block.price = price.group(1).replace(" ", "")
        rest = rest.strip()[price.end() :]
    return body[: found.start()] + "\n" + rest


def _read_description(body: str, block: CipBlock) -> None:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    series = [line for line in lines if re.fullmatch(r"\(.+\)", line)]
    if series:
        block.series = series[0][1:-1].strip()
        lines = [line for line in lines if line not in series]
    text = " ".join(lines)
    text = re.sub(r"\s*\(([^()]*(丛书|文库|系列|书系|丛刊)[^()]*)\)\s*$", lambda m: _series(m, block), text)
    areas = [area.strip(" .") for area in _AREA.split(text) if area.strip(" .")]
    if not areas:
        return
    _read_title_area(areas[0], block)
    for area in areas[1:]:
        if not _read_other_area(area, block):
            block.unread.append(area)


def _series(found: re.Match[str], block: CipBlock) -> str:
    block.series = block.series or found.group(1).strip()
    return ""


def _read_title_area(area: str, block: CipBlock) -> None:
    title, slash, responsibility = area.partition("/")
    if not slash and re.search(r"(著|编|译|主编|编著)$", area) and " " in area:
        title, _, responsibility = area.rpartition(" ")
    parts = re.split(r"\s*=\s*", title.strip())
    main = parts[0]
    block.other_titles = [part.strip() for part in parts[1:] if part.strip()]
    main, colon, subtitle = main.partition(":")
    block.title = main.strip()
    if colon and subtitle.strip():
        block.other_titles.insert(0, subtitle.strip())
    block.responsibility = responsibility.strip()


def _read_other_area(area: str, block: CipBlock) -> bool:
    if re.fullmatch(r"[^:,]*(版|版本|修订本|增订本)", area):
        block.edition = area
        return True
    place, colon, rest = area.partition(":")
    if colon:
        publisher, _, date = rest.rpartition(",")
        if not publisher:
            publisher, date = rest, ""
        year = _YEAR.search(date) or _YEAR.search(rest)
        block.place = place.strip()
        block.publisher = publisher.strip() if publisher else rest.strip()
        block.year = int(year.group(1)) if year else None
        if not year:
            block.unread.append(area)
        return True
    if re.fullmatch(r"\d+页.*|.*\d+cm", area):
        return True  # pages and size: the CIP rarely gives them; the book in hand does
    return False


def _read_sections(sections: dict[str, str], block: CipBlock) -> None:
    for heading in _entries(sections.get("III", "")):
        block.subjects.append("--".join(part.strip() for part in re.split(r"[—–-]+", heading) if part.strip()))
    classes = [entry.replace(" ", "") for entry in _entries(sections.get("IV", ""))]
    for number in classes:
        if clc.is_known(number):
            block.clc = block.clc or clc.tidy(number)
        else:
            block.unread.append(f"Ⅳ. {number}")
    if "IV" not in sections and sections:
        block.unread.append("Ⅳ.")


def _entries(section: str) -> list[str]:
    return [entry.strip(" .…") for entry in section.split("\x01") if entry.strip(" .…\n")]
