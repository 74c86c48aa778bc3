"""Reading the 图书在版编目(CIP)数据 block: a dozen blocks as printers set them."""

import pytest

from shuyuan.catalog import cip

NOVEL = """图书在版编目（CIP）数据

平凡的世界 / 路遥著. —北京：人民文学出版社，2012.3
（茅盾文学奖获奖作品全集）
ISBN 978-7-02-009058-1

Ⅰ.①平… Ⅱ.①路… Ⅲ.①长篇小说—中国—当代 Ⅳ.①I247.5

中国版本图书馆CIP数据核字（2012）第026532号"""

HALF_WIDTH_SECOND_EDITION = """图书在版编目(CIP)数据
水稻高产栽培技术/湖南省农业厅编.--2版.--长沙:湖南科学技术出版社,2015.6
ISBN 978-7-5357-8532-7
I.①水… II.①湖… III.①水稻栽培 IV.①S511
中国版本图书馆CIP数据核字(2015)第112233号"""

TRANSLATION_WITH_PARALLEL_TITLE = """图书在版编目（CIP）数据
哈利·波特与魔法石 = Harry Potter and the sorcerer's stone / (英)J.K.罗琳著；苏农译. —北京：人民文学出版社，2000
ISBN 7-02-003344-X
Ⅰ.①哈…  Ⅱ.①罗…②苏…  Ⅲ.①长篇小说—英国—现代  Ⅳ.①I561.45"""

WRAPPED_WITH_SUBTITLE = """图书在版编目（CIP）数据
湖南地方志：湘西卷 / 湖南省地方志编纂委员会
编. —长沙：湖南人民出版社，2016.1
ISBN 978-7-5561-1234-9
Ⅰ.①湖…　Ⅱ.①湖…　Ⅲ.①地方志—湘西土家族苗族自治州　Ⅳ.①K296.4
中国版本图书馆 CIP 数据核字（2015）第 298765 号"""

TWO_SUBJECTS_TWO_CLASSES = """图书在版编目（CIP）数据
Python编程从入门到实践 / (美)埃里克·马瑟斯著；袁国忠译. —2版. —北京：人民邮电出版社，2020.10
ISBN 978-7-115-54608-1
Ⅰ.①P… Ⅱ.①埃… ②袁… Ⅲ.①软件工具—程序设计 ②程序语言—基本知识 Ⅳ.①TP311.561 ②TP312"""

WITH_PRICE_AND_SERIES_IN_LINE = """图书在版编目(CIP)数据
小学生必背古诗词 / 王芳主编. -- 长沙 : 湖南少年儿童出版社, 2014 (小学生课外阅读丛书)
ISBN 978-7-5358-9876-4 : CNY19.80
I. ①小… II. ①王… III. ①古典诗歌－中国－小学－课外读物 IV. ①G624.203"""

CHILDREN_PICTURE_BOOK = """图书在版编目（CIP）数据
猜猜我有多爱你 /（英）麦克布雷尼文；（英）婕朗绘；梅子涵译. —济南：明天出版社，2013.1
ISBN 978-7-5332-5467-8
Ⅰ.①猜… Ⅱ.①麦…②婕…③梅… Ⅲ.①儿童文学—图画故事—英国—现代 Ⅳ.①I561.85"""

AGRICULTURE = """图书在版编目（CIP）数据
柑橘病虫害防治图谱/ 张国强等编著．—北京：中国农业出版社，2011.6
ISBN 978-7-109-15789-2
Ⅰ．①柑…　Ⅱ．①张…　Ⅲ．①柑桔类—病虫害防治—图谱　Ⅳ．①S436.66-64"""

ENGLISH_ISBN10 = """图书在版编目(CIP)数据
新概念英语. 1 / (英)亚历山大, 何其莘著. —北京: 外语教学与研究出版社, 1997
ISBN 7-5600-1315-3
Ⅰ. ①新… Ⅱ. ①亚… ②何… Ⅲ. ①英语—教材 Ⅳ. ①H31"""

LOCAL_HISTORY = """图书在版编目（CIP）数据

官山村志 / 《官山村志》编纂委员会编. —长沙：湖南大学出版社，2016

ISBN 978-7-5667-1111-0

Ⅰ. ①官…　Ⅱ. ①官…　Ⅲ. ①村史—湖南　Ⅳ. ①K296.44

中国版本图书馆CIP数据核字（2016）第101010号"""

