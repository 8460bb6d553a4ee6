"""Extraction quality on the development seeds must not fall below what has been reached.

Skipped when the shared development material is not beside the repository.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import extract_file
from extractors.export import to_json

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
HEADLINE_FLOOR = 0.86
CATEGORY_FLOOR = 0.7


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    if not (SHARED / "gold" / "seeds").is_dir():
        pytest.skip("../shared (seed corpus and gold) is not available")
    out = tmp_path_factory.mktemp("pred")
    for source in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        (out / f"{source.stem}.json").write_text(to_json(extract_file(source)), encoding="utf-8")
    report = out / "summary.json"
    subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(SHARED / "gold" / "seeds"), str(out),
                    "--json", str(report), "--quiet"], check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))


def test_headline_f1_floor(summary):
    assert summary["headline_f1"] >= HEADLINE_FLOOR


@pytest.mark.parametrize("category", ["documents", "metadata", "sections", "entities", "targets_full", "relations"])
def test_no_category_below_floor(summary, category):
    assert summary[category]["f1"] >= CATEGORY_FLOOR


def test_no_entity_type_below_floor(summary):
    assert {t: v["f1"] for t, v in summary["entities_by_type"].items() if v["f1"] < CATEGORY_FLOOR} == {}
