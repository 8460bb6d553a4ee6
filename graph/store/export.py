"""Serialisations of the store: RDF (Turtle, TriG, N-Quads, JSON-LD) and networks (GraphML, GEXF).

Quads are sorted before writing, so the same store always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from extractors.errors import EdukgError
from graph.query.networks import NETWORKS, network, write_network
from ontology.namespaces import PREFIXES

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
               "jsonld": ox.RdfFormat.JSON_LD}
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)


class ExportError(EdukgError):
    """An export that cannot be written where it was asked to go; ``str()`` is one line."""


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    return sorted(store, key=str)


def check_export(fmt: str, network_name: str = "dependencies") -> None:
    """Refuse a format not in ``FORMATS`` or, for GraphML and GEXF, a network not in ``NETWORKS``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown --format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt in NETWORK_FORMATS and network_name not in NETWORKS:
        raise ExportError(f"unknown --network {network_name!r}; use one of {', '.join(NETWORKS)}")


def export(store: ox.Store, path: str | Path, fmt: str, network_name: str = "dependencies") -> None:
    """Write the store (Turtle: the union of its graphs) or one of its networks to ``path``.

    ``fmt`` is one of ``FORMATS``; ``network_name`` (one of ``NETWORKS``) is read for GraphML and
    GEXF only. Both are checked before anything is written:

    >>> export(ox.Store(), "graph.docx", "docx")
    Traceback (most recent call last):
    ...
    graph.store.export.ExportError: unknown --format 'docx'; use one of ttl, trig, nq, jsonld, graphml, gexf
    """
    check_export(fmt, network_name)
    out = Path(path)
    if not out.parent.is_dir():
        raise ExportError(f"{out}: cannot write it, the folder {out.parent} does not exist")
    try:
        _write(store, out, fmt, network_name)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write it ({exc.strerror or exc})") from None


def _write(store: ox.Store, out: Path, fmt: str, network_name: str) -> None:
    if fmt in NETWORK_FORMATS:
        write_network(network(store, network_name), out, fmt)
        return
    quads = sorted_quads(store)
    rdf_format = RDF_FORMATS[fmt]
    if not rdf_format.supports_datasets:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        out.write_bytes(ox.serialize(triples, format=rdf_format, prefixes=dict(PREFIXES)))
    elif fmt == "nq":
        out.write_bytes(ox.serialize(quads, format=rdf_format))
    else:
        out.write_bytes(ox.serialize(quads, format=rdf_format, prefixes=dict(PREFIXES)))
