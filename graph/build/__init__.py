"""Building: extraction records → RDF quads → the store, and the links between documents.

Owns the IRIs (``iris``), the vocabulary data the mapping reads (``vocab``, ``places``,
``data/``), the mapping of records to quads (``rdf``), running extraction in bounded worker
processes or on a cluster (``workers``, ``parallel``, ``warm_worker``), the one writer that
bulk-loads their results (``loader``), cross-document linking (``link``), the facts derived once
at link time so that queries are joins (``derive``) and the build job that strings them together
(``run``). It writes through ``graph.store``, asks through ``graph.query``, and knows nothing of
serving or views.
"""
