"""SPARQL over the store: named queries, parameters, and results as tables, files or DataFrames.

``csv``, ``tsv`` and ``json`` are the SPARQL 1.1 results formats (serialised by
Oxigraph itself); ``table`` is for people. The default graph is the union of all
named graphs, so queries need no ``GRAPH`` clauses, unless a query names its own dataset
(``FROM`` / ``FROM NAMED``), which is then the one it gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.sparqlscan import names_dataset
from ontology.namespaces import PREFIXES, XSD

if TYPE_CHECKING:
    import pandas as pd

RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON}
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s*=\s*(.*?)\s*(?:--\s*(.*))?$")
_TOKEN = re.compile(r"\$(\w+)")


class QueryError(Exception):
    """A query that cannot run (syntax, unknown name, bad parameter); ``str()`` is one line."""


@dataclass
class NamedQuery:
    """A query shipped in ``graph/queries``: its header comment documents it and its parameters."""

    name: str
    description: str
    text: str
    params: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (default, meaning)

    def bind(self, values: dict[str, str]) -> str:
        """The query text with ``$param`` tokens replaced by string literals."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r}; "
                             f"it takes: {', '.join(self.params) or 'none'}")
        bound = {k: values.get(k, default) for k, (default, _) in self.params.items()}

        def substitute(m: re.Match[str]) -> str:
            return _literal(bound[m.group(1)]) if m.group(1) in bound else m.group(0)

        return _TOKEN.sub(substitute, self.text)


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _parse(name: str, text: str) -> NamedQuery:
    description: list[str] = []
    params: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            params[m.group(1)] = (m.group(2), m.group(3) or "")
        elif line.strip("# "):
            description.append(line.lstrip("#").strip())
    return NamedQuery(name=name, description=" ".join(description), text=text, params=params)


def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query by name (its file name without ``.rq``)."""
    folder = files("graph") / "queries"
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".rq")), key=lambda e: e.name)
    return {e.name[:-3]: _parse(e.name[:-3], e.read_text(encoding="utf-8")) for e in entries}


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; `edukg query --list` shows: {', '.join(queries)}")
    return queries[name]


def run(store: ox.Store, sparql: str) -> Result:
    """Run a query with the project's prefixes predeclared, over the union of all graphs unless it
    has ``FROM`` or ``FROM NAMED`` (Oxigraph's union option would override them)."""
    try:
        return store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=not names_dataset(sparql))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc


def serialize(result: Result, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL 1.1 results format; CONSTRUCT/DESCRIBE as N-Triples."""
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.N_TRIPLES)
    return result.serialize(format=RESULT_FORMATS[fmt])


def compact(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A short human form: ``eli:LegalResource`` for IRIs in a known namespace, values for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return term.value
    return term.value if isinstance(term, ox.Literal | ox.BlankNode) else str(term)


def rows(result: Result) -> tuple[list[str], list[list[str]]]:
    """Header and compact rows of any result, for tables."""
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [[str(bool(result)).lower()]]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [[compact(t.subject), compact(t.predicate),
                                                     compact(t.object)] for t in result]
    header = [v.value for v in result.variables]
    return header, [[compact(sol[v]) for v in header] for sol in result]


_NUMERIC = {XSD.integer: int, XSD.nonNegativeInteger: int, XSD.int: int, XSD.long: int,
            XSD.decimal: float, XSD.double: float, XSD.float: float}


def python_value(term: Any) -> Any:
    """IRIs as strings, numeric and boolean literals as Python numbers and bools, the rest as strings."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value
        if dtype == XSD.boolean:
            return term.value == "true"
        if dtype in _NUMERIC:
            return _NUMERIC[dtype](term.value)
        return term.value
    return term.value


def to_dataframe(result: Result) -> pd.DataFrame:
    """SELECT results as a DataFrame (one column per variable); ASK as one boolean cell."""
    import pandas as pd  # here, so that the command line and the endpoint start without it

    if isinstance(result, ox.QueryBoolean):
        return pd.DataFrame({"result": [bool(result)]})
    if isinstance(result, ox.QueryTriples):
        return pd.DataFrame([[t.subject.value, t.predicate.value, python_value(t.object)] for t in result],
                            columns=["subject", "predicate", "object"])
    header = [v.value for v in result.variables]
    return pd.DataFrame([[python_value(sol[v]) for v in header] for sol in result], columns=header)
