"""The store: a rebuilt file replaces exactly its own graph; builds are deterministic."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest
from conftest import plan

from graph.build.iris import file_graph
from graph.build.run import add_record, build
from graph.store.export import export
from graph.store.local import StoreError, open_store
from ontology.namespaces import LINKS_GRAPH

A = plan("a.txt", title="甲县教育实施方案", region="甲县", issuer="甲县人民政府", departments=("县教育局",),
         targets=(("义务教育巩固率", ">=", 96, "%", 2025),))
B = plan("b.txt", title="乙县教育实施方案", region="乙县", issuer="乙县人民政府", departments=("县教育局",))


def graph_quads(store: ox.Store, graph: str) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def other_graphs(store: ox.Store, skip: str) -> dict[str, set[str]]:
    """Every graph but ``skip`` and the links graph, which a file's shared facts join and linking
    recomputes (graph.build.link)."""
    return {g.value: graph_quads(store, g.value) for g in store.named_graphs() if g.value not in (skip, LINKS_GRAPH)}


def test_rebuilding_one_file_touches_only_its_graph():
    store = ox.Store()
    add_record(store, A)
    add_record(store, B)
    before = other_graphs(store, file_graph("a.txt"))
    changed = replace(A, documents=[replace(A.documents[0], targets=[], title="甲县教育实施方案（修订）")])
    add_record(store, changed)
    assert other_graphs(store, file_graph("a.txt")) == before
    rebuilt = graph_quads(store, file_graph("a.txt"))
    assert rebuilt and not any("ontology#Target>" in q for q in rebuilt)
    assert any("（修订）" in q for q in rebuilt)


def test_source_paths_are_normalised_for_graph_names_only():
    assert file_graph("./plans/../plans/a.txt") == file_graph("plans/a.txt")


def test_two_builds_export_identical_nquads(tmp_path):
    files = []
    texts = {"x.txt": "甲县教育局关于印发工作要点的通知\n一、总体要求\n到2025年，学前三年毛入园率达到90%以上。\n",
             "y.txt": "乙县人民政府\n一、目标\n新建幼儿园3所。\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    outputs = []
    for run in ("one", "two"):
        store = open_store(tmp_path / run)
        summary = build(store, files)
        assert summary.files == 2 and not summary.failures
        export(store, tmp_path / f"{run}.nq", "nq")
        outputs.append((tmp_path / f"{run}.nq").read_bytes())
        del store
    assert outputs[0] == outputs[1]


def test_unreadable_file_is_reported_and_skipped(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("甲县教育实施方案\n一、总体要求\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = build(ox.Store(), [tmp_path])
    assert summary.files == 1
    assert summary.failures == [f"{tmp_path / 'empty.txt'}: empty file"]


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no graph store here"):
        open_store(tmp_path / "nowhere", read_only=True)
