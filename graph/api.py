"""The Python API for notebooks and scripts: everything the ``edukg`` command does, as calls.

The CLI only parses arguments, calls what is here and prints; so a notebook never needs it.

>>> from edukg_samples import sample_paths
>>> kg = KnowledgeGraph.in_memory()                 # or KnowledgeGraph.open("edukg-store")
>>> kg.build(sample_paths()).failures
[]
>>> titles = kg.query("SELECT DISTINCT ?t WHERE { ?d dcterms:source ?s ; dcterms:title ?t }")  # a DataFrame
>>> "云溪市基础教育高质量发展三年行动计划(2024—2026年)" in set(titles["t"])
True
>>> list(kg.named("indicator-targets", indicator="学前三年毛入园率").columns)[:3]
['region', 'title', 'comparator']
>>> list(kg.query(name="most-cited", params={"min": 2}).columns)[:2]     # typed parameters are checked
['title', 'number']
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from extractors.errors import EdukgError, ReadError
from extractors.export import to_json
from extractors.readers import Found, find_files
from extractors.records import FileRecord
from graph.build.loader import BATCH_QUADS
from graph.build.parallel import extract_records
from graph.build.run import BuildSummary, Progress, require_sources
from graph.build.run import build as build_store
from graph.build.workers import DEFAULT_LIMITS, FileLimits
from graph.query.networks import NETWORKS, dependency_graph, organisation_graph
from graph.query.sparql import (
    RESULT_FORMATS,
    NamedQuery,
    Result,
    named_queries,
    named_query,
    rows,
    run,
    serialize,
    sparql_for,
    to_dataframe,
)
from graph.store.export import FORMATS, NETWORK_FORMATS, ExportError, check_export, export
from graph.store.local import DEFAULT_STORE, StoreError, last_build, open_store
from graph.store.remote import RemoteStore, SyncReport, push

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from extractors.misses import Miss
    from graph.serve.server import EndpointServer
    from graph.store.validate import Progress as ValidationProgress
    from graph.store.validate import Report

__all__ = ["BATCH_QUADS", "DEFAULT_LIMITS", "DEFAULT_STORE", "FORMATS", "NETWORKS", "NETWORK_FORMATS",
           "RESULT_FORMATS", "BuildSummary", "Demo", "EdukgError", "Evaluation", "EvaluationError", "FileLimits",
           "Found", "KnowledgeGraph", "NamedQuery", "RemoteStore", "Result", "check_export", "demo", "evaluate",
           "extract", "find_files", "last_build", "named_queries", "named_query", "require_sources", "rows",
           "serialize", "sparql_for"]

# Imported when first asked for (``from graph.api import serving``), so that the command line, and
# a notebook that never serves or validates, start without the server, pyshacl and pandas.
_LAZY = {"Limits": "graph.serve.endpoint", "serving": "graph.serve.server", "stop_on_signals": "graph.serve.server",
         "Report": "graph.store.validate", "Miss": "extractors.misses"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class KnowledgeGraph:
    """One graph store, with everything a notebook (or the CLI) does with it."""

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def open(cls, path: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> KnowledgeGraph:
        """Open (or create) the store at ``path``; ``read_only`` needs it to exist."""
        return cls(open_store(path, read_only=read_only), Path(path))

    @classmethod
    def in_memory(cls) -> KnowledgeGraph:
        """A throw-away store, for experiments and tests."""
        return cls(ox.Store())

    def build(self, paths: Iterable[str | Path], *, jobs: int = 1, scheduler: str | None = None,
              prune: bool = False, batch_quads: int = BATCH_QUADS, limits: FileLimits = DEFAULT_LIMITS,
              progress: Progress | None = None) -> BuildSummary:
        """Add files and folders (recursively); a file already built is replaced, an unchanged one skipped,
        a file past ``limits`` (seconds, memory, characters of text) skipped with its one line.

        Extraction runs in ``jobs`` processes, or on the Dask cluster at ``scheduler``
        (``tcp://HOST:PORT``); ``prune`` drops the graphs of files under ``paths`` that are gone;
        results are loaded ``batch_quads`` quads at a time; ``progress(outcomes, total)`` may wrap
        the outcomes as they come (a progress bar). See ``graph.build.run.build``.
        """
        return build_store(self.store, paths, jobs=jobs, scheduler=scheduler, prune_missing=prune,
                           progress=progress, batch_quads=batch_quads, limits=limits, folder=self.path)

    def push(self, endpoint: str, *, graph_store: str | None = None) -> SyncReport:
        """Bring the SPARQL 1.1 server at ``endpoint`` level with this store: changed graphs sent (by PUT
        to ``graph_store`` when given, else by SPARQL Update), graphs of removed files dropped."""
        return push(self.store, RemoteStore(endpoint, graph_store=graph_store))

    def run(self, sparql: str) -> Result:
        """SPARQL text as it is, with the project's prefixes, as pyoxigraph results (for ``serialize``)."""
        return run(self.store, sparql)

    def query(self, sparql: str | Path | None = None, *, name: str | None = None,
              params: Mapping[str, object] | None = None) -> pd.DataFrame:
        """A query over the union of all graphs, as a DataFrame: SPARQL text, a query file, or the
        named query ``name`` (see ``queries()``) with ``params`` checked against their types."""
        return to_dataframe(self.run(sparql_for(sparql, name=name, params=params)))

    def named(self, name: str, **params: object) -> pd.DataFrame:
        """A shipped named query (see ``queries()``) with its parameters."""
        return self.query(name=name, params=params)

    @staticmethod
    def queries() -> pd.DataFrame:
        """The named queries, what they answer and their parameters."""
        import pandas as pd

        return pd.DataFrame([{"name": q.name, "description": q.description,
                              "params": ", ".join(f"{k}={p.default}" for k, p in q.params.items())}
                             for q in named_queries().values()])

    def dependencies(self) -> nx.DiGraph:
        return dependency_graph(self.store)

    def organisations(self) -> nx.Graph:
        return organisation_graph(self.store)

    def validate(self, graphs: Iterable[str] | None = None, progress: ValidationProgress | None = None) -> Report:
        """SHACL validation of the whole store, or of the focus nodes ``graphs`` (say, a build
        summary's ``changed``, or ``last_build(path)``) are about; ``progress(done, total, check)``
        after each check (``graph.store.validate``)."""
        from graph.store.validate import validate

        return validate(self.store, graphs, progress)

    def export(self, path: str | Path, fmt: str, network: str = "dependencies") -> None:
        """Write the store as RDF (``ttl``, ``trig``, ``nq``, ``jsonld``; sorted, byte-stable) or one of
        ``NETWORKS`` for Gephi (``graphml``, ``gexf``)."""
        export(self.store, path, fmt, network)

    def render(self, out_dir: str | Path) -> list[Path]:
        """Write the HTML views; open ``out_dir/index.html`` in a browser (works offline)."""
        from graph.views import render_views

        return render_views(self.store, Path(out_dir))

    def serving(self, views: Path | None = None, **options: Any) -> AbstractContextManager[EndpointServer]:
        """The views and a read-only SPARQL endpoint for this store, bound and ready; ``options`` are
        those of ``graph.serve.server.serving`` (``host``, ``port``, ``limits``, ``workers``,
        ``allow_hosts``, ``idle_timeout``, ``views_cache``):

            with kg.serving(port=0) as server:
                threading.Thread(target=server.serve_forever, daemon=True).start()
                ...
                server.shutdown()

        The query workers open the store by its folder, so an in-memory graph cannot be served.
        """
        from graph.serve.server import serving

        if self.path is None:
            raise StoreError("an in-memory graph cannot be served; build it into KnowledgeGraph.open(DIR)")
        return serving(self.path, views, **options)

    def __len__(self) -> int:
        return len(self.store)


def extract(files: Sequence[str | Path], *, limits: FileLimits = DEFAULT_LIMITS,
            out_dir: Path | None = None) -> Iterator[tuple[Path, FileRecord | str]]:
    """Each file's extraction record, in order, each extracted within ``limits`` in a worker process;
    a file that cannot be read or passes a limit comes with its one line instead. With ``out_dir``
    each record is also written there as ``<name>.json`` (the JSON export contract; ``foo.txt`` →
    ``foo.json``, the name gold annotations are paired by).

    Folders are not walked here: ``find_files`` lists the files under them and the folders it could
    not read.

    >>> from edukg_samples import sample_paths
    >>> [(path.name, len(record.documents)) for path, record in extract(sample_paths()[:1])]
    [('01_yunxi_city_action_plan.txt', 2)]
    """
    paths = [Path(f) for f in files]
    if out_dir is not None:  # now, not at the first record: a folder that cannot be made is said first
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"{out_dir}: cannot write the exports there ({exc.strerror or exc})") from None
    return _extracted(paths, limits, out_dir)


