"""Namespaces and base IRIs: the one place that spells the vocabulary's terms.

Terms are plain strings so that both pyoxigraph and rdflib callers can wrap them.
"""

from __future__ import annotations


class Namespace(str):
    """An IRI prefix; ``NS.term`` and ``NS["term"]`` give the full IRI.

    Every public attribute is a term, even one that shadows a ``str`` method
    (``DCTERMS.title``, ``SKOS.notation``): use ``str(NS)`` for string methods.
    """

    def __getattribute__(self, name: str) -> str:
        if name.startswith("_"):
            return super().__getattribute__(name)
        return str(self) + name

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        return self + name


ELI = Namespace("http://data.europa.eu/eli/ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SH = Namespace("http://www.w3.org/ns/shacl#")

EDUKG = Namespace("https://w3id.org/edukg/ontology#")
ID = Namespace("https://w3id.org/edukg/id/")
CONCEPT = Namespace("https://w3id.org/edukg/concept/")
GRAPH = Namespace("https://w3id.org/edukg/graph/")

# The shared named graphs; each source file has its own graph under GRAPH + "file/".
ONTOLOGY_GRAPH = GRAPH + "ontology"
CONCEPTS_GRAPH = GRAPH + "concepts"
LINKS_GRAPH = GRAPH + "links"
DERIVED_GRAPH = GRAPH + "derived"
FILE_GRAPH_PREFIX = GRAPH + "file/"
# every graph that is not one file's: pushed, fingerprinted and checked with the file graphs
SHARED_GRAPHS = (ONTOLOGY_GRAPH, CONCEPTS_GRAPH, LINKS_GRAPH, DERIVED_GRAPH)

# The edges linking adds to the links graph besides the shared facts (graph/build/link.py).
LINK_EDGES = frozenset({OWL.sameAs, EDUKG.carries, ELI.based_on, ELI.cites, ELI.applies})

# Concept schemes in concepts.ttl (and the ones minted terms join).
INDICATORS = CONCEPT + "indicators"
PROGRAMMES = CONCEPT + "programmes"
DOCUMENT_TYPES = CONCEPT + "document-types"
COMPARATORS = CONCEPT + "comparators"

PREFIXES: dict[str, str] = {
    "eli": ELI, "dcterms": DCTERMS, "org": ORG, "schema": SCHEMA, "skos": SKOS, "prov": PROV,
    "oa": OA, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "sh": SH, "edukg": EDUKG,
}


def sparql_prologue() -> str:
    """``PREFIX`` lines for every namespace above, prepended to queries that omit them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
