"""HTML main text, DOCX body order and PDF line rejoining, on documents generated here."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from pdfmaker import Line, make_pdf, wrap

from extractors.readers import read

PORTAL = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发工作要点的通知_明水县教育局</title>
<script>var nav = "首页 政务公开";</script><style>.nav{color:red}</style></head><body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/jydt">教育动态</a></div>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/a">机构设置</a></li>
<li><a href="/b">办事指南</a></li></ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tz">通知公告</a></div>
<div class="article"><h1>明水县教育局关于印发2024年工作要点的通知</h1>
<div class="content">
<p>明教发〔2024〕5号</p>
<p>各中小学：现将《明水县教育局2024年工作要点》印发给你们，请认真贯彻执行。</p>
<p>一、总体要求</p>
<p>坚持立德树人，推动全县教育优质均衡发展，办好人民满意的教育，到2025年学前三年毛入园率达到95%以上。</p>
<p>二、重点任务</p>
<p>（一）新建明水县城北小学，新增学位1620个。县教育局牵头，县财政局配合。<br>（二）将石桥小学并入明水县实验小学。</p>
<table><tr><td>学校名称</td><td>新增学位</td></tr><tr><td>明水县城北小学</td><td>1620</td></tr></table>
<p>明水县教育局</p><p>2024年1月8日</p>
</div>
<div class="pager">上一页 <a href="?p=1">[1]</a> <a href="?p=2">[2]</a> 下一页</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">打印本页</a></div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/x">云溪市教育局关于做好开学工作的通知</a></li>
<li><a href="/y">明水县2023年教育工作总结</a></li></ul></div>
<div class="footer">版权所有：明水县教育局 地址：明水县文化路1号 ICP备00000000号</div>
<script>document.title = "x";</script></body></html>"""

FURNITURE = ["网站首页", "机构设置", "当前位置", "上一页", "[1]", "分享到", "相关链接", "做好开学工作",
             "版权所有", "ICP备", "var nav", "color:red"]


@pytest.fixture
def portal(tmp_path):
    path = tmp_path / "notice.html"
    path.write_bytes(PORTAL.encode("gb18030"))
    return read(path)


def test_html_keeps_the_main_text_and_drops_page_furniture(portal):
    assert portal.format == "html"
    assert portal.encoding == "gb18030"  # declared gb2312, decoded with its superset
    for junk in FURNITURE:
        assert junk not in portal.text, junk
    for kept in ["明教发〔2024〕5号", "到2025年学前三年毛入园率达到95%以上", "将石桥小学并入明水县实验小学",
                 "2024年1月8日"]:
        assert kept in portal.text


def test_html_headings_and_breaks_start_lines(portal):
    lines = portal.text.split("\n")
    assert lines[0] == "明水县教育局关于印发2024年工作要点的通知"
    for heading in ["一、总体要求", "二、重点任务", "（二）将石桥小学并入明水县实验小学。", "明水县教育局"]:
        assert heading in lines
    assert "学校名称\t新增学位" in lines
    assert "明水县城北小学\t1620" in lines


def test_html_short_notice_in_a_layout_table_is_kept_whole(tmp_path):
    page = ("<html><head><meta charset='utf-8'></head><body><table><tr><td><a href='/'>首页</a></td>"
            "<td><a href='/tz'>通知</a></td></tr></table><table><tr><td>"
            "<div>关于开展校园安全检查的通知</div><div>各学校：</div>"
            "<div>请于3月10日前完成自查。</div><div>县教育局</div><div>2024年3月1日</div>"
            "</td></tr></table></body></html>")
    path = tmp_path / "short.htm"
    path.write_text(page, encoding="utf-8")
    lines = read(path).text.split("\n")
    assert lines == ["关于开展校园安全检查的通知", "各学校：", "请于3月10日前完成自查。", "县教育局",
                     "2024年3月1日"]


def test_html_ruby_glosses_read_like_inline_glosses(tmp_path):
    page = ("<html><body><div class='content'><p><ruby>教<rp>(</rp><rt>jiāo</rt><rp>)</rp></ruby>育局"
            "印發《工作要點》，到2025年，學前三年毛入園率達到95%以上，新建幼兒園3所。</p></div></body></html>")
    path = tmp_path / "ruby.html"
    path.write_text(page, encoding="utf-8")
    assert read(path).text.startswith("教(jiāo)育局印發《工作要點》")


