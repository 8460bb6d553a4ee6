"""Normalisation keeps an exact map back to the original characters."""

import re

from extractors.normalise import PINYIN_GLOSS, MappedText, normalise, substitute


def assert_maps_back(original: str, needle_norm: str, needle_orig: str) -> None:
    mt = normalise(original)
    i = mt.text.index(needle_norm)
    s, e = mt.to_original(i, i + len(needle_norm))
    assert original[s:e] == needle_orig


def test_traditional_with_glosses_maps_back_to_original_characters():
    original = "返回首頁 > 位置: 學校網\n株洲市教(jiāo)育局關於印發規劃的通知\n"
    mt = normalise(original)
    assert "株洲市教育局关于印发规划的通知" in mt.text
    assert_maps_back(original, "教育局", "教(jiāo)育局")


def test_site_furniture_lines_are_dropped():
    original = "上传人:ab****1 文档编号:123\n一、总体要求\n上一页 [1] [2] 下一页\n责任编辑:张三\n"
    text = normalise(original).text
    assert "上传人" not in text and "下一页" not in text and "责任编辑" not in text
    assert "一、总体要求" in text


def test_page_chunk_markers_are_removed_and_the_sentence_rejoined():
    body = "甲" * 50
    original = f"\n\n1、开头{body}人民群众对教育的满意\n\n2、度得到提升{body}\n\n3、继续{body}"
    mt = normalise(original)
    assert "满意度得到提升" in mt.text
    assert "2、" not in mt.text
    assert_maps_back(original, "满意度", "满意\n\n2、度")


def test_isolated_numbered_lines_are_not_page_markers():
    original = "一、目标\n\n1、提高质量。\n\n2、扩大资源。"
    assert "1、提高质量" in normalise(original).text


def test_full_width_is_folded_but_chinese_punctuation_kept():
    text = normalise("（一）加强领导，到２０２５年达到９５％。").text
    assert text == "(一)加强领导,到2025年达到95%。"


def test_circled_numbers_stay_list_markers():
    assert normalise("①建设").text == "①建设"


def test_gloss_pattern_keeps_parenthesised_words_and_abbreviations():
    assert PINYIN_GLOSS.sub("", "(试行)(GPS)(a)") == "(试行)(GPS)(a)"
    assert PINYIN_GLOSS.sub("", "教(jiāo)要?(jiǎng)") == "教要?"


def test_substitute_maps_replacements_to_their_match():
    mt = substitute(MappedText.identity("ab--cd"), re.compile("-+"), "_")
    assert mt.text == "ab_cd"
    assert mt.to_original(2, 3) == (2, 3)
    assert mt.to_original(3, 5) == (4, 6)
