"""Extraction in worker processes or on a Dask cluster, and which files the store already holds.

Everything a file needs that is not the store runs in the workers: reading, extraction, RDF and
serialisation as N-Quads, so the one writer (``graph.build.loader``) only loads N-Quads.
Each file graph also states which file it was read from and the SHA-256 of that file's bytes
(``edukg:sourceFile``, ``edukg:contentHash`` on the graph's own IRI). They are loaded in the same
transaction as the file's facts, so a graph that has its hash is whole: a build killed mid-way
leaves whole files only, and the next build skips the files whose hash is unchanged.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path

import pyoxigraph as ox

import extractors
from extractors.errors import EdukgError
from extractors.readers import MAX_TEXT_CHARS
from extractors.records import FileRecord
from graph.build.iris import file_graph, file_key
from graph.build.rdf import record_to_quads
from graph.build.workers import DEFAULT_LIMITS, FileLimits, failure_line, run_bounded
from graph.store.local import stored_files
from ontology.namespaces import EDUKG, XSD


class ClusterError(EdukgError):
    """The Dask scheduler cannot be used; ``str()`` is the one line shown to the user."""


@dataclass(frozen=True)
class FileResult:
    """One file, ready to load: its graph as N-Quads and what the summary counts."""

    source: str
    graph: str
    documents: int
    quads: int
    nquads: bytes


Outcome = FileResult | str  # a result, or the one-line reason the file was skipped


def content_hash(path: str | Path) -> str | None:
    """SHA-256 of the file's bytes (as the readers compute it), or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def extract_record(path: str | Path, max_chars: int = MAX_TEXT_CHARS) -> FileRecord:
    """``extractors.extract_file``, under a name a worker process can be given (spaCy loads on first use)."""
    return extractors.extract_file(path, max_chars=max_chars)


def process_file(path: str | Path, max_chars: int = MAX_TEXT_CHARS) -> Outcome:
    """Read, extract and serialise one file; never raises, so one bad file cannot stop a build.

    The file's graph is keyed by its resolved path (``file_key``); errors name it as given.
    """
    try:
        record = replace(extractors.extract_file(path, max_chars=max_chars), source=file_key(path))
    except Exception as exc:  # an extractor bug must not stop a thousand-file build
        return failure_line(path, exc)
    graph = ox.NamedNode(file_graph(record.source))
    quads = record_to_quads(record)  # in the file's graph, and shared facts in the links graph
    string = ox.NamedNode(XSD.string)
    quads.append(ox.Quad(graph, ox.NamedNode(EDUKG.sourceFile), ox.Literal(record.source, datatype=string), graph))
    quads.append(ox.Quad(graph, ox.NamedNode(EDUKG.contentHash), ox.Literal(record.sha256, datatype=string), graph))
    return FileResult(source=record.source, graph=graph.value, documents=len(record.documents),
                      quads=len(quads), nquads=ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


@cache
def ready_process() -> None:
    """Build the pipeline now, then keep its objects out of the garbage collector (once a process).

    The pipeline's lexicons and jieba's dictionary are millions of long-lived objects; every full
    collection would walk them again (about a tenth of extraction time). Frozen, they are skipped,
    and processes forked afterwards share their pages without copying them.
    """
    extractors.warm_up()
    gc.freeze()


def extract_local(paths: Sequence[Path], workers: int, limits: FileLimits = DEFAULT_LIMITS) -> Iterator[Outcome]:
    """Outcomes in file order, from ``workers`` processes forked ready (see ``ready_process``), each
    file within ``limits`` (``graph.build.workers``): a file past them is its one-line reason."""
    task = partial(process_file, max_chars=limits.text_chars)
    for _, outcome in run_bounded(task, paths, workers, limits):
        yield outcome


def extract_dask(paths: Sequence[Path], scheduler: str) -> Iterator[Outcome]:
    """Outcomes as a Dask cluster finishes them; its workers must see the same paths."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ClusterError("--scheduler needs Dask: pip install 'edukg[dask]'") from exc
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    with client:
        futures = client.map(process_file, [str(p) for p in paths], pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()


def unchanged(store: ox.Store, paths: Sequence[Path]) -> set[Path]:
    """The paths whose file graph is in the store with the same content hash."""
    stored = stored_files(store)
    same: set[Path] = set()
    for path in paths:
        entry = stored.get(file_graph(file_key(path)))
        if entry is not None and entry[1] == content_hash(path):
            same.add(path)
    return same


def _under(source: str, root: str) -> bool:
    return source == root or source.startswith(root.rstrip("/") + "/")


def prune(store: ox.Store, roots: Iterable[str | Path], present: Iterable[Path], *, drop: bool = True) -> list[str]:
    """Drop the file graphs of sources under ``roots`` that are no longer among ``present``.

    Only graphs under the paths of this build are considered, so building a second folder into
    the same store never prunes the first. Returns the sources gone (dropped unless ``drop`` is
    false, so a build can say what ``--prune`` would do).
    """
    keys = [file_key(r) for r in roots]
    kept = {file_graph(file_key(p)) for p in present}
    gone = sorted((source, graph) for graph, (source, _) in stored_files(store).items()
                  if graph not in kept and any(_under(file_key(source), k) for k in keys))
    if gone and drop:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{graph}>" for _, graph in gone))
    return [source for source, _ in gone]
