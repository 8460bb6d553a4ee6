"""Extraction quality must not fall below what has been reached, on four annotated sets:

- the development seeds beside the repository (``../shared``: real documents, the gold the
  product is judged by);
- ``tests/data/devset``: eight documents written and annotated for this project, which the
  rules were not written from, to watch how they generalise;
- the authored set beside the repository (``../shared``: eight documents in every format,
  txt, HTML, DOCX, PDF, written for testing; now developed on);
- ``tests/data/meiyu``: gold for six real documents of ``../shared/corpus/meiyu``, written before
  the extractor ran on them (development; it has no schools, so entity types have no floor).

All are scored by the reference scorer in ``../shared/tools``; without it they skip. The
held-out gold (``tests/data/heldout``) is not here: it is scored when a piece of work is done
(``bench/score_sets.py``), never as a target to tune to.
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
    # name: (documents, gold, headline floor, floor for every category, floor for every entity type)
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds", 0.91, 0.75, 0.75),
    "devset": (ROOT / "tests" / "data" / "devset", ROOT / "tests" / "data" / "devset" / "gold", 0.94, 0.8, 0.8),
    "authored": (SHARED / "corpus" / "authored", SHARED / "gold" / "authored", 0.87, 0.6, 0.6),
    "meiyu": (SHARED / "corpus" / "meiyu", ROOT / "tests" / "data" / "meiyu" / "gold", 0.72, 0.5, None),
}
CATEGORIES = ("documents", "metadata", "sections", "entities", "targets_full", "relations")


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request, tmp_path_factory):
    documents, gold, headline, floor, type_floor = SETS[request.param]
    if not SCORER.is_file() or not gold.is_dir() or not documents.is_dir():
        pytest.skip(f"the scorer, the {request.param} documents or their gold are not available "
                    "(../shared is absent)")
    out = tmp_path_factory.mktemp(request.param)
    annotated = {g.stem for g in gold.glob("*.json")}
    for source in sorted(p for p in documents.iterdir() if p.is_file() and p.stem in annotated):
        (out / f"{source.stem}.json").write_text(to_json(extract_file(source)), encoding="utf-8")
    report = out / "summary.json"
    subprocess.run([sys.executable, str(SCORER), str(gold), str(out), "--json", str(report), "--quiet"],
                   check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8")), headline, floor, type_floor


def test_headline_f1_floor(scored):
    summary, headline, _, _ = scored
    assert summary["headline_f1"] >= headline


def test_no_category_below_floor(scored):
    summary, _, floor, _ = scored
    assert {c: summary[c]["f1"] for c in CATEGORIES if summary[c]["f1"] < floor} == {}


def test_no_entity_type_below_floor(scored):
    summary, _, _, type_floor = scored
    if type_floor is None:
        pytest.skip("this set has no floor per entity type")
    assert {t: v["f1"] for t, v in summary["entities_by_type"].items() if v["f1"] < type_floor} == {}
