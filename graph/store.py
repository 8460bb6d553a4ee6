"""The graph store: an embedded, persistent Oxigraph store in a directory.

One named graph per source file; replacing a file's graph is one SPARQL update
(drop, then insert), which Oxigraph applies as a single transaction, so a reader
never sees a file half rebuilt and no other graph is touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from extractors.errors import EdukgError
from ontology import CONCEPTS, ONTOLOGY, resource
from ontology.namespaces import CONCEPTS_GRAPH, ONTOLOGY_GRAPH

DEFAULT_STORE = "edukg-store"


class StoreError(EdukgError):
    """A store that cannot be opened or used; ``str()`` is the one line shown to the user."""


def open_store(path: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> ox.Store:
    """Open (or, unless ``read_only``, create) the store at ``path``."""
    p = Path(path)
    if read_only and not p.is_dir():
        raise StoreError(f"{p}: no graph store here; build one first with `edukg build PATH... --store {p}`")
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: not a directory, so it cannot hold a graph store")
    try:
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the graph store ({exc})") from exc


def _ntriples(quads: Iterable[ox.Quad]) -> str:
    return " .\n".join(str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads)


def replace_graph(store: ox.Store, graph: str, quads: Iterable[ox.Quad]) -> None:
    """Make ``graph`` hold exactly ``quads`` (their own graph names are ignored), atomically."""
    body = _ntriples(quads)
    insert = f" ;\nINSERT DATA {{ GRAPH <{graph}> {{ {body} . }} }}" if body else ""
    store.update(f"DROP SILENT GRAPH <{graph}>{insert}")


def load_vocabulary(store: ox.Store) -> None:
    """(Re)load the ontology and concept schemes into their shared graphs."""
    for name, graph in ((ONTOLOGY, ONTOLOGY_GRAPH), (CONCEPTS, CONCEPTS_GRAPH)):
        with resource(name).open("rb") as fh:
            triples = ox.parse(fh, format=ox.RdfFormat.TURTLE)
            replace_graph(store, graph, (ox.Quad(t.subject, t.predicate, t.object) for t in triples))
