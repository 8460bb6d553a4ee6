"""The bundled samples and the shared corpus read as they should."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import edukg_samples
import pytest

from extractors.readers import find_files, read

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
EXAMPLES = Path(edukg_samples.__file__).parent


def test_sample_paths_lists_one_sample_per_format():
    paths = edukg_samples.sample_paths()
    assert paths == sorted(paths)
    assert {read(p).format for p in paths} == {"txt", "html", "docx"}
    assert {read(p).encoding for p in paths} >= {"utf-8", "gb18030"}


def test_samples_hold_their_plans_without_page_furniture():
    texts = {p.name: read(p).text for p in edukg_samples.sample_paths()}
    html = texts["03_taoyuan_work_points.html"]
    assert "教(jiāo)育" in html  # glosses are the normaliser's job, not the reader's
    for junk in ["首頁", "您現在的位置", "上一頁", "分享到", "相關鏈接", "版權所有", "siteName"]:
        assert junk not in html, junk
    assert re.search(r"^一、加強\(qiáng\)黨的全\(quán\)面領導$", html, re.M)


def test_county_plan_cites_the_city_plan():
    texts = {p.name: read(p).text for p in edukg_samples.sample_paths()}
    city = texts["01_yunxi_city_action_plan.txt"]
    number = re.search(r"云教发〔2024〕\d+号", city).group()
    assert number in texts["02_mingshui_county_plan.docx"]
    assert "《云溪市基础教育高质量发展三年行动计划（2024—2026年）》" in texts["02_mingshui_county_plan.docx"]


def test_committed_docx_matches_its_script(tmp_path):
    spec = importlib.util.spec_from_file_location("make_docx", EXAMPLES / "_make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path / "fresh.docx")
    assert read(fresh).text == read(EXAMPLES / "02_mingshui_county_plan.docx").text


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus is absent; corpus checks skipped")
def test_corpus_text_files_read_exactly_as_utf8():
    files = find_files([SHARED / "seeds", SHARED / "meiyu"]).files
    assert len(files) >= 5
    for path in files:
        raw = read(path)
        assert raw.format == "txt"
        assert raw.text == path.read_bytes().decode(raw.encoding).replace("\r\n", "\n").replace("\r", "\n")
        assert raw.encoding.startswith("utf-")
