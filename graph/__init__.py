"""edukg graph: extraction records → RDF, the store, linking, queries, networks, views and the CLI."""
