"""Canonical names follow the extraction contract's five steps."""

from extractors.names import canonical, is_placeholder, merge_entities


def test_canonical_name_steps():
    assert canonical("“三名”培训工程") == "三名培训工程"
    assert canonical("《中華人民共和國民辦教育促進法》") == "中华人民共和国民办教育促进法"
    assert canonical("教(jiāo)育局") == "教育局"
    assert canonical("ＸＸ学校") == "XX学校"
    assert canonical("＿＿市 一中") == "_市一中"
    assert canonical("××小学") == "XX小学"


def test_placeholders_alone_name_nothing():
    assert is_placeholder("XX") and is_placeholder("_") and is_placeholder("*")
    assert not is_placeholder("市XX中") and not is_placeholder("_一中")


def test_a_department_and_its_level_prefixed_name_are_one_entity():
    merged = merge_entities([("Department", "区教育局", (0, 4)), ("Department", "教育局", (10, 13)),
                             ("School", "XX", (20, 22)), ("Department", "财政局", (30, 33))])
    names = {(e.type, e.name): e.spans for e in merged}
    assert names == {("Department", "区教育局"): [(0, 4), (10, 13)], ("Department", "财政局"): [(30, 33)]}
