"""Document metadata on small texts written for these tests."""

from __future__ import annotations

import pytest

from extractors.metadata import read_metadata
from extractors.normalise import normalise


def meta_of(text: str):
    clean = normalise(text).text
    return clean, read_metadata(clean)


BODY = "各地要高度重视,加强统筹协调,切实抓好落实。" * 5

JOINT = f"""关于做好2019年中小学教师培训工作的通知
冀教师〔2019〕12号
各市(含定州、辛集市)教育局、财政局、人力资源社会保障局:
{BODY}
河北省教育厅  河北省财政厅
河北省人力资源和社会保障厅
河北省发展和改革委员会、河北省卫生健康委员会  共青团河北省委
二〇一九年三月九日
抄送:教育部办公厅。
河北省教育厅办公室 2019年3月12日印发
"""


def test_joint_notice_lists_every_issuer_as_signed():
    _, meta = meta_of(JOINT)
    assert meta.issuer == ["河北省教育厅", "河北省财政厅", "河北省人力资源和社会保障厅",
                           "河北省发展和改革委员会", "河北省卫生健康委员会", "共青团河北省委"]


def test_date_is_the_signature_date_in_chinese_numerals_not_the_print_date():
    _, meta = meta_of(JOINT)
    assert meta.date == "2019-03-09"


def test_every_field_keeps_the_span_it_was_read_from():
    text, meta = meta_of(JOINT)
    assert text[slice(*meta.evidence["doc_number"])] == "冀教师〔2019〕12号"
    assert text[slice(*meta.evidence["date"])] == "二〇一九年三月九日"
    assert text[slice(*meta.evidence["title"])] == meta.title
    assert meta.region == "河北省" and text[slice(*meta.evidence["region"])] == "河北省"


@pytest.mark.parametrize("line, number", [
    ("大教发〔2017〕1号", "大教发〔2017〕1号"),
    ("(沪府办发[2016]24号)", "沪府办发[2016]24号"),
    ("（潍政办字［2017］69号）", "潍政办字[2017]69号"),
    ("(鲁教体发〔2018〕1号 2018年4月16日)", "鲁教体发〔2018〕1号"),
    ("教体艺厅函(2019)41号", "教体艺厅函(2019)41号"),
    ("青教发﹝2020﹞3号", "青教发〔2020〕3号"),
])
def test_doc_number_in_every_bracket(line, number):
    title = "青州市教育局关于开展校园安全检查的通知"
    _, meta = meta_of(f"{line}\n{title}\n各学校:\n{BODY}\n青州市教育局\n2020年5月1日\n")
    assert meta.doc_number == number
    assert meta.title == "青州市教育局关于开展校园安全检查的通知"


def test_number_cited_in_the_title_is_not_the_documents_own():
    title = "山东省人民政府办公厅关于贯彻国办发〔2015〕71号文件加强学校美育工作的实施意见"
    _, meta = meta_of(f"{title}\n各市人民政府:\n{BODY}")
    assert meta.doc_number is None
    assert meta.issuer == ["山东省人民政府办公厅"]  # from the title when nothing is signed


def test_title_over_several_lines_with_spaced_doc_type():
    _, meta = meta_of(f"龙泉县教育局\n关于印发《龙泉县教育局2018年工作要点》的\n通  知\n各学校:\n{BODY}")
    assert meta.title == "龙泉县教育局关于印发《龙泉县教育局2018年工作要点》的通知"
    assert meta.doc_type == "通知"
    assert meta.region == "龙泉县"


def test_traditional_title_and_redacted_region():
    title = "_區教育局關於印發《“十四五”教育發展規劃》的通知"
    _, meta = meta_of(f"{title}\n各學校:\n現將規劃印發給你們。\n{BODY}")
    assert meta.title == "_区教育局关于印发《“十四五”教育发展规划》的通知"
    assert meta.region == "_区"
    assert meta.issuer == ["_区教育局"]


def test_page_holding_only_the_carried_plan_takes_its_title_and_the_notices_issuer():
    text = f"临江市教育局关于印发《临江市“十四五”教育事业发展规划》的通知\n\n\n{BODY * 5}"
    _, meta = meta_of(text)
    assert meta.title == "临江市“十四五”教育事业发展规划"
    assert meta.issuer == ["临江市教育局"]
    assert meta.period == (2021, 2025)
    assert meta.doc_type == "发展规划"


def test_news_page_takes_the_date_in_its_header():
    text = f"永安区持续推进教育集团化办学\nhttp://example.org2021年3月5日 09:30教育新闻网\n{BODY}"
    _, meta = meta_of(text)
    assert meta.date == "2021-03-05"
    assert meta.region == "永安区"
    assert meta.issuer == []


def test_wire_dateline_when_nothing_is_signed():
    title = "中共中央办公厅、国务院办公厅印发《关于深化教育改革的意见》"
    _, meta = meta_of(f"{title}\n{BODY}\n(新华社北京2020年10月15日电)")
    assert meta.date == "2020-10-15"
    assert meta.issuer == ["中共中央办公厅", "国务院办公厅"]


