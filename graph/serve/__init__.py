"""Serving: the read-only SPARQL endpoint and the HTTP server for views and queries.

Owns the confinement of query workers (``sandbox``: no network, bounded memory), the screened,
limited query pool (``endpoint``) and the HTTP server (``server``). It reads the store through
``graph.store`` and asks through ``graph.query``; it never writes.
"""
