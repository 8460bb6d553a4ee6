"""Plain-text reader: every encoding Chinese plans arrive in is detected, none is mis-decoded."""

from __future__ import annotations

import pytest
from opencc import OpenCC

from extractors.errors import ReadError
from extractors.readers import read

SIMPLIFIED = ("明水县教育局关于印发《明水县义务教育优质均衡发展实施方案》的通知\n"
              "根据《云溪市基础教育高质量发展三年行动计划（2024—2026年）》，结合我县实际，制定本方案。\n"
              "一、工作目标\n到2025年，学前三年毛入园率达到95%以上，新建幼儿园3所。"
              "县教育局牵头，县财政局、县人社局配合。\n")
# Taiwan-standard forms, so that every character also exists in Big5.
TRADITIONAL = OpenCC("s2tw").convert(SIMPLIFIED)

# (encoding written, encodings the reader may report)
ENCODINGS = [
    ("utf-8", {"utf-8"}),
    ("utf-8-sig", {"utf-8-sig"}),
    ("utf-16", {"utf-16"}),
    ("utf-16-le", {"utf-16-le"}),
    ("utf-16-be", {"utf-16-be"}),
    ("gb18030", {"gb18030"}),
    ("gbk", {"gb18030"}),
    ("big5", {"big5", "cp950", "big5hkscs"}),
]


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


TEXTS = (("simplified", SIMPLIFIED), ("traditional", TRADITIONAL))
CASES = [(name, text, written, reported) for name, text in TEXTS
         for written, reported in ENCODINGS if _encodable(text, written)]


@pytest.mark.parametrize(("name", "text", "written", "reported"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_each_encoding_is_detected(tmp_path, name, text, written, reported):
    data = text.encode(written)
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    raw = read(path)
    assert raw.text == text
    assert raw.encoding in reported
    assert raw.format == "txt"


def test_big5_is_not_read_as_gb18030(tmp_path):
    # GB18030 decodes these bytes without error, into nonsense; the reader must see that.
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030") != TRADITIONAL
    path = tmp_path / "big5.txt"
    path.write_bytes(data)
    assert read(path).text == TRADITIONAL


def test_traditional_text_in_gb18030_stays_traditional(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_bytes(TRADITIONAL.encode("gb18030"))
    raw = read(path)
    assert raw.encoding == "gb18030"
    assert "實施方案" in raw.text


def test_windows_line_ends_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SIMPLIFIED.replace("\n", "\r\n").encode("gb18030"))
    assert read(path).text == SIMPLIFIED


def test_pinyin_glosses_and_placeholders_are_kept_as_written(tmp_path):
    text = "教(jiāo)育局：到20_年，_市XX学校达标率达到*%。"
    path = tmp_path / "dirty.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read(path).text == text


def test_corrupted_bytes_are_an_error_not_mojibake(tmp_path):
    data = SIMPLIFIED.encode("utf-8")
    path = tmp_path / "broken.txt"
    path.write_bytes(data[:40] + b"\xff\xfe\xfa" + data[40:])
    with pytest.raises(ReadError) as err:
        read(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert "cannot decode" in message


def test_sha256_identifies_the_bytes(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(SIMPLIFIED.encode("utf-8"))
    b.write_bytes(SIMPLIFIED.encode("gb18030"))
    assert read(a).text == read(b).text
    assert read(a).sha256 != read(b).sha256