@pytest.mark.parametrize("title, period", [
    ("城西区教育高质量发展三年行动计划(2024—2026年)", (2024, 2026)),
    ("城西区“双减”工作实施方案(2022—2024年)", (2022, 2024)),
    ("城西区教育事业发展规划(2021-2025年)", (2021, 2025)),
    ("城西区“十三五”教育发展规划", (2016, 2020)),
    ("城西区2017年教育工作要点", (2017, 2017)),
])
def test_period(title, period):
    _, meta = meta_of(f"{title}\n{BODY}")
    assert meta.period == period
    assert meta.doc_type in ("行动计划", "发展规划", "工作要点", "实施方案")


def test_issuers_in_brackets_under_a_carried_title():
    _, meta = meta_of(f"关于全面加强学校美育工作的若干意见\n(教育厅、财政厅、人力资源社会保障厅)\n{BODY}")
    assert meta.issuer == ["教育厅", "财政厅", "人力资源社会保障厅"]
    assert meta.doc_type == "若干意见"


def test_an_amended_law_is_dated_by_its_latest_amendment():
    text = ("中华人民共和国城乡建设法\n\n2007年10月28日 第十届全国人民代表大会常务委员会第三十次会议通过\n\n"
            "2015年4月24日 第十二届全国人民代表大会常务委员会第十四次会议"
            "《关于修改<中华人民共和国港口法>等七部法律的决定》第一次修正\n\n"
            "2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议第二次修正\n\n"
            "第一章 总则\n\n第一条 为了加强城乡建设管理，制定本法。\n")
    meta = read_metadata(text)
    assert meta.date == "2019-04-23"
    assert text[slice(*meta.evidence["date"])] == "2019年4月23日"


def test_a_regulation_whose_history_opens_with_its_issue_is_dated_by_its_last_revision():
    text = ("学校卫生工作办法\n\n1990年6月4日 国务院批准　\n\n2005年3月1日 《国务院关于修改〈学校卫生工作办法〉的决定》"
            "第一次修订　\n\n2016年2月6日 《国务院关于修改部分行政法规的决定》第二次修订\n\n"
            "第一条 为加强学校卫生工作，制定本办法。\n")
    meta = read_metadata(normalise(text).text)
    assert meta.date == "2016-02-06"


def test_a_bracketed_history_line_dates_the_law_by_its_last_entry():
    text = ("中华人民共和国城乡建设法\n（2007年10月28日第十届全国人民代表大会常务委员会第三十次会议通过　"
            "根据2019年4月23日第十三届全国人民代表大会常务委员会第十次会议第二次修正）\n"
            "第一条 为了加强管理，制定本法。\n")
    assert read_metadata(normalise(text).text).date == "2019-04-23"


def test_a_report_page_is_dated_by_its_article_header_a_document_is_not():
    report = ("首页 > 新闻 > 正文\n桃源区:课后服务惠及万名学生\n来源:区融媒体中心 作者:王五 发布时间:2025-01-08 10:00\n"
              + BODY)
    clean, meta = meta_of(report)
    assert meta.title == "桃源区:课后服务惠及万名学生"
    assert meta.date == "2025-01-08"
    document = "桃源区教育局关于做好课后服务工作的通知\n来源:区教育局 发布时间:2025-01-08\n" + BODY
    _, meta = meta_of(document)
    assert meta.title == "桃源区教育局关于做好课后服务工作的通知"
    assert meta.date is None  # a posting date is not the 成文日期


def test_title_run_into_the_first_body_line_after_a_banner():
    page = ("桃源县课后服务实施方案.doc\n亲,该文档总共6页,如果喜欢就下载吧!\n下载资源\n"
            "桃源县课后服务实施方案为贯彻落实国家关于减轻义务教育阶段学生负担的要求,制定本方案。" + BODY)
    _, meta = meta_of(page)
    assert meta.title == "桃源县课后服务实施方案"


def test_without_a_document_type_the_title_is_a_title_like_line_not_a_banner():
    page = "桃源教育网\n亲,欢迎光临,请登录!\n桃源区:以集团化办学扩大优质资源\n" + BODY
    _, meta = meta_of(page)
    assert meta.title == "桃源区:以集团化办学扩大优质资源"


def test_title_centred_over_two_lines_ends_on_its_short_last_line():
    notice = ("桃政办〔2024〕3号\n桃源市人民政府办公室关于印发桃源市课后服务提质行动计划(2024—2026年)\n的通知\n"
              "各县区人民政府:\n" + BODY)
    _, meta = meta_of(notice)
    assert meta.title == "桃源市人民政府办公室关于印发桃源市课后服务提质行动计划(2024—2026年)的通知"
    assert meta.doc_type == "通知"
