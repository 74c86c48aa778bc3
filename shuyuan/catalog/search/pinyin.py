"""Pinyin of titles and of people's names, in full (``hongloumeng``) and as initials (``hlm``).

Titles use pypinyin's phrase dictionary, which picks the reading of a polyphonic character from
the word around it. Names use the surname reading for the first one or two characters
(:mod:`.surnames`), because pypinyin reads 单 in 单田芳 as ``dan``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .surnames import COMPOUND, SINGLE
from .text import load_converter, normalize, runs

# Bracketed nationality or dynasty before a name: (清)曹雪芹, [英]莎士比亚, 〔唐〕李白.
_PREFIX = re.compile(r"^[\(（\[〔【][^\)）\]〕】]{1,6}[\)）\]〕】]\s*")
_SEPARATORS = re.compile(r"[,，;；、/|]+|\s{2,}|\s+(?:and|与|和)\s+")
_ROLE = re.compile(
    r"(?:总主编|副主编|主编|编著|编写|编译|编绘|编选|选编|改编|汇编|整理|校注|校点|点校|注释|评注|译注|翻译|口述|"
    r"原著|绘画|绘图|撰文|摄影|主审|审订|审定|策划|播讲|讲述|演播|朗读|口述|著|编|译|绘|撰|述|等)+$"
)
_NAME_CHARS = re.compile(r"^[\u3400-\u9fff·•]{2,5}$")


# Suffix tokens start at the first syllables only: enough for any word of a title or a name.
MAX_SUFFIXES = 16


@dataclass(frozen=True, slots=True)
class Spelling:
    syllables: tuple[str, ...]

    @property
    def full(self) -> str:
        return "".join(self.syllables)

    @property
    def initials(self) -> str:
        return "".join(s[0] for s in self.syllables)

    def suffixes(self) -> list[str]:
        """The full pinyin and the initials from each syllable on (``hongloumeng loumeng meng hlm lm
        m``): a prefix query on these tokens finds the query at any syllable of the text."""
        ends = range(min(len(self.syllables), MAX_SUFFIXES))
        initials = self.initials
        tokens = ["".join(self.syllables[i:]) for i in ends] + [initials[i:] for i in ends]
        return list(dict.fromkeys(tokens))


@lru_cache(maxsize=1)
def _pypinyin() -> tuple[Callable[[str], list[str]], Callable[[str], Iterable[str]]]:
    """pypinyin's reading of a word and its word cutter. Its dictionaries take 56 MB and a fifth of a
    second to load, so only processes that spell text out load them (not web or SIP2 workers, nor
    the writing process of an import)."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.seg import mmseg

    def read(word: str) -> list[str]:
        return list(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))

    return read, mmseg.seg.cut


def load_dictionaries() -> None:
    """Load what spelling text out needs now rather than at the first record."""
    _pypinyin()
    load_converter()


@lru_cache(maxsize=200_000)
def _word_syllables(word: str) -> tuple[str, ...]:
    return tuple(_pypinyin()[0](word))


def syllables(normalized: str) -> list[str]:
    """Pinyin syllables of CJK runs; other words stay as they are.

    Runs are cut into words as pypinyin cuts them, and each word's reading is cached: catalogues
    repeat their words (and names) so much that indexing spends most of its time here otherwise.
    """
    result: list[str] = []
    cut = _pypinyin()[1]
    for run, cjk in runs(normalized):
        if cjk:
            for word in cut(run):
                result.extend(_word_syllables(word))
        else:
            result.append(run)
    return result


def spell(parts: list[str]) -> Spelling:
    return Spelling(tuple(p for p in parts if p))


def title_spelling(title: str) -> Spelling:
    return spell(syllables(normalize(title)))


def name_spelling(name: str) -> Spelling:
    """A person's name read with surname readings; anything longer than a personal name is read as text."""
    text = normalize(name)
    if not _NAME_CHARS.match(name.strip()) or len(text) > 4:
        return spell(syllables(text))
    if text[:2] in COMPOUND:
        surname, given = COMPOUND[text[:2]].split(), text[2:]
    elif text[:1] in SINGLE:
        surname, given = [SINGLE[text[:1]]], text[1:]
    else:
        return spell(syllables(text))
    return spell(surname + syllables(given))


def names_in(responsibility: str) -> list[str]:
    """People and bodies named in a statement of responsibility, without roles and brackets:
    ``(清)曹雪芹, 高鹗著`` → ``["曹雪芹", "高鹗"]``."""
    names = []
    for part in _SEPARATORS.split(responsibility or ""):
        part = _PREFIX.sub("", part.strip())
        part = _ROLE.sub("", part).strip()
        if part:
            names.append(part)
    return names
