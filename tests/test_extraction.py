"""End-to-end extraction on plans written for the tests (not the development seeds)."""

import pytest
from plan_texts import CITY_PLAN, COUNTY_PLAN, NEWS_REPORT

from extractors import extract_text
from extractors.normalise import normalise


@pytest.fixture(scope="module")
def county():
    return extract_text(COUNTY_PLAN, "county.txt")


def entities(doc, etype):
    return {e.name for e in doc.entities if e.type == etype}


def test_notice_and_carried_plan_are_two_documents(county):
    notice, plan = county.documents
    assert notice.doc_number == "清教发〔2024〕7号" and notice.date == "2024-03-15"
    assert plan.carried_by == 0 and plan.title.startswith("清河县学前教育提质三年行动方案")
    assert plan.region == "清河县"


def test_entities_of_each_type(county):
    plan = county.documents[1]
    assert entities(plan, "Department") >= {"县财政局", "县自然资源局", "县教育局", "县卫健局", "学前教育工作领导小组",
                                            "县教育督导委员会办公室"}
    assert entities(plan, "School") == {"城关第二幼儿园", "城关第一幼儿园", "葛仙庄镇中心幼儿园", "连庄镇中心幼儿园"}
    assert entities(plan, "Policy") == {"河北省学前教育发展提升行动计划", "邢台市十四五教育事业发展规划"}
    assert {"幼有优育工程", "一园一案改革"} <= entities(plan, "Programme")
    assert "学前三年毛入园率" in entities(plan, "Indicator")


def test_the_plan_itself_is_not_a_cited_policy(county):
    assert not any("提质三年行动方案" in e.name for d in county.documents for e in d.entities if e.type == "Policy")


def test_targets_with_comparators_units_deadlines_and_sections(county):
    got = {(t.indicator, t.comparator, t.value, t.unit, t.deadline, t.section) for t in county.documents[1].targets}
    assert ("学前三年毛入园率", ">=", 95.0, "%", 2026, "一") in got
    assert ("普惠性幼儿园覆盖率", ">=", 90.0, "%", 2026, "一") in got
    assert ("新建幼儿园", "=", 6.0, "所", None, "一") in got
    assert ("新增学位", "=", 2400.0, "个", None, "一") in got
    assert ("培训幼儿园教师", ">=", 300.0, "人次", None, "二/(一)/2") in got


def test_relations(county):
    got = {(r.type, str(r.head), str(r.tail)) for r in county.documents[1].relations}
    assert ("basedOn", "DOCUMENT", "河北省学前教育发展提升行动计划") in got
    assert ("mergedInto", "城关第二幼儿园", "城关第一幼儿园") in got
    assert ("responsibleFor", "县财政局", "二/(一)/1") in got
    assert ("responsibleFor", "县卫健局", "二/(二)") in got
    assert not any(r.type == "responsibleFor" and str(r.head) == "县政府" for r in county.documents[1].relations)


def test_every_span_points_at_its_text(county):
    text = county.text
    for doc in county.documents:
        for e in doc.entities:
            for s, t in e.spans:
                assert 0 <= s < t <= len(text)
        for section in doc.sections:
            assert normalise(text[section.span[0]:section.span[1]]).text.startswith(section.label)
        for t in doc.targets:
            assert f"{t.value:g}{t.unit}" in normalise(text[t.span[0]:t.span[1]]).text


def test_past_achievements_in_a_report_are_no_targets():
    doc = extract_text(NEWS_REPORT).documents[0]
    got = {(t.indicator, t.value, t.unit) for t in doc.targets}
    assert ("义务教育巩固率", 99.0, "%") in got
    assert ("新建初中", 2.0, "所") in got
    assert not any(t.unit in ("亿元",) or t.value == 3600 for t in doc.targets)


def test_redacted_values_are_placeholders():
    text = "一、目标\n到20_年，学前三年毛入园率达*%以上，新建幼儿园5*所，计划投资*.*亿元。"
    targets = extract_text(text).documents[0].targets
    assert [(t.indicator, t.comparator, t.value, t.placeholder, t.unit, t.deadline) for t in targets] == [
        ("学前三年毛入园率", ">=", None, True, "%", None), ("新建幼儿园", "=", None, True, "所", None),
        ("计划投资", "=", None, True, "亿元", None)]


