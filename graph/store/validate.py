"""SHACL validation of the whole store with the project's shapes (pyshacl over rdflib).

The union of all graphs is validated at once, so shapes that follow a link into
another graph (a target's indicator in the concepts graph) see it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import SH

from ontology import SHAPES, resource

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class Report:
    """Whether the store conforms, and each kind of violation with its count and one example."""

    conforms: bool
    violations: list[tuple[int, str, str]] = field(default_factory=list)  # count, problem, example node

    def lines(self, limit: int = 30) -> list[str]:
        if self.conforms:
            return ["the graph conforms to the edukg shapes"]
        total = sum(n for n, _, _ in self.violations)
        out = [f"{total} SHACL violation(s) of {len(self.violations)} kind(s):"]
        out += [f"  {n} × {problem} (e.g. {example})" for n, problem, example in self.violations[:limit]]
        if len(self.violations) > limit:
            out.append(f"  … and {len(self.violations) - limit} more kinds")
        return out


def to_rdflib(store: ox.Store) -> rdflib.Graph:
    """The union of the store's named graphs as one rdflib graph."""
    data = ox.serialize(store.query(_UNION), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def _problem(results: rdflib.Graph, node: rdflib.term.Node) -> str:
    path = results.value(node, SH.resultPath)
    message = results.value(node, SH.resultMessage)
    component = results.value(node, SH.sourceConstraintComponent)
    where = path.n3(results.namespace_manager) if path is not None else "node"
    what = str(message) if message is not None else str(component)
    return f"{where}: {what}"


def validate(store: ox.Store) -> Report:
    shapes = rdflib.Graph().parse(resource(SHAPES), format="turtle")
    conforms, results, _ = pyshacl.validate(to_rdflib(store), shacl_graph=shapes, inference="none",
                                            allow_warnings=True)
    if conforms:
        return Report(conforms=True)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for node in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        problem = _problem(results, node)
        counts[problem] += 1
        focus = str(results.value(node, SH.focusNode))
        examples[problem] = min(examples.get(problem, focus), focus)
    kinds = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Report(conforms=False, violations=[(n, p, examples[p]) for p, n in kinds])
