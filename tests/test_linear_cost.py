"""Repetitive inputs that once cost quadratic time now complete, with the right result.

No time is asserted (speed is measured in bench/bench_linearity.py); each text is large enough
that a scan per item over the whole text would run for minutes.
"""

from __future__ import annotations

from extractors.components.targets import find_targets
from extractors.names import merge_entities
from extractors.pipeline import make_nlp
from extractors.recognisers import departments, schools
from extractors.recognisers.common import TextContext


def _context(text: str) -> TextContext:
    doc = make_nlp(())(text)
    return TextContext.from_doc(doc, text)


def test_one_sentence_of_repeated_targets_gives_each_target():
    def targets(times: int) -> list:
        text = "到2025年学前三年毛入园率达到95%以上" * times  # one sentence: no punctuation, no line break
        return [t for t, _ in find_targets(text, plan=True)]
    few, many = targets(20), targets(20000)
    assert len(many) - len(few) == 20000 - 20  # each repetition is one more target
    assert {(t.comparator, t.value, t.unit, t.deadline) for t in many} == {(">=", 95, "%", 2025)}
    assert all(t.indicator.endswith("学前三年毛入园率") for t in many)


def test_many_targets_in_one_clause_keep_their_own_wording():
    text = "一、目标\n" + "、".join(f"新建第{i}幼儿园{i % 9 + 1}所" for i in range(5000)) + "。"
    found = [t for t, _ in find_targets(text, plan=True)]
    assert len(found) == 5000 and found[-1].value == 4999 % 9 + 1


def test_an_endless_enumeration_of_departments_is_no_school():
    text = "教育局、" * 150000
    assert schools.find(_context(text)) == []


def test_a_long_list_of_short_names_before_a_count_is_every_school():
    names = [f"{a}{b}" for a in "甲乙丙丁戊己庚辛壬癸" for b in "东南西北中上下左右前"]  # 100 two-character names
    text = "新建" + "、".join(names * 300) + "等30000所学校。"
    found = {m.name for m in schools.find(_context(text))}
    assert found == set(names)


def test_a_name_mentioned_fifty_thousand_times_is_one_entity():
    mentions = [("Department", "教育局", (i * 4, i * 4 + 3)) for i in range(50000)]
    mentions += [("Department", "市教育局", (10, 14))]
    merged = merge_entities(mentions)
    assert [(e.name, len(e.spans)) for e in merged] == [("市教育局", 50001)]


def test_many_lists_of_bodies_sharing_a_head_each_read_once():
    text = "会同财政、民政等部门、" * 30000
    found = departments._distributed(_context(text))
    assert len(found) == 60000 and {m.name for m in found} == {"财政部门", "民政部门"}
