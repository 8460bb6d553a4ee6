"""A remote SPARQL 1.1 server as the store people query: named graphs sent with the Graph Store
Protocol (one PUT per graph), SPARQL Update where that is unavailable, queries over the Protocol.

Linking needs the whole graph, so a build keeps its local store as the working copy and then
brings the server level with it: file graphs whose content hash the server lacks are sent, file
graphs the local store no longer has are dropped, and the shared graphs (ontology, concepts,
links) are sent every time. An interrupted push is repaired by the next one.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pyoxigraph as ox

from extractors.errors import EdukgError
from graph.query.sparql import Result
from graph.store.local import drop_update, stored_files
from ontology.namespaces import EDUKG, FILE_GRAPH_PREFIX, SHARED_GRAPHS, sparql_prologue

UPDATE_CHUNK = 2000  # triples per INSERT DATA request: servers cap the size of one update
RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9"
# the prologue (BASE, PREFIX, comments) then the query form; a graph comes back from these two
_GRAPH_FORM = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^:\s]*:\s*<[^>]*>)*(?:CONSTRUCT|DESCRIBE)\b",
                         re.IGNORECASE)
_REMOTE_FILES = f"""SELECT ?g ?hash WHERE {{
  GRAPH ?g {{ ?g <{EDUKG.contentHash}> ?hash }} FILTER(STRSTARTS(STR(?g), "{FILE_GRAPH_PREFIX}")) }}"""


def returns_graph(sparql: str) -> bool:
    """Whether a query is CONSTRUCT or DESCRIBE, read off its first keyword.

    A scan rather than a parse: a full SPARQL parser leaves cycles of its own exceptions holding
    the caller's frames, and so the query results in them, until the collector runs.
    """
    return _GRAPH_FORM.match(sparql) is not None


class RemoteError(EdukgError):
    """A server that refuses or cannot be reached; ``str()`` is the one line shown to the user."""


@dataclass
class SyncReport:
    """What a push sent and dropped."""

    sent: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    protocol: str = "graph store"

    def lines(self) -> list[str]:
        return [f"endpoint: {len(self.sent)} graph(s) sent ({self.protocol}), {len(self.dropped)} dropped"]


@dataclass
class RemoteStore:
    """A SPARQL 1.1 server: ``endpoint`` for queries and updates, ``graph_store`` for the GSP."""

    endpoint: str
    graph_store: str | None = None
    timeout: float = 120.0

    def _send(self, url: str, *, data: bytes | None = None, method: str = "POST",
              headers: dict[str, str] | None = None) -> tuple[str, bytes]:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise RemoteError(f"{url}: HTTP {exc.code} {exc.reason}"
                              + (f" ({detail[0][:200]})" if detail else "")) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise RemoteError(f"{url}: cannot reach the server ({getattr(exc, 'reason', exc)})") from exc

    def _form(self, key: str, text: str, accept: str | None = None) -> tuple[str, bytes]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self._send(self.endpoint, data=urllib.parse.urlencode({key: text}).encode("utf-8"), headers=headers)

    def update(self, sparql: str) -> None:
        self._form("update", sparql)

    def query(self, sparql: str) -> Result:
        """Run a query with the project's prefixes; the same result types as the local store."""
        text = sparql_prologue() + sparql
        kind, body = self._form("query", text, GRAPH_ACCEPT if returns_graph(text) else RESULTS_ACCEPT)
        if kind in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if kind in ("application/n-triples", "text/plain"):
            holder = ox.Store()
            holder.load(body, format=ox.RdfFormat.N_TRIPLES)
            return holder.query("CONSTRUCT WHERE { ?s ?p ?o }")
        raise RemoteError(f"{self.endpoint}: answered {kind}, not SPARQL results or N-Triples")

    def _gsp_url(self, graph: str) -> str:
        return f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph})}"

    def put_graph(self, graph: str, triples: list[ox.Triple]) -> str:
        """Make ``graph`` hold exactly ``triples``; returns the protocol that did it."""
        if self.graph_store:
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            try:
                self._send(self._gsp_url(graph), data=body, method="PUT",
                           headers={"Content-Type": "application/n-triples"})
                return "graph store"
            except RemoteError:
                self.graph_store = None  # refused here: SPARQL Update from now on
        lines = [str(t) + " ." for t in triples]
        chunks = [lines[i:i + UPDATE_CHUNK] for i in range(0, len(lines), UPDATE_CHUNK)] or [[]]
        self.update(drop_update([graph])
                    + (f" ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{chr(10).join(chunks[0])}\n}} }}" if lines else ""))
        for chunk in chunks[1:]:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{chr(10).join(chunk)}\n}} }}")
        return "SPARQL Update"

    def drop_graph(self, graph: str) -> None:
        self.update(drop_update([graph]))

    def file_hashes(self) -> dict[str, str]:
        result = self.query(_REMOTE_FILES)
        return {row["g"].value: row["hash"].value for row in result}  # type: ignore[union-attr]


def _triples(store: ox.Store, graph: str) -> list[ox.Triple]:
    """The graph's triples, its hash last, so a push cut between update chunks is sent again."""
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                  key=lambda t: (t.subject.value == graph, str(t)))


def push(store: ox.Store, remote: RemoteStore) -> SyncReport:
    """Bring ``remote`` level with ``store``: changed file graphs sent, removed ones dropped."""
    local = {graph: digest for graph, (_, digest) in stored_files(store).items()}
    there = remote.file_hashes()
    report = SyncReport()
    for graph in sorted(g for g, digest in local.items() if there.get(g) != digest) + list(SHARED_GRAPHS):
        report.protocol = remote.put_graph(graph, _triples(store, graph))
        report.sent.append(graph)
    for graph in sorted(set(there) - set(local)):
        remote.drop_graph(graph)
        report.dropped.append(graph)
    return report
