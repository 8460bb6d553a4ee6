"""Indicator tables: the target year's column, units with the indicator, comparators in cells."""

from extractors.normalise import normalise
from extractors.tables import find_table_targets

TABLE = """（五）主要发展指标
序号\t指标\t2020年\t2025年\t属性
1\t学前三年毛入园率（%）\t88.6\t92\t预期性
2\t义务教育阶段大班额比例（%）\t3.2\t≤1\t约束性
3\t小学生师比\t18.6:1\t≤17:1\t预期性
4\t劳动年龄人口平均受教育年限（年）\t10.3\t11\t预期性
三、主要任务
"""


def test_targets_of_an_indicator_table():
    text = normalise(TABLE).text
    targets, tables = find_table_targets(text)
    got = [(t.indicator, t.comparator, t.value, t.unit, t.deadline) for t, _ in targets]
    assert got == [("学前三年毛入园率", "=", 92.0, "%", 2025), ("义务教育阶段大班额比例", "<=", 1.0, "%", 2025),
                   ("小学生师比", "<=", 17.0, None, 2025), ("劳动年龄人口平均受教育年限", "=", 11.0, "年", 2025)]
    (start, end), = tables
    assert text[start:end].startswith("序号") and text[start:end].endswith("预期性")
    for target, (s, e) in targets:
        assert text[s:e].startswith(target.indicator)


def test_lines_without_a_year_or_target_column_are_no_table():
    assert find_table_targets("姓名\t单位\t职务\n张三\t教育局\t科长\n") == ([], [])
