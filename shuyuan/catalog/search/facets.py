"""Facets: the dimensions a result is counted by, how their values are stored, and their labels.

A facet value is stored as ``code + ":" + value`` (``b:LL01``, ``t:I``, ``y:2016``). Branch is the
items' home branch (it changes only through cataloguing, which re-indexes the record), collection
the items' collection, CLC the first letter of the record's class (the 22 top classes).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Facet(StrEnum):
    BRANCH = "branch"
    COLLECTION = "collection"
    CLC = "clc"
    YEAR = "year"
    MATERIAL_TYPE = "material_type"
    LANGUAGE = "language"


CODES = {
    Facet.BRANCH: "b",
    Facet.COLLECTION: "c",
    Facet.CLC: "t",
    Facet.YEAR: "y",
    Facet.MATERIAL_TYPE: "m",
    Facet.LANGUAGE: "l",
}
_FACETS_BY_CODE = {code: facet for facet, code in CODES.items()}

# Stored beside the facet values of a record whose every copy is withdrawn (剔旧): not a facet (it is
# never counted or shown), the mark public searches exclude (``SearchQuery.public``).
HIDDEN = "h:withdrawn"

TITLES = {
    Facet.BRANCH: _("Branch"),
    Facet.COLLECTION: _("Collection"),
    Facet.CLC: _("CLC class"),
    Facet.YEAR: _("Year"),
    Facet.MATERIAL_TYPE: _("Material type"),
    Facet.LANGUAGE: _("Language"),
}

# 中国图书馆分类法 (5th edition): the 22 top classes.
CLC_CLASSES = {
    "A": _("Marxism, Leninism, Mao Zedong Thought, Deng Xiaoping Theory"),
    "B": _("Philosophy and religion"),
    "C": _("Social sciences (general)"),
    "D": _("Politics and law"),
    "E": _("Military science"),
    "F": _("Economics"),
    "G": _("Culture, science, education and sports"),
    "H": _("Languages and linguistics"),
    "I": _("Literature"),
    "J": _("Art"),
    "K": _("History and geography"),
    "N": _("Natural sciences (general)"),
    "O": _("Mathematics, physics and chemistry"),
    "P": _("Astronomy and earth sciences"),
    "Q": _("Biology"),
    "R": _("Medicine and health"),
    "S": _("Agriculture"),
    "T": _("Industrial technology"),
    "U": _("Transportation"),
    "V": _("Aviation and aerospace"),
    "X": _("Environmental science and safety"),
    "Z": _("General works"),
}

MATERIAL_TYPES = {
    "book": _("Book"),
    "serial": _("Serial"),
    "audio": _("Sound recording"),
    "video": _("Video"),
    "map": _("Map"),
    "score": _("Music score"),
    "electronic": _("Electronic resource"),
    "graphic": _("Graphic"),
    "object": _("Object"),
    "manuscript": _("Manuscript"),
    "mixed": _("Mixed materials"),
}

LANGUAGES = {
    "chi": _("Chinese"),
    "zho": _("Chinese"),
    "eng": _("English"),
    "jpn": _("Japanese"),
    "rus": _("Russian"),
    "fre": _("French"),
    "ger": _("German"),
    "kor": _("Korean"),
    "mon": _("Mongolian"),
    "tib": _("Tibetan"),
    "uig": _("Uyghur"),
}


def encode(facet: Facet, value: str) -> str:
    return f"{CODES[facet]}:{value}"


def decode(stored: str) -> tuple[Facet, str] | None:
    code, _sep, value = stored.partition(":")
    facet = _FACETS_BY_CODE.get(code)
    return (facet, value) if facet is not None else None
