"""Remote stores: a build pushed into a real Virtuoso (started and stopped here) by the Graph Store
Protocol and by SPARQL Update, queried over the protocol, kept level incrementally and on prune."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from edukg_samples import sample_paths

from graph.build.parallel import stored_files
from graph.build.run import build
from graph.query.sparql import run
from graph.store.remote import SHARED_GRAPHS, RemoteError, RemoteStore, push, returns_graph

VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
VAD = Path("/usr/share/virtuoso-opensource-7/vad")
INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {vad}
VADInstallDir = {vad}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
"""
# The anonymous SPARQL user may update, and may write any graph through the graph-store endpoint.
GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso on loopback with a throw-away database; yields its base URL."""
    if not (VIRTUOSO and ISQL):
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource); "
                    ".ci/run installs it for CI")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql=sql, http=http, vad=VAD), encoding="utf-8")
    server = subprocess.Popen([VIRTUOSO, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 120
        while not _up(f"{base}/sparql"):
            assert server.poll() is None, (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "Virtuoso did not start within two minutes"
            time.sleep(0.5)
        subprocess.run([ISQL, f"127.0.0.1:{sql}", "dba", "dba", f"exec={GRANTS}"], check=True,
                       capture_output=True, timeout=60)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _counts(result) -> dict[str, int]:
    return {row["g"].value: int(row["n"].value) for row in result}


COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
TITLES = "SELECT DISTINCT ?t WHERE { ?d a eli:LegalResource ; dcterms:source ?src ; dcterms:title ?t }"


@pytest.mark.parametrize("protocol", ["graph store", "SPARQL Update"])
def test_build_pushed_into_virtuoso_and_queried_there(virtuoso, tmp_path, protocol):
    graph_store = f"{virtuoso}/sparql-graph-crud" if protocol == "graph store" else None
    remote = RemoteStore(f"{virtuoso}/sparql", graph_store=graph_store)
    for graph in remote.file_hashes():
        remote.drop_graph(graph)
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in sample_paths():
        shutil.copy(path, folder / path.name)
    store = ox.Store(str(tmp_path / "store"))
    build(store, [folder])
    report = push(store, remote)
    assert report.protocol == protocol and not report.dropped
    files = set(stored_files(store))
    assert set(report.sent) == files | set(SHARED_GRAPHS)

    local = _counts(run(store, COUNTS))
    there = _counts(remote.query(COUNTS))
    assert {g: there.get(g) for g in files | set(SHARED_GRAPHS)} == {g: local[g] for g in files | set(SHARED_GRAPHS)}
    titles = {row["t"].value for row in run(store, TITLES)}
    assert titles and {row["t"].value for row in remote.query(TITLES)} == titles
    assert bool(remote.query("ASK { ?d a eli:LegalResource }"))
    triples = list(remote.query("CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d dcterms:source ?s ; dcterms:title ?t }"))
    assert {t.object.value for t in triples} == titles

    again = push(store, remote)
    assert set(again.sent) == set(SHARED_GRAPHS)  # nothing changed: only the shared graphs are refreshed

    gone = folder / sample_paths()[0].name
    gone.unlink()
    build(store, [folder], prune_missing=True)
    pruned = push(store, remote)
    assert len(pruned.dropped) == 1 and pruned.dropped[0] not in remote.file_hashes()


@pytest.mark.parametrize(("query", "graph"), [
    ("CONSTRUCT WHERE { ?s ?p ?o }", True),
    ("describe <http://example.org/a>", True),
    ("# a comment\nBASE <http://example.org/>\nPREFIX ex: <http://example.org/ns#>\n"
     "PREFIX : <http://example.org/#x>\n  CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o }", True),
    ("PREFIX ex: <http://example.org/ns#> SELECT ?s WHERE { ?s ex:p \"CONSTRUCT\" }", False),
    ("ASK { ?s ?p ?o }", False),
    ("SELECT ?constructed WHERE { ?constructed ?p ?o }", False),
])
def test_the_query_form_decides_what_to_ask_the_server_for(query, graph):
    assert returns_graph(query) is graph


def test_an_unreachable_endpoint_is_one_clear_error():
    with pytest.raises(RemoteError, match="cannot reach the server"):
        RemoteStore(f"http://127.0.0.1:{_free_port()}/sparql", timeout=5).query("ASK {}")


def test_cli_builds_into_and_queries_an_endpoint(virtuoso, tmp_path):
    from typer.testing import CliRunner

    from graph.cli import app

    plan = tmp_path / "plan.txt"
    shutil.copy(sample_paths()[0], plan)
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(plan), "--store", str(tmp_path / "store"),
                                "--endpoint", f"{virtuoso}/sparql"])
    assert built.exit_code == 0, built.output
    assert "graph(s) sent (SPARQL Update)" in built.output
    asked = runner.invoke(app, ["query", "--endpoint", f"{virtuoso}/sparql", "--format", "csv",
                                f'SELECT ?src WHERE {{ ?d dcterms:source ?src FILTER(?src = "{plan}") }}'])
    assert asked.exit_code == 0 and str(plan) in asked.stdout
    refused = runner.invoke(app, ["query", "--endpoint", f"http://127.0.0.1:{_free_port()}/sparql", "ASK {}"])
    assert refused.exit_code == 1 and "cannot reach the server" in refused.output
