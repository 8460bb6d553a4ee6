"""The heading tree: numbering styles, run-in headings, enumerations, sequence checks."""

from plan_texts import COUNTY_PLAN

from extractors.components.sections import build_sections
from extractors.normalise import normalise


def paths(text: str) -> list[str]:
    return [s.path for s in build_sections(normalise(text).text)]


def test_nested_headings_and_items():
    body = COUNTY_PLAN[COUNTY_PLAN.index("为贯彻落实"):]
    assert paths(body) == ["一", "二", "二/(一)", "二/(一)/1", "二/(一)/2", "二/(二)", "三", "三/(一)", "三/(二)",
                           "三/(二)/一是", "三/(二)/二是"]


def test_run_in_headings_and_titles():
    text = "制定本方案。一、工作目标(一)总体目标到2025年建成。(二)具体目标1、提高水平。学前教育。2、提升品质。"
    sections = build_sections(text)
    assert [s.path for s in sections] == ["一", "一/(一)", "一/(二)", "一/(二)/1", "一/(二)/2"]
    assert sections[0].title == "工作目标"
    assert sections[3].title == "提高水平"


def test_item_numbers_may_run_on_across_parents():
    text = "(一)甲\n1.一项\n2.二项\n(二)乙\n3.三项\n4.四项\n"
    assert paths(text) == ["(一)", "(一)/1", "(一)/2", "(二)", "(二)/3", "(二)/4"]


def test_numbers_inside_sentences_are_not_headings():
    text = "一、目标\n建设2、3号楼,完成(二)期工程。\n二、任务\n"
    assert paths(text) == ["一", "二"]


def test_a_lone_yishi_is_no_enumeration():
    assert paths("一、目标\n统一是前提。\n二、任务\n") == ["一", "二"]


def test_first_second_enumerations():
    text = "第一,以经费为保障,着力改善条件。一是加快建设。二是完善设施。第二,以改革为动力。"
    assert paths(text) == ["第一", "第一/一是", "第一/二是", "第二"]


def test_a_text_that_starts_mid_way_may_open_at_any_number():
    assert paths("(八)加强队伍\n25.师德建设。\n26.管理改革。\n(九)提高治理\n") == [
        "(八)", "(八)/25", "(八)/26", "(九)"]


def test_spans_point_at_the_heading():
    text = "前言。\n一、总体要求\n正文"
    section = build_sections(text)[0]
    assert text[section.span[0]:section.span[1]] == "一、总体要求"


def test_an_outer_level_that_shows_up_late_on_a_later_page_becomes_the_root():
    text = ("(五)主要发展指标\n指标表\n三、主要任务\n(一)推进学前教育\n1.扩大资源。\n2.提升质量。\n"
            "(二)推动义务教育\n四、保障措施\n")
    assert paths(text) == ["(五)", "三", "三/(一)", "三/(一)/1", "三/(一)/2", "三/(二)", "四"]


def test_an_item_starts_right_after_a_closing_responsibility_note():
    text = ("一、重点任务\n(一)扩充资源1.新建幼儿园。新建公办幼儿园3所。(牵头单位:县教育局)2.提升质量。"
            "开展保教质量评估。(牵头单位:县教育局)3.加强队伍。配齐保教人员。")
    assert paths(text) == ["一", "一/(一)", "一/(一)/1", "一/(一)/2", "一/(一)/3"]


def test_run_in_enumerations_stay_the_deepest_level_when_a_heading_style_appears_later():
    text = ("一、主要做法\n一是抓规划。规划先行。二是抓投入。投入到位。\n二、几点建议\n"
            "(一)推进共同体建设。一是建机制。二是强考核。\n(二)扩大学前资源。一是新建园所。二是配齐教师。\n")
    assert paths(text) == ["一", "一/一是", "一/二是", "二", "二/(一)", "二/(一)/一是", "二/(一)/二是",
                           "二/(二)", "二/(二)/一是", "二/(二)/二是"]


def test_label_families_from_the_styles_table():
    text = ("第一部分 总体要求\n坚持育人为本。\n第二部分 重点任务\n【重点任务1】深化课堂改革\n推进大单元教学。\n"
            "【重点任务2】加强教师培训\n§1 培训目标\n全员参加培训。\n§2 培训内容\n师德和教学能力。\n"
            "第一阶段:动员部署\n制定方案。\n第二阶段:组织实施\n全面推进。\n")
    assert paths(text) == ["第一部分", "第二部分", "第二部分/重点任务1", "第二部分/重点任务2", "第二部分/重点任务2/§1",
                           "第二部分/重点任务2/§2", "第二部分/重点任务2/§2/第一阶段", "第二部分/重点任务2/§2/第二阶段"]


def test_a_family_nobody_listed_is_a_level_when_its_numbers_run_on_at_line_starts():
    text = ("一、主要任务\n任务一:建立课后服务机制\n各校制定方案。\n任务二:完善课后服务考核\n纳入年度考核。\n"
            "任务三:加强课后服务保障\n落实经费。\n二、保障措施\n附件1:报名表\n附件2:汇总表\n曲目1:\n曲目2:\n")
    sections = build_sections(normalise(text).text)
    assert [s.path for s in sections] == ["一", "一/任务一", "一/任务二", "一/任务三", "二"]
    assert sections[1].title == "建立课后服务机制"


def test_a_heading_run_into_its_paragraph_has_the_heading_words_as_title():
    text = ("一、工作目标到2026年,全县课后服务覆盖率达到100%,学生参与率达到90%以上,家长满意度明显提高。\n"
            "二、坚持以人为本\n各校要落实课后服务。\n")
    sections = build_sections(normalise(text).text)
    assert [s.title for s in sections] == ["工作目标", "坚持以人为本"]