def test_deterministic_export():
    from extractors.export import to_json

    assert to_json(extract_text(COUNTY_PLAN, "a.txt")) == to_json(extract_text(COUNTY_PLAN, "a.txt"))


@pytest.fixture(scope="module")
def city():
    return extract_text(CITY_PLAN, "city.txt").documents[0]


def test_a_baseline_is_not_the_goal(city):
    got = {(t.indicator, t.comparator, t.value, t.unit) for t in city.targets}
    assert ("义务教育巩固率", "=", 98.0, "%") in got
    assert not any(t.value == 96.0 for t in city.targets)


def test_limits_and_ratios(city):
    got = {(t.indicator, t.comparator, t.value, t.unit) for t in city.targets}
    assert ("大班额比例", "<=", 5.0, "%") in got
    assert ("小学生师比", "<=", 19.0, None) in got
    assert ("新增学位", "=", 1.5, "万个") in got


def test_listed_lead_and_partner_units_are_responsible(city):
    got = {(str(r.head), str(r.tail)) for r in city.relations if r.type == "responsibleFor"}
    assert {("市教育局", "二/(一)"), ("市发展改革委", "二/(一)"), ("市自然资源和规划局", "二/(一)"),
            ("市人力资源社会保障局", "二/(二)"), ("市财政局", "三")} <= got


def test_common_words_in_school_names(city):
    assert entities(city, "School") == {"江州市实验小学", "江州市第一中学"}


def test_region_from_a_title_place_unknown_to_the_divisions_table(city):
    assert city.region == "江州市"


def test_a_quoted_list_before_a_counted_group_names_each_member():
    text = "一、任务\n实施“强师、优校、惠民”三大行动，每所学校至少组建3个艺术社团。\n二、保障\n"
    doc = extract_text(text).documents[0]
    assert {(str(r.head), str(r.tail)) for r in doc.relations if r.type == "partOf"} == {
        ("强师行动", "三大行动"), ("优校行动", "三大行动"), ("惠民行动", "三大行动")}
    assert [(t.indicator, t.comparator, t.value, t.unit) for t in doc.targets] == [
        ("每所学校组建艺术社团", ">=", 3.0, "个")]


def test_ranges_count_from_their_lower_bound_and_periods_are_no_quantities():
    text = "一、目标\n每名学生掌握1-2项艺术技能，2024—2026年新建学校3所。"
    got = [(t.indicator, t.comparator, t.value, t.unit) for t in extract_text(text).documents[0].targets]
    assert got == [("每名学生掌握艺术技能", ">=", 1.0, "项"), ("新建学校", "=", 3.0, "所")]


def test_a_cited_title_keeps_the_number_written_after_it():
    text = "为贯彻落实《国务院办公厅关于全面加强和改进学校美育工作的意见》（国办发〔2015〕71号），制定本方案。"
    policies = [e for e in extract_text(text).documents[0].entities if e.type == "Policy"]
    assert [(e.name, e.doc_number) for e in policies] == [
        ("国务院办公厅关于全面加强和改进学校美育工作的意见", "国办发〔2015〕71号")]


