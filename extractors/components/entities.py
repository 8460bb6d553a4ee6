"""The edukg_entities component (first cut: finds nothing yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("edukg_entities")
def make_entities(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.mentions = []
        return doc

    return component
