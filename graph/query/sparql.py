"""SPARQL over the store: named queries, parameters, and results as tables, files or DataFrames.

``csv``, ``tsv`` and ``json`` are the SPARQL 1.1 results formats (serialised by
Oxigraph itself); ``table`` is for people. The default graph is the union of all
named graphs, so queries need no ``GRAPH`` clauses, unless a query names its own dataset
(``FROM`` / ``FROM NAMED``), which is then the one it gets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from extractors.errors import EdukgError, ReadError
from extractors.readers.txt import decode
from graph.query.scan import names_dataset
from ontology.namespaces import ID, PREFIXES, XSD

if TYPE_CHECKING:
    import pandas as pd

RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON}
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

# ``# @param name = default -- meaning``, or ``# @param name (integer) = default -- meaning``.
_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s*(?:\((\w+)\))?\s*=\s*(.*?)\s*(?:--\s*(.*))?$")
# What a value of each parameter type must look like, and how it is written into the query.
_PARAM_TYPES = {"text": (re.compile(r"(?s).*"), "a text"), "integer": (re.compile(r"[+-]?\d+"), "a whole number")}
# What a query file's name looks like: one word, or a name ending in a query suffix.
_FILE_NAME = re.compile(r"[^\s{}]+|.*\.(?:rq|sparql)", re.IGNORECASE)
_TOKEN = re.compile(r"\$(\w+)")


class QueryError(EdukgError):
    """A query that cannot run (syntax, unknown name, bad parameter); ``str()`` is one line."""


class Param(NamedTuple):
    """A named query's parameter: its default, what it means, and the type its values must have."""

    default: str
    meaning: str
    type: str = "text"


@dataclass
class NamedQuery:
    """A query shipped in ``graph/query/queries``: its header comment documents it and its parameters."""

    name: str
    description: str
    text: str
    params: dict[str, Param] = field(default_factory=dict)

    def bind(self, values: dict[str, str]) -> str:
        """The query text with ``$param`` tokens replaced by string literals.

        A value of the wrong type is refused rather than answered with an empty table:

        >>> named_query("most-cited").bind({"min": "abc"})
        Traceback (most recent call last):
        ...
        graph.query.sparql.QueryError: --param min=abc: most-cited's min takes a whole number
        """
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r}; "
                             f"it takes: {', '.join(self.params) or 'none'}")
        for key, value in values.items():
            pattern, kind = _PARAM_TYPES[self.params[key].type]
            if not pattern.fullmatch(value.strip()):
                raise QueryError(f"--param {key}={value}: {self.name}'s {key} takes {kind}")
        bound = {k: values.get(k, p.default).strip() for k, p in self.params.items()}

        def substitute(m: re.Match[str]) -> str:
            return _literal(bound[m.group(1)]) if m.group(1) in bound else m.group(0)

        return _TOKEN.sub(substitute, self.text)


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _parse(name: str, text: str) -> NamedQuery:
    description: list[str] = []
    params: dict[str, Param] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            kind = m.group(2) or "text"
            if kind not in _PARAM_TYPES:
                raise QueryError(f"query {name!r}: parameter {m.group(1)!r} has an unknown type {kind!r}")
            params[m.group(1)] = Param(m.group(3), m.group(4) or "", kind)
        elif line.strip("# "):
            description.append(line.lstrip("#").strip())
    return NamedQuery(name=name, description=" ".join(description), text=text, params=params)


