"""The shared text patterns as the extractors use them: every way of writing a redaction, a
redacted year and a heading label is read the same by every module."""

import re

from extractors import extract_text
from extractors.patterns import any_label, expand, load_patterns, section_styles
from extractors.quantities import DEADLINE


def places(text: str) -> list[tuple[str, str]]:
    doc = extract_text(text).documents[0]
    return sorted((e.name, text[e.spans[0][0]:e.spans[0][1]]) for e in doc.entities if e.type == "Place")


def test_a_redacted_place_is_one_place_however_its_marks_are_written():
    text = "一、目标\n××市、xx县和XXXX区要统筹推进，_市加强督导。\n"
    found = places(text)
    assert ("XX市", "××市") in found and ("XX县", "xx县") in found
    assert ("XX区", "XXXX区") in found  # the whole run of marks, not its last pair
    assert ("_市", "_市") in found


def test_a_redacted_region_is_read_from_any_marks():
    doc = extract_text("××市教育局关于印发2024年工作要点的通知\n" + "各学校:现将要点印发给你们,请认真贯彻执行。" * 30)
    assert doc.documents[0].region == "××市"


def test_a_year_with_its_last_digits_redacted_is_a_deadline_however_many_are_hidden():
    assert [DEADLINE.search(s) is not None for s in ("到2025年", "到20_年", "到20__年", "到202_年")] == [True] * 4


def test_every_pattern_file_and_style_compiles_with_its_named_parts():
    for name in ("heading_starts.txt", "pdf_page_numbers.txt", "programme_not.txt"):
        assert load_patterns(name) and not any(re.search(r"\{[A-Z]", p.pattern) for p in load_patterns(name))
    assert section_styles() and not any(re.search(r"\{[A-Z]", s.pattern.pattern) for s in section_styles())


def test_a_section_label_is_whatever_the_styles_table_says():
    rx = re.compile(f"(?:{any_label()})$")
    assert all(rx.match(s) for s in ("第一百零一条", "(十二)", "12.", "⑳", "三是", "第一阶段"))
    assert not any(rx.match(s) for s in ("第两条", "100.", "一百、"))
    assert expand("{CN}") == "[一二三四五六七八九十]"
