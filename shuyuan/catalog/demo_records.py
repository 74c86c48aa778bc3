"""Real-looking Chinese bibliographic records for the demo and the benchmarks (pure, deterministic).

A county library's re-catalogued collection: literature, children's books, agriculture and
technology for the villages, history, health, law, the local history of 醴陵, reference works,
audio-visual material and bound periodicals, each with CLC classes, publishers, ISBNs with right
check digits (a few wrong ones, as real catalogues have), prices, subjects and copies.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

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
    "general": [
        ("人民文学出版社", "北京", "02"),
        ("作家出版社", "北京", "5063"),
        ("湖南文艺出版社", "长沙", "5404"),
        ("长江文艺出版社", "武汉", "5354"),
        ("上海译文出版社", "上海", "5327"),
        ("译林出版社", "南京", "5447"),
        ("中华书局", "北京", "101"),
        ("商务印书馆", "北京", "100"),
        ("岳麓书社", "长沙", "80761"),
        ("湖南人民出版社", "长沙", "5438"),
        ("中信出版社", "北京", "5086"),
        ("天津人民出版社", "天津", "201"),
    ],
    "children": [
        ("湖南少年儿童出版社", "长沙", "5358"),
        ("中国少年儿童出版社", "北京", "5007"),
        ("浙江少年儿童出版社", "杭州", "5342"),
        ("二十一世纪出版社", "南昌", "5391"),
        ("接力出版社", "南宁", "5448"),
    ],
    "agriculture": [
        ("湖南科学技术出版社", "长沙", "5357"),
        ("中国农业出版社", "北京", "109"),
        ("金盾出版社", "北京", "5082"),
        ("中国农业科学技术出版社", "北京", "5116"),
    ],
    "technology": [
        ("化学工业出版社", "北京", "122"),
        ("机械工业出版社", "北京", "111"),
        ("电子工业出版社", "北京", "121"),
        ("人民邮电出版社", "北京", "115"),
        ("清华大学出版社", "北京", "302"),
        ("湖南科学技术出版社", "长沙", "5357"),
    ],
    "health": [
        ("人民卫生出版社", "北京", "117"),
        ("中国中医药出版社", "北京", "5132"),
        ("湖南科学技术出版社", "长沙", "5357"),
    ],
    "law": [("法律出版社", "北京", "5118"), ("中国法制出版社", "北京", "5093")],
    "local": [("湖南人民出版社", "长沙", "5438"), ("湖南地图出版社", "长沙", "80552"), ("岳麓书社", "长沙", "80761")],
}
CLASSICS = [
    ("红楼梦", "曹雪芹著", "I242.4"),
    ("西游记", "吴承恩著", "I242.4"),
    ("水浒传", "施耐庵著", "I242.4"),
    ("三国演义", "罗贯中著", "I242.4"),
    ("围城", "钱钟书著", "I246.5"),
    ("平凡的世界", "路遥著", "I247.5"),
    ("活着", "余华著", "I247.57"),
    ("白鹿原", "陈忠实著", "I247.5"),
    ("边城", "沈从文著", "I246.5"),
    ("骆驼祥子", "老舍著", "I246.5"),
    ("呐喊", "鲁迅著", "I210.6"),
    ("朝花夕拾", "鲁迅著", "I210.4"),
    ("家", "巴金著", "I246.5"),
    ("茶馆", "老舍著", "I234"),
    ("尘埃落定", "阿来著", "I247.5"),
    ("长恨歌", "王安忆著", "I247.5"),
    ("额尔古纳河右岸", "迟子建著", "I247.5"),
    ("穆斯林的葬礼", "霍达著", "I247.5"),
    ("明朝那些事儿", "当年明月著", "K248.09"),
    ("人间词话", "王国维著", "I207.23"),
    ("唐诗三百首", "蘅塘退士编", "I222.742"),
    ("论语译注", "杨伯峻译注", "B222.2"),
    ("老人与海", "(美)海明威著；吴劳译", "I712.45"),
    ("简·爱", "(英)夏洛蒂·勃朗特著；祝庆英译", "I561.44"),
    ("钢铁是怎样炼成的", "(苏)奥斯特洛夫斯基著；梅益译", "I512.45"),
    ("草房子", "曹文轩著", "I287.45"),
    ("窗边的小豆豆", "(日)黑柳彻子著；赵玉皎译", "I313.85"),
    ("淘气包马小跳", "杨红樱著", "I287.45"),
    ("皮皮鲁传", "郑渊洁著", "I287.45"),
    ("安徒生童话", "(丹)安徒生著；叶君健译", "I534.88"),
    ("十万个为什么", "《十万个为什么》编委会编", "Z228.1"),
    ("新华字典", "中国社会科学院语言研究所编", "H163"),
    ("现代汉语词典", "中国社会科学院语言研究所词典编辑室编", "H164"),
]
LOCAL_TITLES = [
    "醴陵县志",
    "醴陵市志",
    "醴陵瓷业志",
    "醴陵花炮志",
    "醴陵文史",
    "渌江书院志",
    "醴陵傩戏",
    "醴陵年鉴",
    "醴陵名人录",
    "醴陵釉下五彩瓷",
    "醴陵地名录",
    "李立三传",
    "左权将军",
    "醴陵红色记忆",
    "醴陵民间故事集",
    "醴陵方言志",
    "醴陵老街",
    "醴陵诗词选",
    "醴陵陶瓷艺术",
    "渌水长流",
    "醴陵教育志",
    "醴陵烟花鞭炮生产技术",
]
CROPS = [
    "水稻",
    "油菜",
    "柑橘",
    "茶叶",
    "辣椒",
    "生姜",
    "西瓜",
    "葡萄",
    "红薯",
    "玉米",
    "烟草",
    "食用菌",
    "杨梅",
    "猕猴桃",
]
ANIMALS = ["生猪", "肉牛", "山羊", "蛋鸡", "肉鸭", "鹅", "鱼", "小龙虾", "蜜蜂", "兔"]
DISEASES = ["高血压", "糖尿病", "颈椎病", "胃病", "失眠", "骨质疏松", "冠心病", "感冒", "过敏性鼻炎"]
NOUNS = [
    "河流",
    "山村",
    "故乡",
    "春天",
    "灯火",
    "远方",
    "岁月",
    "月光",
    "渡口",
    "青石板",
    "老屋",
    "麦田",
    "雨季",
    "小城",
    "年轮",
    "炊烟",
    "星空",
    "江湖",
    "梦想",
    "黄昏",
]
ADJECTIVES = ["沉默的", "远去的", "温暖的", "永远的", "最后的", "寂静的", "燃烧的", "遥远的", "平凡的", "明亮的"]
KID_ANIMALS = ["小熊", "小兔", "小猪", "小狐狸", "小猫", "小象", "小松鼠", "小企鹅", "小青蛙", "小恐龙"]
KID_ACTIONS = ["找朋友", "去上学", "过生日", "学游泳", "看星星", "种南瓜", "搬新家", "爱洗澡", "不怕黑", "去旅行"]


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
    Kind("history", 0.08, "BOOK", "WJ", "general"),
    Kind("society", 0.16, "BOOK", "WJ", "general"),
    Kind("law", 0.04, "BOOK", "WJ", "law"),
    Kind("local", 0.025, "LOCAL", "DF", "local"),
    Kind("reference", 0.02, "REF", "YL", "general"),
    Kind("audiovisual", 0.015, "AV", "ST", "general", MaterialType.VIDEO),
    Kind("bound", 0.02, "BOUND", "QK", "general", MaterialType.SERIAL),
]
SOCIETY = [
    ("B84", "心理学", "{adj}心理学"),
    ("D92", "法律", "{topic}法律知识读本"),
    ("F27", "企业管理", "小企业经营之道"),
    ("G78", "家庭教育", "好父母胜过好老师"),
    ("G62", "小学教育", "小学生{subject}学习方法"),
    ("H31", "英语", "英语口语{n}句"),
    ("J21", "绘画", "素描基础教程"),
    ("J292", "书法", "中国书法{n}讲"),
    ("G85", "体育", "太极拳入门"),
    ("F32", "农业经济", "农村合作社经营管理"),
    ("C91", "社会学", "中国乡村社会变迁"),
    ("B22", "先秦哲学", "诸子百家{n}讲"),
]
PERIODICALS = [
    "读者",
    "故事会",
    "家庭医生",
    "湖南农业",
    "半月谈",
    "知音",
    "青年文摘",
    "科学之友",
    "农村百事通",
    "小学生导刊",
]


class RecordMaker:
    """Makes records one after the other; the same seed gives the same catalogue."""

    def __init__(self, rng: random.Random, *, cataloguing_year: int = 2016) -> None:
        self.rng = rng
        self.numbers: Counter[str] = Counter()
        self.serial = 0
        self.year = cataloguing_year
        self.kinds = KINDS
        self.weights = [kind.share for kind in KINDS]

    def records(self, count: int) -> Iterator[tuple[Kind, Bib]]:
        for _ in range(count):
            kind = self.rng.choices(self.kinds, self.weights)[0]
            yield kind, self.make(kind)

    def make(self, kind: Kind) -> Bib:
        self.serial += 1
        title, responsibility, clc, subjects, series = getattr(self, f"_{kind.name}")()
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
            pages=f"{self.rng.randint(48, 620)}页",
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

    def copies(self, kind: Kind, bib: Bib) -> int:
        weights = [55, 30, 10, 5] if kind.name != "children" else [30, 35, 20, 15]
        if kind.name in ("reference", "local", "bound"):
            weights = [70, 25, 5, 0]
        return self.rng.choices([1, 2, 3, 4], weights)[0]

    # --------------------------------------------------------------------- titles by kind

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2, 2])))

    def _literature(self) -> tuple[str, str, str, list[str], list[str]]:
        if self.rng.random() < 0.18:
            title, who, clc = self.rng.choice([c for c in CLASSICS if c[2].startswith(("I2", "I5", "I7", "K", "B"))])
            return title, who, clc, ["长篇小说-中国" if clc.startswith("I24") else "文学-作品集"], []
        shape = self.rng.random()
        if shape < 0.4:
            title = self.rng.choice(ADJECTIVES) + self.rng.choice(NOUNS)
        elif shape < 0.7:
            title = f"{self.rng.choice(NOUNS)}与{self.rng.choice(NOUNS)}"
        else:
            title = f"{self.rng.choice(['湘东', '渌江', '江南', '故乡', '小城', '老街'])}{self.rng.choice(NOUNS)}"
        clc, subject = self.rng.choice(
            [
                ("I247.5", "长篇小说-中国-当代"),
                ("I247.7", "短篇小说-小说集-中国-当代"),
                ("I266", "散文集-中国-当代"),
                ("I227", "诗集-中国-当代"),
                ("I253", "报告文学-中国-当代"),
            ]
        )
        return title, f"{self._name()}著", clc, [subject], []

    def _children(self) -> tuple[str, str, str, list[str], list[str]]:
        if self.rng.random() < 0.2:
            title, who, clc = self.rng.choice([c for c in CLASSICS if c[2].startswith(("I28", "I31", "I53", "Z"))])
            return title, who, clc, ["儿童文学-作品集"], ["小学生课外阅读丛书"] if self.rng.random() < 0.5 else []
        title = f"{self.rng.choice(KID_ANIMALS)}{self.rng.choice(KID_ACTIONS)}"
        clc, subject = self.rng.choice(
            [
                ("I287.8", "图画故事-中国-当代"),
                ("I287.45", "儿童小说-长篇小说-中国-当代"),
                ("I287.7", "童话-作品集-中国-当代"),
                ("Z228.1", "科学知识-儿童读物"),
                ("G624.2", "汉字-小学-教学参考资料"),
            ]
        )
        series = (
            [self.rng.choice(["亲亲宝贝绘本馆", "小学生课外阅读丛书", "儿童成长故事"])]
            if self.rng.random() < 0.4
            else []
        )
        return title, f"{self._name()}文；{self._name()}图", clc, [subject], series

    def _agriculture(self) -> tuple[str, str, str, list[str], list[str]]:
        series = ["农家书屋丛书"] if self.rng.random() < 0.3 else []
        if self.rng.random() < 0.55:
            crop = self.rng.choice(CROPS)
            title = self.rng.choice([f"{crop}高产栽培技术", f"{crop}病虫害防治图谱", f"{crop}优质高效栽培"])
            return (
                title,
                f"{self._name()}主编",
                self.rng.choice(["S511", "S565", "S666", "S571.1", "S641", "S435"]),
                [f"{crop}-栽培技术"],
                series,
            )
        animal = self.rng.choice(ANIMALS)
        title = self.rng.choice([f"{animal}科学养殖实用技术", f"{animal}常见病防治", f"怎样办好{animal}养殖场"])
        return (
            title,
            f"{self._name()}编著",
            self.rng.choice(["S828", "S826", "S831", "S834", "S965", "S89"]),
            [f"{animal}-饲养管理"],
            series,
        )

    def _technology(self) -> tuple[str, str, str, list[str], list[str]]:
        title, clc, subject = self.rng.choice(
            [
                ("电工基础与技能", "TM1", "电工-基本知识"),
                ("家用电器维修入门", "TM925.07", "日用电气器具-维修"),
                ("电脑入门从零开始", "TP3", "电子计算机-基本知识"),
                ("Excel办公应用从入门到精通", "TP391.13", "表处理软件"),
                ("家常菜300例", "TS972.12", "菜谱-中国"),
                ("农村住宅设计图集", "TU241.4", "农村住宅-建筑设计-图集"),
                ("摩托车维修技术", "U483", "摩托车-车辆修理"),
                ("汽车驾驶入门", "U471.1", "汽车驾驶-基本知识"),
                ("陶瓷釉料配制技术", "TQ174.4", "陶瓷-釉料"),
                ("手机维修从入门到精通", "TN929.53", "移动电话机-维修"),
            ]
        )
        return title, f"{self._name()}编著", clc, [subject], []

    def _health(self) -> tuple[str, str, str, list[str], list[str]]:
        disease = self.rng.choice(DISEASES)
        title, clc, subject = self.rng.choice(
            [
                (f"{disease}防治200问", "R5", f"{disease}-防治-问题解答"),
                ("中医养生四季谈", "R212", "养生（中医）"),
                ("老年人健康手册", "R161.7", "老年人-保健-手册"),
                ("孕产期保健指南", "R715.3", "孕妇-妇幼保健"),
                ("家庭急救常识", "R459.7", "急救-基本知识"),
                ("常见病食疗方", "R247.1", "食物疗法"),
            ]
        )
        return title, f"{self._name()}主编", clc, [subject], []

    def _history(self) -> tuple[str, str, str, list[str], list[str]]:
        dynasty = self.rng.choice(["先秦", "秦汉", "三国", "唐朝", "宋朝", "明朝", "清朝", "民国"])
        title, clc, subject = self.rng.choice(
            [
                (f"{dynasty}史话", "K20", f"中国历史-{dynasty}-通俗读物"),
                ("中国通史", "K20", "中国历史"),
                (f"{self._name()}传", "K825", "人物-传记-中国"),
                ("湖南旅游指南", "K928.964", "旅游指南-湖南"),
                ("世界地理常识", "K91", "地理-世界-普及读物"),
                ("湘军史", "K252.07", "湘军-史料"),
            ]
        )
        return title, f"{self._name()}著", clc, [subject], []

    def _society(self) -> tuple[str, str, str, list[str], list[str]]:
        clc, subject, pattern = self.rng.choice(SOCIETY)
        title = pattern.format(
            adj=self.rng.choice(["生活中的", "儿童", "青少年", "老年"]),
            topic=self.rng.choice(["农民", "妇女", "未成年人"]),
            subject=self.rng.choice(["语文", "数学", "英语"]),
            n=self.rng.choice([100, 365, 12, 20]),
        )
        return title, f"{self._name()}编", clc, [subject], []

    def _law(self) -> tuple[str, str, str, list[str], list[str]]:
        title, subject = self.rng.choice(
            [
                ("农民工维权手册", "农民-劳动法-中国"),
                ("婚姻家庭法律问答", "婚姻法-中国-问题解答"),
                ("土地承包法律知识", "农村-土地承包-法律-中国"),
                ("消费者权益保护法释义", "消费者权益保护法-法律解释"),
            ]
        )
        return title, f"{self._name()}编", "D92", [subject], ["法律进农村丛书"] if self.rng.random() < 0.3 else []

    def _local(self) -> tuple[str, str, str, list[str], list[str]]:
        title = self.rng.choice(LOCAL_TITLES)
        if title in ("醴陵文史", "醴陵年鉴"):
            title = (
                f"{title}（第{self.rng.randint(1, 20)}辑）"
                if title == "醴陵文史"
                else f"{title}{self.rng.randint(1995, 2015)}"
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

    def _reference(self) -> tuple[str, str, str, list[str], list[str]]:
        title, who, clc = self.rng.choice(
            [c for c in CLASSICS if c[2].startswith("H")]
            + [
                ("辞海", "辞海编辑委员会编", "Z32"),
                ("中国大百科全书", "中国大百科全书总编辑委员会编", "Z227"),
                ("成语大词典", "商务印书馆辞书研究中心编", "H136.3"),
                ("英汉大词典", "陆谷孙主编", "H316"),
            ]
        )
        return title, who, clc, ["词典" if clc.startswith("H") else "百科全书"], []

    def _audiovisual(self) -> tuple[str, str, str, list[str], list[str]]:
        crop = self.rng.choice(CROPS)
        title, clc = self.rng.choice(
            [(f"{crop}种植技术[视频]", "S5"), ("儿歌精选[录音]", "J642.1"), ("太极拳教学[视频]", "G852.11")]
        )
        return title, f"{self._name()}主讲", clc, ["视听资料"], []

    def _bound(self) -> tuple[str, str, str, list[str], list[str]]:
        name = self.rng.choice(PERIODICALS)
        return f"{name}合订本（{self.rng.randint(2005, 2015)}年）", f"《{name}》编辑部编", "Z62", ["期刊-合订本"], []

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
    """The copies of a demo record, in the central library's collection for its kind."""
    return [
        Holding(
            barcode="",
            old_barcode=next(old_barcodes) if old_barcodes is not None else "",
            call_number=bib.call_number,
            branch_code=branch,
            collection_code=f"{branch}-{kind.collection}",
            item_type_code=kind.item_type,
            price=bib.price,
            volume="",
        )
        for _ in range(copies)
    ]
