"""Deterministic catalogue data for the search benchmark: Chinese titles made of real words (the
phrase list that ships with pypinyin), people's names, publishers, CLC classes, ISBNs and items
spread over two branches and their collections. The same ``seed`` and size give the same data."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pypinyin.phrases_dict import phrases_dict
from stdnum import ean

NOW = datetime(2016, 7, 7, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解查"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏辉建国志文斌宇浩凯健俊帆帅旭宁龙林欣佳思雨晨"
PUBLISHERS = [
    "人民文学出版社",
    "湖南人民出版社",
    "湖南少年儿童出版社",
    "湖南科学技术出版社",
    "岳麓书社",
    "中华书局",
    "商务印书馆",
    "生活·读书·新知三联书店",
    "上海译文出版社",
    "作家出版社",
    "中国农业出版社",
    "化学工业出版社",
    "机械工业出版社",
    "清华大学出版社",
    "北京大学出版社",
    "科学出版社",
    "译林出版社",
    "浙江少年儿童出版社",
    "接力出版社",
    "二十一世纪出版社",
    "中国社会科学出版社",
    "高等教育出版社",
    "人民出版社",
    "上海古籍出版社",
    "长江文艺出版社",
    "湖南文艺出版社",
    "湖南教育出版社",
    "中国青年出版社",
]
# (class, weight): the collection of a county library leans to literature, children's books,
# history, agriculture and technology.
CLC = [
    ("I", 26),
    ("K", 10),
    ("S", 8),
    ("T", 8),
    ("G", 7),
    ("F", 6),
    ("D", 5),
    ("B", 4),
    ("R", 5),
    ("J", 4),
    ("H", 3),
    ("O", 3),
    ("Q", 2),
    ("P", 2),
    ("C", 2),
    ("Z", 2),
    ("A", 1),
    ("E", 1),
    ("N", 1),
    ("U", 1),
    ("V", 1),
    ("X", 1),
]
SUFFIXES = ["", "", "", "研究", "导论", "故事", "概论", "入门", "教程", "简史", "手册", "选集", "读本", "实用技术"]
BRANCHES = [("LL01", "醴陵市图书馆总馆"), ("LL02", "达芬奇画室分馆")]
COLLECTIONS = [
    ("LL01-ADULT", "成人外借", "LL01"),
    ("LL01-KIDS", "少儿外借", "LL01"),
    ("LL01-READ", "综合阅览", "LL01"),
    ("LL01-LOCAL", "地方文献", "LL01"),
    ("LL01-REF", "参考工具书", "LL01"),
    ("LL02-ALL", "画室分馆藏书", "LL02"),
]


@dataclass(frozen=True, slots=True)
class FakeRecord:
    title: str
    responsibility: str
    authors: str
    isbn: str
    publisher: str
    year: int
    clc: str
    subjects: str
    series: str
    language: str
    copies: tuple[tuple[str, str], ...]  # (collection code, barcode)


class Generator:
    def __init__(self, seed: int = 20160707) -> None:
        self.rng = random.Random(seed)
        words = sorted(w for w in phrases_dict if 2 <= len(w) <= 4 and w.isalpha())
        self.words = words
        self.clc_classes = [c for c, _w in CLC]
        self.clc_weights = [w for _c, w in CLC]
        self.barcode = 0

    def title(self) -> str:
        rng = self.rng
        parts = [rng.choice(self.words) for _ in range(rng.choice((1, 1, 2, 2, 2, 3)))]
        return "".join(parts) + rng.choice(SUFFIXES)

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))

    def isbn(self, number: int) -> str:
        body = f"97875{number % 10_000_000:07d}"[:12]
        return body + ean.calc_check_digit(body)

    def record(self, number: int) -> FakeRecord:
        rng = self.rng
        authors = [self.person() for _ in range(rng.choice((1, 1, 1, 2)))]
        role = rng.choice(("著", "编著", "主编", "编", "著"))
        top = rng.choices(self.clc_classes, self.clc_weights)[0]
        clc = f"{top}{rng.randint(1, 9)}{rng.randint(0, 99):02d}.{rng.randint(1, 9)}"
        copies = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            self.barcode += 1
            copies.append((rng.choice(COLLECTIONS)[0], f"LL{self.barcode:08d}"))
        return FakeRecord(
            title=self.title(),
            responsibility="，".join(authors) + role,
            authors="\n".join(authors),
            isbn=self.isbn(number),
            publisher=rng.choice(PUBLISHERS),
            year=rng.randint(1980, 2016),
            clc=clc,
            subjects="\n".join(rng.choice(self.words) for _ in range(rng.choice((1, 2, 3)))),
            series=rng.choice(("", "", "", "", "走向未来丛书", "湖湘文库", "农家书屋丛书", "世界文学名著")),
            language="chi" if rng.random() < 0.95 else "eng",
            copies=tuple(copies),
        )

    def records(self, count: int) -> Iterator[FakeRecord]:
        for number in range(1, count + 1):
            yield self.record(number)
