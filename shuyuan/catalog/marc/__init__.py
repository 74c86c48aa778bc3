"""MARC in and out: ISO 2709 and MARCXML, MARC21 and CNMARC, UTF-8, GB18030 and MARC-8.

Pure Python on pymarc's record model; no database. See the README for the traps handled.
"""

from .bib import Bib, Holding, MaterialType
from .encoding import Encoding
from .formats import MarcFormat, guess_format
from .holdings import DEFAULT_MAPPINGS, HoldingsMapping, mappings_from_settings
from .iso2709 import Iso2709Reader, ReadResult
from .marcxml import MarcXmlReader, MarcXmlWriter, record_to_xml
from .problems import MarcProblem, Problem
from .reading import Syntax, read_marc, to_bib
from .writer import Iso2709Writer, record_to_iso2709

__all__ = [
    "DEFAULT_MAPPINGS",
    "Bib",
    "Encoding",
    "Holding",
    "HoldingsMapping",
    "Iso2709Reader",
    "Iso2709Writer",
    "MarcFormat",
    "MarcProblem",
    "MarcXmlReader",
    "MarcXmlWriter",
    "MaterialType",
    "Problem",
    "ReadResult",
    "Syntax",
    "guess_format",
    "mappings_from_settings",
    "read_marc",
    "record_to_iso2709",
    "record_to_xml",
    "to_bib",
]
