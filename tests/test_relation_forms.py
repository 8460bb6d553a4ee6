"""Relations stated the ways plans state them: free sentences, lists of bodies, a school's own offices."""

from __future__ import annotations

from extractors import extract_text

PLAN = """乙县关于加强体育工作的实施方案
一、主要任务
（一）加强教研。各级教研机构应配备体育教研员。
（二）加强领导。各乡镇政府要把体育工作摆上议事日程。
（三）开展活动。团县委、县妇联要组织开展假期体育活动。
（四）学校落实。政教处负责组织大课间活动，教务处要开足体育课时。
（五）督查考核。督查组工作职责：一是督促检查；二是通报情况。
"""


def _relations(text: str) -> set[tuple[str, str, str]]:
    doc = extract_text(text).documents[0]
    return {(r.type, str(r.head), str(r.tail)) for r in doc.relations}


def test_agents_after_a_determiner_or_in_a_heading_list_are_responsible():
    found = _relations(PLAN)
    assert ("responsibleFor", "教研机构", "一/(一)") in found
    assert ("responsibleFor", "乡镇政府", "一/(二)") in found
    assert {("responsibleFor", "团县委", "一/(三)"), ("responsibleFor", "县妇联", "一/(三)")} <= found


def test_a_schools_offices_and_a_duty_list_head_are_agents():
    found = _relations(PLAN)
    assert {("responsibleFor", "政教处", "一/(四)"), ("responsibleFor", "教务处", "一/(四)")} <= found
    assert ("responsibleFor", "督查组", "一/(五)") in found


def test_the_youth_league_committee_keeps_its_name():
    names = {e.name for e in extract_text(PLAN).documents[0].entities if e.type == "Department"}
    assert "团县委" in names and "县委" not in names


def test_a_body_in_the_middle_of_a_clause_is_no_agent():
    found = _relations("丙县实施方案\n一、任务\n（一）完善机制。加强与县财政局的沟通协调。\n")
    assert not any(r[0] == "responsibleFor" for r in found)


def test_every_preamble_form_states_a_basis():
    forms = ("以《丁省体育工作条例》为依据,结合本县实际。", "以《丁省体育工作条例》为指导,推进学校体育。",
             "为贯彻落实《丁省体育工作条例》精神,现提出如下意见。")
    for preamble in forms:
        found = _relations(f"戊县体育工作实施意见\n{preamble}\n一、目标\n(一)到2025年,体育课开课率达到100%。\n")
        assert ("basedOn", "DOCUMENT", "丁省体育工作条例") in found, preamble


def test_a_policy_an_item_implements_is_no_basis():
    found = _relations("戊县体育工作实施意见\n一、目标\n(一)以《丁省体育工作条例》为指导,推进学校体育。\n")
    assert not any(r[0] == "basedOn" for r in found)


def test_a_programme_said_to_consist_of_others_has_them_as_parts():
    text = ("庚县教育行动计划\n一、任务\n(一)实施“强校工程”。该工程包括“晨读”计划、“午练”计划和“夜学”计划三个子项目。\n"
            "(二)深入实施“三大行动”,即阅读推广行动、体质提升行动和美育浸润行动。\n(三)阅读推广行动。开展读书活动。\n")
    found = _relations(text)
    assert {("partOf", f"{n}计划", "强校工程") for n in ("晨读", "午练", "夜学")} <= found
    assert {("partOf", f"{n}行动", "三大行动") for n in ("阅读推广", "体质提升", "美育浸润")} <= found
    names = {e.name for e in extract_text(text).documents[0].entities if e.type == "Programme"}
    assert "夜学计划" in names  # the count after it is no part of its name


def test_bodies_sharing_one_head_are_one_body_each_and_partners_together():
    text = "辛县实施方案\n一、任务\n(一)健全机制。县教育局要会同机构编制、发展改革、财政等部门建立工作机制。\n"
    doc = extract_text(text).documents[0]
    names = {e.name for e in doc.entities if e.type == "Department"}
    assert {"机构编制部门", "发展改革部门", "财政部门"} <= names
    found = {(str(r.head), str(r.tail)) for r in doc.relations if r.type == "responsibleFor"}
    assert {("县教育局", "一/(一)"), ("机构编制部门", "一/(一)"), ("财政部门", "一/(一)")} <= found
