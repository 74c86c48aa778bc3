"""Real-looking Chinese bibliographic records for the demo and the benchmarks (pure, deterministic).

A county library's re-catalogued collection: literature, children's books, agriculture and
technology for the villages, history, health, law, the local history of 醴陵, reference works,
audio-visual material and bound periodicals, each with CLC classes, publishers, ISBNs with right
check digits (a few wrong ones, as real catalogues have), prices, subjects and copies. No title
is made twice: well-known works appear once, multi-volume sets have an item per volume, and the
rest is combined from the realistic parts in ``demo_titles``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from shuyuan.catalog.demo_titles import (
    ADJECTIVES,
    ANIMAL_BOOKS,
    ANIMALS,
    AUDIOVISUAL,
    CHILDREN_CLASSICS,
    CLASSICS,
    COUNTRIES,
    COUNTRY_FORMS,
    CROP_BOOKS,
    CROPS,
    DISEASE_BOOKS,
    DISEASE_PREFIXES,
    DISEASES,
    DYNASTIES,
    DYNASTY_TOPICS,
    FARM_PREFIXES,
    HEALTH_FORMS,
    HEALTH_TOPICS,
    HISTORY_PREFIXES,
    KID_ACTIONS,
    KID_ADJECTIVES,
    KID_ANIMALS,
    KID_NAMES,
    KID_THINGS,
    KID_TOPICS,
    NOUNS,
    PEOPLE,
    PEOPLE_FORMS,
    PEOPLE_PREFIXES,
    PLACE_PREFIXES,
    PLACES,
    QUALIFIERS,
    REGION_FORMS,
    REGIONS,
    SCIENCE,
    SCIENCE_FORMS,
    SERIES,
    SETS,
    SOCIETY,
    SUFFIXES,
    TECH_FORMS,
    TECH_PREFIXES,
    TECH_SUBJECTS,
    TIMES,
    VERBS,
)
from shuyuan.catalog.marc import Bib, Holding, MarcFormat, MaterialType

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴莫孔向汤易文"
)
GIVEN = (
    "建国华明伟芳秀英军平志强丽敏静红海燕玲桂兰杰涛超勇艳娟霞刚斌波辉鹏飞宇浩然子涵梓轩欣怡雨晨思远佳琪俊"
    "杰德胜春生振兴立新卫东晓光丹阳湘云楚湘"
)
PUBLISHERS: dict[str, list[tuple[str, str, str]]] = {
    # kind: (publisher, place, ISBN prefix group+publisher part after 978-7-)
    "general": [  # literature, and the audio-visual and bound periodicals they also publish
        ("人民出版社", "北京", "01"),
        ("生活·读书·新知三联书店", "北京", "108"),
        ("北京十月文艺出版社", "北京", "5302"),
        ("浙江文艺出版社", "杭州", "5339"),
        ("花城出版社", "广州", "5360"),
        ("百花洲文艺出版社", "南昌", "5500"),
        ("上海人民出版社", "上海", "208"),
        ("中国青年出版社", "北京", "5153"),
        ("新星出版社", "北京", "5133"),
        ("人民文学出版社", "北京", "02"),
        ("作家出版社", "北京", "5063"),
        ("湖南文艺出版社", "长沙", "5404"),
        ("长江文艺出版社", "武汉", "5354"),
        ("上海译文出版社", "上海", "5327"),
        ("译林出版社", "南京", "5447"),
        ("中华书局", "北京", "101"),
        ("岳麓书社", "长沙", "80761"),
        ("湖南人民出版社", "长沙", "5438"),
    ],
    "society": [
        ("人民出版社", "北京", "01"),
        ("中国人民大学出版社", "北京", "300"),
        ("北京大学出版社", "北京", "301"),
        ("中国社会科学出版社", "北京", "5161"),
        ("社会科学文献出版社", "北京", "5097"),
        ("新华出版社", "北京", "5166"),
        ("中信出版社", "北京", "5086"),
        ("机械工业出版社", "北京", "111"),
        ("湖南人民出版社", "长沙", "5438"),
        ("湖南教育出版社", "长沙", "5539"),
        ("湖南美术出版社", "长沙", "5356"),
        ("湖南师范大学出版社", "长沙", "5648"),
        ("外语教学与研究出版社", "北京", "5135"),
        ("人民体育出版社", "北京", "5009"),
        ("人民音乐出版社", "北京", "103"),
        ("华东师范大学出版社", "上海", "5675"),
    ],
    "history": [
        ("中华书局", "北京", "101"),
        ("人民出版社", "北京", "01"),
        ("生活·读书·新知三联书店", "北京", "108"),
        ("商务印书馆", "北京", "100"),
        ("岳麓书社", "长沙", "80761"),
        ("湖南人民出版社", "长沙", "5438"),
        ("社会科学文献出版社", "北京", "5097"),
        ("中国旅游出版社", "北京", "5032"),
        ("湖南地图出版社", "长沙", "80552"),
        ("上海古籍出版社", "上海", "5325"),
    ],
    "reference": [
        ("商务印书馆", "北京", "100"),
        ("上海辞书出版社", "上海", "5326"),
        ("中华书局", "北京", "101"),
        ("外语教学与研究出版社", "北京", "5135"),
        ("四川辞书出版社", "成都", "80682"),
        ("中国大百科全书出版社", "北京", "5000"),
    ],
    "children": [
        ("湖南少年儿童出版社", "长沙", "5358"),
        ("中国少年儿童出版社", "北京", "5007"),
        ("浙江少年儿童出版社", "杭州", "5342"),
        ("二十一世纪出版社", "南昌", "5391"),
        ("接力出版社", "南宁", "5448"),
        ("明天出版社", "济南", "5332"),
        ("少年儿童出版社", "上海", "5324"),
        ("长江少年儿童出版社", "武汉", "5560"),
        ("新蕾出版社", "天津", "5307"),
    ],
    "agriculture": [
        ("湖南科学技术出版社", "长沙", "5357"),
        ("中国农业出版社", "北京", "109"),
        ("金盾出版社", "北京", "5082"),
        ("化学工业出版社", "北京", "122"),
        ("中国林业出版社", "北京", "5038"),
        ("中国农业科学技术出版社", "北京", "5116"),
    ],
    "technology": [
        ("化学工业出版社", "北京", "122"),
        ("机械工业出版社", "北京", "111"),
        ("电子工业出版社", "北京", "121"),
        ("人民邮电出版社", "北京", "115"),
        ("清华大学出版社", "北京", "302"),
        ("科学出版社", "北京", "03"),
        ("中国电力出版社", "北京", "5123"),
        ("上海科学技术出版社", "上海", "5478"),
        ("湖南科学技术出版社", "长沙", "5357"),
    ],
    "health": [
        ("人民卫生出版社", "北京", "117"),
        ("中国中医药出版社", "北京", "5132"),
        ("中国医药科技出版社", "北京", "5067"),
        ("人民军医出版社", "北京", "5091"),
        ("湖南科学技术出版社", "长沙", "5357"),
    ],
    "law": [("法律出版社", "北京", "5118"), ("中国法制出版社", "北京", "5093")],
    "local": [("湖南人民出版社", "长沙", "5438"), ("湖南地图出版社", "长沙", "80552"), ("岳麓书社", "长沙", "80761")],
}
LOCAL_TITLES = [
    "醴陵县志", "醴陵市志", "醴陵文史", "醴陵年鉴", "渌江书院志", "醴陵傩戏", "醴陵名人录", "醴陵釉下五彩瓷",
    "李立三传", "左权将军", "醴陵红色记忆", "醴陵民间故事集", "醴陵方言志", "醴陵老街", "醴陵诗词选", "渌水长流",
    "醴陵烟花鞭炮生产技术",
]  # fmt: skip
LOCAL_TOPICS = [
    "瓷业志", "花炮志", "教育志", "交通志", "农业志", "水利志", "卫生志", "军事志", "人物志", "文物志", "地名录",
    "歌谣集", "谚语集", "老照片", "古桥", "祠堂", "书院", "戏曲志", "商业志", "工业志", "粮食志", "林业志",
    "金融志", "财政志", "民政志", "档案志", "党史资料", "抗战史料", "革命烈士传", "非物质文化遗产", "陶瓷艺术",
    "美食", "风俗", "楹联", "碑刻", "古诗文选",
]  # fmt: skip
LILING_TOWNS = [
    "浦口", "白兔潭", "东富", "王仙", "泗汾", "沈潭", "船湾", "官庄", "枫林", "孙家湾", "明月", "均楚", "石亭",
    "嘉树", "板杉", "茶山", "李畋", "黄獭嘴", "新阳", "左权",
]  # fmt: skip
CLANS = "王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗谢宋唐许邓彭曾袁潘蒋易文贺钟谭廖汤肖丁付左凌"
LAWS = [
    "宪法", "民法通则", "合同法", "婚姻法", "继承法", "物权法", "侵权责任法", "劳动法", "劳动合同法", "土地管理法",
    "农村土地承包法", "消费者权益保护法", "食品安全法", "道路交通安全法", "治安管理处罚法", "刑法", "刑事诉讼法",
    "民事诉讼法", "行政诉讼法", "未成年人保护法", "妇女权益保障法", "老年人权益保障法", "环境保护法", "森林法",
    "村民委员会组织法", "义务教育法", "社会保险法", "安全生产法", "公司法", "税法", "反家庭暴力法", "产品质量法",
    "房屋征收与补偿条例", "工伤保险条例", "人民调解法", "法律援助条例", "国家赔偿法", "行政复议法", "种子法",
    "动物防疫法", "农民专业合作社法", "广告法", "商标法", "著作权法", "专利法",
]  # fmt: skip
LAW_FORMS = ["释义", "实用问答", "案例精解", "条文解读", "注释本", "一本通", "实务指南", "法律知识读本", "图解", "百问"]
LAW_PREFIXES = ["", "", "新编", "最新", "农民学"]
REFERENCE_FIELDS = [
    "成语", "汉语", "古汉语常用字", "英汉", "汉英", "诗词鉴赏", "中医", "农业", "法律", "历史", "地名", "人名",
    "医学", "化学", "数学", "物理", "地理", "音乐", "美术", "书法", "哲学", "经济", "管理", "教育", "心理学",
    "民俗", "湖南", "世界地名", "歇后语", "谚语", "同义词", "反义词", "多音字", "唐诗", "宋词", "典故", "中药",
    "植物", "动物", "天文",
]  # fmt: skip
REFERENCE_FORMS = [("大辞典", "H16"), ("词典", "H16"), ("手册", "Z3"), ("百科全书", "Z22"), ("知识大全", "Z22")]
REFERENCE_PREFIXES = ["", "新编", "现代", "简明", "实用"]
Entry = tuple[str, str, str, list[str], list[str]]  # title, responsibility, CLC, subjects, series


@dataclass(frozen=True)
class Kind:
    """A part of the collection: its share, CLC class, item type, collection and how titles look."""

    name: str
    share: float
    item_type: str
    collection: str
    publishers: str
    material: MaterialType = MaterialType.BOOK


KINDS = [
    Kind("literature", 0.24, "BOOK", "WJ", "general"),
    Kind("children", 0.17, "CHILD", "SE", "children"),
    Kind("agriculture", 0.07, "BOOK", "WJ", "agriculture"),
    Kind("technology", 0.09, "BOOK", "WJ", "technology"),
    Kind("health", 0.06, "BOOK", "WJ", "health"),
    Kind("history", 0.08, "BOOK", "WJ", "history"),
    Kind("society", 0.16, "BOOK", "WJ", "society"),
    Kind("law", 0.04, "BOOK", "WJ", "law"),
    Kind("local", 0.025, "LOCAL", "DF", "local"),
    Kind("reference", 0.02, "REF", "YL", "reference"),
    Kind("audiovisual", 0.015, "AV", "ST", "general", MaterialType.VIDEO),
    Kind("bound", 0.02, "BOUND", "QK", "general", MaterialType.SERIAL),
]
PERIODICALS = [
    "读者", "故事会", "家庭医生", "湖南农业", "半月谈", "知音", "青年文摘", "科学之友", "农村百事通", "小学生导刊",
    "意林", "求是", "人民文学", "收获", "当代", "十月", "小说月报", "散文", "诗刊", "中国国家地理", "大众医学",
    "中华养生保健", "农家之友", "致富之友", "湖南文学", "文史博览", "新湘评论", "儿童文学", "少年文艺",
    "我们爱科学", "幼儿画报", "婚姻与家庭", "演讲与口才", "电脑爱好者", "汽车之友", "摄影之友", "书法", "人民画报",
]  # fmt: skip


TITLE_TRIES = 60


class RecordMaker:
    """Makes records one after the other; the same seed gives the same catalogue."""

    def __init__(self, rng: random.Random, *, cataloguing_year: int = 2016) -> None:
        self.rng = rng
        self.numbers: Counter[str] = Counter()
        self.serial = 0
        self.year = cataloguing_year
        self.kinds = KINDS
        self.weights = [kind.share for kind in KINDS]
        self.used: set[str] = set()
        self.volumes = 0  # of the set the record being made is, or 0

    def records(self, count: int) -> Iterator[tuple[Kind, Bib]]:
        for _ in range(count):
            kind = self.rng.choices(self.kinds, self.weights)[0]
            yield kind, self.make(kind)

    def make(self, kind: Kind) -> Bib:
        self.serial += 1
        self.volumes = 0
        title, responsibility, clc, subjects, series = self._new_title(kind)
        publisher, place, prefix = self.rng.choice(PUBLISHERS[kind.publishers])
        year = self._year(kind)
        self.numbers[clc] += 1
        isbn = self._isbn(prefix)
        bib = Bib(
            marc_format=MarcFormat.CNMARC,
            control_number=f"01{self.year}{self.serial:06d}",
            title=title,
            responsibility=responsibility,
            authors=[_author_of(responsibility)] if _author_of(responsibility) else [],
            isbns=[isbn] if kind.name not in ("bound", "local") or self.rng.random() < 0.4 else [],
            publisher=publisher if kind.name != "local" or self.rng.random() < 0.6 else "醴陵市地方志编纂委员会",
            place=place if kind.name != "local" else self.rng.choice([place, "醴陵"]),
            year=year,
            pages=f"{self.volumes}册" if self.volumes else f"{self.rng.randint(48, 620)}页",
            price=f"CNY{self._price(kind):.2f}",
            series=series,
            clc=clc,
            call_number=f"{clc}/{self.numbers[clc]}",
            subjects=subjects,
            language="chi",
            material_type=kind.material,
        )
        if bib.isbns and self.rng.random() < 0.003:  # a wrong check digit, as real catalogues have
            wrong = bib.isbns[0][:-1] + str((int(bib.isbns[0][-1]) + 1) % 10 if bib.isbns[0][-1].isdigit() else 0)
            bib.isbns, bib.invalid_isbns = [wrong], [wrong]
        return bib

    def _new_title(self, kind: Kind) -> Entry:
        """A title this catalogue does not have yet (a county library holds no two books alike by
        title; its copies are items). After many tries, in a catalogue far larger than the demo's,
        the last one drawn is taken."""
        for _attempt in range(TITLE_TRIES):
            entry = getattr(self, f"_{kind.name}")()
            if entry[0] not in self.used:
                break
        self.used.add(entry[0])
        return entry

    def copies(self, kind: Kind, bib: Bib) -> int:
        weights = [55, 30, 10, 5] if kind.name != "children" else [30, 35, 20, 15]
        if kind.name in ("reference", "local", "bound"):
            weights = [70, 25, 5, 0]
        return self.rng.choices([1, 2, 3, 4], weights)[0]

    # --------------------------------------------------------------------- titles by kind

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2, 2])))

    def _famous(self, works: list[tuple[str, str, str, str]]) -> tuple[str, str, str, str] | None:
        """The next well-known work not yet catalogued, or None when all are."""
        unused = [work for work in works if work[0] not in self.used]
        return self.rng.choice(unused) if unused else None

    def _set(self, kinds: tuple[str, ...]) -> Entry | None:
        """A multi-volume set of this part of the collection not yet catalogued, or None."""
        unused = [s for s in SETS if s[0] not in self.used and s[2].startswith(kinds)]
        if not unused:
            return None
        title, who, clc, subject, volumes = self.rng.choice(unused)
        self.volumes = volumes
        return title, who, clc, [subject], []

    def _series(self, part: str, share: float) -> list[str]:
        return [self.rng.choice(SERIES[part])] if self.rng.random() < share else []

    def _literature(self) -> Entry:
        if self.rng.random() < 0.01 and (found := self._set(("I24", "I5"))):
            return found
        if self.rng.random() < 0.05 and (work := self._famous(CLASSICS)):
            title, who, clc, subject = work
            return title, who, clc, [subject], self._series("literature", 0.5)
        r = self.rng
        title = r.choice(
            [
                f"{r.choice(ADJECTIVES)}{r.choice(NOUNS)}",
                f"{r.choice(NOUNS)}{r.choice(SUFFIXES)}",
                f"{r.choice(PLACES)}{r.choice(NOUNS)}",
                f"{r.choice(VERBS)}{r.choice(NOUNS)}",
                f"{r.choice(TIMES)}的{r.choice(NOUNS)}",
                f"{r.choice(NOUNS)}与{r.choice(NOUNS)}",
            ]
        )
        clc, subject = r.choice(
            [
                ("I247.5", "长篇小说-中国-当代"),
                ("I247.7", "短篇小说-小说集-中国-当代"),
                ("I267", "散文集-中国-当代"),
                ("I227", "诗集-中国-当代"),
                ("I253", "报告文学-中国-当代"),
            ]
        )
        return title, f"{self._name()}著", clc, [subject], self._series("literature", 0.12)

    def _children(self) -> Entry:
        if self.rng.random() < 0.02 and (found := self._set(("I28", "Z228"))):
            return found
        if self.rng.random() < 0.05 and (work := self._famous(CHILDREN_CLASSICS)):
            title, who, clc, subject = work
            return title, who, clc, [subject], self._series("children", 0.5)
        r = self.rng
        shape = r.random()
        if shape < 0.2:
            topic = r.choice(KID_TOPICS)
            title = r.choice(
                [f"{topic}的奥秘", f"揭秘{topic}", f"{topic}小百科", f"我的第一本{topic}书", f"{topic}大探索"]
            )
            return title, f"{self._name()}编著", "Z228.1", ["科学知识-儿童读物"], self._series("children", 0.4)
        hero = r.choice(KID_ANIMALS) if shape < 0.75 else r.choice(KID_NAMES)
        if shape > 0.9:
            hero = r.choice(KID_ADJECTIVES) + r.choice(KID_ANIMALS)
        title = f"{hero}{r.choice(KID_ACTIONS)}" if r.random() < 0.55 else f"{hero}的{r.choice(KID_THINGS)}"
        clc, subject = r.choice(
            [
                ("I287.8", "图画故事-中国-当代"),
                ("I287.45", "儿童小说-中篇小说-中国-当代"),
                ("I287.7", "童话-作品集-中国-当代"),
            ]
        )
        return title, f"{self._name()}文；{self._name()}图", clc, [subject], self._series("children", 0.4)

    def _agriculture(self) -> Entry:
        r = self.rng
        prefix = r.choice(FARM_PREFIXES)
        if r.random() < 0.6:
            crop = r.choice(CROPS)
            clc = r.choice(["S511", "S565", "S666", "S571.1", "S641", "S435", "S646", "S567"])
            return (
                f"{prefix}{crop}{r.choice(CROP_BOOKS)}",
                f"{self._name()}主编",
                clc,
                [f"{crop}-栽培技术"],
                (self._series("agriculture", 0.3)),
            )
        animal = r.choice(ANIMALS)
        clc = r.choice(["S828", "S826", "S831", "S834", "S965", "S89", "S858"])
        return (
            f"{prefix}{animal}{r.choice(ANIMAL_BOOKS)}",
            f"{self._name()}编著",
            clc,
            [f"{animal}-饲养管理"],
            (self._series("agriculture", 0.3)),
        )

    def _technology(self) -> Entry:
        r = self.rng
        if r.random() < 0.3:
            clc, subject, topics = r.choice(SCIENCE)
            topic = r.choice(topics)
            return f"{topic}{r.choice(SCIENCE_FORMS)}", f"{self._name()}著", clc, [subject], []
        name, clc = r.choice(TECH_SUBJECTS)
        title = f"{r.choice(TECH_PREFIXES)}{name}{r.choice(TECH_FORMS)}"
        return title, f"{self._name()}编著", clc, [name], self._series("technology", 0.2)

    def _health(self) -> Entry:
        r = self.rng
        if r.random() < 0.55:
            disease = r.choice(DISEASES)
            title = f"{r.choice(DISEASE_PREFIXES)}{disease}{r.choice(DISEASE_BOOKS)}"
            return title, f"{self._name()}主编", "R5", [f"{disease}-防治"], self._series("health", 0.2)
        topic, clc, subject = r.choice(HEALTH_TOPICS)
        title = f"{r.choice(['', '家庭', '中老年', '图说', '新编'])}{topic}{r.choice(HEALTH_FORMS)}"
        return title, f"{self._name()}主编", clc, [subject], self._series("health", 0.2)

    def _history(self) -> Entry:
        r = self.rng
        if r.random() < 0.01 and (found := self._set(("K",))):
            return found
        shape = r.random()
        if shape < 0.3:
            dynasty = r.choice(DYNASTIES)
            title = f"{r.choice(HISTORY_PREFIXES)}{dynasty}{r.choice(DYNASTY_TOPICS)}"
            clc, subject = "K20", f"中国历史-{dynasty}-通俗读物"
        elif shape < 0.55:
            person = r.choice(PEOPLE)
            title = f"{r.choice(PEOPLE_PREFIXES)}{person}{r.choice(PEOPLE_FORMS)}"
            clc, subject = "K82", f"{person}-传记"
        elif shape < 0.8:
            region = r.choice(REGIONS)
            form, clc, subject = r.choice(REGION_FORMS)
            title, subject = f"{r.choice(PLACE_PREFIXES)}{region}{form}", f"{subject}-{region}"
        else:
            country = r.choice(COUNTRIES)
            title = f"{r.choice(PLACE_PREFIXES)}{country}{r.choice(COUNTRY_FORMS)}"
            clc, subject = "K1", f"{country}-历史"
        return title, f"{self._name()}著", clc, [subject], self._series("history", 0.15)

    def _society(self) -> Entry:
        clc, subject, stems, endings = self.rng.choice(SOCIETY)
        title = f"{self.rng.choice(QUALIFIERS)}{self.rng.choice(stems)}{self.rng.choice(endings)}"
        return title, f"{self._name()}编著", clc, [subject], self._series("society", 0.15)

    def _law(self) -> Entry:
        law = self.rng.choice(LAWS)
        title = f"{self.rng.choice(LAW_PREFIXES)}{law}{self.rng.choice(LAW_FORMS)}"
        return title, f"{self._name()}编", "D92", [f"{law}-中国"], self._series("law", 0.3)

    def _local(self) -> Entry:
        r = self.rng
        shape = r.random()
        if shape < 0.3:
            clan = r.choice(CLANS)
            place = r.choice(["醴陵", *LILING_TOWNS])
            return f"{place}{clan}氏族谱", f"{place}{clan}氏族谱编修委员会编", "K820.9", [f"{clan}氏-族谱-醴陵"], []
        if shape < 0.55:
            town = r.choice(LILING_TOWNS)
            title = f"{town}{r.choice(['镇志', '乡志', '老照片', '民间故事', '红色记忆', '古村落', '人物'])}"
            return title, f"醴陵市{town}志编纂委员会编", "K296.44", ["醴陵-地方志"], []
        if shape < 0.8:
            title = f"醴陵{r.choice(LOCAL_TOPICS)}"
            return title, "醴陵市地方志编纂委员会编", "K296.44", ["醴陵-地方志"], []
        title = r.choice(LOCAL_TITLES)
        if title in ("醴陵文史", "醴陵年鉴"):
            title = (
                f"{title}（第{self.rng.randint(1, 30)}辑）"
                if title == "醴陵文史"
                else f"{title}{self.rng.randint(1990, 2015)}"
            )
        clc = (
            "TQ174"
            if "瓷" in title
            else "TQ567.9"
            if "花炮" in title or "烟花" in title
            else ("K827" if "传" in title or "将军" in title else "K296.44")
        )
        return (
            title,
            "醴陵市地方志编纂委员会编" if clc == "K296.44" else f"{self._name()}著",
            clc,
            [f"醴陵-{_local_subject(clc)}"],
            [],
        )

    def _reference(self) -> Entry:
        r = self.rng
        field = r.choice(REFERENCE_FIELDS)
        form, clc = r.choice(REFERENCE_FORMS)
        title = f"{r.choice(REFERENCE_PREFIXES)}{field}{form}"
        return title, f"{self._name()}主编", clc, [f"{field}-{'词典' if clc == 'H16' else '手册'}"], []

    def _audiovisual(self) -> Entry:
        r = self.rng
        words, forms, clc = r.choice(AUDIOVISUAL)
        stem = r.choice(words)
        return (
            f"{stem if isinstance(stem, str) else stem[0]}{r.choice(forms)}",
            f"{self._name()}主讲",
            clc,
            ["视听资料"],
            [],
        )

    def _bound(self) -> Entry:
        name = self.rng.choice(PERIODICALS)
        half = self.rng.choice(["上半年", "下半年"])
        title = f"{name}合订本（{self.rng.randint(2000, 2015)}年{half}）"
        return title, f"《{name}》编辑部编", "Z62", ["期刊-合订本"], []

    # --------------------------------------------------------------------- numbers

    def _year(self, kind: Kind) -> int:
        if kind.name == "local":
            return self.rng.randint(1985, 2015)
        return min(2016, int(2016 - abs(self.rng.gauss(0, 7))))

    def _price(self, kind: Kind) -> float:
        low, high = {"children": (8, 35), "reference": (40, 260), "bound": (30, 80), "audiovisual": (15, 40)}.get(
            kind.name, (18, 78)
        )
        return round(self.rng.uniform(low, high) * 2) / 2

    def _isbn(self, prefix: str) -> str:
        body = f"9787{prefix}"
        body += "".join(str(self.rng.randint(0, 9)) for _ in range(12 - len(body)))
        check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
        return body + str(check)


def _author_of(responsibility: str) -> str:
    first = responsibility.split("；")[0]
    for suffix in ("编著", "主编", "译注", "主讲", "著", "编", "文"):
        if first.endswith(suffix):
            first = first[: -len(suffix)]
            break
    return first.split(")")[-1].strip("《》") if first and "编委会" not in first and "编辑" not in first else ""


def _local_subject(clc: str) -> str:
    return {"TQ174": "陶瓷工业", "TQ567.9": "鞭炮-生产工艺", "K827": "名人-传记"}.get(clc, "地方志")


def holdings_for(
    bib: Bib, kind: Kind, copies: int, *, branch: str = "LL01", old_barcodes: Iterator[str] | None = None
) -> list[Holding]:
    """The copies of a demo record, in the central library's collection for its kind; a set
    (``pages`` such as "3册") has an item per volume of each copy."""
    return [
        Holding(
            barcode="",
            old_barcode=next(old_barcodes) if old_barcodes is not None else "",
            call_number=bib.call_number,
            branch_code=branch,
            collection_code=f"{branch}-{kind.collection}",
            item_type_code=kind.item_type,
            price=bib.price,
            volume=volume,
        )
        for _ in range(copies)
        for volume in volume_labels(bib)
    ]


def volume_labels(bib: Bib) -> list[str]:
    """ "上册", "下册" for a set of two, "第1册" … for larger sets; one empty label for a single book."""
    count = int(bib.pages[:-1]) if bib.pages.endswith("册") and bib.pages[:-1].isdigit() else 1
    if count == 1:
        return [""]
    if count == 2:
        return ["上册", "下册"]
    return [f"第{number}册" for number in range(1, count + 1)]
