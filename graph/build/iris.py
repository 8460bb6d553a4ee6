"""The one IRI minting function: the same keys give the same IRI on any machine.

An IRI is a readable kind plus a hash of the normalised keys (``extractors.keys.normalise_key``),
so spelling variants that normalise alike (full-width brackets, spaces, title marks) meet
in one node, and nothing depends on build order, paths or time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from extractors.keys import normalise_key
from ontology.namespaces import FILE_GRAPH_PREFIX, ID


def mint(kind: str, *keys: object) -> str:
    """The IRI of a ``kind`` of thing identified by ``keys`` (strings are normalised)."""
    parts = [normalise_key(k) if isinstance(k, str) else repr(k) for k in keys]
    digest = hashlib.sha256("\x1f".join([kind, *parts]).encode("utf-8")).hexdigest()[:20]
    return f"{ID}{kind}/{digest}"


def source_key(source: str) -> str:
    """A source path as given, with ``./`` and ``a/../`` noise removed (never made absolute)."""
    return os.path.normpath(source).replace(os.sep, "/")


def file_key(path: str | Path) -> str:
    """The source a file is built under: its resolved path, so that every spelling of one file
    (relative or absolute, from any working folder, through ``..`` or a link) is one graph."""
    return Path(os.path.realpath(path)).as_posix()


def file_graph(source: str) -> str:
    """The named graph holding everything read from one source file."""
    return FILE_GRAPH_PREFIX + hashlib.sha256(source_key(source).encode("utf-8")).hexdigest()[:20]