def test_responsibility_notes_merges_and_listed_members():
    text = ("一、重点任务\n（一）优化学校布局。一是将窑店镇红旗小学并入窑店镇中心小学；二是撤销新添镇马家庄教学点，"
            "并入新添镇中心小学；三是将玉井镇初级中学与玉井镇中心小学合并为玉井镇九年制学校。"
            "（牵头单位：基础教育股；配合单位：县发展和改革局、计划财务股）\n"
            "（二）全面实施“两大行动”。以县中办学条件改善行动、县中教师队伍提升行动为主要抓手。（县教育局牵头，县财政局配合）\n")
    doc = extract_text(text).documents[0]
    got = {(r.type, str(r.head), str(r.tail)) for r in doc.relations}
    assert {("mergedInto", "窑店镇红旗小学", "窑店镇中心小学"), ("mergedInto", "新添镇马家庄教学点", "新添镇中心小学"),
            ("mergedInto", "玉井镇初级中学", "玉井镇九年制学校"),
            ("mergedInto", "玉井镇中心小学", "玉井镇九年制学校")} <= got
    assert {("responsibleFor", "基础教育股", "一/(一)"), ("responsibleFor", "县发展和改革局", "一/(一)"),
            ("responsibleFor", "计划财务股", "一/(一)"), ("responsibleFor", "县教育局", "一/(二)"),
            ("responsibleFor", "县财政局", "一/(二)")} <= got
    assert {("partOf", "县中办学条件改善行动", "两大行动"), ("partOf", "县中教师队伍提升行动", "两大行动")} <= got
    assert not any(r.type == "responsibleFor" and str(r.tail).endswith("是") for r in doc.relations)


def test_places_the_divisions_table_does_not_hold_and_schools_named_after_places():
    text = ("一、任务\n对窑店镇、辛店镇等乡镇小规模学校进行调整，支持黔东南州和天府新区发展，"
            "组织遵义四中、大英中学与南宁市第四十七中学兴东校区结对，促进城乡一体发展。\n")
    doc = extract_text(text).documents[0]
    assert {"窑店镇", "辛店镇", "黔东南州", "天府新区"} <= entities(doc, "Place")
    assert "促进城乡" not in entities(doc, "Place") and "城乡" not in entities(doc, "Place")
    assert entities(doc, "School") == {"遵义四中", "大英中学", "南宁市第四十七中学兴东校区"}


def test_respective_values_deadlines_across_clauses_and_unitless_ratios():
    text = ("一、目标\n到2025年,小学、初中校际综合差异系数分别不高于0.50、0.45;大班额比例控制在2%以内;"
            "以县实验小学、洮阳初级中学为核心校组建教育集团3个。\n第十一条 督导机构每学年发布1次督导报告。\n"
            "发布时间:2023-04-12 10:20 来源:教育局\n")
    got = {(t.indicator, t.comparator, t.value, t.unit, t.deadline) for t in extract_text(text).documents[0].targets}
    assert {("小学校际综合差异系数", "<=", 0.5, None, 2025), ("初中校际综合差异系数", "<=", 0.45, None, 2025),
            ("大班额比例", "<=", 2.0, "%", 2025), ("组建教育集团", "=", 3.0, "个", 2025)} <= got
    assert ("发布督导报告", "=", 1.0, "次", None) in got
    assert not any(t[2] in (4.0, 12.0) or "2023" in t[0] for t in got)


SCHOOL_PAGE = "\n".join(["学校首页", "学校概况", "校长寄语", "学校简介", "机构设置", "师资队伍", "新闻动态", "通知公告",
                         "教学教研", "德育工作", "党建工作", "招生就业", "联系我们"]) + """
推荐阅读
桃源小学关于开展读书月活动的通知
桃源小学2024年寒假安全告家长书
桃源小学2025年美育工作实施方案
文章来源：教务处　作者：李四　发布时间：2025-03-01　浏览次数：356
一、指导思想
以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，弘扬中华美育精神，以美育人。
二、工作目标
到2025年底，学校艺术社团达到10个以上，艺术课程开课率达到100%。
【打印正文】 【关闭窗口】
上一篇：桃源小学关于开展读书月活动的通知
版权所有：桃源小学　地址：桃源路8号　备案号：湘ICP备00000000号-1
"""


def test_a_school_page_yields_its_document_and_none_of_the_furniture():
    """Menu, link list right above the title, article header and footer of a site nobody listed."""
    (doc,) = extract_text(SCHOOL_PAGE, source="school.txt").documents
    assert doc.title == "桃源小学2025年美育工作实施方案"
    assert doc.date is None  # an official document's date is its signature's, not the posting date
    assert [s.path for s in doc.sections] == ["一", "二"]
    assert not [e.name for e in doc.entities if "读书月" in e.name or "寒假" in e.name or "ICP" in e.name]
