"""The SPARQL endpoint: the 1.1 Protocol (GET, POST form and body; results by Accept), read-only,
no SERVICE, its time and size limits, the landing page and the views beside it."""

from __future__ import annotations

import csv
import html
import io
import json
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from liveserve import EDUKG, build_store, serve

from graph.query.sparql import named_queries
from graph.serve.cache import ResultCache
from graph.serve.endpoint import CHECK_EVERY, Answer, Limits, QueryPool, Request
from graph.serve.server import endpoint
from ontology.namespaces import DCTERMS, ELI, LINKS_GRAPH, RDF

DOC = "https://example.org/doc/"
GRAPH = ox.NamedNode("https://example.org/graph/plans")
FILLER = 300  # triples; three of them joined make 27 million rows, far past a one-second limit
MAX_ROWS = 50


def _store(path) -> None:
    store = ox.Store(str(path))
    for i in range(3):
        doc = ox.NamedNode(f"{DOC}{i}")
        store.add(ox.Quad(doc, ox.NamedNode(RDF.type), ox.NamedNode(ELI.LegalResource), GRAPH))
        store.add(ox.Quad(doc, ox.NamedNode(DCTERMS.title), ox.Literal(f"第{i}号 <行动> 计划"), GRAPH))
    for i in range(FILLER):
        store.add(ox.Quad(ox.NamedNode(f"{DOC}filler/{i}"), ox.NamedNode(f"{DOC}p"), ox.Literal(str(i)), GRAPH))
    store.flush()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    _store(root / "store")
    views = root / "views"
    (views / "sub").mkdir(parents=True)
    (views / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    limits = Limits(timeout=1.0, max_rows=MAX_ROWS, penalty=0)  # every test here comes from one address
    with endpoint(root / "store", views, port=0, limits=limits, workers=2) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}", root / "store"
        server.shutdown()


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, content type, body) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def get(base: str, query: str, accept: str | None = None, **params: str):
    qs = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{base}/sparql?{qs}", headers={"Accept": accept} if accept else None)


TITLES = "SELECT ?title WHERE { ?d a eli:LegalResource ; dcterms:title ?title } ORDER BY ?title"


