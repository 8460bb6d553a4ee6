"""The edukg vocabulary: OWL ontology, SHACL shapes and SKOS concept schemes as Turtle files.

The Turtle files ship as package data so that an installed product needs nothing
outside the package; ``namespaces`` is the one module that spells IRIs.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ONTOLOGY = "edukg.ttl"
SHAPES = "shapes.ttl"
CONCEPTS = "concepts.ttl"


def resource(name: str) -> Path:
    """The installed path of one of the Turtle files above."""
    return Path(str(files("ontology") / name))
