"""Document boundaries on small texts written for these tests."""

from __future__ import annotations

from extractors.boundaries import split_documents
from extractors.metadata import read_metadata
from extractors.normalise import normalise


def documents(text: str) -> list[tuple[str, object]]:
    """(segment text, segment) for each document found."""
    mt = normalise(text)
    return [(mt.text[s.start:s.end], s) for s in split_documents(mt)]


def titles(text: str) -> list[str | None]:
    return [read_metadata(seg_text).title for seg_text, _ in documents(text)]


BODY = "加强组织领导,明确工作责任,确保各项任务落到实处。" * 6

CARRYING_NOTICE = f"""青山县教育局文件
青教发〔2023〕5号
青山县教育局
关于印发《青山县学前教育发展提升行动计划》的
通 知
各乡镇中心校,县直各学校:
现将《青山县学前教育发展提升行动计划》印发给你们,请认真贯彻执行。
附件:青山县学前教育发展提升行动计划
青山县教育局
2023年4月6日
附件:
青山县学前教育发展提升行动计划
一、总体目标
{BODY}
二、主要任务
{BODY}
"""


def test_notice_and_the_document_it_carries_are_two():
    docs = documents(CARRYING_NOTICE)
    assert len(docs) == 2
    (notice, first), (carried, second) = docs
    assert first.carried_by is None and second.carried_by == 0
    assert "附件:青山县学前教育发展提升行动计划" in notice  # the attachment list stays with the notice
    assert carried.startswith("青山县学前教育发展提升行动计划\n一、总体目标")


def test_omitted_attachment_is_no_document():
    text = CARRYING_NOTICE.split("附件:\n")[0].replace(
        "附件:青山县学前教育发展提升行动计划", "附件:青山县学前教育发展提升行动计划(略)")
    assert len(documents(text)) == 1


def test_forwarded_document_with_a_title_over_two_lines():
    text = f"""红河市人民政府办公室转发市教育局关于加强中小学劳动教育的实施意见的通知
红政办发[2022]18号
各县(市)人民政府,市直各部门:
市教育局《关于加强中小学劳动教育的实施意见》已经市人民政府同意,现转发给你们,请认真贯彻执行。
红河市人民政府办公室
2022年6月1日
关于加强中小学劳动教育的
实施意见
(市教育局)
{BODY}
"""
    docs = documents(text)
    assert len(docs) == 2
    assert read_metadata(docs[1][0]).title == "关于加强中小学劳动教育的实施意见"


def test_notice_carrying_two_documents():
    text = f"""东湖区人民政府办公室印发《东湖区课后服务实施方案》《东湖区校外培训治理办法》的通知
各街道办事处:
现将《东湖区课后服务实施方案》《东湖区校外培训治理办法》印发给你们,请遵照执行。
东湖区人民政府办公室
2021年9月1日
东湖区课后服务实施方案
{BODY}
东湖区校外培训治理办法
{BODY}
"""
    docs = documents(text)
    assert [s.carried_by for _, s in docs] == [None, 0, 0]
    assert titles(text)[1:] == ["东湖区课后服务实施方案", "东湖区校外培训治理办法"]


def test_compilation_with_labels_after_a_shared_title_run_into_the_text():
    text = ("学校安全工作方案3篇 .docx\n\n学校安全工作方案3篇学校安全工作方案(一)为全面落实安全责任," + BODY
            + "学校安全工作方案(二)根据上级要求," + BODY + "学校安全工作方案(三)为进一步加强管理," + BODY)
    assert titles(text) == ["学校安全工作方案(一)", "学校安全工作方案(二)", "学校安全工作方案(三)"]


def test_compilation_with_labels_before_each_title():
    text = f"""小学教师培训计划范文
篇一:城南小学2024年教师培训计划
{BODY}
篇二:城北小学2024年教师培训计划
{BODY}
"""
    assert titles(text) == ["城南小学2024年教师培训计划", "城北小学2024年教师培训计划"]


def test_compilation_of_numbered_titles_under_a_counting_banner():
    text = f"""教育工作要点2篇
一、城关镇2023年教育工作要点
{BODY}
二、河西镇2023年教育工作要点
{BODY}
"""
    assert [t and t.endswith("教育工作要点") for t in titles(text)] == [True, True]
    assert len(documents(text)) == 2


def test_numbered_sections_of_one_plan_are_not_a_compilation():
    text = f"""全县义务教育优质均衡发展实施方案
一、工作目标
{BODY}
二、重点任务
{BODY}
"""
    assert len(documents(text)) == 1


def test_table_of_contents_before_the_title_is_outside_the_document():
    text = f"""目录/提纲:……
一、基本情况
二、存在问题
三、下一步举措
……
关于全市基础教育发展情况的调研报告
一、基本情况
{BODY}
二、存在问题
{BODY}
三、下一步举措
{BODY}
"""
    (segment, _), = documents(text)
    assert segment.startswith("关于全市基础教育发展情况的调研报告")


