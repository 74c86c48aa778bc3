"""The catalogue's settings: ``settings.SHUYUAN["CATALOG"]`` overrides any of these defaults."""

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class LabelSheet:
    """A layout of labels: an A4 sheet of rows × columns, or a roll (one label per page, ``rows=columns=1``)."""

    name: str
    page_width_mm: float
    page_height_mm: float
    rows: int
    columns: int
    margin_top_mm: float = 0.0
    margin_left_mm: float = 0.0
    gap_x_mm: float = 0.0
    gap_y_mm: float = 0.0
    label_width_mm: float = 0.0  # 0: the room left by the margins and gaps, shared out
    label_height_mm: float = 0.0

    @property
    def per_page(self) -> int:
        return self.rows * self.columns

    @property
    def is_roll(self) -> bool:
        return self.per_page == 1


# Common Chinese label stock: A4 sheets of 4×10 and 5×13, and 40×30 mm / 50×25 mm rolls.
DEFAULT_LABEL_SHEETS: tuple[LabelSheet, ...] = (
    LabelSheet("a4-4x10", 210, 297, rows=10, columns=4, margin_top_mm=13.5, margin_left_mm=7, gap_x_mm=2.5),
    LabelSheet("a4-5x13", 210, 297, rows=13, columns=5, margin_top_mm=10.7, margin_left_mm=4.5, gap_x_mm=2.5),
    LabelSheet("roll-40x30", 40, 30, rows=1, columns=1),
    LabelSheet("roll-50x25", 50, 25, rows=1, columns=1),
)


@dataclass(frozen=True)
class CatalogSettings:
    barcode_prefix: str = "LL"  # new copies (create_items): prefix + digits from the BarcodeSequence row
    barcode_digits: int = 8  # used when the prefix's sequence row is first made
    # Call numbers: "accession" (种次号), "author" (拼音著者号) or the dotted path of a scheme class.
    book_number_scheme: str = "accession"
    # Where 种次号 count: "library" (one series per class) or "branch" (one per class and branch).
    book_number_scope: str = "library"
    # How a volume and a copy number join the call number (I247.5/123:2, I247.5/123=2).
    volume_pattern: str = "{call_number}:{volume}"
    copy_pattern: str = "{call_number}={copy}"
    # The name printed on barcode labels; empty: the Library row's name.
    label_library_name: str = ""
    label_sheets: tuple[LabelSheet, ...] = DEFAULT_LABEL_SHEETS


def catalog_settings() -> CatalogSettings:
    overrides: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("CATALOG", {})
    known = {f.name for f in fields(CatalogSettings)}
    values = {k.lower(): v for k, v in overrides.items() if k.lower() in known}
    if "label_sheets" in values:
        values["label_sheets"] = tuple(
            sheet if isinstance(sheet, LabelSheet) else LabelSheet(**sheet) for sheet in values["label_sheets"]
        )
    return replace(CatalogSettings(), **values)
