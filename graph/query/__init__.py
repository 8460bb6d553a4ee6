"""Asking: SPARQL over a store, the named queries, and networkx projections of the graph.

Owns running SPARQL and typing its parameters and results (``sparql``), the named queries
(``queries/*.rq``), a SPARQL lexer used to screen query text (``scan``) and the dependency and
organisation networks (``networks``). It works on any pyoxigraph store handed to it and imports
nothing else of ``graph``.
"""
