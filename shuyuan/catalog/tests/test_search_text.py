"""The normal form, tokens and pinyin that the index and the queries share (no database)."""

from pypinyin import lazy_pinyin

from shuyuan.catalog.search.pinyin import name_spelling, names_in, title_spelling
from shuyuan.catalog.search.text import compact, normalize, query_terms, short_tokens


def test_full_width_letters_and_digits_become_ascii_lower_case():
    assert normalize("ＰＹＴＨＯＮ编程２０１６") == "python编程2016"


def test_traditional_characters_become_simplified():
    assert normalize("紅樓夢") == "红楼梦"


def test_simplified_text_stays_as_it_is():
    assert normalize("乾隆皇帝与后宫") == "乾隆皇帝与后宫"


def test_punctuation_between_chinese_characters_leaves_no_space():
    assert normalize("红楼梦（校注本）") == "红楼梦校注本"


def test_punctuation_between_latin_words_leaves_one_space():
    assert normalize("C++ Primer：中文版") == "c primer中文版"


def test_compact_form_has_no_spaces():
    assert compact("Hello, World 你好") == "helloworld你好"


def test_short_tokens_are_each_character_each_pair_and_each_other_word():
    assert sorted(short_tokens("个体户 2016")) == sorted(["个", "个体", "体", "体户", "户", "2016"])


def test_query_terms_are_split_at_spaces_and_punctuation():
    assert query_terms("紅樓夢  曹雪芹 c++primer") == ["红楼梦", "曹雪芹", "c", "primer"]


def test_title_pinyin_is_spelled_in_full_and_as_initials():
    spelling = title_spelling("红楼梦")
    assert (spelling.full, spelling.initials) == ("hongloumeng", "hlm")


def test_title_pinyin_reads_a_polyphonic_character_by_its_word():
    assert title_spelling("长沙银行").full == "changshayinhang"


def test_pinyin_suffixes_start_at_each_syllable():
    assert title_spelling("红楼梦").suffixes() == ["hongloumeng", "loumeng", "meng", "hlm", "lm", "m"]


def test_plain_pypinyin_reads_the_surname_单_as_dan():
    # The trap the surname mode exists for; if pypinyin ever learns surnames this test says so.
    assert lazy_pinyin("单田芳") == ["dan", "tian", "fang"]


def test_a_name_is_read_with_the_surname_reading_of_单():
    assert name_spelling("单田芳").full == "shantianfang"


def test_a_name_is_read_with_the_surname_reading_of_解():
    assert name_spelling("解缙").full == "xiejin"


def test_a_compound_surname_gives_two_initials():
    spelling = name_spelling("欧阳修")
    assert (spelling.full, spelling.initials) == ("ouyangxiu", "oyx")


def test_the_surname_reading_is_kept_for_names_and_not_for_bodies():
    assert name_spelling("解放军文艺出版社").full.startswith("jiefangjun")


def test_names_lose_brackets_and_roles_of_a_statement_of_responsibility():
    assert names_in("(清)曹雪芹, 高鹗著") == ["曹雪芹", "高鹗"]


def test_names_are_split_at_chinese_punctuation():
    assert names_in("[英]莎士比亚著；朱生豪译") == ["莎士比亚", "朱生豪"]