def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query by name (its file name without ``.rq``)."""
    folder = files("graph.query") / "queries"
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".rq")), key=lambda e: e.name)
    return {e.name[:-3]: _parse(e.name[:-3], e.read_text(encoding="utf-8")) for e in entries}


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; `edukg query --list` shows: {', '.join(queries)}")
    return queries[name]


def query_text(given: str) -> str:
    """The SPARQL a user gave: the text itself, or the contents of the file it names.

    A file is read the way the readers read text files (UTF-8, GB18030, Big5, …). Text that is
    no file but looks like a file name (one word, or ending in ``.rq``) is a missing file:

    >>> query_text("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    >>> query_text("missing.rq")
    Traceback (most recent call last):
    ...
    graph.query.sparql.QueryError: missing.rq: no such query file (give SPARQL text or the path of a file holding it)
    """
    path = Path(given)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name too long or with a NUL byte is text, not a path
        is_file = False
    if is_file:
        try:
            return decode(given, path.read_bytes())[0]
        except ReadError as exc:
            raise QueryError(str(exc)) from None
        except OSError as exc:
            raise QueryError(f"{given}: cannot read the query file ({exc.strerror or exc})") from None
    if not _FILE_NAME.fullmatch(given):
        return given
    raise QueryError(f"{given}: no such query file (give SPARQL text or the path of a file holding it)")


def sparql_for(sparql: str | Path | None = None, *, name: str | None = None,
               params: Mapping[str, object] | None = None) -> str:
    """The SPARQL to run: text or a query file (``query_text``), or a named query bound with ``params``.

    Exactly one of ``sparql`` and ``name`` is given; parameter values may be numbers or text, and
    each is checked against its declared type (``NamedQuery.bind``):

    >>> sparql_for(name="most-cited", params={"min": 2}) == named_query("most-cited").bind({"min": "2"})
    True
    >>> sparql_for("ASK {}", name="most-cited")
    Traceback (most recent call last):
    ...
    graph.query.sparql.QueryError: give either SPARQL (text or a file) or --name NAME (see --list)
    """
    if (sparql is None) == (name is None):
        raise QueryError("give either SPARQL (text or a file) or --name NAME (see --list)")
    if name is not None:
        return named_query(name).bind({k: str(v) for k, v in (params or {}).items()})
    if params:
        raise QueryError(f"parameters ({', '.join(params)}) are for a named query; SPARQL text takes none")
    return query_text(str(sparql))


def run(store: ox.Store, sparql: str) -> Result:
    """Run a query with the project's prefixes predeclared, over the union of all graphs unless it
    has ``FROM`` or ``FROM NAMED`` (Oxigraph's union option would override them)."""
    try:
        return store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=not names_dataset(sparql))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc


def solutions(store: ox.Store, sparql: str, union: bool = True) -> ox.QuerySolutions:
    """The solutions of a SELECT the project itself asks, with its prefixes predeclared; over the
    union of all graphs unless ``union`` is false (a query naming its graphs in ``GRAPH``)."""
    return store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=union)  # type: ignore[return-value]


def values(store: ox.Store, sparql: str, missing: str | None = None) -> list[tuple[str | None, ...]]:
    """The rows of such a SELECT as term values, ``missing`` where a variable is unbound."""
    return [tuple(missing if term is None else term.value for term in row) for row in solutions(store, sparql)]


def serialize(result: Result, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL 1.1 results format; CONSTRUCT/DESCRIBE as N-Triples."""
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.N_TRIPLES)
    return result.serialize(format=RESULT_FORMATS[fmt])


_MINTED = re.compile(re.escape(str(ID)) + r"([\w-]+)/([0-9a-f]{8})[0-9a-f]+")


def compact(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A short human form for tables: ``eli:LegalResource`` for IRIs in a known namespace,
    ``doc:4857ce12…`` for the project's own hash IRIs (CSV and JSON keep them whole), values
    for literals.

    >>> compact(ox.NamedNode(ID + "doc/4857ce12ab34cd56ef78"))
    'doc:4857ce12…'
    >>> compact(ox.Literal("上海市人民政府办公厅关于全面加强和改进学校美育工作的实施意见"))
    '上海市人民政府办公厅关于全面加强和改进学校美育工作的实施意见'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if m := _MINTED.fullmatch(term.value):
            return f"{m.group(1)}:{m.group(2)}…"
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
