"""The endpoint as an attacker meets it: a live ``edukg serve`` on loopback, replayed the known
attacks (SERVICE by every spelling, hostile bodies and headers, queries that explode or nest),
and a bounded fuzz run. A listener on loopback fails every test that any query reached."""

from __future__ import annotations

import json
import multiprocessing
import random
import socket
import time
import urllib.parse

import pyoxigraph as ox
import pytest
from liveserve import GRAPH, OTHER, Listener, build_store, serve

from graph.serve.endpoint import Limits, Refused, screen
from graph.serve.sandbox import confine_network

MEMORY = 512  # MiB per query worker in these tests


@pytest.fixture(scope="module")
def listener():
    ear = Listener()
    yield ear
    ear.close()


@pytest.fixture(autouse=True)
def nothing_reaches_out(listener):
    before = len(listener.connections)
    yield
    assert listener.connections[before:] == [], "a query made an outbound connection"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("security") / "store"
    build_store(path, filler=3000)  # two patterns joined: nine million rows, sorted, is gigabytes
    return path


@pytest.fixture(scope="module")
def live(store, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("security-serve")
    views = tmp / "views"
    views.mkdir()
    (views / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    with serve(store, tmp, "--views", str(views), "--timeout", "20", "--max-memory", str(MEMORY),
               "--idle-timeout", "1", "--allow-host", "kg.example.org") as served:
        yield served
    assert "Traceback" not in served.stderr


def ask(live, query: str, accept: str = "application/sparql-results+json", source: str = "127.0.0.1",
        **params: str):
    qs = urllib.parse.urlencode({"query": query, **params})
    return live.fetch(f"/sparql?{qs}", headers={"Accept": accept}, source=source)


def service_spellings(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    escaped_url = "".join(f"\\u{ord(c):04X}" if c in ":/." else c for c in url)
    return [
        # the reported bypass: rdflib expanded the escape and read one long string
        f"SELECT * WHERE {{ BIND('\\u0027' AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} #''' AS ?y)\n}}",
        f'SELECT * WHERE {{ BIND("\\u0022" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} #""" AS ?y)\n}}',
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped_url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"ASK {{ {{ SELECT ?s WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        f"PREFIX e: <{url}>\nSELECT * WHERE {{ SERVICE e: {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{#\n SERVICE\n<{url}>{{?s ?p ?o}}}}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND('''\\u0027''' AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"BASE <{url}>\nSELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.parametrize("index", range(15))
def test_service_reaches_nothing_by_any_spelling(live, listener, index):
    query = service_spellings(listener.port)[index]
    status, _, body = ask(live, query)
    assert status == 403 and b"SERVICE" in body


def _confined_service_query(port: int, results: multiprocessing.Queue) -> None:
    confined = confine_network()
    try:
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
        results.put((confined, "answered"))
    except OSError as exc:
        results.put((confined, type(exc).__name__))


def test_a_confined_worker_cannot_open_a_connection_whatever_the_screen_lets_through(listener):
    """The kernel's refusal, not the screen, is the guarantee: a query run straight on Oxigraph
    inside a confined process gets no socket."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_confined_service_query, args=(listener.port, results))
    process.start()
    confined, outcome = results.get(timeout=60)
    process.join()
    if not confined:
        pytest.skip("this platform has no seccomp filter for the query workers")
    assert outcome == "PermissionError"


def test_unconfined_workers_refuse_the_word_anywhere():
    limits = Limits()
    quoted = 'SELECT ?x WHERE { BIND("no \\u0073ervice here" AS ?x) }'
    screen(quoted, limits, confined=True)
    with pytest.raises(Refused) as refused:
        screen(quoted, limits, confined=False)
    assert refused.value.status == 403


@pytest.mark.parametrize("update", [
    'INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> "x" } }',
    "\\u0049NSERT DATA { <http://e/s> <http://e/p> 1 }",
    "PREFIX e: <http://e/>\n# comment\n  delete where { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "DROP ALL",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_however_spelt(live, update):
    status, _, body = ask(live, update)
    assert status == 403 and b"read-only" in body


def test_the_word_service_in_a_string_is_data(live):
    status, _, body = ask(live, 'SELECT ?x WHERE { BIND("SERVICE <http://a/>" AS ?x) } # SERVICE')
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { FILTER(" + "(" * 25 + "1" + ")" * 25 + ") }",  # killed a worker when rdflib checked
    "SELECT * WHERE " + "{" * 40 + "}" * 40,
])
def test_modest_nesting_is_answered(live, query):
    status, _, _ = ask(live, query)
    assert status == 200
    assert "Traceback" not in live.stderr


@pytest.mark.parametrize("query", [
    "ASK " + "{" * 5000 + "}" * 5000,  # past Oxigraph's own stack
    "SELECT * WHERE { FILTER(" + "(" * 3000 + "1",
    "SELECT * WHERE { FILTER(" + "(" * 101 + "1" + ")" * 101 + ") }",
])
def test_deep_nesting_is_a_bad_request_without_a_traceback(live, query):
    status, _, body = ask(live, query)
    assert status == 400 and b"nests" in body
    assert "Traceback" not in live.stderr
    assert ask(live, "ASK { ?s ?p ?o }")[0] == 200


def test_query_text_is_capped(live):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    status, _, body = live.fetch("/sparql", data=huge.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"characters" in body


EXPLOSIVE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def test_a_query_past_the_memory_limit_is_stopped_and_its_client_waits(live):
    attacker = "127.0.0.2"  # its own address: the penalty below is for it alone
    status, _, body = ask(live, EXPLOSIVE, source=attacker)
    assert status == 503 and b"memory" in body
    assert "Traceback" not in live.stderr and "memory allocation" not in live.stderr
    status, _, body = ask(live, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = ask(live, "ASK { ?s ?p ?o }", source=attacker)
    assert status == 429 and b"wait" in body


def _post(length: str, body: bytes = b"", extra: str = "") -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            f"{length}{extra}\r\n").encode() + body


@pytest.mark.parametrize("length,status", [
    ("Content-Length: -1\r\n", b"400"),  # was read as "everything until the client stops": gigabytes
    ("Content-Length: abc\r\n", b"400"),
    ("Content-Length: +5\r\n", b"400"),
    ("Content-Length: 1610612736\r\n", b"413"),
    ("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", b"400"),
    ("Transfer-Encoding: gzip\r\n", b"501"),
])
def test_every_content_length_is_checked_before_reading(live, length, status):
    """The answer comes while the client still holds its connection open, body unfinished."""
    with socket.create_connection(("127.0.0.1", live.port), timeout=30) as sock:
        sock.sendall(_post(length, b"ASK{}"))  # a valid query, if the length were believed
        answer = sock.recv(100)
    assert answer.split(b" ", 2)[1] == status


def test_a_chunked_body_is_read_up_to_the_limit_only(live):
    chunk = b"#" * 65536
    body = b"".join(b"10000\r\n" + chunk + b"\r\n" for _ in range(40))  # 2.5 MiB in chunks
    answer = live.raw(_post("Transfer-Encoding: chunked\r\n", body + b"0\r\n\r\n"))
    assert answer.split(b" ", 2)[1] == b"413"


def test_a_chunked_query_is_answered(live):
    query = b"ASK { ?s ?p ?o }"
    body = f"{len(query):x}\r\n".encode() + query + b"\r\n0\r\n\r\n"
    answer = live.raw(_post("Transfer-Encoding: chunked\r\nAccept: application/sparql-results+json\r\n", body))
    assert answer.split(b" ", 2)[1] == b"200" and b'"boolean":true' in answer


def test_an_empty_post_is_a_bad_request(live):
    answer = live.raw(_post("Content-Length: 0\r\n"))
    assert answer.split(b" ", 2)[1] == b"400"


@pytest.mark.parametrize("request_bytes,status", [
    (b"GET /index.html%00.png HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"404"),
    (b"GARBAGE\r\n\r\n", b"400"),
    (b"GET /sparql HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", b"505"),
    (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n", b"431"),
])
def test_malformed_requests_get_an_answer(live, request_bytes, status):
    answer = live.raw(request_bytes)
    assert answer.split(b" ", 2)[1] == status
    assert "Traceback" not in live.stderr


def test_head_is_answered_like_get_without_a_body(live):
    qs = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    get = live.fetch(f"/sparql?{qs}")
    head = live.fetch(f"/sparql?{qs}", method="HEAD")
    assert head[0] == get[0] == 200 and head[1] == get[1] and head[2] == b""
    assert live.fetch("/index.html", method="HEAD")[0] == 200


@pytest.mark.parametrize("host,allowed", [
    ("127.0.0.1", True), ("localhost", True), ("kg.example.org", True),
    ("attacker.example.com", False), ("127.0.0.1.attacker.example.com", False),
])
def test_host_header_is_checked(live, host, allowed):
    qs = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, _, body = live.fetch(f"/sparql?{qs}", headers={"Host": f"{host}:{live.port}"})
    assert (status == 200) is allowed
    if not allowed:
        assert status == 403 and b"--allow-host" in body
        assert live.fetch("/index.html", headers={"Host": host})[0] == 403


def test_a_refused_host_does_not_leave_its_body_to_be_read_as_a_request(live):
    """A POST for another host is answered 403 and the connection closed, so a request smuggled
    in its body never runs under the allowed Host it names."""
    inner = (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             b"Accept: application/sparql-results+json\r\n\r\n")
    outer = (f"POST /sparql HTTP/1.1\r\nHost: attacker.example.com\r\nConnection: keep-alive\r\n"
             f"Content-Type: application/sparql-query\r\nContent-Length: {len(inner)}\r\n\r\n").encode() + inner
    answer = live.raw(outer)
    assert answer.split(b" ", 2)[1] == b"403"
    assert answer.count(b"HTTP/1.") == 1 and b'"boolean"' not in answer


def test_a_path_longer_than_a_file_name_is_not_found(live):
    assert live.fetch("/" + "a" * 300 + ".html")[0] == 404
    assert "Traceback" not in live.stderr


def test_the_update_check_reads_tokens_not_a_backtracking_pattern():
    """The query form is the first word after the prologue, read from the same tokens as the rest:
    padding, comments and prologue before an update do not hide it, and whitespace alone (which
    made the old pattern try every split of it) is no update."""
    from graph.serve.endpoint import Limits, Refused, screen

    for update in ("   \n\t  # note\n PREFIX a: <http://e/> INSERT DATA { a:s a:p a:o }",
                   "BASE <http://e/> DELETE WHERE { ?s ?p ?o }"):
        with pytest.raises(Refused, match="read-only"):
            screen(update, Limits())
    screen(" " * 5000 + "{", Limits())  # not an update; Oxigraph reports the syntax error


def test_a_run_of_digits_or_dots_is_one_token():
    """Each token is matched once, so a long run that is no name is not rescanned from every position."""
    from graph.query.scan import _TOKEN

    assert len(list(_TOKEN.finditer("1" * 5000))) == 1
    assert len(list(_TOKEN.finditer("." * 5000))) == 1


def test_idle_connections_are_closed(live):
    with socket.create_connection(("127.0.0.1", live.port), timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")  # and then nothing more
        assert sock.recv(100) == b""  # the server hung up; no answer was owed


def test_from_and_default_graph_uri_choose_the_dataset(live):
    def titles(dataset: str = "", **params: str) -> list[str]:
        query = f"SELECT ?t {dataset} WHERE {{ ?d dcterms:title ?t }} ORDER BY ?t"
        status, _, body = ask(live, query, **params)
        assert status == 200
        return [b["t"]["value"] for b in json.loads(body)["results"]["bindings"]]

    assert len(titles()) == 4  # no dataset named: the union of all graphs
    assert titles(f"FROM <{OTHER.value}>") == ["另一个"]
    assert len(titles(f"FROM <{GRAPH.value}>")) == 3
    assert titles(**{"default-graph-uri": OTHER.value}) == ["另一个"]
    assert titles(f"FROM <{GRAPH.value}>", **{"default-graph-uri": OTHER.value}) == ["另一个"]  # the protocol wins
    by_graph = "SELECT ?t {} WHERE {{ GRAPH ?g {{ ?d dcterms:title ?t }} }}"
    status, _, body = ask(live, by_graph.format(f"FROM NAMED <{OTHER.value}>"))
    assert [b["t"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["另一个"]
    status, _, body = ask(live, by_graph.format(""), **{"named-graph-uri": OTHER.value})
    assert [b["t"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["另一个"]


FUZZ_PARTS = ["{", "}", "(", ")", "[", "]", "'", '"', "'''", "#", "\n", "\\u0027", "\\u0022", "\\u007B",
              "\\u0053ERVICE", "SERVICE", "service", "SELECT *", "WHERE", "ASK", "?s ?p ?o", "<", ">", ".",
              "FILTER", "BIND(", " AS ?x)", "\\", "\\U00000053", "OPTIONAL"]


def test_fuzzed_nesting_and_escapes_never_reach_out(live, listener):
    rng = random.Random(13)
    url = f"<http://127.0.0.1:{listener.port}/sparql>"
    deadline = time.monotonic() + 60
    for _ in range(150):
        if time.monotonic() > deadline:
            break
        parts = [rng.choice(FUZZ_PARTS) for _ in range(rng.randint(3, 40))]
        depth = rng.choice([0, 0, 5, 30, 120])
        service = rng.choice(["SERVICE", "\\u0053ERVICE", "sErViCe", "SERVICE\n"]) + f" {url} {{ ?s ?p ?o }}"
        parts.insert(rng.randrange(len(parts) + 1), service)
        query = "SELECT * WHERE { " + "{" * depth + " ".join(parts) + "}" * depth + " }"
        status, _, _ = ask(live, query)
        assert 400 <= status < 600, query
    assert ask(live, "ASK { ?s ?p ?o }")[0] == 200
