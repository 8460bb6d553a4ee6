"""spaCy components of edukg; importing this package registers their factories."""

from extractors.components import entities, relations, sections, targets

__all__ = ["entities", "relations", "sections", "targets"]
