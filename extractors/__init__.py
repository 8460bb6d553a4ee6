"""edukg extractors: files in, extraction records out (no RDF, no stores, no HTML).

read → normalise → split into documents → metadata → spaCy pipeline → records.
"""

from extractors.api import extract_file, extract_text

__all__ = ["extract_file", "extract_text"]
