"""Entity recognisers: plain functions ``find(text, context) -> list[Mention]``, one per type.

The ``edukg_entities`` component runs them in order and resolves overlaps; each can be
called and tested alone.
"""
