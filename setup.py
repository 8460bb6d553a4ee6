"""Package discovery, so that no subpackage or data folder can be left out of a wheel.

Everything else about the project is in ``pyproject.toml``. Packages are found rather than
listed: every folder under ``extractors``, ``graph`` and ``ontology`` (data folders without an
``__init__`` included), plus the bundled sample plans, which live in ``examples/`` and install
as ``edukg_samples``.
"""

from setuptools import find_namespace_packages, setup

PACKAGES = find_namespace_packages(include=["extractors*", "graph*", "ontology*"], exclude=["*.__pycache__"])

setup(packages=[*PACKAGES, "edukg_samples"], package_dir={"edukg_samples": "examples"})
