"""Serving: the read-only SPARQL endpoint and the HTTP server for views and queries.

Owns the confinement of query workers (``sandbox``: no network, bounded memory), the screened,
limited query pool (``endpoint``), what it keeps between requests (``cache``: the store version
and answers per version), the views rendered once per store version (``rendered``) and the HTTP
server (``server``). It reads the store through ``graph.store``, asks through ``graph.query``
and draws through ``graph.views``; it never writes the store.
"""
