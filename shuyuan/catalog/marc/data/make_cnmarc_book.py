"""Make cnmarc_book.json, the editor's Chinese labels of CNMARC tags and subfields, from dp2's
definition table (shared/marc-samples/cnmarc-dp2/dp2-unimarc-book-marcdef.xml, Apache-2.0,
Copyright DigitalPlatform 数字平台(北京)软件有限责任公司 and contributors).

    python shuyuan/catalog/marc/data/make_cnmarc_book.py path/to/dp2-unimarc-book-marcdef.xml
"""

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def label(element: ET.Element) -> str:
    texts = [(found.get(LANG), (found.text or "").strip()) for found in element.findall("./Property/Label")]
    chinese = [text for lang, text in texts if lang == "zh" and text]
    other = [text for _lang, text in texts if text]
    return (chinese or other or [""])[0]


def main(source: str) -> None:
    fields = {}
    for field in ET.parse(source).getroot().findall("Field"):
        tag = field.get("name", "")
        if len(tag) != 3 or not tag.isalnum():
            continue
        subfields = {sub.get("name", ""): label(sub) for sub in field.iter("Subfield") if len(sub.get("name", "")) == 1}
        fields[tag] = {"label": label(field), "subfields": subfields}
    out = Path(__file__).with_name("cnmarc_book.json")
    data = {"source": "dp2-unimarc-book-marcdef.xml (DigitalPlatform/dp2, Apache-2.0)", "fields": fields}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