def _docx(path):
    doc = Document()
    doc.add_paragraph("明水县义务教育优质均衡发展实施方案", style="Title")
    doc.add_paragraph("一、工作目标", style="Heading 1")
    doc.add_paragraph("到2026年，义务教育巩固率达到99%以上。")
    doc.add_paragraph("")
    table = doc.add_table(rows=3, cols=3)
    rows = [("学校名称", "建设内容", "完成时间"), ("明水县城北小学", "新建", "2025年8月"),
            ("明水县第二中学", "改扩建\n食堂", "2024年12月")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.add_row().cells
    merged[0].merge(merged[2]).text = "合计新增学位1980个"
    doc.add_paragraph("（一）改善办学条件", style="Heading 2")
    para = doc.add_paragraph("县教育局牵头，")
    para.add_run().add_break(WD_BREAK.LINE)
    para.add_run("县财政局配合。")
    doc.save(path)


def test_docx_body_order_headings_and_tables(tmp_path):
    path = tmp_path / "plan.docx"
    _docx(path)
    raw = read(path)
    assert raw.format == "docx"
    assert raw.text.split("\n") == [
        "明水县义务教育优质均衡发展实施方案",
        "一、工作目标",
        "到2026年，义务教育巩固率达到99%以上。",
        "学校名称\t建设内容\t完成时间",
        "明水县城北小学\t新建\t2025年8月",
        "明水县第二中学\t改扩建 食堂\t2024年12月",
        "合计新增学位1980个",
        "（一）改善办学条件",
        "县教育局牵头，",
        "县财政局配合。",
    ]


HEADER = Line("明水县教育局文件", x=230, top=40, size=10)
PARA1 = ("到2026年，全县新建改扩建学校5所，新增学位2160个，其中明水县城北小学于2025年8月前建成投入使用，"
         "由县教育局牵头，县发展改革局、县自然资源局、县住建局配合推进，并将石桥小学并入明水县实验小学。")


def _pdf_pages() -> list[list[Line]]:
    first = [HEADER, Line("一、工作目标", top=100)] + wrap(PARA1, top=120)
    cut = len(first) - 1  # the paragraph's last line moves to the next page
    page1 = first[:cut] + [Line("—1—", x=285, top=780, size=10)]
    carried = first[cut]
    page2 = [HEADER, Line(carried.text, top=100), Line("（一）改善办学条件", top=130)]
    page2 += wrap("县财政局保障资金，三年投入不少于1.2亿元。", top=150)
    page2 += [Line("明水县教育局", x=380, top=220), Line("2024年4月28日", x=380, top=240),
              Line("- 2 -", x=285, top=780, size=10)]
    page3 = [HEADER, Line("附件：重点项目清单", top=100), Line("第3页", x=285, top=780, size=10)]
    return [page1, page2, page3]


@pytest.fixture
def pdf_text(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(_pdf_pages()))
    raw = read(path)
    assert raw.format == "pdf"
    return raw.text


def test_pdf_rejoins_paragraphs_across_lines_and_pages(pdf_text):
    assert PARA1 in pdf_text.split("\n")
    assert " " not in pdf_text


def test_pdf_drops_page_numbers_and_running_headers(pdf_text):
    for junk in ["明水县教育局文件", "—1—", "- 2 -", "第3页"]:
        assert junk not in pdf_text


def test_pdf_keeps_headings_and_signature_lines(pdf_text):
    assert pdf_text.split("\n") == [
        "一、工作目标", PARA1, "（一）改善办学条件", "县财政局保障资金，三年投入不少于1.2亿元。",
        "明水县教育局", "2024年4月28日", "附件：重点项目清单",
    ]


def test_pdf_line_without_sentence_end_joins_unless_next_is_a_heading(tmp_path):
    body = "县教育局要统筹推进学校建设和教师队伍建设工作任务，落实到每一所学校和每一名教师身上确保"
    lines = wrap(body + "目标实现。", top=100)
    lines += [Line("1.新建学校", top=100 + 20 * len(lines)), Line("2.调整布局", top=120 + 20 * len(lines))]
    path = tmp_path / "items.pdf"
    path.write_bytes(make_pdf([lines]))
    assert read(path).text.split("\n") == [body + "目标实现。", "1.新建学校", "2.调整布局"]


def test_pdf_line_opening_with_any_heading_label_of_the_styles_table_starts_a_line(tmp_path):
    # lines from margin to margin that end no sentence: only a heading label breaks after them
    body = ("县教育局要统筹推进学校建设和教师队伍建设工作任务落实到每一所学校和每一名教师身上确保" * 2)[:72]
    lines = wrap(body, top=100)
    lines.append(Line("第二阶段巩固提升", top=140))
    lines += wrap(body, top=160)[:1]
    lines.append(Line("⑪强化保障", top=180))
    path = tmp_path / "stages.pdf"
    path.write_bytes(make_pdf([lines]))
    assert read(path).text.split("\n") == [body, "第二阶段巩固提升", body[:35], "⑪强化保障"]


MARKDOWN_PLAN = """---
title: 青川县教育事业发展规划
weight: 3
---
# 青川县“十四五”教育事业发展规划

<!-- 来源：县政府门户网站 -->
2021年6月1日 青川县人民政府印发

## 一、主要目标

到2025年，**学前三年毛入园率**达到92%以上。

> 依据《[四川省教育事业发展“十四五”规划](http://example.org/plan.html)》制定。

- 新建青川县第二小学
- 改扩建城关幼儿园

| 指标 | 2020年 | 2025年 |
|---|:---:|---:|
| 九年义务教育巩固率(%) | 95 | 97 |
"""


def test_markdown_reads_as_the_text_its_markup_wraps(tmp_path):
    from extractors import extract_file

    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN_PLAN, encoding="utf-8")
    raw = read(path)
    assert raw.format == "markdown" and raw.text == MARKDOWN_PLAN  # the file's own characters
    record = extract_file(path)
    doc = record.documents[0]
    assert doc.title == "青川县“十四五”教育事业发展规划"
    assert record.text[slice(*doc.evidence["title"])] == doc.title  # the span is in the file
    assert [s.path for s in doc.sections] == ["一"]
    assert {e.name for e in doc.entities if e.type == "Policy"} == {"四川省教育事业发展十四五规划"}
    assert {e.name for e in doc.entities if e.type == "School"} >= {"青川县第二小学"}
    values = {(t.indicator, t.value) for t in doc.targets}
    assert ("学前三年毛入园率", 92) in values and ("九年义务教育巩固率", 97) in values
    text = " ".join([doc.title or "", *(s.title or "" for s in doc.sections)])
    assert not any(mark in text for mark in ("#", "**", "<!--", "](", "---"))