def _titles_json(body: bytes) -> list[str]:
    return [b["title"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_bound_to_loopback_by_default(served):
    base, _ = served
    assert base.startswith("http://127.0.0.1:")


def test_get_select_as_json_with_predeclared_prefixes(served):
    status, kind, body = get(served[0], TITLES, "application/sparql-results+json")
    assert (status, kind) == (200, "application/sparql-results+json")
    assert _titles_json(body) == [f"第{i}号 <行动> 计划" for i in range(3)]


def test_post_form_and_direct_body(served):
    base, _ = served
    form = urllib.parse.urlencode({"query": TITLES}).encode()
    status, _, body = fetch(f"{base}/sparql", data=form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and len(_titles_json(body)) == 3
    status, _, body = fetch(f"{base}/sparql", data=TITLES.encode(),
                            headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and len(_titles_json(body)) == 3


def test_csv_tsv_and_xml_by_accept(served):
    base, _ = served
    status, kind, body = get(base, TITLES, "text/csv")
    assert (status, kind) == (200, "text/csv")
    assert list(csv.reader(io.StringIO(body.decode())))[:2] == [["title"], ["第0号 <行动> 计划"]]
    status, kind, body = get(base, TITLES, "text/tab-separated-values")
    assert kind == "text/tab-separated-values" and body.decode().splitlines()[0] == "?title"
    status, kind, body = get(base, TITLES, "application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    literals = [e.text for e in ET.fromstring(body).iter(f"{ns}literal")]
    assert kind == "application/sparql-results+xml" and len(literals) == 3


def test_accept_with_quality_values_and_format_parameter(served):
    base, _ = served
    _, kind, _ = get(base, TITLES, "text/csv;q=0.5, application/sparql-results+xml")
    assert kind == "application/sparql-results+xml"
    _, kind, _ = get(base, TITLES, "application/json", format="tsv")
    assert kind == "text/tab-separated-values"
    status, _, _ = get(base, TITLES, "image/png")
    assert status == 406


def test_ask_and_construct(served):
    base, _ = served
    status, _, body = get(base, "ASK { ?d a eli:LegalResource }")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d dcterms:title ?t }"
    status, kind, body = get(base, construct, "text/turtle")
    assert (status, kind) == (200, "text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 3
    status, kind, body = get(base, construct, "application/n-triples")
    assert kind == "application/n-triples" and len(body.decode().strip().splitlines()) == 3


def test_dataset_from_protocol_parameters(served):
    base, _ = served
    status, _, body = get(base, "SELECT ?t WHERE { ?d dcterms:title ?t }",
                          **{"default-graph-uri": "https://example.org/graph/none"})
    assert status == 200 and _titles_json(body.replace(b'"t"', b'"title"')) == []


@pytest.mark.parametrize("how", ["update-body", "update-form", "update-as-query"])
def test_updates_are_refused_and_change_nothing(served, how):
    base, store_path = served
    update = f"INSERT DATA {{ GRAPH <{GRAPH.value}> {{ <{DOC}x> <{DOC}p> \"injected\" }} }}"
    if how == "update-body":
        answer = fetch(f"{base}/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    elif how == "update-form":
        answer = fetch(f"{base}/sparql", data=urllib.parse.urlencode({"update": update}).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        answer = get(base, update)
    assert answer[0] == 403 and b"read-only" in answer[2]
    status, _, body = get(base, 'ASK { ?s ?p "injected" }')
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?d a eli:LegalResource OPTIONAL { service silent <http://127.0.0.1:9/> { ?d ?p ?o } } }",
    "ASK { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
])
def test_service_is_refused_wherever_it_hides(served, query):
    status, _, body = get(served[0], query)
    assert status == 403 and b"SERVICE" in body


def test_the_word_service_in_data_is_no_service_clause(served):
    status, _, body = get(served[0], 'SELECT ?x WHERE { BIND("SERVICE <http://a/>" AS ?x) } # SERVICE')
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_time_limit_stops_a_slow_query_and_the_endpoint_recovers(served):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = get(served[0], slow)
    assert status == 503 and b"time limit" in body
    status, _, body = get(served[0], TITLES)
    assert status == 200 and len(_titles_json(body)) == 3


def test_result_limit(served):
    base, _ = served
    status, _, body = get(base, "SELECT ?s WHERE { ?s ?p ?o }")
    assert status == 400 and str(MAX_ROWS).encode() in body
    status, _, body = get(base, f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, _ = get(base, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 400


def test_syntax_errors_and_bad_requests(served):
    base, _ = served
    assert get(base, "SELECT WHERE {")[0] == 400
    assert fetch(f"{base}/sparql", data=b"x", headers={"Content-Type": "image/png"})[0] == 415


def test_landing_page_lists_named_queries_escaped(served):
    status, kind, body = fetch(f"{served[0]}/sparql")
    page = body.decode()
    assert (status, kind) == (200, "text/html")
    for query in named_queries().values():
        assert html.escape(query.bind({})) in page
    assert "<script" not in page


def test_views_are_served_without_listings(served):
    base, _ = served
    status, kind, body = fetch(f"{base}/")
    assert (status, kind) == (200, "text/html") and b"views" in body
    assert fetch(f"{base}/sub/")[0] == 404
    assert fetch(f"{base}/../../etc/passwd")[0] == 404


def test_a_query_waits_for_a_busy_worker_up_to_its_own_limit(tmp_path):
    _store(tmp_path / "store")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    pool = QueryPool(tmp_path / "store", 1, Limits(timeout=2.0, max_rows=MAX_ROWS, queue_timeout=0.2))
    try:
        first = threading.Thread(target=pool.run, args=(Request(slow),))
        first.start()
        time.sleep(0.5)  # the one worker is busy with the slow query
        answer = pool.run(Request(TITLES, accept="application/sparql-results+json"))
        assert answer.status == 503 and b"busy" in answer.body
        first.join()
    finally:
        pool.close()
    patient = QueryPool(tmp_path / "store", 1, Limits(timeout=2.0, max_rows=MAX_ROWS, queue_timeout=10.0))
    try:
        first = threading.Thread(target=patient.run, args=(Request(slow),))
        first.start()
        time.sleep(0.5)
        start = time.monotonic()
        answer = patient.run(Request(TITLES, accept="application/sparql-results+json"))
        assert answer.status == 200 and time.monotonic() - start > 1.0  # it waited for the worker, then ran
        first.join()
    finally:
        patient.close()


@pytest.mark.parametrize("accept,media,fmt", [
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml, application/sparql-results+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("text/turtle;q=0.4, application/ld+json;q=0.9, */*;q=0.1", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/sparql-results+xml, application/rdf+xml, */*", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_graphs_in_every_rdf_format_by_accept(served, accept, media, fmt):
    construct = "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d dcterms:title ?t }"
    status, kind, body = get(served[0], construct, accept)
    assert (status, kind) == (200, media)
    assert len(list(ox.parse(body, format=fmt))) == 3


def test_select_by_the_same_accept_header_gets_results(served):
    status, kind, _ = get(served[0], TITLES, "application/rdf+xml, application/sparql-results+xml")
    assert (status, kind) == (200, "application/sparql-results+xml")


def test_query_command_honours_from(tmp_path):
    from graph.query.sparql import run

    _store(tmp_path / "store")
    store = ox.Store.read_only(str(tmp_path / "store"))
    everything = "SELECT ?t WHERE { ?d dcterms:title ?t }"
    assert len(list(run(store, everything))) == 3
    assert list(run(store, "SELECT ?t FROM <https://example.org/graph/none> WHERE { ?d dcterms:title ?t }")) == []
    assert len(list(run(store, f"SELECT ?t FROM <{GRAPH.value}> WHERE {{ ?d dcterms:title ?t }}"))) == 3


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The real ``edukg serve`` command, for the clients people use."""
    root = tmp_path_factory.mktemp("clients")
    build_store(root / "store", filler=20)
    views = root / "views"
    views.mkdir()
    (views / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    with serve(root / "store", root, "--views", str(views)) as served:
        yield served
    assert "Traceback" not in served.stderr


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_with_its_defaults(live, method):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    kwargs = {} if method == "GET" else {"method": method}  # GET is its default
    graph = rdflib.Graph(SPARQLStore(f"{live.base}/sparql", **kwargs))
    titles = sorted(str(row.t) for row in graph.query(f"SELECT ?t WHERE {{ ?d <{DCTERMS.title}> ?t }}"))
    assert titles == ["另一个"] + [f"第{i}号 <行动> 计划" for i in range(3)]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    constructed = graph.query(f"CONSTRUCT {{ ?d <{DCTERMS.title}> ?t }} WHERE {{ ?d <{DCTERMS.title}> ?t }}")
    assert len(constructed.graph) == 4
    described = graph.query(f"DESCRIBE <{DOC}0>")
    assert (rdflib.URIRef(f"{DOC}0"), rdflib.URIRef(DCTERMS.title), None) in described.graph
    triples = list(graph.triples((rdflib.URIRef(f"{DOC}1"), None, None)))
    assert len(triples) == 2


def test_sparqlwrapper_select_ask_construct_describe(live):
    import rdflib
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(f"{live.base}/sparql")
    client.setQuery(f"SELECT ?t WHERE {{ <{DOC}2> <{DCTERMS.title}> ?t }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["t"]["value"] == "第2号 <行动> 计划"
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True
    fresh = SPARQLWrapper(f"{live.base}/sparql")  # its default return format for graphs: RDF/XML
    fresh.setQuery(f"CONSTRUCT {{ ?d <{DCTERMS.title}> ?t }} WHERE {{ ?d <{DCTERMS.title}> ?t }}")
    constructed = fresh.query().convert()
    assert isinstance(constructed, rdflib.Graph) and len(constructed) == 4
    fresh.setQuery(f"DESCRIBE <{DOC}0>")
    fresh.setMethod(POST)
    described = fresh.query().convert()
    assert (rdflib.URIRef(f"{DOC}0"), rdflib.URIRef(DCTERMS.title), None) in described


def test_views_render_in_the_background_and_are_kept_for_the_next_start(tmp_path):
    build_store(tmp_path / "store", filler=5)
    cache = tmp_path / "cache" / "edukg" / "views"
    with serve(tmp_path / "store", tmp_path) as served:
        assert served.fetch("/sparql?query=ASK%7B%3Fs%3Fp%3Fo%7D")[0] == 200  # the endpoint never waits for views
        assert served.views_ready()[0] == 200
    rendered = [p for p in cache.iterdir()]
    assert len(rendered) == 1 and (rendered[0] / "index.html").is_file()  # kept, and nothing half-written
    stamp = (rendered[0] / "index.html").stat().st_mtime_ns
    with serve(tmp_path / "store", tmp_path) as again:
        assert again.fetch("/index.html")[0] == 200  # at once: the same store, the same views
    assert list(cache.iterdir()) == rendered and (rendered[0] / "index.html").stat().st_mtime_ns == stamp
    assert "Traceback" not in served.stderr + again.stderr


def test_views_of_a_changed_store_are_rendered_anew(tmp_path):
    build_store(tmp_path / "store", filler=5)
    cache = tmp_path / "cache" / "edukg" / "views"
    with serve(tmp_path / "store", tmp_path) as served:
        assert served.views_ready()[0] == 200
    store = ox.Store(str(tmp_path / "store"))  # the store's version: its file graphs and shared graphs
    store.add(ox.Quad(ox.NamedNode(f"{DOC}x"), ox.NamedNode(DCTERMS.title), ox.Literal("新"),
                      ox.NamedNode(LINKS_GRAPH)))
    store.flush()
    del store
    with serve(tmp_path / "store", tmp_path) as served:
        assert served.views_ready()[0] == 200
    assert len(list(cache.iterdir())) == 2


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL, signal.SIGHUP])
def test_a_server_ended_mid_render_leaves_no_half_written_views(tmp_path, how):
    build_store(tmp_path / "store", filler=5)
    cache = tmp_path / "cache" / "edukg" / "views"
    with serve(tmp_path / "store", tmp_path) as served:
        served.process.send_signal(how)  # most likely while the views are still being rendered
        served.process.wait(60)
    for _ in range(600):  # a hidden folder under way goes when the watcher sees the server gone
        if not any(p.name.startswith(".") for p in cache.iterdir()):
            break
        time.sleep(0.1)
    assert all(not p.name.startswith(".") and (p / "index.html").is_file() for p in cache.iterdir())


def test_answers_are_kept_until_the_store_changes(tmp_path):
    _store(tmp_path / "store")
    pool = QueryPool(tmp_path / "store", 1, Limits(timeout=2.0, max_rows=MAX_ROWS))
    request = Request(TITLES, accept="application/sparql-results+json")
    try:
        first = pool.run(request)
        assert (first.status, pool.cache.hits, pool.cache.misses) == (200, 0, 1)
        assert pool.run(request).body == first.body and pool.cache.hits == 1
        store = ox.Store(str(tmp_path / "store"))  # a build writes while the server runs
        store.add(ox.Quad(ox.NamedNode(f"{DOC}new"), ox.NamedNode(DCTERMS.title), ox.Literal("新计划"), GRAPH))
        store.add(ox.Quad(ox.NamedNode(f"{DOC}new"), ox.NamedNode(RDF.type), ox.NamedNode(ELI.LegalResource), GRAPH))
        store.flush()
        del store
        time.sleep(CHECK_EVERY + 0.2)
        after = pool.run(request)
        assert after.status == 200 and "新计划" in _titles_json(after.body)
        assert pool.run(request).body == after.body and pool.cache.hits == 2
    finally:
        pool.close()


def test_one_run_answers_everyone_asking_the_same_at_once(tmp_path):
    _store(tmp_path / "store")
    pair = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # a few hundred milliseconds
    pool = QueryPool(tmp_path / "store", 2, Limits(timeout=10.0, max_rows=MAX_ROWS, long_after=5.0))
    answers: list[Answer] = []
    try:
        clients = [threading.Thread(target=lambda c=c: answers.append(pool.run(Request(pair), f"10.0.0.{c}")))
                   for c in range(1, 7)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        assert [a.status for a in answers] == [200] * 6 and len({a.body for a in answers}) == 1
        assert (pool.cache.misses, pool.cache.hits) == (1, 5)
    finally:
        pool.close()


def test_a_query_seen_to_run_long_waits_for_the_long_lane_instead_of_being_stopped(tmp_path):
    _store(tmp_path / "store")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    pool = QueryPool(tmp_path / "store", 2, Limits(timeout=20.0, max_rows=MAX_ROWS, long_after=0.05, penalty=0))
    try:
        assert pool.run(Request(slow, accept="text/csv")).status == 200  # seen past long_after once
        answers: dict[str, Answer] = {}
        asks = [threading.Thread(target=lambda a=a: answers.__setitem__(a, pool.run(Request(slow, accept=a))))
                for a in ("application/sparql-results+json", "text/tab-separated-values", "application/xml")]
        for ask in asks:  # not kept answers (other formats): each must run, one at a time in the long lane
            ask.start()
        short = pool.run(Request(TITLES, accept="application/sparql-results+json"))
        for ask in asks:
            ask.join()
        assert short.status == 200
        assert {a: answer.status for a, answer in answers.items()} == dict.fromkeys(answers, 200)
    finally:
        pool.close()


def test_named_queries_are_answered_from_the_cache_once_warmed(tmp_path):
    _store(tmp_path / "store")
    pool = QueryPool(tmp_path / "store", 2, Limits(timeout=5.0, max_rows=MAX_ROWS), warm=True)
    try:
        assert pool.warmed.wait(60)
        warmed = pool.cache.misses
        for query in named_queries().values():
            assert pool.run(Request(query.bind({}), accept="application/sparql-results+json")).status == 200
        assert (warmed, pool.cache.misses, pool.cache.hits) == (len(named_queries()), warmed, warmed)
    finally:
        pool.close()


def test_serve_on_a_folder_that_is_no_store_says_so_in_one_line(tmp_path):
    (tmp_path / "nostore").mkdir()
    (tmp_path / "nostore" / "CURRENT").write_text("not a store\n")
    result = subprocess.run([*EDUKG, "serve", "--store", str(tmp_path / "nostore"), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot open the graph store" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_long_queries_leave_a_worker_for_short_ones_and_their_clients_wait(tmp_path):
    _store(tmp_path / "store")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    limits = Limits(timeout=3.0, max_rows=MAX_ROWS, long_after=0.3, probation=0.2, penalty=1.5)
    pool = QueryPool(tmp_path / "store", 2, limits)
    try:
        first = threading.Thread(target=pool.run, args=(Request(slow), "10.0.0.1"))
        first.start()
        time.sleep(0.6)  # the first slow query now holds the one long lane of a two-worker pool
        unseen = slow.replace("?i }", "?i . ?j ?k ?l }")  # not yet known to be long: it takes a worker
        answer = pool.run(Request(unseen), "10.0.0.2")
        assert answer.status == 503 and b"long queries" in answer.body
        short = pool.run(Request(TITLES, accept="application/sparql-results+json"), "10.0.0.3")
        assert short.status == 200
        refused = pool.run(Request(TITLES), "10.0.0.2")  # stopped a moment ago: it waits its turn
        assert refused.status == 429 and dict(refused.headers)["Retry-After"].isdigit()
        assert pool.penalty("10.0.0.2") > 0 and pool.penalty("10.0.0.3") == 0
        time.sleep(pool.penalty("10.0.0.2"))
        # its penalty served, its queries are kept short (one no other client asked: the cache would answer that)
        probation = pool.run(Request(slow + " LIMIT 1"), "10.0.0.2")
        assert probation.status == 503 and b"time limit of 0.2 s" in probation.body
        assert pool.run(Request(slow), "10.0.0.2").status == 429  # and stopped again, it waits longer
        assert pool.penalty("10.0.0.2") > 1.5
        first.join()
    finally:
        pool.close()


def test_a_worker_that_cannot_be_replaced_costs_one_worker_not_an_answer(tmp_path, monkeypatch):
    """When a stopped worker's replacement cannot start (the store gone), the request still gets
    its 503 and the pool goes on with the workers it has."""
    _store(tmp_path / "store")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    pool = QueryPool(tmp_path / "store", 2, Limits(timeout=0.5, max_rows=MAX_ROWS, queue_timeout=5.0,
                                                   long_after=0.5))
    try:
        def no_start():
            raise OSError("the store is gone")

        monkeypatch.setattr(pool, "_start", no_start)
        answer = pool.run(Request(slow), client="127.0.0.2")
        assert answer.status == 503 and b"time limit" in answer.body
        assert len(pool._workers) == 1
        answer = pool.run(Request(TITLES, accept="application/sparql-results+json"), client="127.0.0.3")
        assert answer.status == 200
    finally:
        pool.close()
    assert pool._workers and all(not w.process.is_alive() for w in pool._workers)


def test_who_asks_for_a_reserved_answer_waits_for_its_run_or_runs_it_when_it_is_abandoned():
    cache: ResultCache[str] = ResultCache(size=len)
    cache.reserve(["warm", "dropped"])
    got: dict[str, str] = {}
    askers = [threading.Thread(target=lambda k=k: got.__setitem__(k, cache.get_or_compute(k, lambda: "own run")))
              for k in ("warm", "dropped")]
    for asker in askers:
        asker.start()
    time.sleep(0.2)  # both are waiting now: neither ran its own
    assert got == {}
    assert cache.compute_reserved("warm", lambda: "the reserved run") == "the reserved run"
    cache.abandon(["warm", "dropped"])
    for asker in askers:
        asker.join(10)
    assert got == {"warm": "the reserved run", "dropped": "own run"}
