"""Extraction quality must not fall below what has been reached, on two annotated sets:

- the development seeds beside the repository (``../shared``: real documents, the gold the
  product is judged by);
- ``tests/data/devset``: eight documents written and annotated for this project, which the
  rules were not written from, to watch how they generalise;
- the authored set beside the repository (``../shared``: eight documents in every format,
  txt, HTML, DOCX, PDF, written for testing; now developed on).

Both are scored by the reference scorer in ``../shared/tools``; without it they skip.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import extract_file
from extractors.export import to_json

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
SETS = {
    # name: (documents, gold, headline floor, floor for every category and entity type)
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds", 0.90, 0.75),
    "devset": (ROOT / "tests" / "data" / "devset", ROOT / "tests" / "data" / "devset" / "gold", 0.92, 0.8),
    "authored": (SHARED / "corpus" / "authored", SHARED / "gold" / "authored", 0.85, 0.6),
}
CATEGORIES = ("documents", "metadata", "sections", "entities", "targets_full", "relations")


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request, tmp_path_factory):
    documents, gold, headline, floor = SETS[request.param]
    if not SCORER.is_file() or not gold.is_dir():
        pytest.skip(f"the scorer or the {request.param} gold is not available (../shared is absent)")
    out = tmp_path_factory.mktemp(request.param)
    for source in sorted(p for p in documents.iterdir() if p.is_file() and p.suffix != ".md"):
        (out / f"{source.stem}.json").write_text(to_json(extract_file(source)), encoding="utf-8")
    report = out / "summary.json"
    subprocess.run([sys.executable, str(SCORER), str(gold), str(out), "--json", str(report), "--quiet"],
                   check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8")), headline, floor


def test_headline_f1_floor(scored):
    summary, headline, _ = scored
    assert summary["headline_f1"] >= headline


def test_no_category_below_floor(scored):
    summary, _, floor = scored
    assert {c: summary[c]["f1"] for c in CATEGORIES if summary[c]["f1"] < floor} == {}


def test_no_entity_type_below_floor(scored):
    summary, _, floor = scored
    assert {t: v["f1"] for t, v in summary["entities_by_type"].items() if v["f1"] < floor} == {}
