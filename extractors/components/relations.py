"""The edukg_relations component (first cut: finds nothing yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("edukg_relations")
def make_relations(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.relations = []
        return doc

    return component
