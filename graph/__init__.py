"""edukg graph: extraction records → RDF in a store, linked, asked, served and drawn.

The subpackages, in the order data flows through them: ``build`` (records → quads → store,
links), ``store`` (the store itself, export, validation), ``query`` (SPARQL, named queries,
networks), ``serve`` (endpoint and HTTP) and ``views`` (HTML). ``api`` is the Python API a
notebook uses; ``cli`` parses arguments and calls it. See ``docs/architecture.md``.
"""
