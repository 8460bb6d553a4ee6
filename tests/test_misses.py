"""``edukg evaluate --misses``: the items an extraction got wrong, by category, with their text."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractors.errors import ReadError
from extractors.misses import file_misses, format_misses, list_misses
from graph.cli import app

GOLD = {"title": "甲县教育局关于印发甲县学前教育实施方案的通知",
        "sections": [{"path": "一", "label": "一", "title": "总体要求"},
                     {"path": "二", "label": "二", "title": "主要任务"}],
        "entities": [{"type": "Department", "name": "甲县教育局"}, {"type": "School", "name": "龙珠小学"}],
        "targets": [{"indicator": "学前三年毛入园率", "comparator": ">=", "value": 90, "unit": "%", "deadline": 2025}],
        "relations": [{"type": "responsibleFor", "head": "甲县教育局", "tail": "二"}]}
PRED = {"title": "甲县学前教育实施方案",
        "sections": [{"path": "一", "label": "一", "title": "总体要求"}],
        "entities": [{"type": "Department", "name": "县教育局"}, {"type": "Indicator", "name": "三年毛"}],
        "targets": [{"indicator": "三年毛", "comparator": ">=", "value": 90, "unit": "%", "deadline": 2025},
                    {"indicator": "学前三年毛入园率", "comparator": ">=", "value": 9, "unit": "%", "deadline": 2025}],
        "relations": [{"type": "responsibleFor", "head": "甲县教育局", "tail": "一"}]}


def _lines(gold, pred):
    return {(m.category, m.kind, m.text) for m in file_misses([gold], [pred], "plan")}


def test_misses_name_what_is_missed_and_what_is_spurious():
    found = _lines(GOLD, PRED)
    assert ("section", "missed", "二 主要任务") in found
    assert ("entity School", "missed", "龙珠小学") in found
    assert ("entity Indicator", "spurious", "三年毛") in found
    assert not any(c == "entity Department" for c, _, _ in found)  # 县教育局 matches 甲县教育局
    # a target needs its value: 9% is no match for 90%, and 三年毛 is too short a part of the gold name
    assert ("target", "missed", "学前三年毛入园率 >= 90% (by 2025)") in found
    assert ("target", "spurious", "学前三年毛入园率 >= 9% (by 2025)") in found
    assert ("relation responsibleFor", "missed", "甲县教育局 → 二") in found
    assert ("relation responsibleFor", "spurious", "甲县教育局 → 一") in found


def test_a_perfect_prediction_has_no_misses():
    assert _lines(GOLD, GOLD) == set()


def test_scope_limits_what_is_listed():
    gold = dict(GOLD, scope=["metadata", "relations:basedOn"])
    assert _lines(gold, PRED) == set()


def test_an_unpaired_document_is_listed_whole():
    found = {(m.where, m.category, m.kind) for m in file_misses([GOLD], [PRED, PRED], "plan")}
    assert ("plan#extra1", "document", "spurious") in found and ("plan#extra1", "entity Indicator", "spurious") in found


def test_format_keeps_n_per_category_and_counts_the_rest():
    gold = dict(GOLD, entities=[{"type": "School", "name": f"第{i}号小学校园"} for i in "一二三四五"])
    lines = format_misses(list(file_misses([gold], [{}], "plan")), 2)
    at = lines.index("-- entity School missed: 5")
    assert lines[at + 3] == "   … 3 more" and lines[at + 1].startswith("   plan#0  ")


def test_evaluate_lists_misses_and_names_a_bad_prediction(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "plan.json").write_text(json.dumps({"documents": [GOLD]}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "plan.txt").write_text(GOLD["title"] + "\n一、总体要求\n到2025年，学前三年毛入园率达到90%以上。\n",
                                       encoding="utf-8")
    scorer = tmp_path / "score.py"
    scorer.write_text("print('scored')\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold_dir), str(tmp_path / "plan.txt"), "--scorer", str(scorer),
                                      "--misses", "3"])
    assert result.exit_code == 0, result.output
    assert "-- entity School missed: 1" in result.output and "龙珠小学" in result.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "plan.json").write_text("{", encoding="utf-8")
    with pytest.raises(ReadError, match="JSON") as caught:
        list_misses(gold_dir, bad)
    assert str(caught.value).startswith(str(bad / "plan.json"))
