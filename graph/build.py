"""Files and folders → the store: extract each file, replace its named graph, relink.

A file that cannot be read is reported (its one-line ``ReadError``) and skipped;
the rest still build, and the caller decides the exit status from the summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from extractors import extract_file
from extractors.errors import ReadError
from extractors.readers import iter_files
from extractors.records import FileRecord
from graph.iris import file_graph
from graph.link import LinkReport, link
from graph.rdf import record_to_quads
from graph.store import load_vocabulary, replace_graph

Outcome = FileRecord | str  # a record, or why the file was skipped
Progress = Callable[[Iterable[Outcome], int], Iterable[Outcome]]


@dataclass
class BuildSummary:
    """What a build did: files read, documents and quads written, failures (one line each)."""

    files: int = 0
    documents: int = 0
    quads: int = 0
    failures: list[str] = field(default_factory=list)
    links: LinkReport = field(default_factory=lambda: LinkReport(0, 0))

    def lines(self) -> list[str]:
        return [f"files: {self.files} built, {len(self.failures)} failed",
                f"documents: {self.documents}",
                f"quads in store: {self.quads}",
                f"cited documents resolved to built ones: {self.links.resolved} of {self.links.cited}"]


def _extract(path: Path) -> Outcome:
    """A record, or the one-line reason the file was skipped (picklable, for worker processes)."""
    try:
        return extract_file(path)
    except ReadError as exc:
        return str(exc)
    except Exception as exc:  # an extractor bug must not stop a thousand-file build
        return f"{path}: extraction failed ({type(exc).__name__}: {exc})"


def _records(paths: Sequence[Path], jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(paths) < 2:
        yield from map(_extract, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_extract, paths, chunksize=4)


def add_record(store: ox.Store, record: FileRecord) -> int:
    """Replace the record's file graph with its quads; returns how many were written."""
    quads = record_to_quads(record)
    replace_graph(store, file_graph(record.source), quads)
    return len(quads)


def build(store: ox.Store, paths: Iterable[str | Path], *, jobs: int = 1,
          progress: Progress | None = None) -> BuildSummary:
    """Build files and folders (recursively) into ``store`` and recompute the links graph."""
    files = iter_files(list(paths))
    summary = BuildSummary()
    load_vocabulary(store)
    results = _records(files, jobs)
    for result in (progress(results, len(files)) if progress else results):
        if isinstance(result, str):
            summary.failures.append(result)
            continue
        add_record(store, result)
        summary.files += 1
        summary.documents += len(result.documents)
    summary.links = link(store)
    summary.quads = len(store)
    return summary
