"""The edukg_targets component (first cut: finds nothing yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("edukg_targets")
def make_targets(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.targets = []
        return doc

    return component
