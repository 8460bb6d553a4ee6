"""Incremental builds: unchanged files are skipped, a changed file replaces its graph, --prune drops
the graphs of removed files (and only under the paths being built)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from plan_texts import CITY_PLAN, COUNTY_PLAN

from graph.build import build
from graph.iris import file_graph
from graph.parallel import stored_files


def _graph(store: ox.Store, source: str) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(file_graph(source)))}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # sources are recorded as given: relative, like a user's
    (tmp_path / "plans" / "county").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "plans" / "city.txt").write_text(CITY_PLAN, encoding="utf-8")
    (tmp_path / "plans" / "county" / "county.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    (tmp_path / "other" / "kept.txt").write_text(COUNTY_PLAN.replace("清河县", "临河县"), encoding="utf-8")
    store = ox.Store(str(tmp_path / "store"))
    first = build(store, ["plans", "other"])
    assert first.files == 3 and not first.failures
    return store


def test_unchanged_files_are_skipped_and_the_store_stays_the_same(corpus):
    before = set(map(str, corpus))
    again = build(corpus, ["plans", "other"])
    assert (again.files, again.unchanged) == (0, 3)
    assert set(map(str, corpus)) == before


def test_a_changed_file_replaces_only_its_graph(corpus):
    city, county = "plans/city.txt", "plans/county/county.txt"
    old_city, old_county = _graph(corpus, city), _graph(corpus, county)
    with open(city, "a", encoding="utf-8") as fh:
        fh.write("四、附则\n本计划自印发之日起施行，由江州市教育局负责解释。\n")
    again = build(corpus, ["plans"])
    assert (again.files, again.unchanged) == (1, 1)
    new_city = _graph(corpus, city)
    assert new_city != old_city and any("负责解释" in q for q in new_city)
    assert _graph(corpus, county) == old_county
    hashes = {source: digest for source, digest in stored_files(corpus).values()}
    assert len(set(hashes.values())) == 3


def test_prune_drops_graphs_of_removed_files_under_the_built_paths_only(corpus):
    import os

    os.remove("plans/county/county.txt")
    kept = build(corpus, ["plans"])
    assert kept.pruned == [] and _graph(corpus, "plans/county/county.txt")
    pruned = build(corpus, ["plans"], prune_missing=True)
    assert pruned.pruned == ["plans/county/county.txt"]
    assert not _graph(corpus, "plans/county/county.txt")
    assert _graph(corpus, "plans/city.txt") and _graph(corpus, "other/kept.txt")
    assert sorted(source for source, _ in stored_files(corpus).values()) == ["other/kept.txt", "plans/city.txt"]
