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


def test_small_form_brackets_of_a_document_number_are_the_usual_ones():
    assert normalise("（国发﹝2019﹞4号）").text == "(国发〔2019〕4号)"
    assert_maps_back("依据国发﹝2019﹞4号文件", "国发〔2019〕4号", "国发﹝2019﹞4号")


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


def test_page_furniture_is_recognised_by_its_shape():
    """Furniture of a site no lexicon names: a menu of short lines, a breadcrumb with other
    page names, an article header, neighbour links, a link list and a footer."""
    page = ("网站首页\n学校概况\n校园动态\n教学科研\n德育天地\n家校共育\n招生信息\n"
            "您在这里:网站首页 > 校园动态 > 通知公告 > 正文\n"
            "桃源小学2025年体育工作计划\n"
            "稿件来源:教务处  发布者:李四  更新时间:2025-02-10  阅读次数:88\n"
            "一、工作目标\n"
            "全面落实每天校内外各一小时体育活动,学生体质健康测试合格率保持在95%以上,切实提高学生身体素质。\n"
            "上一篇:桃源小学寒假安全告家长书\n下一篇:桃源小学春季运动会秩序册\n"
            "相关推荐\n桃源小学2024年体育工作总结\n关于举办校园足球联赛的通知\n"
            "技术支持:某某网络公司 主办单位:桃源小学  地址:桃源路8号\n")
    text = normalise(page).text
    lines = text.splitlines()
    assert lines[0] == "桃源小学2025年体育工作计划"
    assert lines[1] == "2025-02-10"  # the header is reduced to the date it gives
    assert lines[2] == "一、工作目标"
    for furniture in ("学校概况", "您在这里", "稿件来源", "上一篇", "相关推荐", "2024年体育工作总结", "足球联赛",
                      "技术支持"):
        assert furniture not in text


def test_short_lines_of_a_signature_or_form_are_not_a_menu():
    signature = "市教育局\n市财政局\n市人社局\n市卫健委\n市体育局\n团市委\n2024年3月1日\n"
    body = "一、工作目标\n" + "各校要落实课后服务工作,确保每名有需要的学生都能参加,服务时间与当地下班时间相衔接。\n"
    form = "姓名\n性别\n年龄\n学校\n年级\n备注\n"
    text = normalise(signature + body + form).text
    assert "市人社局" in text and "团市委" in text and "年龄" in text


def test_a_breadcrumb_needs_short_parts_and_no_sentence():
    from extractors.normalise import is_breadcrumb

    assert is_breadcrumb("当前位置:首页 >> 政务公开 >> 文件通知")
    assert not is_breadcrumb("生师比由18:1降至>16:1,班额>45人的比例下降")


def test_page_number_lines_of_a_printed_document_are_dropped():
    text = normalise("一、总体要求\n— 1 —\n加强领导。\n-2-\n学制2—3年\n").text
    assert text == "一、总体要求\n加强领导。\n学制2—3年\n"


def test_a_footer_menu_after_the_text_is_dropped_a_form_is_not():
    text = ("一、工作目标\n各校要落实课后服务工作,确保每名有需要的学生都能参加,服务时间与当地下班时间相衔接。\n"
            "附件:报名表\n姓名\n性别\n年龄\n学校\n年级\n备注\n"
            "【打印本页】【关闭窗口】\n学校首页\n学校概况\n教务处\n德育处\n招生信息\n联系我们\n")
    out = normalise(text).text
    assert "年龄" in out and "备注" in out
    assert "教务处" not in out and "学校概况" not in out