NO_YEAR = """图书在版编目（CIP）数据
读书与生活 / 李明著. —长沙：岳麓书社
ISBN 978-7-5538-0001-2
Ⅰ.①读… Ⅱ.①李… Ⅲ.①随笔—作品集—中国—当代 Ⅳ.①I267.1"""

UNKNOWN_CLASS = """图书在版编目（CIP）数据
某书 / 某人著. —北京：某出版社，2016
ISBN 978-7-5338-0001-8
Ⅰ.①某… Ⅱ.①某… Ⅲ.①某题 Ⅳ.①L123"""


def test_a_novels_block_fills_every_field_of_the_form():
    block = cip.parse(NOVEL)
    found = (block.title, block.responsibility, block.place, block.publisher, block.year, block.isbn)
    assert found == ("平凡的世界", "路遥著", "北京", "人民文学出版社", 2012, "9787020090581")
    assert (block.series, block.subjects, block.clc, block.unread) == (
        "茅盾文学奖获奖作品全集",
        ["长篇小说--中国--当代"],
        "I247.5",
        [],
    )


def test_half_width_punctuation_and_double_hyphens_read_the_same():
    block = cip.parse(HALF_WIDTH_SECOND_EDITION)
    assert (block.title, block.edition, block.publisher, block.year, block.clc) == (
        "水稻高产栽培技术",
        "2版",
        "湖南科学技术出版社",
        2015,
        "S511",
    )


def test_a_parallel_title_becomes_an_other_title():
    block = cip.parse(TRANSLATION_WITH_PARALLEL_TITLE)
    assert (block.title, block.other_titles) == ("哈利·波特与魔法石", ["Harry Potter and the sorcerer's stone"])


def test_a_ten_digit_isbn_is_read_as_written():
    assert cip.parse(TRANSLATION_WITH_PARALLEL_TITLE).isbn == "702003344X"


def test_a_line_wrapped_inside_the_responsibility_is_joined_and_the_subtitle_kept():
    block = cip.parse(WRAPPED_WITH_SUBTITLE)
    assert (block.title, block.other_titles, block.year, block.clc) == ("湖南地方志", ["湘西卷"], 2016, "K296.4")


def test_every_subject_is_read_and_the_first_class_is_the_records_class():
    block = cip.parse(TWO_SUBJECTS_TWO_CLASSES)
    assert (block.subjects, block.clc, block.edition) == (
        ["软件工具--程序设计", "程序语言--基本知识"],
        "TP311.561",
        "2版",
    )


def test_a_price_after_the_isbn_and_a_series_at_the_end_of_the_line_are_read():
    block = cip.parse(WITH_PRICE_AND_SERIES_IN_LINE)
    assert (block.price, block.series, block.publisher) == ("CNY19.80", "小学生课外阅读丛书", "湖南少年儿童出版社")


def test_several_contributors_stay_in_the_responsibility():
    assert cip.parse(CHILDREN_PICTURE_BOOK).responsibility == "(英)麦克布雷尼文;(英)婕朗绘;梅子涵译"


def test_full_width_stops_and_a_general_division_in_the_class_are_read():
    block = cip.parse(AGRICULTURE)
    assert (block.title, block.clc, block.subjects) == (
        "柑橘病虫害防治图谱",
        "S436.66-64",
        ["柑桔类--病虫害防治--图谱"],
    )


@pytest.mark.parametrize("text", [ENGLISH_ISBN10, LOCAL_HISTORY])
def test_blocks_with_blank_lines_and_spaces_after_the_section_marks_are_read_whole(text):
    block = cip.parse(text)
    assert block.title and block.isbn and block.clc and block.year and not block.unread


def test_a_missing_year_is_shown_for_a_person_to_fix():
    block = cip.parse(NO_YEAR)
    assert block.year is None and "长沙:岳麓书社" in block.unread


def test_a_class_the_clc_does_not_have_is_shown_not_taken():
    block = cip.parse(UNKNOWN_CLASS)
    assert block.clc == "" and "Ⅳ. L123" in block.unread


def test_text_that_is_no_cip_block_is_unreadable():
    assert not cip.parse("这不是在版编目数据，只是一段话。").is_readable
