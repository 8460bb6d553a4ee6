"""Storing: the persistent graph store and what is done to it as a whole.

Owns the embedded Oxigraph store in a directory (``local``: opening, replacing a file's named
graph, which files it holds), a remote SPARQL 1.1 server kept level with it (``remote``),
serialisations of its content (``export``) and SHACL validation (``validate``). It knows how
graphs are kept, not how they are built from text: nothing here imports ``graph.build``.
"""
