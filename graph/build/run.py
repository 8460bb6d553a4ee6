"""Files and folders → the store: extract each file, replace its named graph, relink.

A file that cannot be read is reported (its one-line ``ReadError``) and skipped;
the rest still build, and the caller decides the exit status from the summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from extractors.errors import ReadError
from extractors.readers import find_files
from extractors.records import FileRecord
from graph.build.iris import file_graph
from graph.build.link import LinkReport, link
from graph.build.loader import BATCH_QUADS, LOAD_PARTS, Loader
from graph.build.parallel import FileResult, Outcome, extract_dask, extract_local, prune, unchanged
from graph.build.rdf import record_to_quads
from graph.build.workers import DEFAULT_LIMITS, FileLimits
from graph.store.local import (
    load_vocabulary,
    record_last_build,
    replace_graph,
    stored_documents,
    stored_files,
    write_failed,
)

Progress = Callable[[Iterable[Outcome], int], Iterable[Outcome]]


@dataclass
class BuildSummary:
    """What a build did: files read, documents and quads written, failures (one line each)."""

    files: int = 0
    documents: int = 0
    quads: int = 0
    failures: list[str] = field(default_factory=list)
    links: LinkReport = field(default_factory=lambda: LinkReport(0, 0))
    unchanged: int = 0
    pruned: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    stored_documents: int = 0
    changed: list[str] = field(default_factory=list)  # graphs loaded or dropped

    def lines(self) -> list[str]:
        return [f"files: {self.files} built, {len(self.failures)} failed",
                *([f"unchanged files skipped: {self.unchanged}"] if self.unchanged else []),
                *([f"graphs of removed files dropped: {len(self.pruned)}"] if self.pruned else []),
                *([f"files gone from the folders built: {len(self.gone)} (their graphs are still in the "
                   "store; --prune drops them)"] if self.gone else []),
                f"documents: {self.documents} built, {self.stored_documents} in the store",
                f"quads in store: {self.quads}",
                f"built documents cited directly: {self.links.direct}",
                f"cited documents resolved to built ones: {self.links.resolved} of {self.links.cited}"]


def require_sources(paths: Sequence[str | Path]) -> None:
    """Refuse a build none of whose paths exists, before a store is created for it, so that a
    mistyped path leaves no empty store behind (a build of several paths reports each missing one)."""
    if not any(Path(p).exists() for p in paths):
        raise ReadError(str(paths[0]) if paths else ".", "no such file or folder; nothing to build, no store written")


def add_record(store: ox.Store, record: FileRecord) -> int:
    """Replace the record's file graph with its quads (its shared facts go to the links graph,
    which linking recomputes); returns how many were written."""
    quads = record_to_quads(record)
    graph = file_graph(record.source)
    replace_graph(store, graph, [q for q in quads if q.graph_name.value == graph])
    store.extend([q for q in quads if q.graph_name.value != graph])
    return len(quads)


def build(store: ox.Store, paths: Iterable[str | Path], *, jobs: int = 1, scheduler: str | None = None,
          prune_missing: bool = False, progress: Progress | None = None,
          batch_quads: int = BATCH_QUADS, limits: FileLimits = DEFAULT_LIMITS,
          folder: Path | None = None) -> BuildSummary:
    """Build files and folders (recursively) into ``store`` and recompute the links graph.

    Files whose content hash is unchanged are skipped; extraction runs in ``jobs`` processes or,
    with ``scheduler``, on that Dask cluster; ``prune_missing`` drops the graphs of files under
    ``paths`` that are gone. Results are loaded ``batch_quads`` quads at a time (``graph.build.loader``),
    in ``jobs`` parts side by side, so ``jobs=1`` keeps the whole build on about one core. A file
    past ``limits`` (time, memory, characters of text; ``graph.build.workers``) is a failure line. When the
    system refuses a write (a full disk), the half-written bulk files in ``folder`` (the store's) are
    removed and a ``StoreError`` says so in one line. The graphs the build changed are in the
    summary and, with ``folder``, recorded there for ``edukg validate``.
    """
    roots = list(paths)
    found = find_files(roots)
    files = found.files
    summary = BuildSummary(failures=list(found.problems))
    try:
        load_vocabulary(store)
        same = unchanged(store, files)
        summary.unchanged = len(same)
        todo = [f for f in files if f not in same]
        if prune_missing:
            before = set(stored_files(store))
            summary.pruned = prune(store, roots, files)
            summary.changed += sorted(before - set(stored_files(store)))
        else:
            summary.gone = prune(store, roots, files, drop=False)
        results = extract_dask(todo, scheduler) if scheduler else extract_local(todo, jobs, limits)
        parts = LOAD_PARTS if scheduler else min(jobs, LOAD_PARTS)
        with Loader(store, batch_quads, parts) as loader:
            for outcome in progress(results, len(todo)) if progress else results:
                if isinstance(outcome, FileResult):
                    loader.add(outcome)
                    summary.changed.append(outcome.graph)
                    summary.files += 1
                    summary.documents += outcome.documents
                else:
                    summary.failures.append(outcome)
        summary.links = link(store)
        store.flush()  # else every later read-only open replays the links graph's log: seconds per open
        if folder is not None:
            record_last_build(folder, summary.changed)
    except OSError as exc:  # a full disk, a store folder gone: each load is whole or not at all
        raise write_failed(folder, exc) from exc
    summary.quads = len(store)
    summary.stored_documents = stored_documents(store)
    return summary