def _extracted(paths: list[Path], limits: FileLimits, out_dir: Path | None) -> Iterator[tuple[Path, FileRecord | str]]:
    for path, record in zip(paths, extract_records(paths, limits), strict=True):
        if out_dir is not None and not isinstance(record, str):
            (out_dir / f"{path.stem}.json").write_text(to_json(record), encoding="utf-8")
        yield path, record


class EvaluationError(EdukgError):
    """An evaluation that cannot start (no scorer, no gold for the inputs); ``str()`` is one line."""


@dataclass
class Evaluation:
    """What ``evaluate`` did: the inputs scored and those without gold, the inputs that could not be
    extracted (one line each), the scorer's output and exit status, and the misses when asked for."""

    scored: list[Path]
    unscored: list[Path]
    failures: list[str]
    returncode: int
    stdout: str
    stderr: str
    misses: list[Miss] = field(default_factory=list)
    misses_problem: str | None = None  # a prediction or gold file the misses could not be read from


def evaluate(gold: Path, inputs: Sequence[str | Path], *, scorer: Path, misses: bool = False,
             limits: FileLimits = DEFAULT_LIMITS) -> Evaluation:
    """Extract ``inputs`` (files or folders) to a temporary folder and score them against ``gold``.

    Each input ``foo.txt`` is paired with ``gold/foo.json``; inputs without one are left out, and only
    the gold of the inputs scored is given to the scorer, so a subset is scored as itself. The
    scorer is run as ``python SCORER GOLD_DIR PRED_DIR``; with ``misses`` the missed and spurious
    items of each category are listed too (``extractors.misses``).
    """
    if not scorer.is_file():
        raise ReadError(str(scorer), "no scorer here; pass --scorer PATH to the scoring script")
    if not gold.is_dir():
        raise ReadError(str(gold), "not a folder of gold annotations")
    paths = find_files(list(inputs)).files
    scored = [p for p in paths if (gold / f"{p.stem}.json").is_file()]
    if not scored:
        raise EvaluationError(f"no gold annotation in {gold} for any input (looked for "
                              f"{', '.join(str(gold / f'{p.stem}.json') for p in paths[:3])}"
                              f"{', …' if len(paths) > 3 else ''})")
    with tempfile.TemporaryDirectory(prefix="edukg-eval-") as work:
        pred, gold_given = Path(work) / "pred", Path(work) / "gold"
        gold_given.mkdir()
        for path in scored:
            shutil.copyfile(gold / f"{path.stem}.json", gold_given / f"{path.stem}.json")
        failures = [r for _, r in extract(scored, limits=limits, out_dir=pred) if isinstance(r, str)]
        done = subprocess.run([sys.executable, str(scorer), str(gold_given), str(pred)], check=False,
                              capture_output=True, text=True)
        result = Evaluation(scored=scored, unscored=[p for p in paths if p not in scored], failures=failures,
                            returncode=done.returncode, stdout=done.stdout, stderr=done.stderr)
        if misses:
            from extractors.misses import list_misses

            try:
                result.misses = list_misses(gold_given, pred)
            except EdukgError as exc:
                result.misses_problem = str(exc)
    return result


@dataclass
class Demo:
    """What ``demo`` wrote: the store, its TriG export, the view files, and the build's summary."""

    store: Path
    trig: Path
    views: list[Path]
    summary: BuildSummary


def demo(out_dir: Path) -> Demo:
    """Build the bundled sample plans afresh into ``out_dir/store``, and write ``out_dir/graph.trig``
    and the views in ``out_dir/views`` (what ``edukg demo`` shows a newcomer)."""
    from edukg_samples import sample_paths

    store_dir = out_dir / "store"
    if store_dir.exists():
        shutil.rmtree(store_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kg = KnowledgeGraph.open(store_dir)
    summary = kg.build(sample_paths())
    kg.export(out_dir / "graph.trig", "trig")
    return Demo(store=store_dir, trig=out_dir / "graph.trig", views=kg.render(out_dir / "views"), summary=summary)