def test_cut_off_preview_is_truncated_and_ends_at_the_cue():
    text = f"关于推进集团化办学的实施方案\n{BODY}\n预览阅读已结束,若您需要全文请下载。\n相关文档推荐"
    (segment, seg), = documents(text)
    assert seg.truncated
    assert "预览" not in segment and "相关文档" not in segment


def test_page_that_stops_mid_sentence_is_truncated():
    cut = "充分发挥优质学校的辐射带动作用,推动集团内教师交流轮岗和课程资源共享,全面落实“"
    text = f"关于推进集团化办学的实施方案\n{BODY}\n{cut}"
    assert documents(text)[0][1].truncated
    assert not documents(f"关于推进集团化办学的实施方案\n{BODY}")[0][1].truncated


def test_notice_naming_its_plans_only_as_a_group_carries_each():
    body = "主办单位:市教育委员会。" * 12
    text = ("江州市教育委员会办公室关于印发合唱展评等两项美育活动实施方案的通知\n江教办发〔2024〕9号\n各区县教委:\n"
            "现将有关实施方案印发给你们,请认真组织实施。\n江州市教育委员会办公室\n2024年5月5日\n"
            f"江州市中小学班级合唱展评活动实施方案\n一、组织机构\n{body}\n"
            f"江州市中小学校园集体舞展评活动实施方案\n一、组织机构\n{body}\n")
    assert titles(text) == ["江州市教育委员会办公室关于印发合唱展评等两项美育活动实施方案的通知",
                            "江州市中小学班级合唱展评活动实施方案", "江州市中小学校园集体舞展评活动实施方案"]
    assert [segment.carried_by for _, segment in documents(text)] == [None, 0, 0]


def test_a_truncation_prompt_above_the_text_cuts_nothing_off():
    banner = "亲,本文档共8页,到这儿已超出免费预览范围,预览阅读已结束,如果喜欢就下载吧!\n下载资源\n"
    text = f"{banner}桃源县义务教育优质均衡发展实施方案\n{BODY}\n{BODY}"
    (segment, seg), = documents(text)
    assert not seg.truncated
    assert segment.count("加强组织领导") == 12


def test_a_bracketed_table_of_contents_with_a_leader_line_is_skipped():
    toc = "【文档目录】\n一、基本情况\n二、主要做法\n三、几点建议\n……………………\n"
    text = (f"{toc}关于赴桃源县考察学习集团化办学的报告\n一、基本情况\n{BODY}\n二、主要做法\n{BODY}\n"
            f"三、几点建议\n{BODY}")
    assert titles(text) == ["关于赴桃源县考察学习集团化办学的报告"]


PLAN_TREE = f"一、总体要求\n{BODY}\n二、主要任务\n{BODY}\n"


def test_a_notice_publishing_a_plan_for_comment_and_the_plan_are_two_documents():
    text = (f"桃源县教育局关于公开征求桃源县课后服务实施方案意见的公告\n社会各界:\n{BODY}具体征求意见稿如下:\n"
            f"桃源县课后服务实施方案(征求意见稿)\n为贯彻落实国家关于课后服务的要求,结合我县实际,制定本方案。\n"
            f"{PLAN_TREE}桃源县教育局\n2024年5月6日\n")
    assert titles(text) == ["桃源县教育局关于公开征求桃源县课后服务实施方案意见的公告",
                            "桃源县课后服务实施方案(征求意见稿)"]


def test_a_plan_followed_by_sub_plans_under_their_own_titles():
    text = (f"桃源县美育浸润行动计划\n{PLAN_TREE}《桃源县艺术课程提质实施方案》\n{PLAN_TREE}"
            f"《桃源县艺术社团建设实施方案》\n{PLAN_TREE}")
    found = documents(text)
    assert [read_metadata(t).title for t, _ in found] == ["桃源县美育浸润行动计划", "桃源县艺术课程提质实施方案",
                                                          "桃源县艺术社团建设实施方案"]
    assert [seg.carried_by for _, seg in found] == [None, 0, 0]


def test_a_plan_naming_a_document_in_a_heading_line_stays_one():
    text = f"桃源县美育浸润行动计划\n{PLAN_TREE}附件:桃源县艺术课程提质实施方案\n桃源县教育局\n2024年5月6日\n"
    assert len(documents(text)) == 1


def test_sub_plans_numbered_in_the_plan_start_documents_of_their_own():
    text = (f"桃源县美育浸润行动计划\n{PLAN_TREE}三、子方案\n(一)《桃源县艺术课程提质实施方案》\n{PLAN_TREE}"
            f"(二)《桃源县艺术社团建设实施方案》\n{PLAN_TREE}")
    assert titles(text) == ["桃源县美育浸润行动计划", "桃源县艺术课程提质实施方案", "桃源县艺术社团建设实施方案"]


def test_a_titled_text_whose_title_has_a_bracketed_second_line():
    text = (f"桃源县教育局关于征求意见的公告\n社会各界:\n{BODY}具体如下:\n桃源县课后服务三年行动计划\n(2024—2026年)\n"
            f"{PLAN_TREE}")
    assert len(documents(text)) == 2
