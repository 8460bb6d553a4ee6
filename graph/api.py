"""The Python API for notebooks and scripts; the CLI is a thin layer over the same calls.

>>> from edukg_samples import sample_paths
>>> kg = KnowledgeGraph.in_memory()                 # or KnowledgeGraph.open("edukg-store")
>>> kg.build(sample_paths()).failures
[]
>>> titles = kg.query("SELECT DISTINCT ?t WHERE { ?d dcterms:source ?s ; dcterms:title ?t }")  # a DataFrame
>>> "云溪市基础教育高质量发展三年行动计划(2024—2026年)" in set(titles["t"])
True
>>> list(kg.named("indicator-targets", indicator="学前三年毛入园率").columns)[:3]
['region', 'title', 'comparator']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from graph.build import run as build_mod
from graph.build.workers import DEFAULT_LIMITS, FileLimits
from graph.query.networks import dependency_graph, organisation_graph
from graph.query.sparql import named_queries, named_query, run, to_dataframe
from graph.store.export import export
from graph.store.local import DEFAULT_STORE, open_store
from graph.store.validate import Progress as ValidationProgress
from graph.store.validate import Report, validate


class KnowledgeGraph:
    """One graph store, with everything a notebook does with it."""

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

    def build(self, paths: Iterable[str | Path], *, jobs: int = 1,
              limits: FileLimits = DEFAULT_LIMITS) -> build_mod.BuildSummary:
        """Add files and folders (recursively); a file already built is replaced, a file past
        ``limits`` (seconds, memory, characters of text) is skipped with its one line."""
        return build_mod.build(self.store, paths, jobs=jobs, limits=limits, folder=self.path)

    def query(self, sparql: str) -> pd.DataFrame:
        """Any SPARQL query over the union of all graphs, as a DataFrame."""
        return to_dataframe(run(self.store, sparql))

    def named(self, name: str, **params: str) -> pd.DataFrame:
        """A shipped named query (see ``queries()``) with its parameters."""
        return self.query(named_query(name).bind({k: str(v) for k, v in params.items()}))

    @staticmethod
    def queries() -> pd.DataFrame:
        """The named queries, what they answer and their parameters."""
        return pd.DataFrame([{"name": q.name, "description": q.description,
                              "params": ", ".join(f"{k}={p.default}" for k, p in q.params.items())}
                             for q in named_queries().values()])

    def dependencies(self) -> nx.DiGraph:
        return dependency_graph(self.store)

    def organisations(self) -> nx.Graph:
        return organisation_graph(self.store)

    def validate(self, graphs: Iterable[str] | None = None, progress: ValidationProgress | None = None) -> Report:
        """SHACL validation of the whole store, or of the focus nodes ``graphs`` (say, a build
        summary's ``changed``) are about; ``progress(done, total, check)`` after each check."""
        return validate(self.store, graphs, progress)

    def export(self, path: str | Path, fmt: str) -> None:
        export(self.store, path, fmt)

    def render(self, out_dir: str | Path) -> list[Path]:
        """Write the HTML views; open ``out_dir/index.html`` in a browser (works offline)."""
        from graph.views import render_views

        return render_views(self.store, Path(out_dir))

    def __len__(self) -> int:
        return len(self.store)
