"""Writes the MARC21 samples with linked 880 fields (see README.md); run from this directory.

The records are modelled on Library of Congress records of Chinese and Japanese books: romanised
main fields, the original script in 880s linked by $6. The UTF-8 file is written precomposed (NFC),
the second decomposed (NFD) as LoC distributes UTF-8, and the MARC-8 file is made from the NFD one:

    yaz-marcdump -i marc -o marc -f utf-8 -t marc-8 -l 9=32 marc21_880_utf8_nfd.mrc > marc21_880_marc8.mrc
"""

from __future__ import annotations

import unicodedata

from pymarc import Field, Indicators, Leader, Record, Subfield


def data(tag: str, ind1: str, ind2: str, *pairs: str) -> Field:
    subfields = [Subfield(pairs[k], pairs[k + 1]) for k in range(0, len(pairs), 2)]
    return Field(tag=tag, indicators=Indicators(ind1, ind2), subfields=subfields)


def record(control_number: str, fixed: str, fields: list[Field]) -> Record:
    made = Record(force_utf8=True)
    made.leader = Leader("00000cam a2200000 a 4500")
    made.add_field(Field(tag="001", data=control_number), Field(tag="008", data=fixed), *fields)
    return made


RECORDS = [
    record(
        "2002431587",
        "020715s2001    cc a     b    000 0 chi  ",
        [
            data("020", " ", " ", "a", "7213021502"),
            data("040", " ", " ", "a", "DLC", "c", "DLC"),
            data("066", " ", " ", "c", "$1"),
            data("245", "1", "0", "6", "880-01", "a", "Lu Xun yu Zhe dong wen hua /", "c", "Chen Yue zhu bian."),
            data(
                "260",
                " ",
                " ",
                "6",
                "880-02",
                "a",
                "Hangzhou Shi :",
                "b",
                "Zhejiang ren min chu ban she,",
                "c",
                "2001.",
            ),
            data("300", " ", " ", "a", "6, 350 p. ;", "c", "21 cm."),
            data("490", "0", " ", "6", "880-03", "a", "Zhe dong wen hua yan jiu cong shu"),
            data(
                "600", "0", "0", "6", "880-04", "a", "Lu, Xun,", "d", "1881-1936", "x", "Criticism and interpretation."
            ),
            data(
                "650",
                " ",
                "0",
                "a",
                "Chinese literature",
                "z",
                "China",
                "z",
                "Zhejiang Sheng",
                "x",
                "History and criticism.",
            ),
            data("700", "1", " ", "6", "880-05", "a", "Chen, Yue."),
            data("880", "1", "0", "6", "245-01/$1", "a", "鲁迅与浙东文化 /", "c", "陈越主编."),
            data("880", " ", " ", "6", "260-02/$1", "a", "杭州市 :", "b", "浙江人民出版社,", "c", "2001."),
            data("880", "0", " ", "6", "490-03/$1", "a", "浙东文化研究丛书"),
            data(
                "880", "0", "0", "6", "600-04/$1", "a", "鲁迅,", "d", "1881-1936", "x", "Criticism and interpretation."
            ),
            data("880", "1", " ", "6", "700-05/$1", "a", "陈越."),
        ],
    ),
    record(
        "  82152946 ",
        "820304s1981    ja       b    000 0 jpn  ",
        [
            data("040", " ", " ", "a", "DLC", "c", "DLC"),
            data("066", " ", " ", "c", "$1"),
            data("100", "1", " ", "6", "880-01", "a", "Kindaichi, Haruhiko,", "d", "1913-2004."),
            data("245", "1", "0", "6", "880-02", "a", "Nihongo no tokuchō /", "c", "Kindaichi Haruhiko."),
            data("260", " ", " ", "6", "880-03", "a", "Tōkyō :", "b", "Nihon Hōsō Shuppan Kyōkai,", "c", "1981."),
            data("300", " ", " ", "a", "238 p. ;", "c", "19 cm."),
            data("650", " ", "0", "a", "Japanese language."),
            data("880", "1", " ", "6", "100-01/$1", "a", "金田一春彦,", "d", "1913-2004."),
            data("880", "1", "0", "6", "245-02/$1", "a", "日本語の特徴 /", "c", "金田一春彦."),
            data("880", " ", " ", "6", "260-03/$1", "a", "東京 :", "b", "日本放送出版協会,", "c", "1981."),
        ],
    ),
    record(
        "  96172413 ",
        "960812s1995    ch            000 0 chi  ",
        [
            data("040", " ", " ", "a", "DLC", "c", "DLC"),
            data("066", " ", " ", "c", "$1"),
            data(
                "245", "0", "0", "6", "880-01", "a", "Si fen lü /", "c", "Yao Qin Fotuoyeshe gong Zhu Fonian deng yi."
            ),
            data("260", " ", " ", "6", "880-02", "a", "Taibei :", "b", "Fo tuo jiao yu ji jin hui,", "c", "1995."),
            data("300", " ", " ", "a", "2 v. ;", "c", "26 cm."),
            data("650", " ", "0", "6", "880-03", "a", "Vinaya.", "x", "Dharmaguptaka."),
            data("700", "0", " ", "a", "Buddhayaśas,", "e", "tr."),
            data("880", "0", "0", "6", "245-01/$1", "a", "四分律 /", "c", "姚秦佛陀耶舍共竺佛念等譯."),
            data("880", " ", " ", "6", "260-02/$1", "a", "臺北 :", "b", "佛陀教育基金會,", "c", "1995."),
            data("880", " ", "4", "6", "650-03/$1", "a", "律藏"),
        ],
    ),
]


def decomposed(made: Record) -> Record:
    for field in made.fields:
        if not field.is_control_field():
            field.subfields = [Subfield(s.code, unicodedata.normalize("NFD", s.value)) for s in field.subfields]
    return made


if __name__ == "__main__":
    with open("marc21_880_utf8.mrc", "wb") as out:
        out.writelines(made.as_marc() for made in RECORDS)
    with open("marc21_880_utf8_nfd.mrc", "wb") as out:
        out.writelines(decomposed(made).as_marc() for made in RECORDS)
