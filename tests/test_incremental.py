"""Incremental builds: unchanged files are skipped, a changed file replaces its graph, --prune drops
the graphs of removed files (and only under the paths being built)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from plan_texts import CITY_PLAN, COUNTY_PLAN

from graph.build.iris import file_graph, file_key
from graph.build.parallel import stored_files
from graph.build.run import build


def _graph(store: ox.Store, source: str) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(file_graph(file_key(source))))}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths given relative, like a user's
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
    assert pruned.pruned == [file_key("plans/county/county.txt")]
    assert not _graph(corpus, "plans/county/county.txt")
    assert _graph(corpus, "plans/city.txt") and _graph(corpus, "other/kept.txt")
    assert sorted(source for source, _ in stored_files(corpus).values()) == [file_key("other/kept.txt"),
                                                                            file_key("plans/city.txt")]


def test_any_spelling_of_a_folder_builds_one_graph_per_file(corpus, tmp_path, monkeypatch):
    before = sorted(map(str, corpus))
    spellings = [str(tmp_path / "plans"), "./plans/../plans/", "other/../plans"]
    for spelling in spellings:
        again = build(corpus, [spelling, str(tmp_path / "other")])
        assert (again.files, again.unchanged, again.failures) == (0, 3, [])
    monkeypatch.chdir(tmp_path / "plans")
    assert build(corpus, [".", "../other"]).unchanged == 3
    assert len(stored_files(corpus)) == 3 and sorted(map(str, corpus)) == before


def test_prune_works_whatever_spelling_built_the_files(corpus, tmp_path, monkeypatch):
    import os

    os.remove("plans/county/county.txt")
    monkeypatch.chdir(tmp_path / "other")
    pruned = build(corpus, [str(tmp_path / "plans")], prune_missing=True)
    assert pruned.pruned == [file_key(tmp_path / "plans" / "county" / "county.txt")]
    kept = sorted(source for source, _ in stored_files(corpus).values())
    assert kept == [file_key(tmp_path / "other" / "kept.txt"), file_key(tmp_path / "plans" / "city.txt")]


def test_a_graph_keyed_by_a_relative_path_in_an_older_store_is_named_and_pruned(corpus, tmp_path):
    """Stores written before graphs were keyed by the resolved path hold ``plans/city.txt`` as
    given: a rebuild names that stale graph among the gone ones, and --prune drops it."""
    from graph.store.local import replace_graph
    from ontology.namespaces import EDUKG

    old = ox.NamedNode(file_graph("plans/city.txt"))
    replace_graph(corpus, old.value, [
        ox.Quad(old, ox.NamedNode(EDUKG.sourceFile), ox.Literal("plans/city.txt"), old),
        ox.Quad(old, ox.NamedNode(EDUKG.contentHash), ox.Literal("0" * 64), old)])
    assert build(corpus, ["plans"]).gone == ["plans/city.txt"]
    assert build(corpus, ["plans"], prune_missing=True).pruned == ["plans/city.txt"]
    assert old.value not in stored_files(corpus) and len(stored_files(corpus)) == 3
