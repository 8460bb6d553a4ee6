"""The edukg_sections component (first cut: finds nothing yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("edukg_sections")
def make_sections(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.sections = []
        return doc

    return component
