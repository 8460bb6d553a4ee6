"""The graph store: an embedded, persistent Oxigraph store in a directory.

One named graph per source file; replacing a file's graph is one SPARQL update
(drop, then insert), which Oxigraph applies as a single transaction, so a reader
never sees a file half rebuilt and no other graph is touched.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from extractors.errors import EdukgError
from ontology import CONCEPTS, ONTOLOGY, resource
from ontology.namespaces import CONCEPTS_GRAPH, DCTERMS, EDUKG, FILE_GRAPH_PREFIX, ONTOLOGY_GRAPH

DEFAULT_STORE = "edukg-store"
LAST_BUILD = "edukg-last-build.txt"  # beside the store's own files: the graphs the last build changed
BULK_FILES = "bulk-*.sst"  # what pyoxigraph's bulk loader writes into the store's folder


_STORED = f"""
SELECT ?g ?source ?hash WHERE {{
  GRAPH ?g {{ ?g <{EDUKG.sourceFile}> ?source ; <{EDUKG.contentHash}> ?hash }}
  FILTER(STRSTARTS(STR(?g), "{FILE_GRAPH_PREFIX}"))
}}"""


_DOCUMENTS = f"""
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{
  GRAPH ?g {{ ?d <{DCTERMS.source}> ?source }}
  FILTER(STRSTARTS(STR(?g), "{FILE_GRAPH_PREFIX}"))
}}"""


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
        store = ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the graph store ({exc})") from exc
    if not read_only:  # the lock is ours: no bulk load of another process is under way
        remove_bulk_files(p)
    return store


def remove_bulk_files(folder: Path) -> list[Path]:
    """Delete index files the bulk loader left half written (a full disk, a killed build).

    The loader writes ``bulk-*.sst`` beside the store and hands them to the store when whole,
    which renames them: a file still under that name is no part of the store, only space lost.
    """
    orphans = sorted(folder.glob(BULK_FILES))
    for orphan in orphans:
        orphan.unlink(missing_ok=True)
    return orphans


def write_failed(folder: Path | None, exc: OSError) -> StoreError:
    """The one line for a store the system refused to write, after removing the half-written files."""
    if folder is not None:
        remove_bulk_files(folder)
    message = str(exc)
    cause = "the disk is full" if exc.errno == errno.ENOSPC or "No space left on device" in message \
        else message.split(": While")[0]
    return StoreError(f"{folder if folder is not None else 'the graph store'}: cannot write the graph store "
                      f"({cause}); the graphs of files this build did not change are kept, and the next "
                      "build adds the rest")


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    return " .\n".join(str(t) for t in triples)


def drop_update(graphs: Iterable[str]) -> str:
    """The SPARQL Update that drops each of ``graphs``, local or remote, as one request (SILENT:
    a graph that is not there is no error); empty for no graphs."""
    return " ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs)


def drop_graphs(store: ox.Store, graphs: Iterable[str]) -> None:
    """Drop ``graphs`` from a local store in one transaction."""
    if update := drop_update(graphs):
        store.update(update)


def replace_graph(store: ox.Store, graph: str, quads: Iterable[ox.Quad]) -> None:
    """Make ``graph`` hold exactly ``quads`` (their own graph names are ignored).

    Only the difference is written, so rewriting a large graph that barely changed, as linking
    does after every build, costs what changed rather than the graph's size. What comes is added
    first, in one transaction of quads (``Store.extend``: a SPARQL ``INSERT DATA`` of the same
    quads spends more time parsing its text than writing), and what goes is deleted after, in a
    second: a reader in between sees the old facts and the new, never neither.
    """
    name = ox.NamedNode(graph)
    new = {q.triple for q in quads}
    if not new:
        store.update(drop_update([graph]))
        return
    old = {q.triple for q in store.quads_for_pattern(None, None, None, name)}
    if added := new - old:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in added)
    if gone := old - new:
        store.update(f"DELETE DATA {{ GRAPH <{graph}> {{ {_ntriples(gone)} . }} }}")


def load_vocabulary(store: ox.Store) -> None:
    """(Re)load the ontology and concept schemes into their shared graphs."""
    for name, graph in ((ONTOLOGY, ONTOLOGY_GRAPH), (CONCEPTS, CONCEPTS_GRAPH)):
        with resource(name).open("rb") as fh:
            triples = ox.parse(fh, format=ox.RdfFormat.TURTLE)
            replace_graph(store, graph, (ox.Quad(t.subject, t.predicate, t.object) for t in triples))


def stored_files(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Whole file graphs in the store: graph IRI → (source, that is its ``file_key``; content hash)."""
    return {s["g"].value: (s["source"].value, s["hash"].value) for s in store.query(_STORED)}


def stored_documents(store: ox.Store) -> int:
    """How many documents read from files the store holds (cited-only documents left out)."""
    result = store.query(_DOCUMENTS)
    return int(next(iter(result))["n"].value)


def record_last_build(folder: Path, graphs: Iterable[str]) -> None:
    """Write which graphs the last build changed (loaded or dropped), for ``edukg validate`` to
    check just those; written whole (a temporary file renamed), so a reader never sees half."""
    path = folder / LAST_BUILD
    part = path.with_suffix(".part")
    part.write_text("# graphs the last edukg build changed, one a line\n" + "".join(f"{g}\n" for g in sorted(graphs)),
                    encoding="utf-8")
    part.replace(path)


def last_build(folder: Path) -> list[str] | None:
    """The graphs the last build into ``folder`` changed, or None when no build recorded them."""
    try:
        text = (folder / LAST_BUILD).read_text(encoding="utf-8")
    except OSError:
        return None
    return [line for line in text.splitlines() if line and not line.startswith("#")]
