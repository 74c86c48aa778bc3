"""The Chinese catalogues read as written: no translation says its sentence twice."""

import ast
import re
from pathlib import Path

import shuyuan

_ENTRY = re.compile(r'^msgstr "(.*)"\n((?:".*"\n)*)', re.M)


def translations(po: Path) -> list[str]:
    text = po.read_text(encoding="utf-8")
    found = []
    for match in _ENTRY.finditer(text):
        parts = [match.group(1), *re.findall(r'^"(.*)"$', match.group(2), re.M)]
        found.append("".join(ast.literal_eval(f'"{part}"') for part in parts))
    return found


def said_twice(text: str) -> bool:
    half = len(text) // 2
    return len(text) >= 20 and any(text[:cut].strip() == text[cut:].strip() for cut in (half - 1, half, half + 1))


def test_no_translation_repeats_itself():
    root = Path(shuyuan.__file__).parent
    doubled = [
        (str(po.relative_to(root)), text[:30])
        for po in sorted(root.rglob("django.po"))
        for text in translations(po)
        if said_twice(text)
    ]
    assert doubled == []
