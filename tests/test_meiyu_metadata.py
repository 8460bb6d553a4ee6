"""Metadata of the 70 official documents in ``../shared/corpus/meiyu`` (downloaded from a
legal database; each file is named by its title).

Two checks: a small expectation table written by reading the documents, and, for all
of them, fields derived independently in a plain way from each file (its name is its
title; the bracketed number near the top is its 发文字号; the date alone on a line and
the body signing above it are its 成文日期 and issuer). Each field must be right for at
least 90% of the documents that state it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from extractors.boundaries import split_documents
from extractors.metadata import Metadata, read_metadata
from extractors.normalise import normalise
from extractors.readers import read

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "meiyu"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/meiyu is not available")


def norm(text: str | None) -> str:
    """Width, quotes, spaces and bracket shapes do not count."""
    s = unicodedata.normalize("NFKC", text or "")
    s = re.sub(r"[\s“”\"《》]", "", s)
    return s.replace("〔", "[").replace("〕", "]").replace("(", "[").replace(")", "]")


@cache
def extracted(name: str) -> tuple[list[Metadata], list[int | None]]:
    mt = normalise(read(CORPUS / f"{name}.txt").text)
    segments = split_documents(mt)
    return [read_metadata(mt.text[s.start:s.end]) for s in segments], [s.carried_by for s in segments]


# Read off the documents by hand: 发文字号, issuers as signed (or as the title names them when
# nothing is signed), 成文日期; None where the document does not state it. Keyed by the start of
# the file name.
EXPECTED = {
    "上海市人民政府办公厅": ("沪府办发〔2016〕24号", ["上海市人民政府办公厅"], "2016-06-07"),
    "东营市人民政府办公室": ("东政办发[2017]24号", ["东营市人民政府办公室"], "2017-06-15"),
    "内蒙古自治区人民政府办公厅": ("内政办发〔2015〕148号", ["内蒙古自治区人民政府办公厅"], "2015-12-31"),
    "南京市政府办公厅": ("宁政办发〔2017〕63号", ["南京市人民政府办公厅"], "2017-03-15"),
    "南通市政府办公室": ("通政办发〔2018〕25号", ["南通市人民政府办公室"], "2018-03-22"),
    "合肥市教育局": ("合教秘〔2016〕6号", ["合肥市教育局"], "2016-01-05"),
    "呼和浩特市人民政府办公厅": ("呼政办发〔2017〕64号", ["呼和浩特市人民政府办公厅"], "2017-10-13"),
    "山东省教育厅": ("鲁教体发〔2018〕1号", ["山东省教育厅"], "2018-04-16"),
    "教育部办公厅关于举办": ("教体艺厅函[2011]5号", ["教育部办公厅"], "2011-02-24"),
    "教育部关于成立": ("教体艺函〔2020〕6号", ["教育部"], "2020-07-29"),
    "遂宁市": (None, [], "2017-08-14"),
    "西藏自治区人民政府办公厅": ("藏政办发〔2016〕80号", ["西藏自治区人民政府办公厅"], "2016-09-01"),
    "廊坊市人民政府办公室": (None, ["廊坊市人民政府办公室"], "2016-04-05"),
    "泉州市人民政府办公室": ("泉政办〔2017〕106号", ["泉州市人民政府办公室"], None),
    "中共中央办公厅、国务院办公厅": (None, ["中共中央办公厅", "国务院办公厅"], "2020-10-15"),
    "潍坊市人民政府办公室": ("潍政办字[2017]69号", ["潍坊市人民政府办公室"], "2017-07-20"),
    "海南省人民政府办公厅关于同意": ("琼府办函〔2021〕76号", ["海南省人民政府办公厅"], "2021-03-13"),
}

# How many documents a file holds where a notice carries texts (or leaves them out).
DOCUMENTS = {
    "平凉市人民政府办公室": 2,
    "南通市政府办公室": 3,
    "教育部关于印发": 2,
    "西藏自治区人民政府办公厅": 2,
    "泉州市人民政府办公室": 2,
    "合肥市教育局": 1,
    "呼伦贝尔市人民政府办公厅": 1,
    "国务院办公厅": 1,
}


def named(prefix: str) -> str:
    """The one file name that starts with ``prefix``."""
    (path,) = CORPUS.glob(f"{prefix}*.txt")
    return path.stem


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_hand_checked_metadata(prefix):
    number, issuers, date = EXPECTED[prefix]
    name = named(prefix)
    meta = extracted(name)[0][0]
    assert norm(meta.title) == norm(name)
    assert norm(meta.doc_number) == norm(number)
    assert meta.issuer == issuers
    assert meta.date == date


@pytest.mark.parametrize("prefix", sorted(DOCUMENTS))
def test_notices_and_carried_documents(prefix):
    metas, carried_by = extracted(named(prefix))
    assert len(metas) == DOCUMENTS[prefix]
    assert carried_by == [None] + [0] * (len(metas) - 1)


_NUMBER_LINE = re.compile(r"^[(（]?(\S+?[〔\[［(（]\d{4}[〕\]］)）]\d+号)")
_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def derived(path: Path) -> dict[str, object]:
    """The fields a reader finds by eye: number near the top, first date alone on a line,
    the body named on the line above it."""
    lines = [ln.strip() for ln in read(path).text.splitlines() if ln.strip()]
    out: dict[str, object] = {"title": path.stem}
    for line in lines[:8]:
        m = _NUMBER_LINE.match(line)
        if m and "关于" not in line:
            out["doc_number"] = m.group(1)
            break
    for i, line in enumerate(lines):
        m = _DATE_LINE.match(line)
        if m:
            out["date"] = "{}-{:02d}-{:02d}".format(*map(int, m.groups()))
            if re.search(r"(?:厅|室|部|局|委员会|政府)$", lines[i - 1]):
                out["issuer"] = lines[i - 1]
            break
    return out


def test_at_least_nine_in_ten_right_per_field():
    right: dict[str, list[bool]] = {"title": [], "doc_number": [], "issuer": [], "date": []}
    for path in sorted(CORPUS.glob("*.txt")):
        meta = extracted(path.stem)[0][0]
        for field, value in derived(path).items():
            got = meta.issuer[0] if field == "issuer" and meta.issuer else getattr(meta, field)
            right[field].append(norm(str(got)) == norm(str(value)))
    accuracy = {field: sum(oks) / len(oks) for field, oks in right.items()}
    print("meiyu accuracy:", {f: f"{a:.3f} of {len(right[f])}" for f, a in accuracy.items()})
    assert all(a >= 0.9 for a in accuracy.values()), accuracy
