"""Writes ``02_mingshui_county_plan.docx``, the bundled Word sample, with python-docx.

Run from the repository root: ``python examples/_make_docx.py``. The sample is a
fictional county plan that cites the city plan of ``01_yunxi_city_action_plan.txt``
(its title and 发文字号), so the demo graph holds a dependency across documents.
It uses Word heading styles and a table, as county offices' Word files do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("02_mingshui_county_plan.docx")

# (style, text); style None is a plain paragraph.
NOTICE = [
    ("Title", "明水县教育局 明水县财政局 明水县人力资源和社会保障局关于印发《明水县义务教育优质均衡发展"
              "实施方案（2024—2026年）》的通知"),
    (None, "明教发〔2024〕11号"),
    (None, "各乡镇中心学校，县直各学校："),
    (None, "根据《云溪市基础教育高质量发展三年行动计划（2024—2026年）》（云教发〔2024〕3号）精神，县教育局、"
           "县财政局、县人社局联合制定了《明水县义务教育优质均衡发展实施方案（2024—2026年）》，现印发给你们，"
           "请认真抓好落实。"),
    (None, "明水县教育局"),
    (None, "明水县财政局"),
    (None, "明水县人力资源和社会保障局"),
    (None, "2024年4月28日"),
]

PLAN = [
    ("Title", "明水县义务教育优质均衡发展实施方案（2024—2026年）"),
    (None, "为加快推进县域义务教育优质均衡发展，根据《云溪市基础教育高质量发展三年行动计划（2024—2026年）》"
           "和《县域义务教育优质均衡发展督导评估办法》，结合我县实际，制定本方案。"),
    ("Heading 1", "一、工作目标"),
    (None, "到2026年，全县义务教育学校办学条件全面达标，县域义务教育优质均衡发展通过省级督导评估。"
           "小学、初中校际差异系数分别控制在0.50以内和0.45以内；义务教育巩固率达到99%以上；"
           "每百名学生拥有县级以上骨干教师数小学、初中均不少于1人；"
           "符合条件的随迁子女在公办学校就读比例不低于85%。"),
    ("Heading 1", "二、主要任务"),
    ("Heading 2", "（一）改善办学条件"),
    (None, "1.新建改扩建学校。2024—2026年新建明水县城北小学、改扩建明水县第二中学等学校5所，"
           "新增学位2160个，具体项目见下表。县教育局牵头，县发展改革局、县自然资源局、县住建局配合。"),
    ("TABLE", None),
    (None, "2.调整学校布局。将石桥小学并入明水县实验小学，将柳塘教学点并入柳塘中心小学，"
           "2024年秋季学期前完成师生分流和资产移交。县教育局负责，相关乡镇人民政府配合。"),
    (None, "3.补齐装备短板。按照《江南省中小学校办学条件基本标准》配齐实验仪器和图书，"
           "到2025年生均图书小学不少于25册、初中不少于35册。县财政局保障资金。"),
    ("Heading 2", "（二）加强教师队伍建设"),
    (None, "1.落实“县管校聘”。县人社局、县委编办会同县教育局每年核定一次教职工编制，"
           "城乡学校编制实行统一标准，每年交流轮岗骨干教师不少于60名。"),
    (None, "2.实施“青蓝工程”。为每名新入职教师配备1名指导教师，三年内培养县级骨干教师120名。"
           "县教师发展中心负责。"),
    (None, "3.承接市级“三名”工程。推荐不少于8名教师参加云溪市名教师培养，建设县级名师工作室10个。"),
    ("Heading 2", "（三）提升教育质量"),
    (None, "1.深化课堂教学改革。推进“三段六步”课堂教学模式，每学期开展一次全县教学质量监测。"),
    (None, "2.加强劳动教育和体育美育。中小学每周劳动教育课不少于1课时，学生每天校内体育活动时间不少于1小时，"
           "《国家学生体质健康标准》达标率达到92%以上。"),
    ("Heading 1", "三、保障措施"),
    (None, "（一）加强组织领导。成立县义务教育优质均衡发展工作领导小组，县人民政府分管副县长任组长，"
           "领导小组办公室设在县教育局。"),
    (None, "（二）落实经费保障。县财政局将所需经费列入年度预算，三年投入改善办学条件资金不少于1.2亿元。"),
    (None, "（三）严格督导考核。县政府教育督导室每年对乡镇和学校开展专项督导，结果作为评先评优的重要依据。"),
]

TABLE = [
    ("学校名称", "建设内容", "新增学位（个）", "完成时间"),
    ("明水县城北小学", "新建，36个教学班", "1620", "2025年8月"),
    ("明水县第二中学", "改扩建教学楼、食堂", "360", "2024年12月"),
    ("柳塘中心小学", "改扩建宿舍楼", "180", "2024年8月"),
]


def build(out: Path = OUT) -> Path:
    """Write the sample; fixed core properties keep its metadata stable between runs."""
    doc = Document()
    props = doc.core_properties
    props.author = "明水县教育局"
    props.title = PLAN[0][1]
    props.created = props.modified = dt.datetime(2024, 4, 28)
    for style, text in NOTICE:
        doc.add_paragraph(text, style=style)
    doc.add_page_break()
    for style, text in PLAN:
        if style == "TABLE":
            table = doc.add_table(rows=0, cols=len(TABLE[0]), style="Table Grid")
            for row in TABLE:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
        else:
            doc.add_paragraph(text, style=style)
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build())
