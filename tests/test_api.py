"""The Python API does everything the command line does, without it: build with every option, query
by text, file or name with typed parameters, export, extract, evaluate and serve."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from liveserve import Server

from extractors.errors import EdukgError, ReadError
from extractors.records import FileRecord
from graph.api import Evaluation, EvaluationError, KnowledgeGraph, demo, evaluate, extract, require_sources, sparql_for
from graph.build.parallel import ClusterError
from graph.query.sparql import QueryError
from graph.store.export import ExportError
from graph.store.local import StoreError

PLAN = ("甲县教育局关于印发甲县学前教育实施方案的通知\n一、总体要求\n"
        "到2025年，学前三年毛入园率达到90%以上。\n甲县教育局\n")
OTHER = PLAN.replace("甲县", "乙县")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("api")
    (root / "plans").mkdir()
    (root / "plans" / "jia.txt").write_text(PLAN, encoding="utf-8")
    kg = KnowledgeGraph.open(root / "store")
    assert kg.build([root / "plans"]).failures == []
    return root, kg


def test_build_prunes_reports_progress_and_loads_in_small_batches(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "jia.txt").write_text(PLAN, encoding="utf-8")
    (plans / "yi.txt").write_text(OTHER, encoding="utf-8")
    kg = KnowledgeGraph.open(tmp_path / "store")
    seen: list[int] = []

    def progress(outcomes, total):
        seen.append(total)
        return outcomes

    summary = kg.build([plans], batch_quads=1, progress=progress)
    assert (summary.files, summary.failures, seen) == (2, [], [2])
    sources = set(kg.query("SELECT ?s WHERE { ?d dcterms:source ?s }")["s"])
    assert {s.rsplit("/", 1)[-1] for s in sources} == {"jia.txt", "yi.txt"}
    (plans / "yi.txt").unlink()
    kept = kg.build([plans])
    assert len(kept.gone) == 1 and kept.pruned == []
    pruned = kg.build([plans], prune=True)
    assert len(pruned.pruned) == 1
    sources = set(kg.query("SELECT ?s WHERE { ?d dcterms:source ?s }")["s"])
    assert {s.rsplit("/", 1)[-1] for s in sources} == {"jia.txt"}


def test_build_on_a_scheduler_that_is_not_there_is_one_line(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    kg = KnowledgeGraph.in_memory()
    with pytest.raises(ClusterError, match="127.0.0.1:9"):
        kg.build([tmp_path / "plan.txt"], scheduler="tcp://127.0.0.1:9")


def test_a_build_of_nothing_is_refused_before_a_store_is_made(tmp_path):
    with pytest.raises(ReadError, match="nothing to build, no store written"):
        require_sources([tmp_path / "nothing-here"])
    require_sources([tmp_path / "nothing-here", tmp_path])  # one path that exists is enough
    assert list(tmp_path.iterdir()) == []


def test_query_by_text_file_and_name_with_typed_parameters(built, tmp_path):
    _, kg = built
    text = "SELECT ?t WHERE { ?d dcterms:title ?t FILTER(CONTAINS(?t, \"学前教育\")) }"
    query_file = tmp_path / "titles.rq"
    query_file.write_bytes(text.encode("gb18030"))
    by_text, by_path, by_name = kg.query(text), kg.query(query_file), kg.query(str(query_file))
    assert list(by_text["t"]) == list(by_path["t"]) == list(by_name["t"]) != []
    targets = kg.query(name="indicator-targets", params={"indicator": "学前三年毛入园率"})
    assert targets.equals(kg.named("indicator-targets", indicator="学前三年毛入园率")) and len(targets) >= 1
    assert kg.query(name="most-cited", params={"min": 1}).equals(kg.query(name="most-cited", params={"min": "1"}))
    with pytest.raises(QueryError, match="min takes a whole number"):
        kg.query(name="most-cited", params={"min": "many"})
    with pytest.raises(QueryError, match="give either SPARQL"):
        kg.query(text, name="most-cited")
    with pytest.raises(QueryError, match="give either SPARQL"):
        kg.query()
    with pytest.raises(QueryError, match="SPARQL text takes none"):
        sparql_for(text, params={"min": 1})
    with pytest.raises(QueryError, match="no such query file"):
        kg.query(tmp_path / "missing.rq")


def test_export_checks_format_and_network_before_writing(built, tmp_path):
    _, kg = built
    with pytest.raises(ExportError, match="unknown --format 'docx'"):
        kg.export(tmp_path / "graph.docx", "docx")
    with pytest.raises(ExportError, match="unknown --network 'friends'"):
        kg.export(tmp_path / "graph.gexf", "gexf", network="friends")
    assert list(tmp_path.iterdir()) == []
    kg.export(tmp_path / "orgs.graphml", "graphml", network="organisations")
    assert b"<graphml" in (tmp_path / "orgs.graphml").read_bytes()


def test_extract_gives_records_or_one_line_and_writes_the_export(built, tmp_path):
    root, _ = built
    (tmp_path / "empty.txt").write_bytes(b"")
    got = list(extract([tmp_path / "empty.txt", root / "plans" / "jia.txt"], out_dir=tmp_path / "out"))
    assert [p.name for p, _ in got] == ["empty.txt", "jia.txt"]
    assert isinstance(got[0][1], str) and "empty.txt: empty file" in got[0][1]
    assert isinstance(got[1][1], FileRecord) and got[1][1].documents
    written = json.loads((tmp_path / "out" / "jia.json").read_text(encoding="utf-8"))
    assert written["source"] == str(root / "plans" / "jia.txt")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["jia.json"]
    with pytest.raises(ExportError, match="cannot write the exports there"):
        extract([root / "plans" / "jia.txt"], out_dir=tmp_path / "out" / "jia.json")  # before any extraction


def test_evaluate_scores_the_inputs_with_gold_and_names_the_rest(built, tmp_path, echo_scorer):
    root, _ = built
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "jia.json").write_text('{"documents": []}', encoding="utf-8")
    (gold / "other.json").write_text('{"documents": []}', encoding="utf-8")
    (tmp_path / "stray.txt").write_text(OTHER, encoding="utf-8")
    done = evaluate(gold, [root / "plans", tmp_path / "stray.txt"], scorer=echo_scorer, misses=True)
    assert isinstance(done, Evaluation) and done.returncode == 0
    assert [p.name for p in done.scored] == ["jia.txt"] and [p.name for p in done.unscored] == ["stray.txt"]
    assert "pred ['jia.json'] gold ['jia.json']" in done.stdout
    assert any(m.kind == "spurious" for m in done.misses) and done.misses_problem is None
    with pytest.raises(EvaluationError, match="no gold annotation in"):
        evaluate(gold, [tmp_path / "stray.txt"], scorer=echo_scorer)
    with pytest.raises(ReadError, match="no scorer here"):
        evaluate(gold, [tmp_path / "stray.txt"], scorer=tmp_path / "none.py")


def test_serving_answers_sparql_on_loopback_and_stops(built, tmp_path):
    root, _ = built
    kg = KnowledgeGraph.open(root / "store", read_only=True)
    with kg.serving(port=0, workers=1, views_cache=tmp_path / "views") as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            port = server.server_address[1]
            query = urllib.parse.quote("SELECT ?s WHERE { ?d dcterms:source ?s }")
            request = urllib.request.Request(f"http://127.0.0.1:{port}/sparql?query={query}",
                                             headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                bindings = json.load(answer)["results"]["bindings"]
            assert Server(f"http://127.0.0.1:{port}").views_ready()[0] == 200
        finally:
            server.shutdown()
            thread.join(timeout=10)
    assert [b["s"]["value"].rsplit("/", 1)[-1] for b in bindings] == ["jia.txt"]


def test_serving_refuses_what_cannot_be_served(built, tmp_path):
    root, _ = built
    with pytest.raises(StoreError, match="in-memory graph cannot be served"):
        KnowledgeGraph.in_memory().serving()
    kg = KnowledgeGraph.open(root / "store", read_only=True)
    with pytest.raises(EdukgError, match="no index.html here"), kg.serving(views=tmp_path, port=0):
        pass


def test_demo_builds_the_samples_afresh_each_time(tmp_path):
    first = demo(tmp_path / "demo")
    again = demo(tmp_path / "demo")
    assert first.summary.failures == [] and again.summary.unchanged == 0
    assert again.summary.files == first.summary.files >= 4
    assert again.trig.stat().st_size > 0 and (tmp_path / "demo" / "views" / "index.html") in again.views
    assert len(KnowledgeGraph.open(again.store, read_only=True)) == again.summary.quads


def test_the_command_line_starts_without_pandas_shacl_or_the_server():
    heavy = ("pandas", "pyshacl", "graph.serve.server", "extractors.misses")
    code = f"import sys, graph.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    from graph.api import Limits, serving  # imported when asked for

    assert Limits().timeout > 0 and callable(serving)