def test_markdown_markup_is_only_dropped_from_markdown():
    from extractors.normalise import normalise

    line = "# 第3号 **重点**\n"
    assert normalise(line, "markdown").text == "第3号 重点\n"
    assert normalise(line).text == line


def test_pdf_right_aligned_date_does_not_run_into_the_next_page(tmp_path):
    """A notice's date, set flush right at the foot of a page, is followed by the carried plan's
    centred title at the head of the next: two lines, not one."""
    body = "各县区教育局要高度重视,加强统筹协调,认真组织实施,确保各项任务落到实处,取得实效。" * 3
    first = [*wrap(body), Line("桃源市教育局", x=440, top=300), Line("2024年3月1日", x=450, top=320)]
    second = [Line("桃源市义务教育阶段学校课后服务提质扩面三年行动方案(2024", x=80, top=100),
              Line("—2026年)", x=260, top=120), *wrap(body, top=160)]
    path = tmp_path / "notice.pdf"
    path.write_bytes(make_pdf([first, second]))
    lines = read(path).text.splitlines()
    assert "2024年3月1日" in lines
    assert "桃源市义务教育阶段学校课后服务提质扩面三年行动方案(2024" in lines


def test_html_title_in_a_styled_block_is_kept_when_the_page_title_names_it(tmp_path):
    """No <h1> and no furniture classes: the title sits in a <div> the main-text extractor drops;
    the page's <title> (title, then channel and site) says which block it is."""
    body = "".join(f"<p>{i}、各校要落实课后服务工作,确保每名有需要的学生都能参加,服务时间与下班时间相衔接。</p>"
                   for i in ("一", "二", "三"))
    page = (f"<html><head><meta charset='utf-8'><title>桃源小学课后服务实施方案_通知公告_桃源小学</title></head>"
            f"<body><div class='x1'><a href='/'>首页</a><a href='/a'>学校概况</a></div>"
            f"<div class='x2'><div class='x3'>桃源小学课后服务实施方案</div><div class='x4'>{body}</div></div>"
            f"</body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    text = read(path).text
    assert text.split("\n")[0] == "桃源小学课后服务实施方案"
    assert "学校概况" not in text
