"""Text as the search index sees it: one normal form for records and queries alike.

Both sides go through :func:`normalize`: NFKC (full-width letters and digits become ASCII), lower
case, traditional characters converted to simplified (so either finds the other), punctuation
dropped. Chinese has no spaces between words, so a space (or the space punctuation leaves) next to
a Chinese character is dropped too: ``红楼梦（校注本）`` and ``红楼梦校注本`` are the same text, and
``C 语言`` is ``c语言``; Latin words keep one space between them.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import opencc

# Han ideographs (with extension A and the compatibility block), kana, Hangul, and the planes of
# the rare extensions: characters that are written without spaces between words.
_CJK = (
    "\u2e80-\u2fff\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NOT_WORD = re.compile(r"[\W_]+")
_SPACE_NEXT_TO_CJK = re.compile(f" (?=[{_CJK}])|(?<=[{_CJK}]) ")
_RUNS = re.compile(f"([{_CJK}]+)|([^\\s{_CJK}]+)")


@lru_cache(maxsize=1)
def _traditional() -> tuple[frozenset[str], opencc.OpenCC]:
    """The characters that t2s may change, and the converter (loaded once, it reads its dictionaries)."""
    folder = Path(opencc.__file__).parent / "dictionary"
    changing: set[str] = set()
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        source, targets = line.split("\t")
        if targets.split()[0] != source:
            changing.add(source)
    for line in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        source, targets = line.split("\t")
        changing.update(a for a, b in zip(source, targets.split()[0], strict=False) if a != b)
    return frozenset(changing), opencc.OpenCC("t2s")


def load_converter() -> None:
    _traditional()


def to_simplified(text: str) -> str:
    """Traditional characters to simplified; most catalogue text has none, and skips the converter."""
    changing, converter = _traditional()
    if changing.isdisjoint(text):
        return text
    return str(converter.convert(text))


def normalize(text: str) -> str:
    """The searchable form of a field value or a query term (see the module docstring)."""
    text = to_simplified(unicodedata.normalize("NFKC", text or "").lower())
    text = _NOT_WORD.sub(" ", text).strip()
    return _SPACE_NEXT_TO_CJK.sub("", text)


def compact(text: str) -> str:
    """The normal form without any space: the key that exact and prefix title matches compare."""
    return normalize(text).replace(" ", "")


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


def runs(normalized: str) -> Iterator[tuple[str, bool]]:
    """Split normal-form text into runs of CJK characters (True) and other words (False)."""
    for found in _RUNS.finditer(normalized):
        if found.group(1):
            yield found.group(1), True
        else:
            yield found.group(2), False


def short_tokens(normalized: str) -> list[str]:
    """Tokens of the index for one- and two-character queries: each CJK character, each pair of
    neighbouring CJK characters, and each other word whole (deduplicated; order does not matter)."""
    tokens: dict[str, None] = {}
    for cjk, word in _RUNS.findall(normalized):
        if word:
            tokens[word] = None
        else:
            tokens.update(dict.fromkeys(cjk))
            tokens.update(dict.fromkeys(map(operator.add, cjk, cjk[1:])))
    return list(tokens)


def join_values(values: Iterable[str]) -> str:
    """Field values, normalized, one per line: no query term contains a line break, so no match
    runs from one value into the next."""
    return "\n".join(n for n in (normalize(v) for v in values if v) if n)


def query_terms(query: str) -> list[str]:
    """The terms of a query in normal form: what the user separated by spaces, and the words that
    punctuation separates inside them (``c++primer`` is ``c`` and ``primer``)."""
    terms: list[str] = []
    for raw in (query or "").split():
        terms.extend(normalize(raw).split())
    return terms
