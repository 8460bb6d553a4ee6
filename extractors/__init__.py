"""edukg extractors: files in, extraction records out (no RDF, no stores, no HTML).

read → normalise → split into documents → metadata → spaCy pipeline → records.

``extract_file``, ``extract_text`` and ``warm_up`` are loaded on first use: importing a submodule
(``extractors.readers``, ``extractors.records``) does not load spaCy and jieba, so a
process that only lists files or writes the store starts in a fraction of a second.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.api import extract_file, extract_text, warm_up

__all__ = ["extract_file", "extract_text", "warm_up"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("extractors.api"), name)
    raise AttributeError(f"module 'extractors' has no attribute {name!r}")
